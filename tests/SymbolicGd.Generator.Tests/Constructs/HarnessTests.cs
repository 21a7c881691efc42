using System;
using System.Linq;
using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>Constructs that cannot live in the test project (they warn, or are variations on names), run in memory.</summary>
public class HarnessTests
{
    [Fact]
    public void A_parameter_reached_only_through_Sign_is_reported_and_gets_zero()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model("""
                [Param] public double w = 0.5, b = 2;

                [Loss] public double L(double x) => Math.Sign(w) * x * b;
            """));

        Assert.Equal(new[] { "SGD0028" }, run.Sgd.Select(d => d.Id));
        Assert.Contains("∂L/∂w", run.Sgd[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var model = Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;
        Assert.Equal(new[] { 0.0, 3.0 }, LoadedModels.GradientOf(model, 3.0));
    }

    [Fact]
    public void Parameters_named_like_generated_locals_and_arguments()
    {
        var model = LoadedModels.Load("""
                [Param] public double gradient = 0.5, value = -1.5, intermediates = 0.25, destination = 2, values = -0.5, sample = 1.5, t0 = 0.75;

                [Loss]
                public double L(double x)
                {
                    double s = gradient * x + value * intermediates;
                    return s * s * destination + values * sample * t0 + Math.Sin(t0 * x);
                }
            """);
        CheckLoaded(model, new[] { 1.5 });
        CheckLoaded(model, new[] { -0.5 });
    }

    [Fact]
    public void A_partial_loss_method()
    {
        var model = LoadedModels.Load("""
                [Param] public double w = 0.5, b = -1.5;

                [Loss] public partial double L(double x);

                public partial double L(double x) => Math.Exp(w * x) * b;
            """);
        CheckLoaded(model, new[] { 1.5 });
    }

    [Fact]
    public void Default_and_named_arguments_a_data_argument_reassigned_in_a_branch_and_a_property_with_returns()
    {
        var model = LoadedModels.Load("""
                [Param] public double w = 0.5, b = -1.5;

                private double Clipped
                {
                    get
                    {
                        if (w > 1)
                        {
                            return 1;
                        }

                        return w * b;
                    }
                }

                [Loss]
                public double L(double x, double y)
                {
                    if (x < 0)
                        x = -x;
                    if (y > 1) { y *= w; } else { y -= b; }
                    return Scale(x) + Scale(k: b, a: y) + Clipped * x + Guard(y) + Guard(x - 1);
                }

                private double Scale(double a, double k = 2) => a * k * w;

                private double Guard(double v)
                {
                    if (v <= 0)
                    {
                        return b;
                    }

                    return Math.Log(v) * w;
                }
            """);
        foreach (double[] point in new[] { new[] { -2.0, 3.0 }, new[] { 0.5, 0.5 }, new[] { 3.0, -1.0 } })
        {
            CheckLoaded(model, point);
        }

        ((IDifferentiable)model).SetParameters(new[] { 2.0, -1.5 });
        CheckLoaded(model, new[] { -2.0, 3.0 });
    }
}
