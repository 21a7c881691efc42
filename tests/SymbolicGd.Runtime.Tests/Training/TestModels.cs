using System;
using System.Collections.Generic;

// The models the training tests fit are [Differentiable] classes compiled by the real generator (this project
// references it as an analyzer); OneWeight and RosenbrockModel, which other test projects train too, are in
// tests/Shared/Models. Two hand-written models remain on purpose: LineMissingFactor gets its gradient
// wrong, for the gradient check, and Misdeclared contradicts itself, for the validation tests; the generator can
// produce neither.

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>E(x, y) = ½(a·x + b − y)² with the local p = a·x + b: least-squares linear regression.</summary>
[Differentiable]
public partial class Line
{
    [Param] public double a, b;

    [Loss]
    public double E(double x, double y)
    {
        double p = a * x + b;
        return 0.5 * (p - y) * (p - y);
    }
}

/// <summary>
/// Data-free E = w² − ln w with the local r = ln w, minimal at w = 1/√2; ∂E/∂w = 2w − 1/w. The loss is NaN for
/// w &lt; 0, so an overshooting step makes it NaN.
/// </summary>
[Differentiable]
public partial class LogBarrier
{
    [Param] public double w;

    public LogBarrier(double w) => this.w = w;

    [Loss]
    public double E()
    {
        double r = Math.Log(w);
        return w * w - r;
    }
}

/// <summary>
/// A deliberately wrong stand-in for <see cref="Line"/>: its ∂E/∂a forgets the chain-rule factor x (the classic
/// slip), so a gradient check must catch it wherever x ≠ 1. Everything else is right.
/// </summary>
public sealed class LineMissingFactor : IDifferentiableLoss<Line.Sample>
{
    private readonly Line _line = new();

    public double a { get => _line.a; set => _line.a = value; }

    public double b { get => _line.b; set => _line.b = value; }

    public int ParameterCount => _line.ParameterCount;

    public IReadOnlyList<string> ParameterNames => _line.ParameterNames;

    public IReadOnlyList<string> IntermediateNames => _line.IntermediateNames;

    public IReadOnlyList<Derivative> Derivatives => Line.Derivatives;

    public void CopyParametersTo(Span<double> destination) => _line.CopyParametersTo(destination);

    public void SetParameters(ReadOnlySpan<double> values) => _line.SetParameters(values);

    public double Loss(in Line.Sample s) => _line.Loss(in s);

    public double Backward(in Line.Sample s, Span<double> gradient)
    {
        double p = a * s.x + b;
        double t0 = p - s.y;
        gradient[0] += t0; // wrong: should be x·(p − y)
        gradient[1] += t0;
        return 0.5 * t0 * t0;
    }

    public double Evaluate(in Line.Sample s, Span<double> intermediates) => _line.Evaluate(in s, intermediates);
}

/// <summary>
/// A model whose declared shape is inconsistent, for the validation tests: the counts of names and derivatives
/// are set independently of <see cref="ParameterCount"/>.
/// </summary>
public sealed class Misdeclared : IDifferentiableLoss<OneWeight.Sample>, IDifferentiableLoss
{
    public Misdeclared(int parameterCount, int nameCount, int derivativeCount)
    {
        ParameterCount = parameterCount;
        var names = new string[nameCount];
        var derivatives = new Derivative[derivativeCount];
        for (int i = 0; i < nameCount; i++)
        {
            names[i] = "w" + i;
        }

        for (int i = 0; i < derivativeCount; i++)
        {
            derivatives[i] = new Derivative("E", "w" + i, "1");
        }

        ParameterNames = names;
        Derivatives = derivatives;
    }

    public int ParameterCount { get; }

    public IReadOnlyList<string> ParameterNames { get; }

    public IReadOnlyList<string> IntermediateNames { get; } = Array.Empty<string>();

    public IReadOnlyList<Derivative> Derivatives { get; }

    public void CopyParametersTo(Span<double> destination) => destination.Clear();

    public void SetParameters(ReadOnlySpan<double> values)
    {
    }

    public double Loss(in OneWeight.Sample sample) => 0.0;

    public double Backward(in OneWeight.Sample sample, Span<double> gradient) => 0.0;

    public double Evaluate(in OneWeight.Sample sample, Span<double> intermediates) => 0.0;

    public double Loss() => 0.0;

    public double Backward(Span<double> gradient) => 0.0;

    public double Evaluate(Span<double> intermediates) => 0.0;
}

/// <summary>The length checks generated code makes on every span it is given.</summary>
internal static class Shapes
{
    public static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name}.Length must be {expected}; it was {actual}.", name);
        }
    }
}
