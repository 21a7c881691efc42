using System;
using SymbolicGd.Layers;
using SymbolicGd.Testing;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// The activation kernels of a layer stack against plain loops over <see cref="Math"/>, element by element, on a row
/// that crosses every branch (negative, −0, +0, positive, NaN where it matters). The backward rules are products of a
/// few exactly representable numbers, so they are checked bit for bit; the vectorised exponentials and tanh agree with
/// <see cref="Math"/>'s to a few ulps (<see cref="Ulps"/>).
/// </summary>
public sealed class ActivationKernelTests
{
    /// <summary>TensorPrimitives' tanh, exp and sigmoid against Math's: within a few ulps, relative.</summary>
    private const double Ulps = 4e-16;

    private static readonly double[] Z = [-3.0, -0.5, -0.0, 0.0, 0.25, 2.0, 20.0];

    [Fact]
    public void Tanh_and_sigmoid_are_Math_tanh_and_one_over_one_plus_e_to_the_minus_z()
    {
        double[] tanh = new double[Z.Length], sigmoid = new double[Z.Length];

        Activations.Tanh(Z, tanh);
        Activations.Sigmoid(Z, sigmoid);

        for (int i = 0; i < Z.Length; i++)
        {
            Close.Assert(Math.Tanh(Z[i]), tanh[i], Ulps, $"tanh({Z[i]})");
            Close.Assert(1.0 / (1.0 + Math.Exp(-Z[i])), sigmoid[i], Ulps, $"σ({Z[i]})");
        }
    }

    [Fact]
    public void Tanh_backward_multiplies_delta_by_one_minus_a_squared()
    {
        double[] a = [0.5, -0.75, 0.0, 1.0];
        double[] delta = [2.0, 4.0, -3.0, 5.0];

        Activations.TanhBackward(a, delta);

        Assert.Equal([1.5, 1.75, -3.0, 0.0], delta);
    }

    [Fact]
    public void Sigmoid_backward_multiplies_delta_by_a_times_one_minus_a()
    {
        double[] a = [0.5, 0.25, 1.0, 0.0];
        double[] delta = [2.0, 4.0, -3.0, 5.0];

        Activations.SigmoidBackward(a, delta);

        Assert.Equal([0.5, 0.75, 0.0, 0.0], delta);
    }

    [Fact]
    public void Relu_keeps_positives_and_NaN_and_maps_everything_else_to_plus_zero()
    {
        double[] z = [-2.0, -0.0, 0.0, 0.5, double.NaN, double.NegativeInfinity];
        double[] a = new double[z.Length];

        Activations.Relu(z, a);

        // relu(−0) is +0: only z > 0 and NaN pass through, so the sign of a zero input is not kept.
        AssertBits([0.0, 0.0, 0.0, 0.5, double.NaN, 0.0], a);
    }

    [Fact]
    public void Relu_backward_passes_delta_only_where_z_is_positive_and_relu_prime_of_zero_is_zero()
    {
        double[] z = [-1.0, -0.0, 0.0, 1e-300, 3.0];
        double[] delta = [7.0, 7.0, 7.0, 7.0, 7.0];

        Activations.ReluBackward(z, delta);

        Assert.Equal([0.0, 0.0, 0.0, 7.0, 7.0], delta);
    }

    [Fact]
    public void Leaky_relu_scales_what_is_not_positive_by_the_slope()
    {
        double[] z = [-2.0, 0.0, 0.5, 4.0];
        double[] a = new double[z.Length];

        Activations.LeakyRelu(z, a, 0.25);

        Assert.Equal([-0.5, 0.0, 0.5, 4.0], a);
    }

    [Fact]
    public void Leaky_relu_backward_is_the_slope_at_and_below_zero_as_PyTorch()
    {
        double[] z = [-2.0, 0.0, 1e-300, 4.0];
        double[] delta = [8.0, 8.0, 8.0, -8.0];

        Activations.LeakyReluBackward(z, delta, 0.25);

        Assert.Equal([2.0, 2.0, 8.0, -8.0], delta);
    }

    [Fact]
    public void Softplus_is_log_of_one_plus_e_to_the_z_and_stays_finite_far_out()
    {
        double[] z = [-1000.0, -2.0, 0.0, 1.5, 1000.0];
        double[] a = new double[z.Length];

        Activations.Softplus(z, a);

        Assert.Equal(0.0, a[0]);
        Close.Assert(Math.Log(1.0 + Math.Exp(-2.0)), a[1], Ulps, "softplus(−2)");
        Close.Assert(Math.Log(2.0), a[2], Ulps, "softplus(0)");
        Close.Assert(Math.Log(1.0 + Math.Exp(1.5)), a[3], Ulps, "softplus(1.5)");
        Assert.Equal(1000.0, a[4]);
    }

