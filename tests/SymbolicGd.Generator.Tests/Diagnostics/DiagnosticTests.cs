using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Diagnostics;

/// <summary>
/// Every SGD diagnostic, on exactly the syntax it blames. A model with an error generates nothing, never throws,
/// and never leaves generated code that fails to compile.
/// </summary>
public class DiagnosticTests
{
    private const string Usings = "using System;\nusing SymbolicGd;\nusing static SymbolicGd.Functions;\n";

    /// <param name="generated">How many models of the source are fine and generate a file.</param>
    internal static GeneratorRun Expect(string markup, CSharpParseOptions? options = null, int generated = 0)
    {
        var parsed = Markup.Parse(Usings + markup);
        var compilation = options is null
            ? GeneratorHarness.Compilation(parsed.Source)
            : GeneratorHarness.Compilation(options, parsed.Source);
        var run = GeneratorHarness.Run(compilation);

        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        parsed.AssertMatches(run.Sgd);
        Assert.Empty(run.GeneratedFileProblems.Select(d => d.ToString()));
        Assert.Equal(generated, run.Result.GeneratedSources.Length);

        return run;
    }

    private static string Message(GeneratorRun run) => run.Sgd.Single().GetMessage();

    [Fact]
    public void SGD0001_class_not_partial()
    {
        var run = Expect("""
            [Differentiable]
            public class {|SGD0001:Model|}
            {
                [Param] public double w;
                [Loss] public double L() => w * w;
            }
            """);
        Assert.Contains("partial class Model", Message(run));
    }

    [Fact]
    public void SGD0002_containing_type_not_partial()
    {
        Expect("""
            public class {|SGD0002:Outer|}
            {
                [Differentiable]
                public partial class Model
                {
                    [Param] public double w;
                    [Loss] public double L() => w * w;
                }
            }
            """);
    }

    [Fact]
    public void SGD0003_model_derived_from_a_model()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Base
            {
                [Param] public double w;
                [Loss] public double L() => w * w;
            }

