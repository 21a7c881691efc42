using System;
using SymbolicGd.Layers;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary><see cref="DenseInitialization.Uniform"/>: nn.Linear's U(−1/√fan_in, 1/√fan_in), weights then bias, from one source.</summary>
public sealed class InitializationTests
{
    [Fact]
    public void Weights_then_bias_are_the_sources_draws_scaled_to_plus_or_minus_one_over_root_fan_in()
    {
        double[] weights = new double[6], bias = new double[2];

        DenseInitialization.Uniform(weights, bias, fanIn: 3, new Random(42));

        var draws = new Random(42);
        double bound = 1.0 / Math.Sqrt(3.0);
        foreach (double value in (double[])[.. weights, .. bias])
        {
            Assert.Equal((2.0 * draws.NextDouble() - 1.0) * bound, value);
        }
    }

    [Fact]
    public void A_wide_layer_fills_the_whole_interval_and_nothing_outside_it()
    {
        const int fanIn = 64;
        double[] weights = new double[fanIn * 100], bias = new double[100];

        DenseInitialization.Uniform(weights, bias, fanIn, new Random(3));

        // Bound 1/8: 6,400 draws come within 1% of both ends and never past them.
        Assert.All(weights, w => Assert.InRange(w, -0.125, 0.125));
        Assert.True(weights.AsSpan().IndexOfAnyInRange(-0.125, -0.12375) >= 0 && weights.AsSpan().IndexOfAnyInRange(0.12375, 0.125) >= 0);
        Assert.All(bias, b => Assert.InRange(b, -0.125, 0.125));
    }

    [Fact]
    public void Bad_arguments_throw_naming_them()
    {
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => DenseInitialization.Uniform(new double[1], new double[1], 1, null!)).ParamName);
        Assert.Equal("fanIn", Assert.Throws<ArgumentOutOfRangeException>(() => DenseInitialization.Uniform(new double[1], new double[1], 0, new Random(1))).ParamName);
        DenseInitialization.Uniform(new double[1], new double[1], 1, new Random(1)); // 1 is allowed
    }
}
