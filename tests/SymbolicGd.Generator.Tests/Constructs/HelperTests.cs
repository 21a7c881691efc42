using System;
using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>Inlined helpers and computed properties; deep composition; shared subexpressions.</summary>
public class HelperTests
{
    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Static_and_instance_helpers_calling_helpers(double w, double b, double x) =>
        Check(new HelperCalls { w = w, b = b }, new HelperCalls.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, 0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    [InlineData(-0.9, -2.0, -1.5)]
    public void Helpers_with_branches_and_returns(double w, double b, double x) =>
        Check(new HelperBranches { w = w, b = b }, new HelperBranches.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Computed_properties_are_differentiated_through(double w, double b, double x)
    {
        var gradient = Check(new HelperProperties { w = w, b = b }, new HelperProperties.Sample(x), m => m.ValueAndGradient(x));

        // L = S·x + S² + A + (S + A)·x with S = w·b and A = (w + b)².
        double s = w * b, t = w + b;
        Assert.Equal((x + 2 * s + x) * b + (1 + x) * 2 * t, gradient[0], 12);
        Assert.Equal((x + 2 * s + x) * w + (1 + x) * 2 * t, gradient[1], 12);
    }

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Helper_locals_named_like_the_loss_locals(double w, double b, double x) =>
        Check(new HelperSameLocalNames { w = w, b = b }, new HelperSameLocalNames.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    [InlineData(3.0, 1.0, 0.2)]
    public void Fifty_nested_tanh(double w, double b, double x)
    {
        var gradient = Check(new DeepTanh { w = w, b = b }, new DeepTanh.Sample(x), m => m.ValueAndGradient(x));

        // By hand: the product of the fifty tanh′, times x and 1.
        double u = w * x + b, chain = 1;
        for (int i = 0; i < 50; i++)
        {
            u = Math.Tanh(u);
            chain *= 1 - u * u;
        }

        Assert.Equal(chain * x, gradient[0], 1e-12 * Math.Abs(chain * x));
        Assert.Equal(chain, gradient[1], 1e-12 * Math.Abs(chain));
    }

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Thirty_chained_reassignments(double w, double b, double x) =>
        Check(new DeepChain { w = w, b = b }, new DeepChain.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Shared_subexpressions_and_a_parameter_used_many_times(double w, double b, double x) =>
        Check(new SharedUses { w = w, b = b }, new SharedUses.Sample(x), m => m.ValueAndGradient(x));
}
