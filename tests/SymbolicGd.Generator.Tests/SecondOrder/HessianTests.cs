using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SymbolicGd.Generator.Tests.Models;

namespace SymbolicGd.Generator.Tests.SecondOrder;

/// <summary>
/// The generated Hessian and HessianVectorProduct against central differences of the generated Backward, against
/// PyTorch's torch.autograd.functional.hessian and hvp (float64, Reference/second-order.json, made by
/// tools/reference/second_order.py), and against each other.
/// </summary>
public class HessianTests
{
    /// <summary>Models and points away from kinks: name, parameters, sample.</summary>
    public static TheoryData<string, double[], double[]> Points => new()
    {
        { nameof(RosenbrockSecond), new[] { -1.2, 1.0 }, Array.Empty<double>() },
        { nameof(SecondOrderSparse), new[] { 0.5, 1.5, -0.5 }, new[] { 0.8 } },
        { nameof(SecondOrderBranches), new[] { 0.7, -0.3, 1.2 }, new[] { 0.9, -0.4 } },
        { nameof(SecondOrderBranches), new[] { 0.7, -0.3, 1.2 }, new[] { 0.9, 1.7 } },
        { nameof(SecondOrderFunctions), new[] { 0.4, 1.3, -0.8, 0.5 }, Array.Empty<double>() },
        { nameof(SecondOrderFunctions), new[] { 0.9, 0.7, 1.4, -0.3 }, Array.Empty<double>() },
        { nameof(SecondOrderLogistic), new[] { 0.3, -0.2, 0.1 }, new[] { 1.5, -0.7, 2.0, 1.0 } },
        { nameof(SecondOrderKinks), new[] { 0.8, -0.4 }, new[] { 1.3 } },
        { nameof(SecondOrderKinks), new[] { 0.2, 0.9 }, new[] { -1.7 } },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void Hessian_is_the_central_difference_of_Backward(string name, double[] parameters, double[] sample)
    {
        var subject = SecondOrderSubject.Create(name, parameters, sample);
        var (loss, gradient, hessian) = subject.ComputeHessian();
        int n = subject.N;

        var backward = new double[n];
        Assert.Equal(subject.Backward(backward), loss);
        Assert.Equal(subject.Loss(), loss);
        Assert.Equal(backward, gradient);

        for (int j = 0; j < n; j++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(parameters[j]));
            var up = Gradient(subject, parameters, j, h);
            var down = Gradient(subject, parameters, j, -h);
            for (int i = 0; i < n; i++)
            {
                double estimate = (up[i] - down[i]) / (2 * h);
                double tolerance = 1e-6 * Math.Max(1, Math.Abs(estimate));
                Assert.True(Math.Abs(hessian[i * n + j] - estimate) <= tolerance, $"{name}: H[{i},{j}] = {hessian[i * n + j]:R}, central difference {estimate:R}");
                Assert.Equal(hessian[i * n + j], hessian[j * n + i]);
            }
        }

        subject.Model.SetParameters(parameters);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void HessianVectorProduct_is_the_Hessian_times_the_vector(string name, double[] parameters, double[] sample)
    {
        var subject = SecondOrderSubject.Create(name, parameters, sample);
        var (loss, gradient, hessian) = subject.ComputeHessian();
        int n = subject.N;
        var vector = Enumerable.Range(0, n).Select(i => 0.5 - (0.75 * i) + (i % 2 == 0 ? 1.25 : -0.5)).ToArray();
        var (productLoss, productGradient, product) = subject.ComputeProduct(vector);

        Assert.Equal(loss, productLoss);
        Assert.Equal(gradient, productGradient);
        for (int i = 0; i < n; i++)
        {
            double expected = 0;
            double scale = 0;
            for (int j = 0; j < n; j++)
            {
                expected += hessian[i * n + j] * vector[j];
                scale += Math.Abs(hessian[i * n + j] * vector[j]);
            }

            Assert.True(Math.Abs(product[i] - expected) <= 1e-13 * Math.Max(1, scale), $"{name}: (H·v)[{i}] = {product[i]:R}, H·v = {expected:R}");
        }
    }

    [Fact]
    public void Both_methods_add_to_the_spans_as_Backward_does()
    {
        var model = new RosenbrockSecond();
        var gradient = new[] { 1.0, 2.0 };
        var hessian = new[] { 10.0, 20.0, 30.0, 40.0 };
        model.Hessian(gradient, hessian);

        // At (−1.2, 1): ∂²L/∂a² = 2 − 400·(1 − 1.44) + 800·1.44 = 1330, ∂²L/∂a∂b = 480, ∂²L/∂b² = 200.
        // ∂L/∂a = −2·2.2 − 400·(−1.2)·(−0.44) = −215.6, ∂L/∂b = 200·(−0.44) = −88.
        var expectedHessian = new[] { 10.0 + 1330, 20.0 + 480, 30.0 + 480, 40.0 + 200 };
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expectedHessian[i], hessian[i], 1e-9);
        }

