using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>What a fuzzing run saw, summed over its batches.</summary>
internal sealed class FuzzReport
{
    public List<string> Failures { get; } = new();

    /// <summary>Mutants on which Roslyn itself throws, with or without the generator.</summary>
    public List<string> CompilerCrashes { get; } = new();

    public int Models { get; set; }

    public int Supported { get; set; }

    public int Rejected { get; set; }

    public int Generated { get; set; }

    public int PointsChecked { get; set; }

    public int DerivativesChecked { get; set; }

    public int DerivativesSkipped { get; set; }

    public int PointsSkipped { get; set; }

    public SortedDictionary<string, int> DiagnosticCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Per injected construct: how often it was injected, and the SGD error ids located on it.</summary>
    public SortedDictionary<string, (int Count, SortedSet<string> Ids)> Injections { get; } = new(StringComparer.Ordinal);

    public void Fail(string what, int seed, params (string Title, string Text)[] sources)
    {
        var b = new StringBuilder($"[seed {seed}] {what}");
        foreach (var (title, text) in sources)
        {
            b.Append("\n----- ").Append(title).Append(" -----\n").Append(text);
        }

        Failures.Add(b.ToString());
    }

    /// <summary>Adds what another run saw (a batch run on another thread) to this one.</summary>
    public void Add(FuzzReport other)
    {
        Failures.AddRange(other.Failures);
        CompilerCrashes.AddRange(other.CompilerCrashes);
        Models += other.Models;
        Supported += other.Supported;
        Rejected += other.Rejected;
        Generated += other.Generated;
        PointsChecked += other.PointsChecked;
        DerivativesChecked += other.DerivativesChecked;
        DerivativesSkipped += other.DerivativesSkipped;
        PointsSkipped += other.PointsSkipped;
        foreach (var (id, count) in other.DiagnosticCounts)
        {
            DiagnosticCounts[id] = DiagnosticCounts.GetValueOrDefault(id) + count;
        }

        foreach (var (injected, (count, ids)) in other.Injections)
        {
            var entry = Injections.GetValueOrDefault(injected, (Count: 0, Ids: new SortedSet<string>(StringComparer.Ordinal)));
            entry.Ids.UnionWith(ids);
            Injections[injected] = (entry.Count + count, entry.Ids);
        }
    }

    public override string ToString() =>
        $"{Models} models ({Supported} in the supported language): {Generated} generated, {Rejected} rejected with an SGD error; " +
        $"gradients checked at {PointsChecked} points ({DerivativesChecked} partial derivatives; {DerivativesSkipped} skipped near a kink or " +
        $"a singularity; {PointsSkipped} models without a finite smooth point); diagnostics: " +
        string.Join(", ", DiagnosticCounts.Select(p => $"{p.Key}×{p.Value}"));
}

/// <summary>
/// Compiles a batch of models in one compilation, runs the real generator over it once, checks every model's
/// outcome, and for the models in the supported language loads the result and compares Backward's gradient with
/// central finite differences of the same loss.
/// </summary>
internal static class FuzzRunner
{
    private const string ProbeSource = """
        namespace Fuzz.Harness
        {
            /// <summary>Records the outcome of every comparison and kink, and how close each came to flipping.</summary>
            public static class Probe
            {
                [System.ThreadStatic] public static long Signature;
                [System.ThreadStatic] public static double Margin;
                [System.ThreadStatic] public static bool NonFinite;

                public static double F(double value) { if (!double.IsFinite(value)) { NonFinite = true; } return value; }

                private static void Record(bool outcome, double a, double b)
                {
                    Signature = unchecked(Signature * 31 + (outcome ? 1 : 2));
                    double margin = System.Math.Abs(a - b) / (1 + System.Math.Abs(a) + System.Math.Abs(b));
                    if (double.IsNaN(margin) || margin < Margin) { Margin = double.IsNaN(margin) ? 0 : margin; }
                }

                public static bool Lt(double a, double b) { bool r = a < b; Record(r, a, b); return r; }
                public static bool Le(double a, double b) { bool r = a <= b; Record(r, a, b); return r; }
                public static bool Gt(double a, double b) { bool r = a > b; Record(r, a, b); return r; }
                public static bool Ge(double a, double b) { bool r = a >= b; Record(r, a, b); return r; }
                public static bool Eq(double a, double b) { bool r = a == b; Record(r, a, b); return r; }
                public static bool Ne(double a, double b) { bool r = a != b; Record(r, a, b); return r; }
                public static double Abs(double x) { Record(x > 0, x, 0); return System.Math.Abs(x); }
                public static double Max(double a, double b) { Record(a >= b, a, b); return System.Math.Max(a, b); }
                public static double Min(double a, double b) { Record(a <= b, a, b); return System.Math.Min(a, b); }
                public static double Relu(double x) { Record(x > 0, x, 0); return SymbolicGd.Functions.Relu(x); }
                public static int Sign(double x) { Record(x > 0, x, 0); Record(x < 0, x, 0); return System.Math.Sign(x); }

                public static double Clamp(double x, double lo, double hi)
                {
                    Record(x < lo, x, lo);
                    Record(x > hi, x, hi);
                    return System.Math.Clamp(x, lo, hi);
                }
            }
        }
        """;

