using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Loops;

/// <summary>A [Param] of a loop model: its name and its shape (empty for a double, one length for a double[], two for
/// a double[,]).</summary>
public sealed record LoopParameter(string Name, params int[] Shape)
{
    /// <summary>Its ParameterNames in the contract of issue 15: <c>b</c>, <c>w[0]</c>, <c>W[0,1]</c>, row-major.</summary>
    public IEnumerable<string> Names() => Shape.Length switch
    {
        0 => new[] { Name },
        1 => Enumerable.Range(0, Shape[0]).Select(i => $"{Name}[{i}]"),
        _ => Enumerable.Range(0, Shape[0]).SelectMany(i => Enumerable.Range(0, Shape[1]).Select(j => $"{Name}[{i},{j}]")),
    };
}

/// <summary>A data argument of a loop model's loss: its C# type (<c>double[]</c>, <c>int</c>, <c>double</c>) and name.</summary>
public sealed record LoopArgument(string Type, string Name);

/// <summary>
/// A model of issue 15's loop and array language: its members as C#, its loss, its data arguments and its [Param]s.
/// tools/reference/loop_models.py writes each loss again with torch, loop for loop; Reference/loop-models.json holds
/// PyTorch's values under <see cref="Name"/>.
/// </summary>
public sealed record LoopModel(string Name, string Loss, LoopArgument[] Arguments, LoopParameter[] Parameters, string Members)
{
    /// <summary>The flattened parameter vector's names: declaration order, each array row-major.</summary>
    public IReadOnlyList<string> ParameterNames => Parameters.SelectMany(p => p.Names()).ToList();

    /// <summary>The loss's parameter list, <c>double[] x, double y</c>.</summary>
    public string Signature => string.Join(", ", Arguments.Select(a => $"{a.Type} {a.Name}"));

    /// <summary>The loss's arguments passed on, <c>x, y</c>.</summary>
    public string ArgumentList => string.Join(", ", Arguments.Select(a => a.Name));

    /// <summary>The model as a file of its own, class <paramref name="className"/> in namespace <paramref name="ns"/>.</summary>
    public string Source(string className, string ns = "Tests") =>
        GeneratorHarness.Model(Members, className).Replace("namespace Tests", "namespace " + ns, System.StringComparison.Ordinal);

    public override string ToString() => Name;
}

/// <summary>
/// The loop and array models of issue 15 (section 1 and its list of tests that must exist), each as the C# a user
/// writes. Before the language has loops the generator rejects each of them at its declarations (SGD0007 on an array
/// [Param], SGD0010 on an array or int argument), before it reads a loop (SGD0011): <see cref="LoopModelTests"/>
/// states what they must do once it has them, and the mutation fuzzer uses them as seeds.
/// </summary>
public static class LoopModels
{
    /// <summary>Logistic regression over n features, the loop bounded by the data's length.</summary>
    public static LoopModel Logistic(int features, string name) => new(
        name,
        "Bce",
        new[] { new LoopArgument("double[]", "x"), new LoopArgument("double", "y") },
        new[] { new LoopParameter("w", features), new LoopParameter("b") },
        $$"""
                [Param] public double[] w = new double[{{features.ToString(CultureInfo.InvariantCulture)}}];
                [Param] public double b;

                [Loss]
                public double Bce(double[] x, double y)
                {
                    double z = b;
                    for (int i = 0; i < x.Length; i++) z += w[i] * x[i];
                    double p = 1 / (1 + Math.Exp(-z));
                    return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
                }
            """);

    public static readonly LoopModel LogisticRegression = Logistic(3, "LogisticRegression");

    public static readonly LoopModel LogisticRegression64 = Logistic(64, "LogisticRegression64");

    /// <summary>Softmax regression exactly as issue 15 writes it.</summary>
    public static readonly LoopModel SoftmaxRegression = new(
        "SoftmaxRegression",
        "CrossEntropy",
        new[] { new LoopArgument("double[]", "x"), new LoopArgument("int", "label") },
        new[] { new LoopParameter("W", 3, 4), new LoopParameter("b", 3) },
        """
                [Param] public double[,] W = new double[3, 4];     // 12 parameters, row-major: W[0,0], W[0,1], …
                [Param] public double[] b = new double[3];

                [Loss] public double CrossEntropy(double[] x, int label)
                {
                    double[] z = new double[3];                     // a local array of compile-time length
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

    /// <summary>A polynomial by Horner's rule: p carries a value from one iteration to the next.</summary>
    public static readonly LoopModel Horner = new(
        "Horner",
        "E",
        new[] { new LoopArgument("double", "t"), new LoopArgument("double", "y") },
        new[] { new LoopParameter("c", 5) },
        """
                [Param] public double[] c = new double[5];

                [Loss]
                public double E(double t, double y)
                {
                    double p = 0;
                    for (int i = 0; i < c.Length; i++) p = p * t + c[i];
                    return 0.5 * (p - y) * (p - y);
                }
            """);

    /// <summary>A 3-4-1 tanh network written with nested loops and a local array.</summary>
    public static readonly LoopModel TwoLayerTanh = new(
        "TwoLayerTanh",
        "E",
        new[] { new LoopArgument("double[]", "x"), new LoopArgument("double", "y") },
        new[] { new LoopParameter("W1", 4, 3), new LoopParameter("b1", 4), new LoopParameter("W2", 4), new LoopParameter("b2") },
        """
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
            """);

    /// <summary>A Huber loss per component: an if/else inside the loop, both sides taken in one call.</summary>
    public static readonly LoopModel HuberInLoop = new(
        "HuberInLoop",
        "H",
        new[] { new LoopArgument("double[]", "x"), new LoopArgument("double[]", "y") },
        new[] { new LoopParameter("w", 3) },
        """
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
            """);

    /// <summary>A power series: the loop counter converted to double, as an exponent.</summary>
    public static readonly LoopModel PowerSum = new(
        "PowerSum",
        "E",
        new[] { new LoopArgument("double", "t"), new LoopArgument("double", "y") },
        new[] { new LoopParameter("a", 4) },
        """
                [Param] public double[] a = new double[4];

                [Loss]
                public double E(double t, double y)
                {
                    double s = 0;
                    for (int i = 0; i < 4; i++) s += a[i] * Math.Pow(t, i);
                    return (s - y) * (s - y);
                }
            """);

    /// <summary>A mean over data of any length: foreach, and the data's Length as a divisor.</summary>
    public static readonly LoopModel ForeachMean = new(
        "ForeachMean",
        "L",
        new[] { new LoopArgument("double[]", "x") },
        new[] { new LoopParameter("m") },
        """
                [Param] public double m;

                [Loss]
                public double L(double[] x)
                {
                    double s = 0;
                    foreach (double v in x) s += (v - m) * (v - m);
                    return s / x.Length;
                }
            """);

    public static IReadOnlyList<LoopModel> All { get; } = new[]
    {
        LogisticRegression, LogisticRegression64, SoftmaxRegression, Horner, TwoLayerTanh, HuberInLoop, PowerSum, ForeachMean,
    };


    public static LoopModel Named(string name) => All.Single(m => m.Name == name);
}
