using System.Linq;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Generator.Tests.Models;

namespace SymbolicGd.Generator.Tests.SecondOrder;

/// <summary>The closed forms of second derivatives, exactly as SecondDerivatives prints them, and HessianStructure.</summary>
public class ClosedFormTests
{
    [Fact]
    public void Rosenbrock_prints_its_three_second_derivatives()
    {
        Assert.Equal(
            new[] { "∂²L/∂a² = 2 − 400·(b − a²) + 800·a²", "∂²L/∂a∂b = −400·a", "∂²L/∂b² = 200" },
            RosenbrockSecond.SecondDerivatives.Select(d => d.ToString()).ToArray());
        Assert.Equal(new[] { (0, 0), (0, 1), (1, 1) }, RosenbrockSecond.HessianStructure.Select(e => (e.Row, e.Column)).ToArray());
    }

    [Fact]
    public void Logistic_regression_prints_each_entry_as_the_features_times_p_times_one_minus_p()
    {
        Assert.Equal(
            new[]
            {
                "∂²Bce/∂w1² = x1²·p·(1 − p)", "∂²Bce/∂w1∂w2 = x1·x2·p·(1 − p)", "∂²Bce/∂w1∂w3 = x1·x3·p·(1 − p)",
                "∂²Bce/∂w2² = x2²·p·(1 − p)", "∂²Bce/∂w2∂w3 = x2·x3·p·(1 − p)", "∂²Bce/∂w3² = x3²·p·(1 − p)",
            },
            SecondOrderLogistic.SecondDerivatives.Select(d => d.ToString()).ToArray());
    }

    [Fact]
    public void A_structurally_zero_entry_is_neither_listed_nor_computed()
    {
        // L = (a·b − x)² + exp(c·x) + 3·a: c meets neither a nor b.
        Assert.Equal(new[] { (0, 0), (0, 1), (1, 1), (2, 2) }, SecondOrderSparse.HessianStructure.Select(e => (e.Row, e.Column)).ToArray());
        Assert.Equal(
            new[] { "∂²L/∂a² = 2·b²", "∂²L/∂a∂b = 4·a·b − 2·x", "∂²L/∂b² = 2·a²", "∂²L/∂c² = x²·exp(c·x)" },
            SecondOrderSparse.SecondDerivatives.Select(d => d.ToString()).ToArray());

        // Hessian adds: the entries it does not compute keep what the span held.
        var model = new SecondOrderSparse();
        var hessian = Enumerable.Repeat(7.0, 9).ToArray();
        model.Hessian(new SecondOrderSparse.Sample(0.8), new double[3], hessian);
        foreach (int untouched in new[] { 2, 5, 6, 7 })
        {
            Assert.Equal(7.0, hessian[untouched]);
        }

        Assert.Equal(7.0 + (2 * 1.5 * 1.5), hessian[0], 1e-12);
        Assert.Equal(7.0 + (4 * 0.5 * 1.5) - (2 * 0.8), hessian[1], 1e-12);
        Assert.Equal(hessian[1], hessian[3]);

        // …and the generated code has no line for them.
        var run = GeneratorHarness.Run(GeneratorHarness.Model(
            """
                    [Param] public double a = 0.5, b = 1.5, c = -0.5;

                    [Loss] public double L(double x) => Math.Pow(a * b - x, 2) + Math.Exp(c * x) + 3 * a;
            """, "Sparse").Replace("[Differentiable]", "[Differentiable(SecondOrder = true)]")).AssertClean();
        string source = run.Source;
        Assert.Contains("hessian[0] += ", source);
        Assert.Contains("hessian[1] += ", source);
        Assert.Contains("hessian[3] += ", source);
        Assert.Contains("hessian[8] += ", source);
        foreach (int zero in new[] { 2, 5, 6, 7 })
        {
            Assert.DoesNotContain($"hessian[{zero}] +=", source);
        }
    }

    [Fact]
    public void Kinks_follow_the_first_order_policy()
    {
        // relu″ = 0 and |x|″ = 0: what is left is 2·relu′² from the square and softplus's own curvature.
        var model = new SecondOrderKinks { a = 0.8, b = -0.4 };
        var hessian = new double[4];
        model.Hessian(new SecondOrderKinks.Sample(1.3), new double[2], hessian);
        double z = 0.8 * -0.4 * 1.3;
        double sigma = 1 / (1 + System.Math.Exp(-z));
        double curvature = sigma * (1 - sigma);
        Assert.Equal((2 * 1.3 * 1.3) + 2 + (-0.4 * 1.3 * curvature * 1.3 * -0.4), hessian[0], 1e-12);
        Assert.Equal(2.0 + (0.8 * 1.3 * curvature * 1.3 * 0.8), hessian[3], 1e-12);
    }
}