    /// <summary>Runs one batch; returns the models whose own outcome failed, for the caller to print.</summary>
    public static void RunBatch(IReadOnlyList<FuzzModel> models, int seed, FuzzReport report, Random points)
    {
        var options = GeneratorHarness.ParseOptions;
        var trees = models.Select(m => CSharpSyntaxTree.ParseText(m.Source, options, path: m.FileName)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ProbeSource, options, path: "Harness/Probe.cs"));
        trees.AddRange(models.Where(m => m.Harness is not null).Select(m => CSharpSyntaxTree.ParseText(m.Harness!, options, path: $"Harness/{m.Name}.cs")));
        var compilation = CSharpCompilation.Create(
            $"Fuzz{seed}",
            trees,
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var run = GeneratorHarness.Run(compilation);
        report.Models += models.Count;
        report.Supported += models.Count(m => m.IsSupported);
        string AllSources() => string.Join("\n", models.Select(m => m.Source));
        if (run.Result.Exception is { } exception)
        {
            report.Fail($"the generator threw {exception}", seed, ("batch", AllSources()));
            return;
        }

        foreach (var diagnostic in run.GeneratorDiagnostics.Where(d => !d.Id.StartsWith("SGD", StringComparison.Ordinal)))
        {
            report.Fail($"the generator reported {diagnostic}", seed, ("batch", AllSources()));
        }

        foreach (var diagnostic in run.GeneratorDiagnostics)
        {
            report.DiagnosticCounts[diagnostic.Id] = report.DiagnosticCounts.GetValueOrDefault(diagnostic.Id) + 1;
        }

        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        var generatedTrees = run.Output.SyntaxTrees.Where(t => !compilation.SyntaxTrees.Contains(t)).ToList();

        var healthy = new List<FuzzModel>();
        foreach (var model in models)
        {
            var generated = generatedTrees.FirstOrDefault(t => t.FilePath.Contains("." + model.Name + ".", StringComparison.Ordinal) ||
                                                               t.FilePath.Contains("." + model.Name + "_1.", StringComparison.Ordinal));
            bool InModel(Diagnostic d) => d.Location.GetLineSpan().Path == model.FileName;
            bool InGenerated(Diagnostic d) => generated is not null && d.Location.SourceTree == generated;
            var sgdErrors = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && InModel(d)).ToList();
            var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && (InModel(d) || InGenerated(d))).ToList();
            var problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && InGenerated(d)).ToList();
            var sources = new List<(string, string)> { ($"{model.FileName} ({model.Injected ?? "supported language only"})", model.Source) };
            if (generated is not null)
            {
                sources.Add((generated.FilePath, generated.ToString()));
            }

            if (sgdErrors.Count > 0)
            {
                report.Rejected++;
            }
            else if (generated is not null)
            {
                report.Generated++;
            }

            if (problems.Count > 0)
            {
                report.Fail($"{model.Name}: the generated file has problems: {string.Join("; ", problems)}", seed, sources.ToArray());
            }
            else if (sgdErrors.Count == 0 && errors.Count > 0)
            {
                report.Fail($"{model.Name}: no SGD error, yet the compilation has errors: {string.Join("; ", errors)}", seed, sources.ToArray());
            }
            else if (model.IsSupported && sgdErrors.Count > 0)
            {
                report.Fail($"{model.Name}: a model in the supported language was rejected: {string.Join("; ", sgdErrors)}", seed, sources.ToArray());
            }
            else if (model.IsSupported && generated is null)
            {
                report.Fail($"{model.Name}: a model in the supported language generated nothing and reported nothing", seed, sources.ToArray());
            }
            else if (model.IsSupported)
            {
                healthy.Add(model);
            }
            else if (CheckInjected(model, sgdErrors, generated, report) is { } problem)
            {
                report.Fail($"{model.Name}: {problem}", seed, sources.ToArray());
            }
        }

        if (!emit.Success)
        {
            // A double as a condition is the one injection that is not C#: its batch cannot compile.
            if (healthy.Count == models.Count(m => m.IsSupported) && models.All(m => m.Injected != "double condition"))
            {
                var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10);
                report.Fail($"the batch does not compile, though every model did: {string.Join("; ", errors)}", seed, ("batch", AllSources()));
            }

            return;
        }

        var context = new AssemblyLoadContext($"Fuzz{seed}", isCollectible: true);
        try
        {
            stream.Position = 0;
            var assembly = context.LoadFromStream(stream);
            var probe = assembly.GetType("Fuzz.Harness.Probe")!;
            foreach (var model in healthy)
            {
                var generated = generatedTrees.First(t => t.FilePath.Contains("." + model.Name + ".", StringComparison.Ordinal) ||
                                                          t.FilePath.Contains("." + model.Name + "_1.", StringComparison.Ordinal));
                var adapter = assembly.GetType($"Fuzz.Harness.{model.Name}Adapter")!;
                var checker = new GradientChecker(
                    adapter.GetMethod("Loss")!.CreateDelegate<Func<double[], double[], double>>(),
                    adapter.GetMethod("Backward")!.CreateDelegate<Func<double[], double[], double[], double>>(),
                    probe);
                string? problem = checker.Check(model, points, report);
                if (problem is not null)
                {
                    report.Fail($"{model.Name}: {problem}", seed, (model.FileName, model.Source), (generated.FilePath, generated.ToString()));
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// A model with a construct outside the language must be rejected: an SGD error with the id expected for that
    /// construct, located on the injected text (or, for an absence such as a missing [Loss], anywhere in the model),
    /// and no generated file. Returns the problem, or null.
    /// </summary>
    private static string? CheckInjected(FuzzModel model, List<Diagnostic> sgdErrors, SyntaxTree? generated, FuzzReport report)
    {
        string injected = model.Injected!;
        var on = sgdErrors;
        if (model.InjectedText is { } text)
        {
            int start = model.Source.IndexOf(text, StringComparison.Ordinal);
            if (start < 0)
            {
                return $"the injected text '{text}' is not in the source";
            }

            var span = new Microsoft.CodeAnalysis.Text.TextSpan(start, text.Length);
            on = sgdErrors.Where(d => d.Location.SourceSpan.IntersectsWith(span)).ToList();
        }

        var entry = report.Injections.GetValueOrDefault(injected, (Count: 0, Ids: new SortedSet<string>(StringComparer.Ordinal)));
        report.Injections[injected] = (entry.Count + 1, entry.Ids);
        foreach (var d in on)
        {
            entry.Ids.Add(d.Id);
        }

        if (on.Count == 0)
        {
            entry.Ids.Add(generated is null ? (sgdErrors.Count == 0 ? "NOTHING" : "ELSEWHERE:" + string.Join("|", sgdErrors.Select(e => e.Id))) : "GENERATED");
        }

        if (!ExpectedIds.TryGetValue(injected, out var expected))
        {
            return $"the injected construct '{injected}' has no expected diagnostic in FuzzRunner.ExpectedIds";
        }

        if (generated is not null)
        {
            return $"the injected '{injected}' was reported ({string.Join("; ", sgdErrors)}), yet a file was generated";
        }

        if (!on.Any(d => expected.Contains(d.Id)))
        {
            return $"the injected '{injected}' ({model.InjectedText ?? "an absence"}) must be rejected with {string.Join(" or ", expected)} " +
                   $"located on it; the SGD errors were: {(sgdErrors.Count == 0 ? "none" : string.Join("; ", sgdErrors))}";
        }

        return null;
    }

    /// <summary>The SGD error each construct that <see cref="LossGenerator"/> injects must be reported with.</summary>
    private static readonly Dictionary<string, string[]> ExpectedIds = new(StringComparer.Ordinal)
    {
        // Statements
        // A for loop stepping by 2, a foreach over a new array: SGD0061 in the loss, SGD0065 in its ifs, SGD0011 in a helper.
        ["for loop"] = new[] { "SGD0061", "SGD0065", "SGD0011" }, ["while loop"] = new[] { "SGD0011" }, ["do loop"] = new[] { "SGD0011" },
        ["foreach loop"] = new[] { "SGD0061", "SGD0065", "SGD0011" },
        ["int local"] = new[] { "SGD0014" }, ["float local"] = new[] { "SGD0014" }, ["string local"] = new[] { "SGD0014" },
        ["array local"] = new[] { "SGD0064" }, ["object local"] = new[] { "SGD0014" },
        ["tuple deconstruction"] = new[] { "SGD0012" }, ["discard"] = new[] { "SGD0020" },
        ["other call"] = new[] { "SGD0012", "SGD0013" }, ["throw"] = new[] { "SGD0012" }, ["switch"] = new[] { "SGD0012" },
        ["try"] = new[] { "SGD0012" }, ["try/finally"] = new[] { "SGD0012" }, ["goto"] = new[] { "SGD0012" },
        ["using"] = new[] { "SGD0012" }, ["lock"] = new[] { "SGD0012" },
        ["lambda local"] = new[] { "SGD0016" }, ["local function"] = new[] { "SGD0016" },
        ["field write"] = new[] { "SGD0017" }, ["field increment"] = new[] { "SGD0017" }, ["parameter write"] = new[] { "SGD0017" },
        ["ref local"] = new[] { "SGD0015" },
        ["increment"] = new[] { "SGD0019", "SGD0012" }, ["remainder assignment"] = new[] { "SGD0019" },
        ["null-coalescing"] = new[] { "SGD0019", "SGD0020", "SGD0014" },
        ["double condition"] = new[] { "SGD0033" },

        // Expressions
        ["remainder"] = new[] { "SGD0019" },
        ["Math.Round"] = new[] { "SGD0013" }, ["Math.Floor"] = new[] { "SGD0013" }, ["Math.FusedMultiplyAdd"] = new[] { "SGD0013" },
        ["Math.BitIncrement"] = new[] { "SGD0013" }, ["Math.Log2"] = new[] { "SGD0013" }, ["double.Parse"] = new[] { "SGD0013" },
        ["Random"] = new[] { "SGD0013" }, ["lambda"] = new[] { "SGD0013", "SGD0016" },
        ["int cast"] = new[] { "SGD0014" }, ["float cast"] = new[] { "SGD0014" }, ["int conditional"] = new[] { "SGD0014" },
        ["Math.Abs(int)"] = new[] { "SGD0014" }, ["Math.Max(int, int)"] = new[] { "SGD0014" }, ["CompareTo"] = new[] { "SGD0014" },
        ["string length"] = new[] { "SGD0014" }, ["ProcessorCount"] = new[] { "SGD0014" }, ["GetHashCode"] = new[] { "SGD0014" },
        ["helper returning float"] = new[] { "SGD0014" },
        ["array element"] = new[] { "SGD0020", "SGD0064" }, ["switch expression"] = new[] { "SGD0020" }, ["is pattern"] = new[] { "SGD0020" },
        ["nullable"] = new[] { "SGD0020" },
        ["recursion"] = new[] { "SGD0018" }, ["out argument"] = new[] { "SGD0015" }, ["generic helper"] = new[] { "SGD0022" },
        ["helper taking int"] = new[] { "SGD0010" }, ["other instance"] = new[] { "SGD0021" },

        // The loss's signature
        ["ref argument"] = new[] { "SGD0010" }, ["long argument"] = new[] { "SGD0010" }, ["params argument"] = new[] { "SGD0010" },
        ["generic loss"] = new[] { "SGD0009" }, ["no [Loss]"] = new[] { "SGD0004" },
        ["loss named Backward"] = new[] { "SGD0023" }, ["data argument named Sample"] = new[] { "SGD0023" },

        // Members
        ["int [Param]"] = new[] { "SGD0007" }, ["readonly [Param]"] = new[] { "SGD0008" }, ["static [Param]"] = new[] { "SGD0008" },
        ["get-only [Param]"] = new[] { "SGD0008" }, ["init-only [Param]"] = new[] { "SGD0008" }, ["second [Loss]"] = new[] { "SGD0005" },
        ["member named Gradient"] = new[] { "SGD0023" }, ["member named Evaluate"] = new[] { "SGD0023" },
    };

    /// <summary>Compares Backward with central differences of the probe copy of the loss at random points.</summary>
    private sealed class GradientChecker
    {
        /// <summary>A point is used only if no comparison or kink on its path is within this (relative) of flipping.</summary>
        private const double MinimumMargin = 1e-6;

        private readonly Func<double[], double[], double> _loss;
        private readonly Func<double[], double[], double[], double> _backward;
        private readonly FieldInfo _signature;
        private readonly FieldInfo _margin;
        private readonly FieldInfo _nonFinite;

        public GradientChecker(Func<double[], double[], double> loss, Func<double[], double[], double[], double> backward, Type probe)
        {
            _loss = loss;
            _backward = backward;
            _signature = probe.GetField("Signature")!;
            _margin = probe.GetField("Margin")!;
            _nonFinite = probe.GetField("NonFinite")!;
        }

        private (double Value, long Signature, double Margin, bool NonFinite)? Evaluate(double[] theta, double[] data)
        {
            _signature.SetValue(null, 17L);
            _margin.SetValue(null, double.PositiveInfinity);
            _nonFinite.SetValue(null, false);
            try
            {
                double value = _loss(theta, data);
                return (value, (long)_signature.GetValue(null)!, (double)_margin.GetValue(null)!, (bool)_nonFinite.GetValue(null)!);
            }
            catch (ArithmeticException)
            {
                return null; // Math.Sign(NaN)
            }
            catch (ArgumentException)
            {
                return null; // Math.Clamp with min > max
            }
        }

        public string? Check(FuzzModel model, Random random, FuzzReport report)
        {
            for (int attempt = 0; attempt < 4; attempt++)
            {
                var theta = Enumerable.Range(0, model.ParameterCount).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 3)).ToArray();
                var data = Enumerable.Range(0, model.DataCount).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 3)).ToArray();
                var at = $"θ = [{string.Join(", ", theta.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}], " +
                         $"data = [{string.Join(", ", data.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]";
                // Skipped: no finite value, a comparison or kink about to flip, or an infinite intermediate (tanh(x/0)
                // is finite, but its derivative is 0·∞ = NaN by the chain rule, in any automatic differentiation).
                if (Evaluate(theta, data) is not { } base0 || !double.IsFinite(base0.Value) || base0.Margin < MinimumMargin || base0.NonFinite)
                {
                    continue;
                }

                var gradient = Enumerable.Repeat(0.5, model.ParameterCount).ToArray();
                double value;
                try
                {
                    value = _backward(theta, data, gradient);
                }
                catch (Exception e)
                {
                    return $"Backward threw where the loss did not, at {at}: {e}";
                }

                if (value != base0.Value)
                {
                    return $"Backward returned {value:R} but the loss is {base0.Value:R} at {at}";
                }

                report.PointsChecked++;
                for (int i = 0; i < theta.Length; i++)
                {
                    double g = gradient[i] - 0.5; // Backward adds to what the span holds
                    string? problem = CheckDerivative(theta, data, i, g, base0.Value, base0.Signature, report);
                    if (problem is not null)
                    {
                        return $"∂L/∂θ{i}: {problem} at {at}";
                    }
                }

                return null;
            }

            report.PointsSkipped++;
            return null;
        }

        /// <remarks>
        /// Central differences D(h) = (L(θ+h) − L(θ−h))/2h with h = 1e-6·max(1, |θᵢ|) have a truncation error of
        /// about h²·|L‴|/6 (≈ 1e-13·|L‴|) and a rounding error of about ε·|L|/h (≈ 2e-10·|L|). D(h) and D(h/2) are
        /// both computed: if a comparison or kink flips within h, or they disagree by more than 1e-3 (the point is
        /// near a singularity such as √0 or a pole, where the estimate is meaningless), the derivative is skipped.
        /// Otherwise Backward must agree with D(h/2) to 1e-5 relative, plus the observed disagreement between the two
        /// estimates and the rounding term: loose enough for every smooth point, while a wrong rule (a lost term, a
        /// wrong factor or sign, a branch's derivative used on the other branch) is off by far more.
        /// </remarks>
        private string? CheckDerivative(double[] theta, double[] data, int i, double analytic, double value, long signature, FuzzReport report)
        {
            double saved = theta[i];
            double h = 1e-6 * Math.Max(1, Math.Abs(saved));
            double? Difference(double step)
            {
                theta[i] = saved + step;
                var plus = Evaluate(theta, data);
                theta[i] = saved - step;
                var minus = Evaluate(theta, data);
                theta[i] = saved;
                if (plus is not { } p || minus is not { } m || p.Signature != signature || m.Signature != signature ||
                    !double.IsFinite(p.Value) || !double.IsFinite(m.Value))
                {
                    return null;
                }

                return (p.Value - m.Value) / (2 * step);
            }

            if (Difference(h) is not { } d1 || Difference(h / 2) is not { } d2 ||
                Math.Abs(d1 - d2) > 1e-3 * Math.Max(1, Math.Abs(d2)))
            {
                report.DerivativesSkipped++;
                return null;
            }

            report.DerivativesChecked++;
            double tolerance = 1e-5 * Math.Max(1, Math.Max(Math.Abs(analytic), Math.Abs(d2))) + 2 * Math.Abs(d1 - d2) + 1e-15 * Math.Abs(value) / h;
            return Math.Abs(analytic - d2) <= tolerance ? null : $"Backward gives {analytic:R}, central differences {d2:R} (and {d1:R} at twice the step)";
        }
    }
}
