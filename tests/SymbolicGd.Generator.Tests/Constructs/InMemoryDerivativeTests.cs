using System;
using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// The quotient rule and branch safety, generated in memory rather than at the test project's build. Most generator
/// tests check models compiled at build time, which a mutation of the generator cannot reach; these run the generator
/// in the test, so <c>tools/mutation/run.sh --generator</c> sees what they check (docs/testing.md). The same models
/// compiled at build time are tested more widely in <see cref="PolicyTests"/>.
/// </summary>
public class InMemoryDerivativeTests
{
    [Theory]
    [InlineData(1.5, -0.75, 2.0)]
    [InlineData(-0.5, 3.0, 0.25)]
    public void Quotients_of_parameters_follow_the_quotient_rule(double a, double b, double x)
    {
        // L = (a/b)·x + b/(a + x): ∂L/∂a = x/b − b/(a + x)², ∂L/∂b = −a·x/b² + 1/(a + x).
        var model = LoadedModels.Load("""
                [Param] public double a, b;

                [Loss] public double L(double x) => a / b * x + b / (a + x);
            """);
        ((IDifferentiable)model).SetParameters(new[] { a, b });

        double[] gradient = LoadedModels.GradientOf(model, x);

        Assert.Equal(x / b - b / ((a + x) * (a + x)), gradient[0], 14);
        Assert.Equal(-a * x / (b * b) + 1 / (a + x), gradient[1], 14);
        CheckLoaded(model, new[] { x });
    }

    [Theory]
    [InlineData(-1.0, 1.0)]
    [InlineData(0.0, 1.0)]
    [InlineData(4.0, 2.0)]
    public void A_square_root_of_a_negative_on_the_branch_not_taken_does_not_reach_the_gradient(double x, double expected)
    {
        var model = LoadedModels.Load("""
                [Param] public double w = 0.75;

                [Loss] public double L(double x) => x > 0 ? Math.Sqrt(x) * w : w;
            """);

        Assert.Equal(new[] { expected }, LoadedModels.GradientOf(model, x));
    }

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(4.0, 0.25)]
    [InlineData(-0.5, -2.0)]
    public void A_division_by_zero_on_the_branch_not_taken_does_not_reach_the_gradient(double x, double expected)
    {
        var model = LoadedModels.Load("""
                [Param] public double w = 0.75;

                [Loss] public double L(double x) => x != 0 ? w / x : w + (x == 0 ? w : w / x);
            """);

        Assert.Equal(new[] { expected }, LoadedModels.GradientOf(model, x));
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(double.NegativeInfinity)]
    public void A_logarithm_of_a_negative_or_zero_under_a_square_on_the_branch_not_taken_does_not_reach_the_gradient(double x)
    {
        // x ≤ 0 takes w·w: L = w⁴, ∂L/∂w = 4w³ = −1.6875 at w = −0.75, exactly.
        var model = LoadedModels.Load("""
                [Param] public double w = -0.75;

                [Loss] public double L(double x) => Square(x > 0 ? Math.Log(x) * w : w * w);
            """);

        Assert.Equal(new[] { -1.6875 }, LoadedModels.GradientOf(model, x));
        CheckLoaded(model, new[] { 2.5 });
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void If_else_branches_with_a_root_a_division_and_a_logarithm_each_send_only_the_branch_taken(double x)
    {
        var model = LoadedModels.Load("""
                [Param] public double w = 0.5, b = -1.25;

                [Loss]
                public double L(double x)
                {
                    double s;
                    if (x > 0)
                    {
                        s = Math.Sqrt(x) * w;
                    }
                    else
                    {
                        s = w;
                    }

                    double r = b;
                    if (x != 0)
                    {
                        r = r / x;
                    }

                    double q;
                    if (x <= 0)
                    {
                        q = w * b;
                    }
                    else
                    {
                        double l = Math.Log(x);
                        q = l * l * w;
                    }

                    return s * s + r * w + q;
                }
            """);
        const double w = 0.5, b = -1.25;

        double[] gradient = LoadedModels.GradientOf(model, x);

        // x ≤ 0: L = w² + r·w + w·b with r = b/x (x ≠ 0) or b (x = 0); x > 0: L = x·w² + (b/x)·w + ln²x·w.
        double r = x != 0 ? b / x : b;
        double[] expected = x > 0
            ? new[] { 2 * x * w + b / x + Math.Log(x) * Math.Log(x), w / x }
            : new[] { 2 * w + r + b, (x != 0 ? w / x : w) + w };
        Assert.Equal(expected[0], gradient[0], 14);
        Assert.Equal(expected[1], gradient[1], 14);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
    }
}
