using System;
using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Loops;

/// <summary>
/// Losses with arrays and loops: each model is compiled with a small driver that sets the parameters, runs the
/// generated Backward and the user's own loss, so the gradient is checked against central differences of the loss.
/// </summary>
public class LoopLanguageTests
{
    internal const string LogisticRegression = """
            [Param] public double[] w = new double[3];
            [Param] public double b;

            [Loss]
            public double Bce(double[] x, double y)
            {
                double z = b;
                for (int i = 0; i < x.Length; i++) z += w[i] * x[i];
                double p = 1 / (1 + Math.Exp(-z));
                return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
            }
        """;

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

    internal static void CheckAgainstCentralDifferences(string members, string lossName, string arguments, string argumentNames, double[] theta, params object[] args)
    {
        var (backward, loss, _) = Load(members, lossName, arguments, argumentNames);
        var result = backward(theta, args);
        Assert.Equal(loss(theta, args), result[0], 14);
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(theta[i]));
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (loss(plus, args) - loss(minus, args)) / (2 * h);
            Assert.True(Math.Abs(numeric - result[i + 1]) <= 1e-7 * Math.Max(1, Math.Abs(numeric)),
                $"∂/∂θ[{i}]: Backward {result[i + 1]:R}, central difference {numeric:R}");
        }
    }

    [Fact]
    public void Logistic_regression_over_arrays()
    {
        CheckAgainstCentralDifferences(LogisticRegression, "Bce", "double[] x, double y", "x, y",
            new[] { 0.5, -0.25, 0.125, 0.3 }, new[] { 1.0, 2.0, -0.5 }, 1.0);
    }

    [Fact]
    public void Softmax_regression_over_a_two_dimensional_parameter_with_a_local_array_and_an_int_label()
    {
        const string model = """
                [Param] public double[,] W = new double[3, 4];
                [Param] public double[] b = new double[3];

                [Loss]
                public double CrossEntropy(double[] x, int label)
                {
                    double[] z = new double[3];
                    for (int k = 0; k < 3; k++)
                    {
                        z[k] = b[k];
                        for (int j = 0; j < x.Length; j++) z[k] += W[k, j] * x[j];
                    }
                    double m = Math.Max(z[0], Math.Max(z[1], z[2]));
                    double s = 0;
                    for (int k = 0; k < 3; k++) s += Math.Exp(z[k] - m);
                    return m + Math.Log(s) - z[label];
                }
            """;
        var theta = Enumerable.Range(0, 15).Select(i => Math.Sin(i + 1) * 0.7).ToArray();
        CheckAgainstCentralDifferences(model, "CrossEntropy", "double[] x, int label", "x, label", theta, new[] { 0.5, -1.0, 2.0, 0.25 }, 1);
        CheckAgainstCentralDifferences(model, "CrossEntropy", "double[] x, int label", "x, label", theta, new[] { -0.5, 1.5, 0.0, 1.0 }, 2);
    }

    [Fact]
    public void Horner_carries_a_value_from_one_iteration_to_the_next()
    {
        const string model = """
                [Param] public double[] c = new double[5];

                [Loss]
                public double E(double t, double y)
                {
                    double p = 0;
                    for (int i = 0; i < c.Length; i++) p = p * t + c[i];
                    return 0.5 * (p - y) * (p - y);
                }
            """;
        CheckAgainstCentralDifferences(model, "E", "double t, double y", "t, y", new[] { 0.5, -1.0, 0.25, 2.0, -0.75 }, 1.5, 0.3);
    }

    [Fact]
    public void A_two_layer_tanh_network_written_with_loops()
    {
        const string model = """
                [Param] public double[,] W1 = new double[4, 3];
                [Param] public double[] b1 = new double[4];
                [Param] public double[] W2 = new double[4];
                [Param] public double b2;

                [Loss]
                public double E(double[] x, double y)
                {
                    double[] h = new double[4];
                    for (int j = 0; j < 4; j++)
                    {
                        double a = b1[j];
                        for (int i = 0; i < 3; i++) a += W1[j, i] * x[i];
                        h[j] = Math.Tanh(a);
                    }
                    double o = b2;
                    for (int j = 0; j < 4; j++) o += W2[j] * h[j];
                    return 0.5 * (o - y) * (o - y);
                }
            """;
        var theta = Enumerable.Range(0, 21).Select(i => Math.Cos(3 * i + 1) * 0.6).ToArray();
        CheckAgainstCentralDifferences(model, "E", "double[] x, double y", "x, y", theta, new[] { 0.5, -1.0, 2.0 }, 0.7);
    }

    [Fact]
    public void An_if_inside_a_loop_on_both_sides_of_the_kink()
    {
        const string model = """
                [Param] public double[] w = new double[3];

                [Loss]
                public double H(double[] x, double[] y)
                {
                    double s = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        double r = w[i] * x[i] - y[i];
                        if (Math.Abs(r) < 1) s += 0.5 * r * r;
                        else s += Math.Abs(r) - 0.5;
                    }
                    return s;
                }
            """;
        CheckAgainstCentralDifferences(model, "H", "double[] x, double[] y", "x, y", new[] { 0.5, 2.0, -1.5 }, new[] { 1.0, 2.0, 1.0 }, new[] { 0.2, 0.5, 1.0 });
    }

    [Fact]
    public void The_counter_as_a_number_and_foreach_over_data()
    {
        const string powers = """
                [Param] public double[] a = new double[4];

                [Loss]
                public double E(double t, double y)
                {
                    double s = 0;
                    for (int i = 0; i < 4; i++) s += a[i] * Math.Pow(t, i);
                    return (s - y) * (s - y);
                }
            """;
        CheckAgainstCentralDifferences(powers, "E", "double t, double y", "t, y", new[] { 0.5, -1.0, 0.25, 2.0 }, 1.5, 0.3);

        const string mean = """
                [Param] public double m;

                [Loss]
                public double L(double[] x)
                {
                    double s = 0;
                    foreach (double v in x) s += (v - m) * (v - m);
                    return s / x.Length;
                }
            """;
        CheckAgainstCentralDifferences(mean, "L", "double[] x", "x", new[] { 0.3 }, new[] { 1.0, 2.0, -0.5, 4.0 });
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
        var run = Run("""
                [Param] public double[,] W = new double[3, 4];
                [Param] public double[] b = new double[3];

                [Loss]
                public double CrossEntropy(double[] x, int label)
                {
                    double[] z = new double[3];
                    for (int k = 0; k < 3; k++)
                    {
                        z[k] = b[k];
                        for (int j = 0; j < x.Length; j++) z[k] += W[k, j] * x[j];
                    }
                    double m = Math.Max(z[0], Math.Max(z[1], z[2]));
                    double s = 0;
                    for (int k = 0; k < 3; k++) s += Math.Exp(z[k] - m);
                    return m + Math.Log(s) - z[label];
                }
            """);
        Assert.Contains("///   z[k] = b[k] + Σⱼ W[k, j]·x[j]", run.Source, StringComparison.Ordinal);
        Assert.Contains("///   s = Σₖ exp(z[k] − m)", run.Source, StringComparison.Ordinal);
        Assert.Equal(new[] { "∂CrossEntropy/∂W[k, j] = x[j]·∂CrossEntropy/∂z[k]", "∂CrossEntropy/∂b[k] = ∂CrossEntropy/∂z[k]" }, Derivatives(run));
    }

    [Fact]
    public void Horner_prints_its_recurrence_as_an_update()
    {
        var run = Run("""
                [Param] public double[] c = new double[5];

                [Loss]
                public double E(double t, double y)
                {
                    double p = 0;
                    for (int i = 0; i < c.Length; i++) p = p * t + c[i];
                    return 0.5 * (p - y) * (p - y);
                }
            """);
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
