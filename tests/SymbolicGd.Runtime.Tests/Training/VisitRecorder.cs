using System;
using System.Collections.Generic;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>
/// E(i) = ½·w², whatever the sample: ∂E/∂w = w, so GradientDescent(0.5) halves w at every step and each step sees a
/// different w. Backward records which sample it saw and at which w, so a test can read the trainer's visiting order
/// and its batch boundaries (the samples of one batch share a w). Same generated shape as <see cref="OneWeight"/>.
/// </summary>
public sealed class VisitRecorder : IDifferentiableLoss<VisitRecorder.Sample>
{
    public double w = 1.0;

    public readonly record struct Sample(double i);

    public List<(int Sample, double W)> Visits { get; } = new();

    public int ParameterCount => 1;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "w" };

    public IReadOnlyList<string> IntermediateNames { get; } = Array.Empty<string>();

    public IReadOnlyList<Derivative> Derivatives { get; } = new[] { new Derivative("E", "w", "w") };

    public static Sample[] Indices(int n)
    {
        var samples = new Sample[n];
        for (int k = 0; k < n; k++)
        {
            samples[k] = new Sample(k);
        }

        return samples;
    }

    public void CopyParametersTo(Span<double> destination) => destination[0] = w;

    public void SetParameters(ReadOnlySpan<double> values) => w = values[0];

    public double Loss(in Sample s) => 0.5 * w * w;

    public double Backward(in Sample s, Span<double> gradient)
    {
        Visits.Add(((int)s.i, w));
        gradient[0] += w;
        return 0.5 * w * w;
    }

    public double Evaluate(in Sample s, Span<double> intermediates) => 0.5 * w * w;
}
