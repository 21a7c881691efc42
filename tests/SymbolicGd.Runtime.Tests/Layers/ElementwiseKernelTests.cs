using System;
using System.Linq;
using SymbolicGd.Layers;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// The vectorised tanh, σ and exponentials of the activations and of softmax against <see cref="Math"/>: within
/// 1e-15 relative (about 4 ulp; Cephes' approximations are within 2), over the whole range, at the branch of tanh's
/// two formulas (|z| = 0.625), where e^z overflows and underflows, and on the special values. Spans of 1 to 20
/// elements put every element both in a vector lane and in the scalar loop of the last elements.
/// </summary>
public sealed class ElementwiseKernelTests
{
    private const double Tolerance = 1e-15;

    private static readonly double[] Special =
    [
        0.0, -0.0, 1e-300, -1e-300, 1e-20, -1e-8, 0.624999999, 0.625, -0.625, 0.625000001, 1.0, -1.0, 3.5, -7.25, 18.0,
        19.5, -20.0, 40.0, 354.0, -354.5, 700.0, 709.7, 709.8, -708.0, -740.0, -745.2, 1e5, -1e5,
        double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
    ];

    public static TheoryData<int> Lengths() => new() { 1, 3, 4, 7, 8, 9, 15, 16, 17, 20 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Tanh_agrees_with_Math_Tanh(int length)
    {
        foreach (double[] z in Inputs(length))
        {
            double[] a = new double[z.Length];
            Activations.Tanh(z, a);
            for (int i = 0; i < z.Length; i++)
            {
                AssertClose(Math.Tanh(z[i]), a[i], z[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sigmoid_agrees_with_one_over_one_plus_Math_Exp(int length)
    {
        foreach (double[] z in Inputs(length))
        {
            double[] a = new double[z.Length];
            Activations.Sigmoid(z, a);
            for (int i = 0; i < z.Length; i++)
            {
                AssertClose(1.0 / (1.0 + Math.Exp(-z[i])), a[i], z[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Softmax_agrees_with_Math_Exp_over_the_row(int length)
    {
        var random = new Random(length);
        double[] z = Enumerable.Range(0, length).Select(_ => random.NextDouble() * 1400 - 700).ToArray();
        z[0] = 3.0;
        double[] p = new double[length];
        Activations.Softmax(z, p, length);

        double max = z.Max();
        double sum = z.Sum(v => Math.Exp(v - max));
        for (int i = 0; i < length; i++)
        {
            // Each exponential within 1e-15 and the sum within its own rounding: a few ulp for the quotient.
            double expected = Math.Exp(z[i] - max) / sum;
            Assert.True(Math.Abs(expected - p[i]) <= 4 * Tolerance * Math.Abs(expected), $"softmax[{i}] of {z[i]:R}: expected {expected:R}, got {p[i]:R}");
        }
    }

    private static double[][] Inputs(int length)
    {
        var random = new Random(length * 31);
        var rows = new System.Collections.Generic.List<double[]>();
        for (int start = 0; start < Special.Length; start += length)
        {
            rows.Add(Enumerable.Range(start, length).Select(i => Special[i % Special.Length]).ToArray());
        }

        for (int row = 0; row < 200; row++)
        {
            double scale = row % 4 switch { 0 => 0.7, 1 => 5, 2 => 40, _ => 800 };
            rows.Add(Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray());
        }

        return rows.ToArray();
    }

    private static void AssertClose(double expected, double actual, double input)
    {
        bool same = expected.Equals(actual) || Math.Abs(expected - actual) <= Tolerance * Math.Abs(expected);
        Assert.True(same, $"at {input:R}: expected {expected:R}, got {actual:R}");
        if (expected == 0.0)
        {
            Assert.Equal(double.IsNegative(expected), double.IsNegative(actual));
        }
    }
}
