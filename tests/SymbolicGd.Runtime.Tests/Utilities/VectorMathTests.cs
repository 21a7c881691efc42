using System;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.Utilities;

/// <summary>
/// The trainer's fused passes over a gradient and the parameters, against the element-by-element operations they
/// replace: lengths on both sides of every vector width (4 doubles or 8 floats in <c>Vector&lt;T&gt;</c> on AVX2, 8 or
/// 16 with AVX-512) and non-finite values in the vector part and in the scalar tail.
/// </summary>
public sealed class VectorMathTests
{
    public static TheoryData<int> Lengths() => new(1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 67);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AccumulateMean_adds_to_the_sum_then_divides_each_element_once(int length)
    {
        double[] gradient = Values(length, seed: 1), sum = Values(length, seed: 2);
        double[] expectedGradient = gradient.Select(g => g / 3.0).ToArray();
        double[] expectedSum = sum.Zip(gradient, (s, g) => s + g).ToArray();

        Assert.Equal(-1, VectorMath.AccumulateMean<double>(gradient, sum, 3.0));

        Assert.Equal(expectedGradient, gradient); // exact: a division per element, not a product with ⅓
        Assert.Equal(expectedSum, sum);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AccumulateMean_in_float_is_the_same_rule(int length)
    {
        float[] gradient = Values(length, seed: 3).Select(v => (float)v).ToArray();
        float[] sum = Values(length, seed: 4).Select(v => (float)v).ToArray();
        float[] expectedGradient = gradient.Select(g => g / 7f).ToArray();
        float[] expectedSum = sum.Zip(gradient, (s, g) => s + g).ToArray();

        Assert.Equal(-1, VectorMath.AccumulateMean<float>(gradient, sum, 7f));

        Assert.Equal(expectedGradient, gradient);
        Assert.Equal(expectedSum, sum);
    }

    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(5, double.PositiveInfinity)]
    [InlineData(9, double.NegativeInfinity)]
    [InlineData(16, double.NaN)]
    [InlineData(18, double.PositiveInfinity)]
    public void AccumulateMean_finds_the_first_non_finite_element_and_leaves_it_and_the_rest_as_they_were(int index, double bad)
    {
        double[] gradient = Values(19, seed: 5);
        gradient[index] = bad;
        gradient[^1] = index == 18 ? bad : double.NaN; // a second one later: the first is the one reported
        double[] before = (double[])gradient.Clone();

        Assert.Equal(index, VectorMath.AccumulateMean<double>(gradient, new double[19], 2.0));

        Assert.Equal(before[index..], gradient[index..]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void CopyAndFindNonFinite_copies_every_element_of_finite_values(int length)
    {
        double[] source = Values(length, seed: 6);
        double[] destination = new double[length];

        Assert.Equal(-1, VectorMath.CopyAndFindNonFinite<double>(source, destination));

        Assert.Equal(source, destination);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(18)]
    public void CopyAndFindNonFinite_returns_the_first_non_finite_index(int index)
    {
        double[] source = Values(19, seed: 7);
        source[index] = double.PositiveInfinity;
        source[18] = index == 18 ? double.NegativeInfinity : double.NaN;

        Assert.Equal(index, VectorMath.CopyAndFindNonFinite<double>(source, new double[19]));
        Assert.Equal(3, VectorMath.CopyAndFindNonFinite<float>(new[] { 1f, 2f, 3f, float.NaN, 5f, 6f, 7f, 8f, 9f }, new float[9]));
    }

    private static double[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 20 - 10).ToArray();
    }
}
