using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// Many generated variants of one construct, compiled together in memory: every comparison operator in every shape
/// of branch, and randomly composed expressions. Each model is checked like the compiled ones (value bit for bit,
/// Backward adds, central differences) and, at a branch boundary, against the derivative of the branch taken.
/// </summary>
public class GeneratedVariantTests
{
    private static readonly string[] s_comparisons = { "<", "<=", ">", ">=", "==", "!=" };

    // T = w·w·x + b on the true branch, F = w·b·x on the false one.
    private const string WhenTrue = "w * w * x + b";
    private const string WhenFalse = "w * b * x";

    private static readonly (string Name, string Body)[] s_shapes =
    {
        ("Ternary", "=> x {0} 1 ? " + WhenTrue + " : " + WhenFalse + ";"),
        ("IfElse", "{{ double s; if (x {0} 1) s = " + WhenTrue + "; else s = " + WhenFalse + "; return s; }}"),
        ("IfWithoutElse", "{{ double s = " + WhenFalse + "; if (x {0} 1) {{ s = " + WhenTrue + "; }} return s; }}"),
        ("EarlyReturn", "{{ if (x {0} 1) return " + WhenTrue + "; return " + WhenFalse + "; }}"),
        ("BothReturn", "{{ if (x {0} 1) {{ return " + WhenTrue + "; }} else {{ return " + WhenFalse + "; }} }}"),
        ("Negated", "{{ if (!(x {0} 1)) return " + WhenFalse + "; double s = " + WhenTrue + "; return s; }}"),
        ("AndOr", "{{ if ((x {0} 1 && b > -100) || x > 100) return " + WhenTrue + "; return " + WhenFalse + "; }}"),
        ("Helper", "=> Pick(x);\n private double Pick(double v) {{ if (v {0} 1) {{ return " + WhenTrue.Replace("x", "v") + "; }} return " + WhenFalse.Replace("x", "v") + "; }}"),
    };

    private static bool Holds(string op, double x) => op switch
    {
        "<" => x < 1,
        "<=" => x <= 1,
        ">" => x > 1,
        ">=" => x >= 1,
        "==" => x == 1,
        _ => x != 1,
    };

    [Fact]
    public void Every_comparison_in_every_shape_of_branch()
    {
        var source = new StringBuilder("using System;\nusing SymbolicGd;\n\nnamespace Variants\n{\n");
        var models = new List<(string Class, string Op)>();
        for (int i = 0; i < s_comparisons.Length; i++)
        {
            foreach (var (name, body) in s_shapes)
            {
                string className = $"{name}{i}";
                models.Add((className, s_comparisons[i]));
                source.Append(CultureInfo.InvariantCulture, $$"""
                    [Differentiable]
                    public partial class {{className}}
                    {
                        [Param] public double w, b;

                        [Loss] public double L(double x) {{string.Format(CultureInfo.InvariantCulture, body, s_comparisons[i])}}
                    }

                    """);
            }
        }

        var assembly = GeneratorHarness.Run(source.Append('}').ToString()).AssertClean().Load();
        foreach (var (className, op) in models)
        {
            foreach (var (w, b) in new[] { (0.5, -0.3), (-1.1, 0.4) })
            {
                // Away from the boundary: central differences. The equality operators take one branch there.
                foreach (double x in new[] { -2.0, 0.5, 2.0 })
                {
                    CheckLoaded(LoadedModels.Create(assembly, "Variants." + className, w, b), new[] { x });
                }

                // At the boundary x = 1: exactly the derivative of the branch the comparison takes.
                bool taken = Holds(op, 1);
                double[] expected = taken ? new[] { 2 * w, 1.0 } : new[] { b, w };
                double[] actual = LoadedModels.GradientOf(LoadedModels.Create(assembly, "Variants." + className, w, b), 1.0);
                Assert.True(expected.SequenceEqual(actual), $"{className} (x {op} 1) at x = 1: expected ({string.Join(", ", expected)}), got ({string.Join(", ", actual)})");
            }
        }
    }

