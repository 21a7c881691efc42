using System;
using System.Linq;
using SymbolicGd.Generator.Tests.Models;

namespace SymbolicGd.Generator.Tests;

/// <summary>The worked examples of shared/reference/hand-derivations.md, to the last digit the hand values give.</summary>
public class HandDerivationTests
{
    [Fact]
    public void Micrograd_values_and_gradient_are_exact()
    {
        var (value, gradient) = new Micrograd().ValueAndGradient();

        Assert.Equal(-8.0, value);
        Assert.Equal(new Micrograd.Gradient(a: 6, b: -4, c: -2, f: 4), gradient);
    }

    [Fact]
    public void Micrograd_derivatives_read_as_the_hand_derivation()
    {
        Assert.Equal(
            new[] { "∂L/∂a = b·f", "∂L/∂b = a·f", "∂L/∂c = f", "∂L/∂f = a·b + c" },
            Micrograd.Derivatives.Select(d => d.ToString()));
    }

    [Fact]
    public void One_weight_derivative_is_x_times_the_error_whether_squared_by_product_or_by_Pow()
    {
        Assert.Equal("∂E/∂w = x·(w·x − t)", OneWeight.Derivatives.Single().ToString());
        Assert.Equal("∂E/∂w = x·(w·x − t)", OneWeightPow.Derivatives.Single().ToString());
        Assert.Equal("∂E/∂w = x·(f − t)", OneWeightNamed.Derivatives.Single().ToString());
    }

    [Theory]
    [InlineData(0.0, 0.5, -1.0)]
    [InlineData(0.5, 0.125, -0.5)]
    [InlineData(0.75, 0.03125, -0.25)]
    public void One_weight_steps_of_the_table(double w, double loss, double derivative)
    {
        SymbolicGd.IDifferentiableLoss<OneWeight.Sample> model = new OneWeight { w = w };
        Span<double> gradient = stackalloc double[1];
        Assert.Equal(loss, model.Backward(new OneWeight.Sample(1, 1), gradient));
        Assert.Equal(derivative, gradient[0]);

        Assert.Equal((loss, new OneWeightPow.Gradient(derivative)), new OneWeightPow { w = w }.ValueAndGradient(1, 1));
        Assert.Equal((loss, new OneWeightNamed.Gradient(derivative)), new OneWeightNamed { w = w }.ValueAndGradient(1, 1));
    }

    [Fact]
    public void One_weight_update_halves_the_error_each_step()
    {
        var model = new OneWeight();
        var weights = new double[3];
        for (int step = 0; step < 3; step++)
        {
            var (_, gradient) = model.ValueAndGradient(1, 1);
            model.w -= 0.5 * gradient.w;
            weights[step] = model.w;
        }

        Assert.Equal(new[] { 0.5, 0.75, 0.875 }, weights);
    }

    [Fact]
    public void Shared_subexpression_is_differentiated_once()
    {
        var (value, gradient) = new SharedSubexpression().ValueAndGradient();

        Assert.Equal(5 * 1.25, value);
        Assert.Equal(5.0, gradient.x);
        Assert.Equal("∂e/∂x = 5", SharedSubexpression.Derivatives.Single().ToString());
    }

    // Example 3. The hand values were computed by PyTorch in float64; the generated code multiplies the chain
    // rule's factors in its own order, so the last bit or two may differ.
    private const int FewUlps = 4;

    [Fact]
    public void Network_forward_pass_matches_the_hand_values()
    {
        var network = new TwoTwoTwoNetwork();
        Span<double> named = stackalloc double[4];
        double error = network.Evaluate(0.05, 0.10, 0.01, 0.99, named);

        Assert.Equal(new[] { "h1", "h2", "o1", "o2" }, network.IntermediateNames);
        AssertClose(0.2983711087600027, error);
        AssertClose(0.7513650695523157, named[2]);
        AssertClose(0.7729284653214625, named[3]);
    }

    [Fact]
    public void Network_gradient_matches_the_hand_values()
    {
        var (_, g) = new TwoTwoTwoNetwork().ValueAndGradient(0.05, 0.10, 0.01, 0.99);

        double[] expected =
        {
            0.0004385677344743467, 0.0008771354689486934, 0.0004977127352608599, 0.0009954254705217198,
            0.08216704056423077, 0.08266762784753325, -0.022602540477475067, -0.02274024221597822,
        };
        double[] actual = { g.w1, g.w2, g.w3, g.w4, g.w5, g.w6, g.w7, g.w8 };
        for (int i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i]);
        }
    }

    [Fact]
    public void Network_one_step_of_gradient_descent_matches_the_hand_weights()
    {
        var network = new TwoTwoTwoNetwork();
        Span<double> parameters = stackalloc double[8];
        Span<double> gradient = stackalloc double[8];
        network.CopyParametersTo(parameters);
        network.Backward(0.05, 0.10, 0.01, 0.99, gradient);
        for (int i = 0; i < 8; i++)
        {
            parameters[i] -= 0.5 * gradient[i];
        }

        double[] expected =
        {
            0.1497807161327628, 0.19956143226552567, 0.24975114363236958, 0.29950228726473915,
            0.35891647971788465, 0.4086661860762334, 0.5113012702387375, 0.5613701211079891,
        };
        for (int i = 0; i < 8; i++)
        {
            AssertClose(expected[i], parameters[i]);
        }
    }

    [Fact]
    public void Network_after_ten_thousand_steps_matches_the_hand_error()
    {
        var network = new TwoTwoTwoNetwork();
        Span<double> parameters = stackalloc double[8];
        Span<double> gradient = stackalloc double[8];
        network.CopyParametersTo(parameters);
        for (int step = 0; step < 10_000; step++)
        {
            gradient.Clear();
            network.Backward(0.05, 0.10, 0.01, 0.99, gradient);
            for (int i = 0; i < 8; i++)
            {
                parameters[i] -= 0.5 * gradient[i];
            }

            network.SetParameters(parameters);
        }

        Span<double> named = stackalloc double[4];
        double error = network.Evaluate(0.05, 0.10, 0.01, 0.99, named);

        // Rounding differences of a few ulps per step compound over 10,000 steps; 1e-12 relative still pins every
        // printed digit but the last three.
        Assert.Equal(3.510187782978859e-05, error, 3.510187782978859e-05 * 1e-12);
        Assert.Equal(0.01591362044355068, named[2], 0.01591362044355068 * 1e-12);
        Assert.Equal(0.9840642735146238, named[3], 0.9840642735146238 * 1e-12);
    }

    [Fact]
    public void Network_derivative_of_w5_reads_in_terms_of_o1_and_h1()
    {
        var derivatives = TwoTwoTwoNetwork.Derivatives.Select(d => d.ToString()).ToArray();

        Assert.Equal("∂E/∂w5 = h1·o1·(1 − o1)·(o1 − t1)", derivatives[4]);
        Assert.Equal("∂E/∂w1 = i1·h1·(1 − h1)·(w5·o1·(1 − o1)·(o1 − t1) + w7·o2·(1 − o2)·(o2 − t2))", derivatives[0]);
        Assert.DoesNotContain(derivatives, d => d.Contains("exp", StringComparison.Ordinal));
    }

    private static void AssertClose(double expected, double actual) => SymbolicGd.Testing.Close.Ulps(expected, actual, FewUlps, "against the hand value");
}
