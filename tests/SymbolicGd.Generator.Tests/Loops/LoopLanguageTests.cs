using System;
using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Loops;

/// <summary>
/// A loss with arrays and loops compiled with a small driver that sets the parameters, runs the generated Backward and
/// the user's own loss (the models' values against PyTorch and central differences are in <see cref="LoopModelTests"/>).
/// </summary>
public class LoopLanguageTests
{
    internal static string LogisticRegression => LoopModels.LogisticRegression.Members;


    /// <summary>Compiles the model with a driver: Run(θ, arguments) → [loss, gradient…], Loss(θ, arguments) → the user's loss.</summary>
    internal static (Func<double[], object[], double[]> Backward, Func<double[], object[], double> Loss, GeneratorRun Run) Load(string members, string lossName, string arguments, string argumentNames)
    {
        string driver = $$"""
            namespace Tests
            {
                public static class Driver
                {
                    public static double[] Backward(double[] theta, {{arguments}})
                    {
                        var model = new Model();
                        model.SetParameters(theta);
                        var gradient = new double[model.ParameterCount];
                        double value = model.Backward({{argumentNames}}, gradient);
                        var result = new double[gradient.Length + 1];
                        result[0] = value;
                        gradient.CopyTo(result, 1);
                        return result;
                    }

                    public static double Loss(double[] theta, {{arguments}})
                    {
                        var model = new Model();
                        model.SetParameters(theta);
                        return model.{{lossName}}({{argumentNames}});
                    }
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.Model(members), driver);
        Assert.DoesNotContain(run.Sgd, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Empty(run.CompilationErrors);
        var type = run.Load().GetType("Tests.Driver")!;
        var backward = type.GetMethod("Backward")!;
        var loss = type.GetMethod("Loss")!;
        return (
            (theta, args) => (double[])backward.Invoke(null, new object[] { theta }.Concat(args).ToArray())!,
            (theta, args) => (double)loss.Invoke(null, new object[] { theta }.Concat(args).ToArray())!,
            run);
    }
}

/// <summary>The derivation of a loss with loops reads like the textbook: index form, Σ for sums, adjoints in closed form.</summary>
public class LoopFormulaTests
{
    private static GeneratorRun Run(string members) => GeneratorHarness.Run(GeneratorHarness.Model(members)).AssertClean();

    private static string[] Derivatives(GeneratorRun run)
    {
        var type = run.Load().GetType("Tests.Model")!;
        var derivatives = (System.Collections.Generic.IReadOnlyList<Derivative>)type.GetProperty("Derivatives")!.GetValue(null)!;
        return derivatives.Select(d => $"∂{d.Loss}/∂{d.Parameter} = {d.Formula}").ToArray();
    }

    [Fact]
    public void Logistic_regression_with_a_loop_prints_the_textbook_gradient()
    {
        var run = Run(LoopLanguageTests.LogisticRegression);
        Assert.Equal(new[] { "∂Bce/∂w[i] = x[i]·(p − y)", "∂Bce/∂b = p − y" }, Derivatives(run));
        Assert.Contains("///   z = b + Σᵢ w[i]·x[i]", run.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Softmax_regression_prints_the_sums_of_its_local_array()
    {
        var run = Run(LoopModels.SoftmaxRegression.Members);
        Assert.Contains("///   z[k] = b[k] + Σⱼ W[k, j]·x[j]", run.Source, StringComparison.Ordinal);
        Assert.Contains("///   s = Σₖ exp(z[k] − m)", run.Source, StringComparison.Ordinal);
        Assert.Equal(new[] { "∂CrossEntropy/∂W[k, j] = x[j]·∂CrossEntropy/∂z[k]", "∂CrossEntropy/∂b[k] = ∂CrossEntropy/∂z[k]" }, Derivatives(run));
    }

    [Fact]
    public void Horner_prints_its_recurrence_as_an_update()
    {
        var run = Run(LoopModels.Horner.Members);
        Assert.Contains("///   p = 0; p ← p·t + c[i]  (for i)", run.Source, StringComparison.Ordinal);
        Assert.Equal(new[] { "∂E/∂c[i] = ∂E/∂p" }, Derivatives(run));
    }

    [Fact]
    public void A_data_array_shorter_than_the_parameters_it_meets_is_an_argument_exception_naming_both_lengths()
    {
        var (backward, _, _) = LoopLanguageTests.Load(LoopLanguageTests.LogisticRegression, "Bce", "double[] x, double y", "x, y");
        var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => backward(new double[4], new object[] { new[] { 1.0, 2.0 }, 1.0 }));
        var inner = Assert.IsType<ArgumentException>(e.InnerException);
        Assert.Equal("x", inner.ParamName);
        Assert.StartsWith("x has length 2; Model.Bce reads it beside w, which has length 3.", inner.Message, StringComparison.Ordinal);
    }
}

/// <summary>A model with arrays works with the runtime as a scalar model does: training, gradient check, checkpoints.</summary>
public class LoopRuntimeTests
{
    [Fact]
    public void Logistic_regression_over_arrays_trains_passes_the_gradient_check_and_round_trips_a_checkpoint()
    {
        const string driver = """
            using System;
            using System.Collections.Generic;
            using SymbolicGd;

            namespace Tests
            {
                public static class Driver
                {
                    public static double[] Run()
                    {
                        var random = new Random(7);
                        var samples = new List<Model.Sample>();
                        for (int n = 0; n < 200; n++)
                        {
                            var x = new double[3];
                            for (int i = 0; i < 3; i++) x[i] = 2 * random.NextDouble() - 1;
                            samples.Add(new Model.Sample(x, x[0] - 2 * x[1] + 0.5 * x[2] > 0 ? 1 : 0));
                        }

                        var model = new Model();
                        double before = Trainer.Score(model, samples.ToArray()).Loss;
                        var result = Trainer.Fit(model, samples.ToArray(), new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 100 });
                        double worst = GradientCheck.Run(model, samples[0]).WorstRelativeError;

                        var theta = new double[model.ParameterCount];
                        model.CopyParametersTo(theta);
                        var checkpoint = Checkpoint.Capture(model);
                        var other = new Model();
                        checkpoint.Restore(other);
                        var restored = new double[other.ParameterCount];
                        other.CopyParametersTo(restored);
                        double differences = 0;
                        for (int i = 0; i < theta.Length; i++) differences += theta[i] == restored[i] ? 0 : 1;
                        return new[] { before, result.FinalLoss, worst, differences, other.w[1], theta[1] };
                    }
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.Model(LoopLanguageTests.LogisticRegression), driver);
        Assert.Empty(run.CompilationErrors);
        var values = (double[])run.Load().GetType("Tests.Driver")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal(Math.Log(2), values[0], 12);             // every p = ½ at zero parameters
        Assert.True(values[1] < 0.25, $"final loss {values[1]}");
        Assert.True(values[2] < 1e-7, $"gradient check {values[2]}");
        Assert.Equal(0, values[3]);                            // the checkpoint restores every element
        Assert.Equal(values[5], values[4]);                    // w[1] is parameter 1, row-major order
    }
}