            [Differentiable]
            public partial class {|SGD0003:Derived|} : Base
            {
                [Param] public double v;
                [Loss] public double M() => v * v;
            }
            """,
            generated: 1);
        Assert.Contains("compose them with methods", Message(run));
    }

    [Fact]
    public void SGD0003_static_class()
    {
        Expect("""
            [Differentiable]
            public static partial class {|SGD0003:{|SGD0006:Model|}|}
            {
                [Loss] public static double L() => 1;
            }
            """);
    }

    [Fact]
    public void SGD0004_missing_loss()
    {
        var run = Expect("""
            [Differentiable]
            public partial class {|SGD0004:Model|}
            {
                [Param] public double w;
                public double L() => w * w;
            }
            """);
        Assert.Contains("mark the instance method that returns the loss", Message(run));
    }

    [Fact]
    public void SGD0005_second_loss()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss] public double L() => w * w;
                [Loss] public double {|SGD0005:M|}() => w;
            }
            """);
        Assert.Contains("the first is 'L'", Message(run));
    }

    [Fact]
    public void SGD0006_no_parameters()
    {
        Expect("""
            [Differentiable]
            public partial class {|SGD0006:Model|}
            {
                public double w;
                [Loss] public double L() => w * w;
            }
            """);
    }

    [Fact]
    public void SGD0007_parameter_not_double()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public {|SGD0007:float|} w;
                [Param] public {|SGD0007:int[]|} weights = new int[2];
                [Param] public double v;
                [Loss] public double L() => v * v;
            }
            """);
        Assert.Contains("double[] or double[,] fields", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0007_on_the_only_parameter_is_the_only_error()
    {
        // The class does declare a [Param], of the wrong type: SGD0006 "declares no [Param]" would contradict it.
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public {|SGD0007:float|} w;
                [Loss] public double L() => w * w;
            }
            """);
        Assert.Equal("SGD0007", Assert.Single(run.Sgd).Id);
    }

    [Fact]
    public void SGD0008_on_the_only_parameter_is_the_only_error()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public static double {|SGD0008:w|};
                [Loss] public double L() => w * w;
            }
            """);
        Assert.Equal("SGD0008", Assert.Single(run.Sgd).Id);
    }

    [Fact]
    public void SGD0008_parameter_not_writable()
    {
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public readonly double {|SGD0008:a|};
                [Param] public static double {|SGD0008:b|};
                [Param] public double {|SGD0008:C|} { get; }
                [Param] public double {|SGD0008:D|} { get; init; }
                [Param] public const double {|SGD0008:E|} = 1;
                [Param] public double w;
                [Loss] public double L() => w * a * b * C * D * E;
            }
            """);
    }

    [Fact]
    public void SGD0009_loss_shape()
    {
        Expect("""
            [Differentiable]
            public partial class Static
            {
                [Param] public double w;
                [Loss] public static double {|SGD0009:L|}() => 1;
            }

            [Differentiable]
            public partial class Float
            {
                [Param] public double w;
                [Loss] public {|SGD0009:float|} L() => (float)w;
            }

            [Differentiable]
            public partial class Generic
            {
                [Param] public double w;
                [Loss] public double {|SGD0009:L|}<T>() => w;
            }
            """);
    }

    [Fact]
    public void SGD0010_data_argument_not_a_double_by_value()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss] public double L({|SGD0010:long n|}, {|SGD0010:ref double x|}, {|SGD0010:params double[] rest|}) => w * x;
            }
            """);
        Assert.Contains("double[] arrays and int indices", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0060_array_length_unknown_at_build_time()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                private static int n = 3;
                [Param] public double[] {|SGD0060:w|} = new double[n];
                [Param] public double b;
                [Loss] public double L(double x) => b * x;
            }
            """);
        Assert.Contains("new double[N]", run.Sgd[0].GetMessage());
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double b;
                [Loss]
                public double L(double x)
                {
                    double[] {|SGD0060:z = new double[(int)x]|};
                    return b * x;
                }
            }
            """);
    }

    [Fact]
    public void SGD0061_for_loops_of_other_forms()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double[] w = new double[4];
                [Loss]
                public double L(double[] x)
                {
                    double s = 0;
                    {|SGD0061:for|} (double d = 0; d < 3; d++) s += d;
                    for (int i = 0; {|SGD0061:i < x[0]|}; i++) s += w[i];
                    for (int i = 0; i < 4; {|SGD0061:i += 2|}) s += w[i];
                    {|SGD0061:foreach|} (var v in new[] { 1.0 }) s += v;
                    for (int i = 0; i < 4; i++) { {|SGD0061:i|} = 3; }
                    return s;
                }
            }
            """);
        Assert.Contains("counter", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0062_indices_of_other_forms()
    {
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double[] w = new double[4];
                [Loss]
                public double L(double[] x)
                {
                    double s = 0;
                    for (int i = 0; i < 4; i++) s += w[{|SGD0062:i / 2|}] * x[i];
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void SGD0063_indices_out_of_range_at_build_time()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double[] w = new double[4];
                [Loss]
                public double L(double[] x)
                {
                    double s = 0;
                    for (int i = 0; i < 4; i++) s += w[{|SGD0063:i + 1|}];
                    return s + w[{|SGD0063:4|}] + w[{|SGD0063:-1|}];
                }
            }
            """);
        Assert.Contains("reaches index 4 of 'w', which has length 4", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0064_arrays_used_as_a_whole_or_written_when_they_are_data()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double[] w = new double[2];
                [Loss]
                public double L(double[] x)
                {
                    {|SGD0064:x[0]|} = 1;
                    double[] {|SGD0064:k = { 1.0, 2.0 }|};
                    return w.Length + H(x[0]);
                }
                private double H(double v) => v * {|SGD0064:w[0]|};
            }
            """);
        Assert.Contains("read and written", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0065_loops_in_branches_and_returns_in_or_before_loops()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double[] w = new double[2];
                [Loss]
                public double L(double[] x)
                {
                    double s = 0;
                    if (x[0] > 0) { {|SGD0065:for|} (int i = 0; i < 2; i++) s += w[i]; }
                    if (s > 5) {|SGD0065:return|} s;
                    for (int i = 0; i < 2; i++) { s += w[i]; if (s > 1) {|SGD0065:return|} s; }
                    for (int i = 0; i < 2; i++) { double[] {|SGD0065:z = new double[2]|}; s += w[i]; }
                    return s;
                }
            }
            """);
        Assert.Contains("put the if inside the loop", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0011_loops()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss]
                public double L(double x)
                {
                    double s = 0;
                    {|SGD0011:while|} (s > 10) { s /= 2; }
                    {|SGD0011:do|} { s -= 1; } while (s > 100);
                    return s;
                }
            }
            """);
        Assert.Contains("a loss loops with 'for (int i = start; i < bound; i++)'", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0012_unsupported_statements()
    {
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss]
                public double L(double x)
                {
                    {|SGD0012:Console.WriteLine(x);|}
                    {|SGD0012:switch|} (x) { default: break; }
                    {|SGD0012:try|} { } finally { }
                    if (x < 0) {|SGD0012:throw|} new ArgumentException("x");
                    return w * x;
                }
            }
            """);
    }

    [Fact]
    public void SGD0013_unsupported_calls()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss] public double L(double x) => {|SGD0013:Math.Floor(w)|} + {|SGD0013:Math.Round(w * x)|} + {|SGD0013:double.Parse("1")|};
            }
            """);
        Assert.Contains("Math.Exp", run.Sgd[0].GetMessage());
        Assert.Contains("SymbolicGd.Functions.Sigmoid", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0014_values_that_are_not_double()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                public int count = 3;
                public float scale = 2;
                [Loss]
                public double L(double x)
                {
                    {|SGD0014:int|} n = 2;
                    {|SGD0014:bool|} positive = x > 0;
                    return w * {|SGD0014:count|} + {|SGD0014:scale|} * x + {|SGD0014:Math.Abs(count)|};
                }
            }
            """);
        Assert.Contains("'count' has type 'int'", run.Sgd.Single(d => d.Location.SourceSpan.Length == 5 && d.GetMessage().Contains("count")).GetMessage());
    }

    [Fact]
    public void SGD0015_references()
    {
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss]
                public double L(double x)
                {
                    ref double {|SGD0015:r = ref x|};
                    return w * Math.Max(x, Math.Exp(Helper({|SGD0015:out double y|})));
                }

                private static double Helper(out double y) { y = 1; return 2; }
            }
            """);
    }

    [Fact]
    public void SGD0016_lambdas_and_local_functions()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss]
                public double L(double x)
                {
                    Func<double, double> f = {|SGD0016:z => z * w|};
                    double {|SGD0016:Square|}(double z) => z * z;
                    return {|SGD0016:Square(w)|} * x;
                }
            }
            """);
        Assert.Contains("write it as a method of the same class", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0017_writes_to_fields_and_properties()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                public double calls;
                public double Last { get; set; }
                [Loss]
                public double L(double x)
                {
                    {|SGD0017:calls|} = calls + 1;
                    {|SGD0017:this.Last|} += x;
                    {|SGD0017:w|}++;
                    return w * x;
                }
            }
            """);
        Assert.Contains("assign to a local instead", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0018_recursion()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss] public double L(double x) => Power(w, x);

                private static double Power(double b, double n) => n <= 0 ? 1 : b * {|SGD0018:Power(b, n - 1)|};
            }
            """);
        Assert.Contains("Power → Power", Message(run));
    }

    [Fact]
    public void SGD0018_recursion_through_the_loss()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss] public double L(double x) => x > 1 ? Half(x) : w * x;

                private double Half(double x) => {|SGD0018:L(x / 2)|};
            }
            """);
        Assert.Contains("L → Half → L", Message(run));
    }

    [Fact]
    public void SGD0019_unsupported_operators()
    {
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss]
                public double L(double x)
                {
                    double y = x;
                    {|SGD0019:y++|};
                    {|SGD0019:y %= 2|};
                    return {|SGD0019:w % 2|} + y;
                }
            }
            """);
    }

    [Fact]
    public void SGD0020_unsupported_expressions()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss] public double L(double x) => {|SGD0020:x switch { > 0 => w, _ => -w }|} + {|SGD0064:new[] { w, x }[1]|};
            }
            """);
        Assert.Contains("switch expression", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0021_members_of_other_objects()
    {
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                public Model? other;
                public static readonly double[] Table = { 1, 2 };
                public Model Self => this;
                [Loss] public double L(double x) => w * {|SGD0021:other!.w|} + {|SGD0021:Self.w|} + {|SGD0064:Table[0]|} + {|SGD0014:"text".Length|};
            }
            """);
    }

    [Fact]
    public void SGD0022_methods_that_cannot_be_inlined()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss] public double L(double x) => {|SGD0022:Scale(x)|} + {|SGD0022:Native(x)|} + {|SGD0022:Generic<int>(x)|};

                protected virtual double Scale(double x) => w * x;
                [System.Runtime.InteropServices.DllImport("m")] private static extern double Native(double x);
                private static double Generic<T>(double x) => x;
            }
            """);
        Assert.Contains("is virtual", run.Sgd[0].GetMessage());
    }

    [Fact]
    public void SGD0023_names_that_collide_with_generated_members()
    {
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                public double {|SGD0023:Derivatives|};
                [Loss] public double L(double x) => w * x;
                public void {|SGD0023:Backward|}() { }
                private static void {|SGD0023:__ThrowBackwardLengthMismatch|}() { }
            }

            [Differentiable]
            public partial class DataNamedLikeRecordMembers
            {
                [Param] public double w;
                [Loss] public double L(double {|SGD0023:ToString|}) => w * ToString;
            }
            """);
    }

    [Fact]
    public void SGD0024_language_version_before_records()
    {
        var run = Expect(
            """
            [Differentiable]
            public partial class {|SGD0024:Model|}
            {
                [Param] public double w;
                [Loss] public double L() => w * w;
            }
            """,
            new CSharpParseOptions(LanguageVersion.CSharp9));
        Assert.Contains("C# 9", Message(run));
    }

    [Fact]
    public void SGD0025_loss_that_inlines_to_too_many_operations()
    {
        // Each level calls the one below twice with different arguments: 2^20 leaves after inlining.
        var levels = string.Join("\n", Enumerable.Range(1, 20).Select(k =>
            $"    private static double F{k}(double z) => F{k - 1}(z * 2) + F{k - 1}(z * 3);"));
        var run = Expect($$"""
            [Differentiable]
            public partial class {|SGD0025:Model|}
            {
                [Param] public double w;
                [Loss] public double L() => F20(w);
                private static double F0(double z) => Math.Sin(z);
            {{levels}}
            }
            """);
        Assert.Contains("500,000 operations", Message(run));
    }

    [Fact]
    public void SGD0032_loss_whose_generated_method_would_pass_the_limit_on_locals()
    {
        // Each level's helper keeps two values in locals of its own and is inlined twice: 2^16 user's locals from a
        // page of source, past the 65,534 .NET allows in one method. They cannot share locals (the derivation names
        // them), so nothing is generated and the class is told why, rather than the project failing with CS0204.
        var levels = string.Join("\n", Enumerable.Range(1, 15).Select(k =>
            $"    private static double F{k}(double z) {{ double a = F{k - 1}(z * 0.5); double b = F{k - 1}(z * 0.25); return a * b + a; }}"));
        var run = Expect($$"""
            [Differentiable]
            public partial class {|SGD0032:Model|}
            {
                [Param] public double w = 0.5;
                [Loss] public double L() => F15(w);
                private static double F0(double z) => z;
            {{levels}}
            }
            """);
        Assert.Equal(DiagnosticSeverity.Error, run.Sgd.Single().Severity);
        Assert.Matches(@"^The generated (Backward|Evaluate) of 'Model' would declare [\d,]+ locals, more than the 65,534 \.NET allows in one method", Message(run));
    }

    [Fact]
    public void SGD0033_a_double_as_the_condition_of_an_if()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w = 0.5;
                [Loss]
                public double L(double x)
                {
                    double e = w * x - 1;
                    if ({|SGD0033:e|}) { e = -e; }
                    return e * e;
                }
            }
            """);
        Assert.Equal(DiagnosticSeverity.Error, run.Sgd.Single().Severity);
        Assert.Equal(
            "The condition 'e' is a double, not a comparison: a condition of 'if' or '?:' compares doubles ('<', '<=', '>', '>=', '==', '!='), " +
            "or joins comparisons with '&&', '||' and '!'; write, for example, 'e != 0'",
            Message(run));
        AssertOnlyTheCompilersOwnError(run, "e");
    }

    [Fact]
    public void SGD0033_a_double_as_the_condition_of_a_conditional_expression()
    {
        // A data argument, a [Param] and an arithmetic expression as conditions, one of them in a helper: each is
        // reported where it is, and the compiler's CS0029 (once per condition, all in the user's file) is all else.
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w = 0.5, b;
                [Loss]
                public double L(double x)
                {
                    double r = {|SGD0033:x|} ? w : b;
                    r = {|SGD0033:w|} ? r * r : r;
                    return Helper(r);
                }
                private double Helper(double r) => {|SGD0033:r * b|} ? r : -r;
            }
            """);
        Assert.Equal("The condition 'r * b' is a double, not a comparison", run.Sgd[2].GetMessage().Split(':')[0]);
        Assert.Equal(3, run.Output.GetDiagnostics().Count(d => d.Id == "CS0029"));
        Assert.All(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Equal("CS0029", d.Id));
        Assert.All(run.Output.GetDiagnostics().Where(d => d.Id == "CS0029"), d => Assert.Equal("Model0.cs", d.Location.SourceTree!.FilePath));
    }

    [Fact]
    public void SGD0033_in_a_body_whose_flow_is_checked()
    {
        // A local declared without a value (or a body that may run off its end) makes the parser ask for the body's
        // C# errors, to leave flow errors to the compiler: CS0029 on a condition is not one of them, and found by
        // RandomLossTests to hide SGD0033 (nothing was reported, the model silently skipped).
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double p0 = 0.25;
                [Loss]
                public double L()
                {
                    if ({|SGD0033:(p0 * 2.0)|}) { }
                    double v;
                    v = p0 * p0;
                    return v;
                }
            }
            """);
        Assert.StartsWith("The condition 'p0 * 2.0' is a double, not a comparison", Message(run));
        AssertOnlyTheCompilersOwnError(run, "(p0 * 2.0)");
    }

    [Fact]
    public void SGD0033_inside_an_operation_that_takes_an_error_type_from_it()
    {
        // Found by RandomLossTests: C# gives the subtraction around a ?: whose condition is a double an error type,
        // which the walk stopped at as a C# error of another kind, so nothing was reported.
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double p0 = 2.0, p2 = 0.1;
                [Loss] public double L(double x2) => p0 * (({|SGD0033:(p2 + this.p0)|} ? 1.0 : 2.0) - x2);
            }
            """);
        Assert.StartsWith("The condition 'p2 + this.p0' is a double, not a comparison", Message(run));
        AssertOnlyTheCompilersOwnError(run, "(p2 + this.p0)");
    }

    [Fact]
    public void SGD0033_not_reported_for_comparisons_and_their_combinations()
    {
        Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w = 0.5, b;
                [Loss]
                public double L(double x)
                {
                    double e = w * x + b;
                    if (!(e < 0) && (x >= 1 || w == b)) { e = -e; }
                    return e > 1 ? e * e : (true ? e : 0);
                }
            }
            """,
            generated: 1).AssertClean();
    }

    /// <summary>
    /// The user's code with a condition that is a double gets C#'s own CS0029 once, in the user's file, and nothing
    /// else: no generated file repeats it.
    /// </summary>
    private static void AssertOnlyTheCompilersOwnError(GeneratorRun run, string condition)
    {
        Assert.Empty(run.Result.GeneratedSources);
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var error = Assert.Single(errors);
        Assert.Equal("CS0029", error.Id);
        Assert.Equal("Model0.cs", error.Location.SourceTree!.FilePath);
        Assert.Equal(condition, error.Location.SourceTree.ToString().Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));
        Assert.Equal(run.Sgd.Single().Location.SourceSpan, error.Location.SourceSpan);
    }

    [Fact]
    public void SGD0023_a_loss_that_explicitly_implements_the_generated_IDifferentiableLoss_Loss()
    {
        // The generated code implements IDifferentiableLoss.Loss() by calling the loss: the user's implementation of
        // it would be a second one (CS0111). An ordinary method named Loss is fine.
        var run = Expect("""
            [Differentiable]
            public partial class Model : IDifferentiableLoss
            {
                [Param] public double w = 0.5;
                [Loss] double {|SGD0023:IDifferentiableLoss.Loss|}() => w * w;
            }
            """);
        Assert.Equal(
            "'IDifferentiableLoss.Loss' conflicts with the generated implementation of IDifferentiableLoss.Loss, which calls the loss " +
            "(declare the loss as an ordinary method): rename it",
            Message(run));
    }

    [Fact]
    public void SGD0027_parameter_never_read()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w, {|SGD0027:unused|};
                [Loss] public double L(double x) => w * x;
            }
            """,
            generated: 1);
        Assert.Equal(DiagnosticSeverity.Warning, run.Sgd.Single().Severity);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void SGD0028_derivative_identically_zero()
    {
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w, {|SGD0028:threshold|}, {|SGD0028:cancels|};
                [Loss] public double L(double x) => (x > threshold ? w * x : -w * x) + cancels - cancels + Math.Sign(w);
            }
            """,
            generated: 1);
        Assert.All(run.Sgd, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Contains("∂L/∂threshold is identically zero", run.Sgd[0].GetMessage());
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void SGD0029_mutable_member_read_but_not_a_parameter()
    {
        // The forgotten [Param] (bias) and a settable property are reported once each, where first read; readonly,
        // const and static readonly members say they are fixed and are not. The model still generates.
        var run = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                public double bias = 0.5;
                public double Scale { get; set; } = 2;
                public readonly double fixedBias = 0.25;
                public const double Half = 0.5;
                public static readonly double Third = 1.0 / 3;
                [Loss] public double L(double x) => Square(w * x + {|SGD0029:bias|} - fixedBias) * {|SGD0029:Scale|} * Half * Third + bias;
            }
            """,
            generated: 1);
        Assert.All(run.Sgd, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Contains("'bias', which is not a [Param]", run.Sgd[0].GetMessage());
        Assert.Empty(run.CompilationErrors);

        // The generated documentation lists every constant the loss reads, mutable or not.
        Assert.Contains("/// constants (members read that are not [Param]; their derivatives are not computed): bias, fixedBias, Scale, Third\n", run.Source);
    }

    [Fact]
    public void SGD0030_parameters_in_two_files()
    {
        var parsed = Markup.Parse(Usings + """
            [Differentiable]
            public partial class Model
            {
                [Param] public double a = 1;
                [Loss] public double L() => a * b;
            }
            """);
        var second = Markup.Parse("""
            public partial class Model
            {
                [SymbolicGd.Param] public double {|SGD0030:b|} = 2;
            }
            """);
        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(parsed.Source, second.Source));

        Assert.Null(run.Result.Exception);
        var diagnostic = Assert.Single(run.Sgd);
        Assert.Equal("SGD0030", diagnostic.Id);
        Assert.Equal("Model1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(second.Expected.Single().Span, diagnostic.Location.SourceSpan);
        Assert.Contains("declared in more than one file (Model0.cs, Model1.cs)", diagnostic.GetMessage());
        Assert.Empty(run.Result.GeneratedSources);
    }

    [Fact]
    public void SGD0031_Backward_costs_more_than_four_times_the_loss()
    {
        // a^b is one operation; its derivatives b·a^(b−1) and a^b·ln a need five more: a subtraction, a power, a log and two
        // products: more than 4× the loss, which the class is told (info), and Backward's documentation says so.
        var run = Expect("""
            [Differentiable]
            public partial class {|SGD0031:Model|}
            {
                [Param] public double a = 2, b = 3;
                [Loss] public double L() => Math.Pow(a, b);
            }
            """,
            generated: 1);
        var diagnostic = Assert.Single(run.Sgd);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("has 6 operations, 6.0× the 1 of its loss", diagnostic.GetMessage());
        Assert.Contains("Cost: 6 operations, the loss's 1 included: 6.0× the loss", run.Source);

        // A product of two parameters is well within the bound: no diagnostic, and the count is in the docs.
        var cheap = Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double a = 2, b = 3;
                [Loss] public double L() => a * b + a;
            }
            """,
            generated: 1);
        Assert.Contains("Cost: 3 operations, the loss's 2 included: 1.5× the loss", cheap.Source); // a·b, + a; ∂a = b + 1
    }

    [Fact]
    public void C_sharp_errors_in_the_loss_are_left_to_the_compiler()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model("""
                [Param] public double w;
                [Loss] public double L(double x) => w * undefinedName;
            """));

        Assert.Null(run.Result.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Result.GeneratedSources);
        Assert.Contains(run.CompilationErrors, d => d.Id == "CS0103");
    }

    [Fact]
    public void SGD0034_second_derivatives_of_too_many_parameters_and_the_first_order_code_is_still_generated()
    {
        var names = Enumerable.Range(0, 301).Select(i => "p" + i).ToList();
        var run = GeneratorHarness.Run(GeneratorHarness.Model(
            $"        [Param] public double {string.Join(", ", names)};\n\n        [Loss] public double L() => {string.Join(" + ", names.Select(n => n + " * " + n))};",
            "Wide").Replace("[Differentiable]", "[Differentiable(SecondOrder = true)]"));
        var diagnostic = Assert.Single(run.Sgd);
        Assert.Equal("SGD0034", diagnostic.Id);
        Assert.Equal("Wide", run.Input.SyntaxTrees.Single().GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("would need 301 parameters, past the limit of 300 parameters", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("public double Backward(", run.Source);
        Assert.DoesNotContain("Hessian", run.Source);
    }

    [Fact]
    public void SGD0066_second_order_on_a_loss_with_loops_and_the_first_order_code_is_still_generated()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model(Loops.LoopModels.LogisticRegression.Members, "Looped")
            .Replace("[Differentiable]", "[Differentiable(SecondOrder = true)]"));
        var diagnostic = Assert.Single(run.Sgd);
        Assert.Equal("SGD0066", diagnostic.Id);
        Assert.Equal("Looped", run.Input.SyntaxTrees.Single().GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("public double Backward(", run.Source);
        Assert.DoesNotContain("Hessian", run.Source);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void Every_descriptor_has_a_test_and_a_message_that_says_what_is_supported()
    {
        var tested = typeof(DiagnosticTests).GetMethods().Concat(typeof(Stacks.StackDiagnosticTests).GetMethods()).Concat(typeof(LeastSquares.ResidualDiagnosticTests).GetMethods())
            .Select(m => m.Name).Where(n => n.StartsWith("SGD", System.StringComparison.Ordinal)).Select(n => n.Substring(0, 7)).ToHashSet();
        foreach (var descriptor in SymbolicGd.Generator.Shared.Diagnostics.All)
        {
            Assert.Equal("SymbolicGd", descriptor.Category);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
            if (descriptor.Id != "SGD0026")
            {
                Assert.Contains(descriptor.Id, tested);
            }
        }
    }
}