    [Fact]
    public void Softplus_backward_multiplies_delta_by_sigma_of_z()
    {
        double[] z = [-2.0, 0.0, 3.0];
        double[] delta = [2.0, 2.0, -4.0];

        Activations.SoftplusBackward(z, delta);

        Close.Assert(2.0 / (1.0 + Math.Exp(2.0)), delta[0], Ulps, "δ·σ(−2)");
        Assert.Equal(1.0, delta[1]);
        Close.Assert(-4.0 / (1.0 + Math.Exp(-3.0)), delta[2], Ulps, "δ·σ(3)");
    }

    [Fact]
    public void Softmax_normalises_each_row_on_its_own_and_survives_logits_of_a_thousand()
    {
        double[] z = [1.0, 2.0, 3.0, /* row 2 */ 1000.0, -1000.0, 999.0];
        double[] a = new double[z.Length];

        Activations.Softmax(z, a, width: 3);

        double sum = Math.Exp(-2.0) + Math.Exp(-1.0) + 1.0;
        Close.Assert(Math.Exp(-2.0) / sum, a[0], Ulps, "softmax row 1 [0]");
        Close.Assert(Math.Exp(-1.0) / sum, a[1], Ulps, "softmax row 1 [1]");
        Close.Assert(1.0 / sum, a[2], Ulps, "softmax row 1 [2]");
        double sum2 = 1.0 + Math.Exp(-1.0);
        Close.Assert(1.0 / sum2, a[3], Ulps, "softmax row 2 [0]");
        Assert.Equal(0.0, a[4]);
        Close.Assert(Math.Exp(-1.0) / sum2, a[5], Ulps, "softmax row 2 [2]");
    }

    [Fact]
    public void Softmax_backward_is_a_times_delta_minus_the_dot_of_a_and_delta_per_row()
    {
        // Row 1: a·δ = 0.25 + 1 + 1 = 2.25; row 2: a·δ = 0.5·(−2) + 0.5·2 = 0. Every product is exact.
        double[] a = [0.25, 0.5, 0.25, /* row 2 */ 0.5, 0.0, 0.5];
        double[] delta = [1.0, 2.0, 4.0, /* row 2 */ -2.0, 9.0, 2.0];

        Activations.SoftmaxBackward(a, delta, width: 3);

        Assert.Equal([-0.3125, -0.125, 0.4375, -1.0, 0.0, 1.0], delta);
    }

    [Fact]
    public void Softmax_of_a_row_of_one_is_one_and_its_backward_is_zero()
    {
        double[] z = [5.0, -7.0];
        double[] a = new double[2];
        double[] delta = [3.0, -4.0];

        Activations.Softmax(z, a, width: 1);
        Activations.SoftmaxBackward(a, delta, width: 1);

        Assert.Equal([1.0, 1.0], a);
        Assert.Equal([0.0, 0.0], delta);
    }

    [Fact]
    public void Spans_of_different_lengths_throw_and_say_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Activations.Relu(new double[3], new double[2]));
        Assert.Contains("lengths 3 and 2", error.Message);
        Assert.Throws<ArgumentException>(() => Activations.ReluBackward(new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => Activations.TanhBackward(new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => Activations.SigmoidBackward(new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => Activations.LeakyRelu(new double[2], new double[3], 0.1));
        Assert.Throws<ArgumentException>(() => Activations.LeakyReluBackward(new double[2], new double[3], 0.1));
        Assert.Throws<ArgumentException>(() => Activations.Softplus(new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => Activations.SoftplusBackward(new double[2], new double[3]));
    }

    [Theory]
    [InlineData(6, 6, 0)]
    [InlineData(6, 6, -3)]
    [InlineData(6, 6, 4)]
    [InlineData(6, 3, 3)]
    [InlineData(3, 6, 3)]
    public void Softmax_spans_that_are_not_whole_rows_of_the_width_throw_naming_width(int length, int otherLength, int width)
    {
        var forward = Assert.Throws<ArgumentException>(() => Activations.Softmax(new double[length], new double[otherLength], width));
        Assert.Equal("width", forward.ParamName);
        Assert.Contains($"lengths {length} and {otherLength}", forward.Message);
        Assert.Contains($"width {width}", forward.Message);
        var backward = Assert.Throws<ArgumentException>(() => Activations.SoftmaxBackward(new double[length], new double[otherLength], width));
        Assert.Equal("width", backward.ParamName);
    }

    private static void AssertBits(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