        Assert.Equal(1.0 - 215.6, gradient[0], 1e-10);
        Assert.Equal(2.0 - 88, gradient[1], 1e-10);

        var product = new[] { 5.0, 6.0 };
        model.HessianVectorProduct(new[] { 1.0, -1.0 }, gradient, product);
        Assert.Equal(5.0 + 1330 - 480, product[0], 1e-9);
        Assert.Equal(6.0 + 480 - 200, product[1], 1e-9);
        Assert.Equal(1.0 - (2 * 215.6), gradient[0], 1e-10);
    }

    [Fact]
    public void Wrong_lengths_are_rejected_naming_the_span()
    {
        var model = new RosenbrockSecond();
        var e = Assert.Throws<ArgumentException>(() => model.Hessian(new double[2], new double[3]));
        Assert.Equal("hessian", e.ParamName);
        Assert.StartsWith("hessian has length 3; RosenbrockSecond has 2 parameters, so a Hessian of 2×2 = 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Hessian(new double[3], new double[4]));
        Assert.Equal("gradient", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => model.HessianVectorProduct(new double[1], new double[2], new double[2]));
        Assert.Equal("vector", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => model.HessianVectorProduct(new double[2], new double[2], new double[5]));
        Assert.Equal("product", e.ParamName);
        Assert.StartsWith("product has length 5; RosenbrockSecond has 2 parameters.", e.Message);
    }

    [Fact]
    public void Hessian_and_HessianVectorProduct_equal_PyTorch_to_1e_10()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "second-order.json")));
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(11, cases.Count);
        foreach (var reference in cases)
        {
            string name = reference.GetProperty("model").GetString()!;
            double[] Numbers(string property) => reference.GetProperty(property).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var subject = SecondOrderSubject.Create(name, Numbers("parameters"), Numbers("sample"));
            int n = subject.N;
            var (loss, gradient, hessian) = subject.ComputeHessian();
            var (_, _, product) = subject.ComputeProduct(Numbers("vector"));

            Close(reference.GetProperty("loss").GetDouble(), loss, $"{name} loss");
            var expectedGradient = Numbers("gradient");
            var expectedProduct = Numbers("hvp");
            var rows = reference.GetProperty("hessian").EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
            for (int i = 0; i < n; i++)
            {
                Close(expectedGradient[i], gradient[i], $"{name} gradient[{i}]");
                Close(expectedProduct[i], product[i], $"{name} hvp[{i}]");
                for (int j = 0; j < n; j++)
                {
                    Close(rows[i][j], hessian[i * n + j], $"{name} H[{i},{j}]");
                }
            }
        }
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R}, PyTorch {expected:R}");

    private static double[] Gradient(SecondOrderSubject subject, double[] parameters, int index, double step)
    {
        var moved = (double[])parameters.Clone();
        moved[index] += step;
        subject.Model.SetParameters(moved);
        var gradient = new double[subject.N];
        subject.Backward(gradient);
        return gradient;
    }
}
