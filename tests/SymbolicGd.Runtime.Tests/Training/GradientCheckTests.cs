using System;
using System.Collections.Generic;

namespace SymbolicGd.Runtime.Tests.Training;

public sealed class GradientCheckTests
{
    private static readonly Line.Sample At = new(1.5, 2.0);

    [Fact]
    public void A_correct_gradient_agrees_with_central_differences_to_a_tiny_relative_error()
    {
        // p = 0.3·1.5 − 0.2 = 0.25, p − y = −1.75: ∂E/∂a = 1.5·(−1.75) = −2.625, ∂E/∂b = −1.75.
        var model = new Line { a = 0.3, b = -0.2 };
        GradientCheck check = GradientCheck.Run(model, At);

        Assert.Equal("E", check.LossName);
        Assert.Equal(0.5 * 1.75 * 1.75, check.Loss);
        Assert.Equal(2, check.Entries.Count);
        Assert.Equal("a", check.Entries[0].Parameter);
        Assert.Equal(0.3, check.Entries[0].Value);
        Assert.Equal(-2.625, check.Entries[0].Analytic);
        Assert.Equal(-1.75, check.Entries[1].Analytic);
        Assert.Equal(-2.625, check.Entries[0].Numeric, 1e-8);
        Assert.Equal(-1.75, check.Entries[1].Numeric, 1e-8);
        Assert.InRange(check.WorstRelativeError, 0.0, 1e-9);
        Assert.True(check.Passes());
        Assert.True(check.Passes(1e-9));
    }

    [Fact]
    public void A_wrong_stand_in_gradient_is_caught()
    {
        // The stand-in writes ∂E/∂a = p − y = −1.75 instead of x·(p − y) = −2.625: relative error 0.875/2.625 = 1/3.
        var model = new LineMissingFactor { a = 0.3, b = -0.2 };
        GradientCheck check = GradientCheck.Run(model, At);

        Assert.Equal(-1.75, check.Entries[0].Analytic);
        Assert.Equal(-2.625, check.Entries[0].Numeric, 1e-8);
        Assert.Equal(1.0 / 3.0, check.Entries[0].RelativeError, 1e-8);
        Assert.Equal(0.875, check.Entries[0].AbsoluteError, 1e-8);
        Assert.InRange(check.Entries[1].RelativeError, 0.0, 1e-9);
        Assert.Equal(check.Entries[0].RelativeError, check.WorstRelativeError);
        Assert.False(check.Passes());
        Assert.False(check.Passes(0.3));
    }

    [Fact]
    public void A_data_free_model_is_checked_at_its_current_parameters()
    {
        // Rosenbrock at (−1.2, 1): u = 2.2, v = 1 − 1.44 = −0.44; ∂L/∂a = −4.4 − 400·(−1.2)·(−0.44) = −215.6,
        // ∂L/∂b = 200·(−0.44) = −88.
        var model = new RosenbrockModel(-1.2, 1.0);
        GradientCheck check = GradientCheck.Run(model);

        Assert.Equal("L", check.LossName);
        Assert.Equal(-215.6, check.Entries[0].Analytic, 1e-12);
        Assert.Equal(-88.0, check.Entries[1].Analytic, 1e-12);
        Assert.InRange(check.WorstRelativeError, 0.0, 1e-9);
    }

    [Fact]
    public void The_parameters_are_restored_exactly()
    {
        var model = new Line { a = 0.1 + 0.2, b = -1.0 / 3.0 };
        GradientCheck.Run(model, At);

        Assert.Equal(0.1 + 0.2, model.a);
        Assert.Equal(-1.0 / 3.0, model.b);
    }

    [Fact]
    public void The_parameters_are_restored_even_when_the_model_throws()
    {
        var model = new ThrowsAwayFromStart(2.5);
        Assert.Throws<InvalidOperationException>(() => GradientCheck.Run(model));

        Assert.Equal(2.5, model.w);
    }

    [Fact]
    public void The_step_is_scaled_to_the_parameters_magnitude()
    {
        // h = ∛ε·max(1, |θ|): ∛ε for |θ| ≤ 1, 1000·∛ε at θ = 1000. The reported step is half the represented
        // distance (θ + h) − (θ − h), so it is exact only up to an ulp of θ: 1.1e−16 at 0.5, 1.1e−13 at 1000.
        var small = GradientCheck.Run(new Line { a = 0.5, b = -0.25 }, At);
        var large = GradientCheck.Run(new Line { a = 1000.0, b = -0.25 }, At);

        Assert.Equal(GradientCheck.DefaultRelativeStep, small.Entries[0].Step, 2e-16);
        Assert.Equal(1000 * GradientCheck.DefaultRelativeStep, large.Entries[0].Step, 2e-13);
        Assert.Equal(GradientCheck.DefaultRelativeStep, Math.Cbrt(Math.Pow(2, -52)), 1e-21);
        Assert.InRange(large.WorstRelativeError, 0.0, 1e-8);
        // A custom step is used as given.
        Assert.Equal(1e-4, GradientCheck.Run(new Line { a = 0.5 }, At, relativeStep: 1e-4).Entries[0].Step, 2e-16);
    }

    [Fact]
    public void The_report_is_a_table_with_the_worst_error()
    {
        string text = GradientCheck.Run(new LineMissingFactor { a = 0.3, b = -0.2 }, At).ToString();

        Assert.Contains("parameter", text, StringComparison.Ordinal);
        Assert.Contains("−1.75", text, StringComparison.Ordinal);
        Assert.Contains("0.3333", text, StringComparison.Ordinal);
        Assert.EndsWith("worst relative error: 0.3333\n", text, StringComparison.Ordinal);
    }

    /// <summary>A data-free model whose loss throws once w has moved, standing in for a model that fails mid-check.</summary>
    private sealed class ThrowsAwayFromStart(double w) : IDifferentiableLoss
    {
        private readonly double _start = w;
        public double w = w;

        public int ParameterCount => 1;

        public IReadOnlyList<string> ParameterNames { get; } = new[] { "w" };

        public IReadOnlyList<string> IntermediateNames { get; } = Array.Empty<string>();

        public IReadOnlyList<Derivative> Derivatives { get; } = new[] { new Derivative("E", "w", "2·w") };

        public void CopyParametersTo(Span<double> destination) => destination[0] = w;

        public void SetParameters(ReadOnlySpan<double> values) => w = values[0];

        public double Loss() => w == _start ? w * w : throw new InvalidOperationException("moved");

        public double Backward(Span<double> gradient)
        {
            gradient[0] += 2 * w;
            return w * w;
        }

        public double Evaluate(Span<double> intermediates) => w * w;
    }
}
