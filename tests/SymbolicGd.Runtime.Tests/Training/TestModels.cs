using System;
using System.Collections.Generic;

// These models are written by hand in exactly the shape the SymbolicGd generator gives a [Differentiable] class:
// IDifferentiableLoss<Sample> with a nested readonly record struct Sample (one double per argument of the [Loss]
// method, same names and order) or the data-free IDifferentiableLoss; Backward ADDS into the gradient and returns
// the loss; Evaluate writes the named locals. They stand in for generated models while the generator is being
// written, and will be replaced by [Differentiable] partial classes once it is merged.

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>E(x, t) = ½(w·x − t)² with the local f = w·x.</summary>
public sealed class OneWeight : IDifferentiableLoss<OneWeight.Sample>
{
    public double w;

    public OneWeight(double w = 0.0) => this.w = w;

    public readonly record struct Sample(double x, double t);

    public int ParameterCount => 1;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "w" };

    public IReadOnlyList<string> IntermediateNames { get; } = new[] { "f" };

    public IReadOnlyList<Derivative> Derivatives { get; } = new[] { new Derivative("E", "w", "x·(f − t)") };

    public void CopyParametersTo(Span<double> destination)
    {
        Shapes.CheckLength(destination.Length, ParameterCount, nameof(destination));
        destination[0] = w;
    }

    public void SetParameters(ReadOnlySpan<double> values)
    {
        Shapes.CheckLength(values.Length, ParameterCount, nameof(values));
        w = values[0];
    }

    public double Loss(in Sample s)
    {
        double f = w * s.x;
        return 0.5 * (f - s.t) * (f - s.t);
    }

    public double Backward(in Sample s, Span<double> gradient)
    {
        Shapes.CheckLength(gradient.Length, ParameterCount, nameof(gradient));
        double f = w * s.x;
        gradient[0] += s.x * (f - s.t);
        return 0.5 * (f - s.t) * (f - s.t);
    }

    public double Evaluate(in Sample s, Span<double> intermediates)
    {
        Shapes.CheckLength(intermediates.Length, IntermediateNames.Count, nameof(intermediates));
        double f = w * s.x;
        intermediates[0] = f;
        return 0.5 * (f - s.t) * (f - s.t);
    }
}

/// <summary>E(x, y) = ½(a·x + b − y)² with the local p = a·x + b: least-squares linear regression.</summary>
public sealed class Line : IDifferentiableLoss<Line.Sample>
{
    public double a;
    public double b;

    public readonly record struct Sample(double x, double y);

    public int ParameterCount => 2;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "a", "b" };

    public IReadOnlyList<string> IntermediateNames { get; } = new[] { "p" };

    public IReadOnlyList<Derivative> Derivatives { get; } = new[]
    {
        new Derivative("E", "a", "x·(p − y)"),
        new Derivative("E", "b", "p − y"),
    };

    public void CopyParametersTo(Span<double> destination)
    {
        Shapes.CheckLength(destination.Length, ParameterCount, nameof(destination));
        destination[0] = a;
        destination[1] = b;
    }

    public void SetParameters(ReadOnlySpan<double> values)
    {
        Shapes.CheckLength(values.Length, ParameterCount, nameof(values));
        a = values[0];
        b = values[1];
    }

    public double Loss(in Sample s)
    {
        double p = a * s.x + b;
        return 0.5 * (p - s.y) * (p - s.y);
    }

    public double Backward(in Sample s, Span<double> gradient)
    {
        Shapes.CheckLength(gradient.Length, ParameterCount, nameof(gradient));
        double p = a * s.x + b;
        double t0 = p - s.y;
        gradient[0] += s.x * t0;
        gradient[1] += t0;
        return 0.5 * t0 * t0;
    }

    public double Evaluate(in Sample s, Span<double> intermediates)
    {
        Shapes.CheckLength(intermediates.Length, IntermediateNames.Count, nameof(intermediates));
        double p = a * s.x + b;
        intermediates[0] = p;
        return 0.5 * (p - s.y) * (p - s.y);
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

    public IReadOnlyList<Derivative> Derivatives => _line.Derivatives;

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
/// Data-free E = w² − ln w with the local r = ln w, minimal at w = 1/√2; ∂E/∂w = 2w − 1/w. The loss is NaN for
/// w &lt; 0, so an overshooting step makes it NaN.
/// </summary>
public sealed class LogBarrier : IDifferentiableLoss
{
    public double w;

    public LogBarrier(double w) => this.w = w;

    public int ParameterCount => 1;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "w" };

    public IReadOnlyList<string> IntermediateNames { get; } = new[] { "r" };

    public IReadOnlyList<Derivative> Derivatives { get; } = new[] { new Derivative("E", "w", "2·w − 1/w") };

    public void CopyParametersTo(Span<double> destination)
    {
        Shapes.CheckLength(destination.Length, ParameterCount, nameof(destination));
        destination[0] = w;
    }

    public void SetParameters(ReadOnlySpan<double> values)
    {
        Shapes.CheckLength(values.Length, ParameterCount, nameof(values));
        w = values[0];
    }

    public double Loss()
    {
        double r = Math.Log(w);
        return w * w - r;
    }

    public double Backward(Span<double> gradient)
    {
        Shapes.CheckLength(gradient.Length, ParameterCount, nameof(gradient));
        double r = Math.Log(w);
        gradient[0] += 2.0 * w - 1.0 / w;
        return w * w - r;
    }

    public double Evaluate(Span<double> intermediates)
    {
        Shapes.CheckLength(intermediates.Length, IntermediateNames.Count, nameof(intermediates));
        double r = Math.Log(w);
        intermediates[0] = r;
        return w * w - r;
    }
}

/// <summary>Data-free L = u² + 100·v² with the locals u = 1 − a and v = b − a², the Rosenbrock function.</summary>
public sealed class RosenbrockModel : IDifferentiableLoss
{
    public double a;
    public double b;

    public RosenbrockModel(double a, double b)
    {
        this.a = a;
        this.b = b;
    }

    public int ParameterCount => 2;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "a", "b" };

    public IReadOnlyList<string> IntermediateNames { get; } = new[] { "u", "v" };

    public IReadOnlyList<Derivative> Derivatives { get; } = new[]
    {
        new Derivative("L", "a", "−2·u − 400·a·v"),
        new Derivative("L", "b", "200·v"),
    };

    public void CopyParametersTo(Span<double> destination)
    {
        Shapes.CheckLength(destination.Length, ParameterCount, nameof(destination));
        destination[0] = a;
        destination[1] = b;
    }

    public void SetParameters(ReadOnlySpan<double> values)
    {
        Shapes.CheckLength(values.Length, ParameterCount, nameof(values));
        a = values[0];
        b = values[1];
    }

    public double Loss()
    {
        double u = 1.0 - a;
        double v = b - a * a;
        return u * u + 100.0 * v * v;
    }

    public double Backward(Span<double> gradient)
    {
        Shapes.CheckLength(gradient.Length, ParameterCount, nameof(gradient));
        double u = 1.0 - a;
        double v = b - a * a;
        gradient[0] += -2.0 * u - 400.0 * a * v;
        gradient[1] += 200.0 * v;
        return u * u + 100.0 * v * v;
    }

    public double Evaluate(Span<double> intermediates)
    {
        Shapes.CheckLength(intermediates.Length, IntermediateNames.Count, nameof(intermediates));
        double u = 1.0 - a;
        double v = b - a * a;
        intermediates[0] = u;
        intermediates[1] = v;
        return u * u + 100.0 * v * v;
    }
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