/// <summary>Evaluate and IntermediateNames of a loss with loops: its top-level locals and its local arrays' elements.</summary>
public class LoopEvaluateTests
{
    [Fact]
    public void Evaluate_reports_the_top_level_locals_and_every_element_of_a_local_array()
    {
        const string members = """
                [Param] public double[] w = { 0.5, -0.25 };
                [Param] public double b = 0.125;

                [Loss]
                public double L(double[] x, int label)
                {
                    double[] z = new double[2];
                    for (int k = 0; k < 2; k++) z[k] = w[k] * x[k] + b;
                    double s = 0;
                    for (int k = 0; k < 2; k++) s += Math.Exp(z[k]);
                    double q = Math.Log(s);
                    return q - z[label];
                }
            """;
        const string driver = """
            using System;
            namespace Tests
            {
                public static class Driver
                {
                    public static object[] Run()
                    {
                        var model = new Model();
                        var values = new double[model.IntermediateNames.Count];
                        double loss = model.Evaluate(new[] { 2.0, 4.0 }, 1, values);
                        return new object[] { string.Join(",", model.IntermediateNames), values, loss };
                    }
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.Model(members), driver);
        Assert.Empty(run.CompilationErrors);
        var result = (object[])run.Load().GetType("Tests.Driver")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal("s,q,z[0],z[1]", (string)result[0]);
        double z0 = 0.5 * 2 + 0.125, z1 = -0.25 * 4 + 0.125;
        double s = Math.Exp(z0) + Math.Exp(z1);
        Assert.Equal(new[] { s, Math.Log(s), z0, z1 }, (double[])result[1]);
        Assert.Equal(Math.Log(s) - z1, (double)result[2]);
    }
}
