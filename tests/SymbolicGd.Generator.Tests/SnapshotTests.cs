using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests;

/// <summary>
/// The generated source of representative models, compared with the checked-in snapshots under Snapshots/. The
/// generated code is part of the product: a change to it shows up here as a diff to review.
/// </summary>
public class SnapshotTests
{
    private static void VerifyGenerated(string members, string name, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model(members, name)).AssertClean();
        Snapshot.Verify(run.Source, test: test);
    }

    [Fact]
    public void Micrograd() => VerifyGenerated(
        """
                [Param] public double a = 2, b = -3, c = 10, f = -2;

                [Loss] public double L() => (a * b + c) * f;
        """,
        "Micrograd");

    [Fact]
    public void One_weight_with_a_named_prediction() => VerifyGenerated(
        """
                [Param] public double w;

                [Loss]
                public double E(double x, double t)
                {
                    double f = w * x;
                    return 0.5 * (f - t) * (f - t);
                }
        """,
        "OneWeight");

    [Fact]
    public void Two_two_two_sigmoid_network() => VerifyGenerated(
        """
                [Param] public double w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30;
                [Param] public double w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55;
                public double b1 = 0.35, b2 = 0.60;

                [Loss]
                public double E(double i1, double i2, double t1, double t2)
                {
                    double h1 = Sigmoid(w1 * i1 + w2 * i2 + b1);
                    double h2 = Sigmoid(w3 * i1 + w4 * i2 + b1);
                    double o1 = Sigmoid(w5 * h1 + w6 * h2 + b2);
                    double o2 = Sigmoid(w7 * h1 + w8 * h2 + b2);
                    return 0.5 * (Square(o1 - t1) + Square(o2 - t2));
                }
        """,
        "Network");

    [Fact]
    public void Huber_loss_with_an_early_return() => VerifyGenerated(
        """
                [Param] public double w = 0.5, b;
                public const double Delta = 1.0;

                [Loss]
                public double Huber(double x, double y)
                {
                    double r = w * x + b - y;
                    if (Math.Abs(r) <= Delta)
                    {
                        return 0.5 * r * r;
                    }

                    return Delta * (Math.Abs(r) - 0.5 * Delta);
                }
        """,
        "HuberRegression");

    [Fact]
    public void Branch_whose_derivative_uses_only_the_taken_branch() => VerifyGenerated(
        """
                [Param] public double w = 2;

                [Loss]
                public double L(double x)
                {
                    if (x > 0)
                    {
                        double s = Math.Sqrt(x * w);
                        return s * Math.Log(s) + s;
                    }

                    return w * w;
                }
        """,
        "SafeBranch");

    [Fact]
    public void Logistic_regression_with_helpers_and_a_computed_property() => VerifyGenerated(
        """
                [Param] public double w, logScale;

                private double Scale => Math.Exp(logScale);

                private double Logit(double x) => Scale * w * x;

                [Loss]
                public double NegativeLogLikelihood(double x, double label) =>
                    label > 0.5 ? Softplus(-Logit(x)) : Softplus(Logit(x));
        """,
        "Logistic");

    [Fact]
    public void Rosenbrock_without_data() => VerifyGenerated(
        """
                [Param] public double x = -1.2, y = 1;

                [Loss] public double F() => Math.Pow(1 - x, 2) + 100 * Math.Pow(y - x * x, 2);
        """,
        "Rosenbrock");

    [Fact]
    public void Generic_model_nested_in_a_partial_class()
    {
        var run = GeneratorHarness.Run("""
            using SymbolicGd;

            namespace Tests.Nested
            {
                public partial class Outer<TTag>
                {
                    [Differentiable]
                    internal partial record Inner
                    {
                        [Param] public double scale { get; set; } = 1;
                        public static double Offset = 0.5;

                        [Loss] public double L(double @in) => scale * @in + Offset;
                    }
                }
            }
            """).AssertClean();
        Snapshot.Verify(run.Source);
    }

    [Fact]
    public void Logistic_regression_over_arrays_with_a_loop() => VerifyGenerated(
        """
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
        """,
        "LogisticRegression");

    [Fact]
    public void Softmax_regression_with_nested_loops_and_a_local_array() => VerifyGenerated(
        """
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
        """,
        "SoftmaxRegression");

    [Fact]
    public void Horner_with_a_value_carried_between_iterations() => VerifyGenerated(
        """
                [Param] public double[] c = new double[5];

                [Loss]
                public double E(double t, double y)
                {
                    double p = 0;
                    for (int i = 0; i < c.Length; i++) p = p * t + c[i];
                    return 0.5 * (p - y) * (p - y);
                }
        """,
        "Horner");
}