    /// <summary>
    /// Random losses over every supported function, operator and statement, each function given arguments in its
    /// domain (Log(1 + u²), Asin(0.9·tanh u), …) so that any point is a fair test; seeded, so a failure repeats.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_losses(int seed)
    {
        const int Models = 40;
        var random = new Random(seed);
        var sources = new List<string>();
        var source = new StringBuilder("using System;\nusing SymbolicGd;\nusing static SymbolicGd.Functions;\n\nnamespace Variants\n{\n");
        for (int i = 0; i < Models; i++)
        {
            string body = new RandomLoss(random).Body();
            sources.Add(body);
            source.Append(CultureInfo.InvariantCulture, $$"""
                [Differentiable]
                public partial class Random{{i}}
                {
                    [Param] public double w, b, c;

                    [Loss]
                    public double L(double x, double y)
                    {
                {{body}}
                    }

                    private double H1(double a)
                    {
                        if (a > 0.5)
                        {
                            return Math.Log(a) * w;
                        }

                        a *= b;
                        return a + c;
                    }

                    private static double H2(double a, double b) => a * Math.Tanh(b);
                }

                """);
        }

        // A random loss may leave a parameter out, or use it only in conditions: those warnings are expected.
        var run = GeneratorHarness.Run(source.Append('}').ToString());
        Assert.Null(run.Result.Exception);
        var problems = run.GeneratorDiagnostics.Where(d => d.Id is not ("SGD0027" or "SGD0028"))
            .Concat(run.CompilationErrors).Concat(run.GeneratedFileProblems).Distinct().ToList();
        // SYMBOLICGD_DUMP_VARIANTS=/some/prefix writes the models and what was generated from them, to read a failure.
        if (Environment.GetEnvironmentVariable("SYMBOLICGD_DUMP_VARIANTS") is { } dump)
        {
            System.IO.File.WriteAllText(dump + ".src.cs", source.ToString());
            foreach (var pair in run.Sources)
            {
                System.IO.File.WriteAllText(dump + "." + pair.Key, pair.Value);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        var assembly = run.Load();
        for (int i = 0; i < Models; i++)
        {
            for (int point = 0; point < 3; point++)
            {
                double[] theta = { Draw(random), Draw(random), Draw(random) };
                double[] sample = { Draw(random), Draw(random) };
                var model = LoadedModels.Create(assembly, "Variants.Random" + i, theta);
                try
                {
                    CheckLoaded(model, sample);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new InvalidOperationException($"Random{i} (seed {seed}):\n{sources[i]}\n{e.Message}", e);
                }
            }
        }
    }

    private static double Draw(Random random) => Math.Round(random.NextDouble() * 4 - 2, 3);

    /// <summary>A random loss body: locals, compound assignments, if/else, and a return.</summary>
    private sealed class RandomLoss
    {
        private static readonly string[] s_unary =
        {
            "Math.Sin({0})", "Math.Cos({0})", "Math.Atan({0})", "Math.Tanh({0})", "Sigmoid({0})", "Softplus({0})",
            "Square({0})", "Math.Exp(Math.Tanh({0}))", "Math.Sqrt(1 + Square({0}))", "Math.Log(1 + Square({0}))",
            "Math.Log10(2 + Math.Sin({0}))", "Math.Log(2 + Math.Cos({0}), 3 + Math.Sin({0}))",
            "Math.Cbrt(3 + Math.Sin({0}))", "Math.Sinh(Math.Tanh({0}))", "Math.Cosh(Math.Tanh({0}))",
            "Math.Asin(0.9 * Math.Tanh({0}))", "Math.Acos(0.9 * Math.Tanh({0}))", "Math.Tan(Math.Atan({0}) / 2)",
            "Math.Abs({0})", "Relu({0})", "(0.5 * Math.Sign({0}))", "Math.Pow(2 + Math.Sin({0}), 3)",
            "Math.Pow(2 + Math.Sin({0}), 0.5)", "Math.Pow(1.5, Math.Tanh({0}))", "-({0})", "({0})", "H1({0})",
            "({0} > 0.1 ? Math.Log({0}) : {0})", "(x > 0 ? Math.Sqrt(x) * {0} : {0})", "(Math.Abs({0}) > 0.1 ? 1 / {0} : {0})",
        };

        private static readonly string[] s_binary =
        {
            "{0} + {1}", "{0} - {1}", "{0} * {1}", "{0} / (1.5 + Square({1}))", "{0} / 4", "Math.Max({0}, {1})",
            "Math.Min({0}, {1})", "Math.Atan2({0}, 1.5 + Square({1}))", "Math.Atan2(1 + Square({0}), {1})",
            "Math.Pow(1 + Square({0}), Math.Tanh({1}))", "Math.Clamp({0}, -1 - Square({1}), 1 + Square({1}))",
            "({0} - {1}) * ({1} + {0})", "{0} - ({1} - {0})", "{0} / (2 + Math.Sin({1})) / 3",
            "{0} / 2 + (1 / 2) * {1}", "(3 / 2) * {0} - {1} * 2", "H2({0}, {1})",
        };

        private static readonly string[] s_comparisons = { "<", "<=", ">", ">=", "!=" };

        private readonly Random _random;
        private readonly List<string> _locals = new();

        public RandomLoss(Random random) => _random = random;

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private string Leaf()
        {
            var leaves = new List<string> { "w", "b", "c", "x", "y", "0.5", "2.0", "-1.5", "Math.PI", "Math.E" };
            leaves.AddRange(_locals);
            leaves.AddRange(_locals); // locals more often: shared subexpressions
            return Pick(leaves);
        }

        public string Expression(int depth)
        {
            double roll = _random.NextDouble();
            if (depth == 0 || roll < 0.2)
            {
                return Leaf();
            }

            if (roll < 0.5)
            {
                return string.Format(CultureInfo.InvariantCulture, Pick(s_unary), Expression(depth - 1));
            }

            if (roll < 0.85)
            {
                return "(" + string.Format(CultureInfo.InvariantCulture, Pick(s_binary), Expression(depth - 1), Expression(depth - 1)) + ")";
            }

            return $"({Condition(depth - 1)} ? {Expression(depth - 1)} : {Expression(depth - 1)})";
        }

        private string Condition(int depth)
        {
            string comparison = $"{Expression(depth)} {Pick(s_comparisons)} {Expression(depth)}";
            return _random.Next(4) switch
            {
                0 => $"!({comparison})",
                1 => $"({comparison} && {Expression(depth)} > -1)",
                2 => $"({comparison} || {Expression(depth)} < -1)",
                _ => comparison,
            };
        }

        public string Body()
        {
            var lines = new List<string>();
            int statements = 1 + _random.Next(5);
            for (int i = 0; i < statements; i++)
            {
                string name = "v" + i.ToString(CultureInfo.InvariantCulture);
                int kind = _locals.Count == 0 ? 0 : _random.Next(6);
                switch (kind)
                {
                    case 0:
                    case 1:
                        lines.Add($"double {name} = {Expression(3)};");
                        _locals.Add(name);
                        break;
                    case 2:
                        lines.Add($"{Pick(_locals)} {Pick(new[] { "+=", "-=", "*=" })} {Expression(2)};");
                        break;
                    case 3:
                        string target = Pick(_locals);
                        lines.Add($"if ({Condition(2)}) {{ {target} = {Expression(2)}; }} else {{ {target} *= {Expression(2)}; }}");
                        break;
                    case 4:
                        lines.Add($"if ({Condition(2)}) return {Expression(3)};");
                        break;
                    default:
                        string local = Pick(_locals);
                        lines.Add($"if ({Condition(2)}) {{ if ({Condition(1)}) {{ return {Expression(2)}; }} {local} -= {Expression(2)}; }} else {{ {{ {local} /= 2 + Math.Sin({Expression(2)}); }} }}");
                        break;
                }
            }

            lines.Add($"return {Expression(3)};");
            return string.Join("\n", lines.Select(l => "        " + l));
        }
    }
}
