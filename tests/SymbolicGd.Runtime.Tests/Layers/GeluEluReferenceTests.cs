using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SymbolicGd.Layers;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// Gelu (tanh approximation) and Elu (α = 1), forward and derivative, against PyTorch 1.13 in float64 and float32
/// (Reference/activations.json, written by tools/reference/activations.py) at 0, ±0.001, the bends near ±1 and the
/// saturated tails out to ±1000. The derivative is the backward kernel applied to δ = 1, as autograd's is backward(1).
/// </summary>
public sealed class GeluEluReferenceTests
{
    private static readonly JsonElement s_reference =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "activations.json"))).RootElement;

    private delegate void DoubleKernel(ReadOnlySpan<double> input, Span<double> output);

    private delegate void SingleKernel(ReadOnlySpan<float> input, Span<float> output);

    public static TheoryData<string> Names => new() { "Gelu", "Elu" };

    private static (double[] Z, double[] A, double[] Derivative) Reference(string name, string precision)
    {
        var entry = s_reference.GetProperty(name).GetProperty(precision);
        double[] Read(string key) => entry.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return (Read("z"), Read("a"), Read("derivative"));
    }

    /// <summary>|expected − actual| ≤ relative·|expected| + absolute: relative in the tails, where the values are tiny but exact.</summary>
    private static void AssertClose(double expected, double actual, double relative, double absolute, string what)
    {
        if (!(Math.Abs(expected - actual) <= relative * Math.Abs(expected) + absolute))
        {
            Assert.Fail($"{what}: PyTorch {expected:R}, got {actual:R}, difference {Math.Abs(expected - actual):R}.");
        }
    }

    /// <summary>
    /// PyTorch's vectorised tanh and the C library's differ by an ulp; where 1 + tanh(u) cancels (Gelu near z = −5) an
    /// ulp of 1 is the absolute error, so Gelu gets a floor of a few of those. Elu has no cancellation: its tails
    /// (e^−50 ≈ 2e−22) are checked relatively, digit for digit.
    /// </summary>
    private static double CancellationFloor(string name, double ulpsOfOne) => name == "Gelu" ? ulpsOfOne : 0.0;

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_forward_and_derivative_match_PyTorch(string name)
    {
        var (z, expectedA, expectedDerivative) = Reference(name, "float64");
        Assert.Equal(24, z.Length);
        DoubleKernel forward = name == "Gelu" ? Activations.Gelu : Activations.Elu;
        DoubleKernel backward = name == "Gelu" ? Activations.GeluBackward : Activations.EluBackward;
        double[] a = new double[z.Length];
        double[] derivative = Enumerable.Repeat(1.0, z.Length).ToArray();

        forward(z, a);
        backward(z, derivative);

        for (int i = 0; i < z.Length; i++)
        {
            AssertClose(expectedA[i], a[i], 1e-12, CancellationFloor(name, 1e-15), $"{name}({z[i]:R})");
            AssertClose(expectedDerivative[i], derivative[i], 1e-12, CancellationFloor(name, 1e-15), $"{name}′({z[i]:R})");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_forward_and_derivative_match_PyTorch_float32(string name)
    {
        var (z64, expectedA, expectedDerivative) = Reference(name, "float32");
        float[] z = z64.Select(v => (float)v).ToArray();
        SingleKernel forward = name == "Gelu" ? Activations.Gelu : Activations.Elu;
        SingleKernel backward = name == "Gelu" ? Activations.GeluBackward : Activations.EluBackward;
        float[] a = new float[z.Length];
        float[] derivative = Enumerable.Repeat(1f, z.Length).ToArray();

        forward(z, a);
        backward(z, derivative);

        for (int i = 0; i < z.Length; i++)
        {
            AssertClose(expectedA[i], a[i], 4e-6, CancellationFloor(name, 1e-6), $"{name}({z[i]:R})");
            AssertClose(expectedDerivative[i], derivative[i], 4e-6, CancellationFloor(name, 1e-6), $"{name}′({z[i]:R})");
        }
    }

    [Fact]
    public void Backward_kernels_multiply_delta_rather_than_overwrite_it()
    {
        double[] z = [-1.0, 0.0, 2.0];
        double[] gelu = [3.0, 3.0, 3.0];
        double[] elu = [3.0, 3.0, 3.0];

        Activations.GeluBackward(z, gelu);
        Activations.EluBackward(z, elu);

        Assert.Equal(3.0 * 0.5, gelu[1]);
        Assert.Equal([3.0 * Math.Exp(-1.0), 3.0, 3.0], elu);
        var (_, _, reference) = Reference("Gelu", "float64");
        AssertClose(3.0 * reference[7], gelu[0], 1e-12, 0, "3·gelu′(−1)");
    }

    [Fact]
    public void Spans_of_different_lengths_are_an_error_naming_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Activations.Gelu(new double[3], new double[2]));
        Assert.Contains("lengths 3 and 2", error.Message);
        Assert.Throws<ArgumentException>(() => Activations.EluBackward(new float[1], new float[4]));
    }
}
