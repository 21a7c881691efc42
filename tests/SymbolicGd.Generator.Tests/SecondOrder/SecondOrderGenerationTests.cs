using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Generator.Tests.Models;

namespace SymbolicGd.Generator.Tests.SecondOrder;

/// <summary>The generated code of SecondOrder = true: its text, its cost, its limits, and Newton on it.</summary>
public class SecondOrderGenerationTests
{
    private static string SecondOrderModel(string members, string name) =>
        GeneratorHarness.Model(members, name).Replace("[Differentiable]", "[Differentiable(SecondOrder = true)]");

    [Fact]
    public void Rosenbrock_with_second_order()
    {
        var run = GeneratorHarness.Run(SecondOrderModel(
            """
                    [Param] public double a = -1.2, b = 1;

                    [Loss] public double L() => Math.Pow(1 - a, 2) + 100 * Math.Pow(b - Math.Pow(a, 2), 2);
            """,
            "Rosenbrock")).AssertClean();
        Snapshot.Verify(run.Source);
    }

    [Fact]
    public void A_branchy_model_with_data_compiles_cleanly_and_implements_the_sample_interface()
    {
        var run = GeneratorHarness.Run(SecondOrderModel(
            """
                    [Param] public double a = 0.7, b = -0.3, c = 1.2;

                    [Loss]
                    public double L(double x, double y)
                    {
                        double z = a * x + b * Math.Sin(c * x);
                        double r = z - y;
                        if (r > 0)
                        {
                            return Math.Log(1 + r * r) + Damp(c);
                        }

                        return r * r * Math.Exp(b) + Damp(c);
                    }

                    private double Damp(double t) => Math.Sqrt(1 + t * t) * a;
            """,
            "Branchy")).AssertClean();
        Assert.Contains("partial class Branchy : global::SymbolicGd.ITwiceDifferentiableLoss<global::Tests.Branchy.Sample>", run.Source);
    }

    [Fact]
    public void A_model_without_SecondOrder_has_no_second_order_members()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model("""
                    [Param] public double a = -1.2, b = 1;

                    [Loss] public double L() => Math.Pow(1 - a, 2) + 100 * Math.Pow(b - Math.Pow(a, 2), 2);
            """, "Rosenbrock")).AssertClean();
        Assert.DoesNotContain("Hessian", run.Source);
        Assert.Contains("partial class Rosenbrock : global::SymbolicGd.IDifferentiableLoss\n", run.Source);
    }

    [Theory]
    [InlineData(typeof(RosenbrockSecond))]
    [InlineData(typeof(SecondOrderLogistic))]
    [InlineData(typeof(SecondOrderBranches))]
    [InlineData(typeof(SecondOrderFunctions))]
    [InlineData(typeof(SecondOrderKinks))]
    public void HessianVectorProduct_costs_at_most_four_Backwards(Type model)
    {
        // The doc comment states the count of the plan: "Cost: N operations, R× Backward's M."
        var source = GeneratedSourceOf(model);
        var match = Regex.Match(source, @"Cost: ([\d,]+) operations, ([\d.]+)× Backward's ([\d,]+)\.");
        Assert.True(match.Success, "HessianVectorProduct's summary states its cost");
        double product = double.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        double backward = double.Parse(match.Groups[3].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.True(product <= 4 * backward, $"{model.Name}: {product} operations against Backward's {backward}");
    }

    [Fact]
    public void A_member_named_Hessian_is_reserved_only_with_SecondOrder()
    {
        const string members = """
                    [Param] public double a = 1;

                    public double Hessian() => 2;

                    [Loss] public double L() => a * a;
            """;
        var run = GeneratorHarness.Run(SecondOrderModel(members, "Named"));
        Assert.Equal("SGD0023", Assert.Single(run.Sgd).Id);
        GeneratorHarness.Run(GeneratorHarness.Model(members, "Named")).AssertClean();
    }

    [Fact]
    public void Hessian_and_HessianVectorProduct_allocate_nothing()
    {
        var model = new SecondOrderBranches();
        var sample = new SecondOrderBranches.Sample(0.9, -0.4);
        var gradient = new double[3];
        var hessian = new double[9];
        var vector = new[] { 1.0, -1.0, 0.5 };
        var product = new double[3];
        for (int i = 0; i < 100; i++)
        {
            model.Hessian(sample, gradient, hessian);
            model.HessianVectorProduct(sample, vector, gradient, product);
        }

        var rosenbrock = new RosenbrockSecond();
        var small = new double[2];
        var smallHessian = new double[4];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            model.Hessian(sample, gradient, hessian);
            model.HessianVectorProduct(sample, vector, gradient, product);
            rosenbrock.Hessian(small, smallHessian);
            rosenbrock.HessianVectorProduct(small, small, small);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Newton_trains_the_generated_Rosenbrock_to_a_gradient_below_1e_10()
    {
        var model = new RosenbrockSecond();
        var newton = new Newton();
        var result = Trainer.Fit(model, newton, new TrainingOptions { GradientTolerance = 1e-10 });
        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        Assert.True(result.FinalGradientNorm < 1e-10, result.ToString());
        Assert.Equal(1.0, model.a, 1e-12);
        Assert.Equal(1.0, model.b, 1e-12);

        // The hand-written Rosenbrock of the runtime's tests takes 30 iterations; the generated Hessian is the same.
        Assert.Equal(30, newton.Iterations);
    }

    private static string GeneratedSourceOf(Type model)
    {
        string path = System.IO.Path.Combine(FindRepository(), "tests", "SymbolicGd.Generator.Tests", "Models", "SecondOrderModels.cs");
        var run = GeneratorHarness.Run(System.IO.File.ReadAllText(path));
        return run.Sources.Single(s => s.Key.EndsWith("." + model.Name + ".SymbolicGd.g.cs", StringComparison.Ordinal)).Value;
    }

    private static string FindRepository()
    {
        var directory = new System.IO.DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "SymbolicGd.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository's root was not found.");
    }
}
