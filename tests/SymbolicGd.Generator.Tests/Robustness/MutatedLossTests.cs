using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Generator.Tests.Loops;
using Xunit.Abstractions;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>
/// Mutated models never make the generator throw (nor report CS8785) or write a generated file with an error or
/// warning in it: generated code compiles, or the generator reported an SGD error and generated nothing. That the
/// mutated user code itself no longer compiles is expected and fine. Most mutants are made on the syntax tree
/// (<see cref="TreeMutator"/>: operators swapped, subexpressions replaced or wrapped in calls, statements inserted), so
/// that they still bind and reach code generation; the others have their text mutated (tokens deleted, duplicated,
/// swapped, inserted or replaced, the file truncated), which mostly tests that broken C# is left to the compiler. A
/// sample of the mutants that do compile, with their generated file, has its gradient checked against finite
/// differences like the random models.
/// </summary>
/// <remarks>
/// Mutations stay inside the body of the model class and never insert a keyword that declares a type, so one
/// mutant cannot merge with another's class: each is judged by its own file and its own generated file. Seeds are
/// fixed; a failure names its mutant, M&lt;seed&gt;_&lt;i&gt;, whose seed <c>SYMBOLICGD_FUZZ_SEED</c> runs alone.
/// Syntax-tree mutants reach code generation about six times as often as text mutants (87% against 20% read by the
/// generator as valid C#, 72% against 12% generated), so this runs a third of the mutants it did when all were
/// text mutants, and as many reach the generator (more of them generate code).
/// </remarks>
public class MutatedLossTests
{
    public const int FirstSeed = 5_000;
    public const int Batches = 4;
    public const int MutantsPerBatch = 100;

    /// <summary>The mutants of this many seeds are compiled together (see <see cref="RandomLossTests"/>).</summary>
    public const int SeedsPerCompilation = 2;

    /// <summary>The share of mutants made by <see cref="TreeMutator"/>; the others have their text mutated.</summary>
    public const double TreeMutationRate = 0.7;

    /// <summary>At most this many compiling mutants (the first ones, in seed order) are checked numerically.</summary>
    public const int NumericSample = 100;

    /// <summary>The seed of the first loop and array model's mutants; model k of <see cref="LoopModels.All"/> has
    /// seed <c>LoopFirstSeed + k</c>, and its mutants are named L&lt;k&gt;_&lt;i&gt;.</summary>
    public const int LoopFirstSeed = 9_000;

    /// <summary>Mutants made of each loop and array model.</summary>
    public const int MutantsPerLoopModel = 20;

    private static readonly string[] s_insertions =
    {
        "(", ")", "{", "}", ";", ",", ".", "+", "-", "*", "/", "%", "=", "==", "<", ">", "<=", "!", "&&", "||", "?", ":",
        "=>", "++", "+=", "return", "if", "else", "double", "int", "var", "new", "this", "ref", "out", "in", "static",
        "const", "readonly", "partial", "public", "private", "virtual", "[Param]", "[Loss]", "[Differentiable]",
        "Math.Exp", "Math.Pow", "Sigmoid", "Relu", "Square", "p0", "p1", "x0", "v0", "b1_0", "H0", "Q0", "L",
        "gradient", "Backward", "Sample", "1", "2.0", "0", "1e308", "-1", "\"s\"", "'c'", "null", "default", "true",
        "false", "checked", "typeof", "nameof", "sizeof", "base", "value", "get", "set", "init", "@", "$", "#", "//",
        "/*", "params", "throw", "for", "while", "switch", "case", "try", "lock", "goto", "async", "await", "yield",
        "<T>", "T", "float", "decimal", "string", "object", "dynamic", "is", "as", "not", "and", "or", "with",
    };

    private readonly ITestOutputHelper _output;

    public MutatedLossTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mutated_losses_never_crash_the_generator_nor_break_its_output()
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var groups = RandomLossTests.Seeds(FirstSeed, Batches).Chunk(SeedsPerCompilation).ToList();
        var reaches = new Reach[groups.Count];
        var samples = new List<FuzzModel>[groups.Count];
        var report = RandomLossTests.RunInParallel(Enumerable.Range(0, groups.Count).ToList(), g =>
        {
            var mutants = new List<Mutant>();
            foreach (int seed in groups[g])
            {
                var random = new Random(seed);
                for (int i = 0; i < MutantsPerBatch; i++)
                {
                    string name = $"M{seed}_{i}";
                    // The corpus: random models, some with a construct outside the language, some using a double as
                    // a condition (not C#: SGD0033), and, as LossGenerator makes them, some explicit interface losses.
                    double kind = random.NextDouble();
                    var original = LossGenerator.Generate(random, name, allowInjection: kind < 0.3, doubleCondition: kind > 0.95);
                    bool tree = random.NextDouble() < TreeMutationRate;
                    mutants.Add(new Mutant(name, tree ? TreeMutator.Mutate(original.Source, random) : Mutate(original.Source, random), original.Source, tree));
                }
            }

            var batch = new FuzzReport();
            reaches[g] = new Reach();
            samples[g] = new List<FuzzModel>();
            RunBatch(mutants, groups[g][0], batch, samples[g], reaches[g], sampleLimit: (NumericSample + groups.Count - 1) / groups.Count);
            return batch;
        });

        var reach = new Reach();
        foreach (var r in reaches)
        {
            reach.Add(r);
        }

        // The first compiling mutants in seed order, whichever group found them.
        var sample = samples.SelectMany(s => s).Take(NumericSample).ToList();

        // The compiling mutants' gradients against central differences, in two compilations run side by side: a
        // mutant's name (M<seed>_<i>) gives the batch seed that reproduces it.
        var numericClock = Stopwatch.StartNew();
        var halves = new[] { sample.Take(sample.Count / 2).ToList(), sample.Skip(sample.Count / 2).ToList() };
        var numeric = RandomLossTests.RunInParallel(new[] { 0, 1 }, half =>
        {
            var checkedHalf = new FuzzReport();
            FuzzRunner.RunBatch(halves[half], FirstSeed + half, checkedHalf, new Random((FirstSeed + half) * 7919));
            return checkedHalf;
        });
        _output.WriteLine($"{sample.Count} compiling mutants checked numerically: {numeric} in {numericClock.Elapsed.TotalSeconds:F1} s");

        foreach (string crash in report.CompilerCrashes)
        {
            _output.WriteLine("Crashes Roslyn itself, set aside: " + crash);
        }

        _output.WriteLine($"{report.Models} mutants: {report.Generated} still generated, {report.Rejected} rejected with an SGD error, " +
                          $"the rest skipped as invalid C#; diagnostics: {string.Join(", ", report.DiagnosticCounts.Select(p => $"{p.Key}×{p.Value}"))}; " +
                          $"{clock.Elapsed.TotalSeconds:F1} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of CPU)");
        _output.WriteLine($"syntax-tree mutants: {reach.Describe(0)}");
        _output.WriteLine($"text mutants: {reach.Describe(1)}");
        RandomLossTests.AssertNoFailures(report, _output);
        Assert.True(report.Generated + report.Rejected >= report.Models / 8, $"only {report.Generated + report.Rejected} of {report.Models} mutants reached the generator as valid C#");

        // The syntax-tree mutants are the ones that exercise the generator: most of them must reach code generation.
        Assert.True(reach.Read[0] * 2 > reach.Mutants[0], $"syntax-tree mutants: {reach.Describe(0)}");
        Assert.True(reach.Generated[0] * 5 > reach.Mutants[0] * 2, $"syntax-tree mutants: {reach.Describe(0)}");
        RandomLossTests.AssertNoFailures(numeric, _output);

        // Not vacuous: a fair sample compiles, and most of it is compared at a smooth point.
        if (Environment.GetEnvironmentVariable("SYMBOLICGD_FUZZ_SEED") is null)
        {
            Assert.True(sample.Count >= NumericSample / 2, $"only {sample.Count} mutants compiled with their generated file");
        }

        Assert.True(numeric.PointsChecked >= sample.Count / 2, $"only {numeric.PointsChecked} of {sample.Count} compiling mutants were checked numerically");
        Assert.True(numeric.DerivativesChecked >= numeric.PointsChecked, $"only {numeric.DerivativesChecked} derivatives checked at {numeric.PointsChecked} points");
    }

    /// <summary>
    /// The loop and array models of issue 15 (Loops/LoopModels.cs) as seeds: each model as written, and mutants of it,
    /// hold the same property as every other mutant (no throw, no CS8785, no problem in a generated file). Whether the
    /// generator accepts loops or rejects the models (SGD0007 on an array [Param], SGD0010 on an array argument, as it
    /// does before the language has them), the property is the same, so this holds on both sides of that
    /// change. The models themselves must reach the generator: generated, or rejected with an SGD error in their file.
    /// Their gradients are not checked here (the fuzzer's probe copy knows doubles only): LoopModelTests does that.
    /// </summary>
    [Fact]
    public void Loop_and_array_models_and_their_mutants_never_crash_the_generator_nor_break_its_output()
    {
        var clock = Stopwatch.StartNew();
        var seeds = RandomLossTests.Seeds(LoopFirstSeed, LoopModels.All.Count).Where(s => s >= LoopFirstSeed && s < LoopFirstSeed + LoopModels.All.Count).ToList();
        if (seeds.Count == 0)
        {
            return; // SYMBOLICGD_FUZZ_SEED names a seed of the other mutants
        }

        var originals = seeds.Select(seed => new Mutant($"L{seed - LoopFirstSeed}", LoopModels.All[seed - LoopFirstSeed].Source($"L{seed - LoopFirstSeed}", "Fuzz"), "", Tree: true)).ToList();
        var groups = seeds.Chunk(Math.Max(1, (seeds.Count + 1) / 2)).ToList();
        var reaches = new Reach[groups.Count + 1];
        var report = RandomLossTests.RunInParallel(Enumerable.Range(0, groups.Count + 1).ToList(), g =>
        {
            var batch = new FuzzReport();
            reaches[g] = new Reach();
            if (g == groups.Count)
            {
                RunBatch(originals, LoopFirstSeed, batch, new List<FuzzModel>(), reaches[g], sampleLimit: 0);
                return batch;
            }

            var mutants = new List<Mutant>();
            foreach (int seed in groups[g])
            {
                var random = new Random(seed);
                for (int i = 0; i < MutantsPerLoopModel; i++)
                {
                    bool tree = random.NextDouble() < TreeMutationRate;
                    string name = $"L{seed - LoopFirstSeed}_{i}";
                    string source = LoopModels.All[seed - LoopFirstSeed].Source(name, "Fuzz");
                    mutants.Add(new Mutant(name, tree ? TreeMutator.Mutate(source, random) : Mutate(source, random), source, tree));
                }
            }

            // No numeric sample: the probe copy that checks a mutant's gradient knows double [Param]s and arguments only.
            RunBatch(mutants, groups[g][0], batch, new List<FuzzModel>(), reaches[g], sampleLimit: 0);
            return batch;
        });

        _output.WriteLine($"{originals.Count} loop and array models: {reaches[groups.Count].Describe(0)}");
        var mutantReach = new Reach();
        foreach (var r in reaches.Take(groups.Count))
        {
            mutantReach.Add(r);
        }

        _output.WriteLine($"their mutants: syntax-tree {mutantReach.Describe(0)}; text {mutantReach.Describe(1)}");
        _output.WriteLine($"{report.Models} in all: {report.Generated} generated, {report.Rejected} rejected with an SGD error; diagnostics: " +
                          $"{string.Join(", ", report.DiagnosticCounts.Select(p => $"{p.Key}×{p.Value}"))}; {clock.Elapsed.TotalSeconds:F1} s");
        foreach (string crash in report.CompilerCrashes)
        {
            _output.WriteLine("Crashes Roslyn itself, set aside: " + crash);
        }

        RandomLossTests.AssertNoFailures(report, _output);
        Assert.Equal(originals.Count, reaches[groups.Count].Read[0]);
        Assert.True(mutantReach.Read[0] * 2 > mutantReach.Mutants[0], $"syntax-tree mutants: {mutantReach.Describe(0)}");
    }

    /// <summary>One to three mutations of the tokens between the model class's braces, or a truncation there.</summary>
    internal static string Mutate(string source, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var names = root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.Text).Distinct().ToArray();
        var model = root.DescendantNodes().OfType<TypeDeclarationSyntax>().First(t => t.AttributeLists.Count > 0);
        int start = model.OpenBraceToken.Span.End, end = model.CloseBraceToken.SpanStart;
        var parsed = SyntaxFactory.ParseTokens(source.Substring(start, end - start)).Where(t => t.FullSpan.Length > 0).ToList();
        var tokens = parsed.Select(t => t.ToFullString()).ToList();
        if (tokens.Count == 0)
        {
            return source;
        }

        if (random.NextDouble() < 0.1)
        {
            // Truncated: the file ends inside the class.
            return source.Substring(0, start) + string.Concat(tokens.Take(random.Next(tokens.Count)));
        }

        for (int m = random.NextDouble() < 0.8 ? 1 : 2 + random.Next(2); m > 0; m--)
        {
            int i = random.Next(tokens.Count);
            string Insertion() => " " + s_insertions[random.Next(s_insertions.Length)] + " ";
            if (random.NextDouble() < 0.75 && i < parsed.Count && Alike(parsed[i], names, random) is { } alike)
            {
                // A token of the same kind: the code mostly still parses, so the generator gets to read it.
                tokens[i] = parsed[i].LeadingTrivia.ToFullString() + alike + parsed[i].TrailingTrivia.ToFullString();
                continue;
            }

            switch (random.Next(5))
            {
                case 0 when tokens.Count > 1:
                    tokens.RemoveAt(i);
                    break;
                case 1:
                    tokens.Insert(i, tokens[i]);
                    break;
                case 2 when i + 1 < tokens.Count:
                    (tokens[i], tokens[i + 1]) = (tokens[i + 1], tokens[i]);
                    break;
                case 3:
                    tokens.Insert(i, Insertion());
                    break;
                default:
                    tokens[i] = Insertion();
                    break;
            }
        }

        return source.Substring(0, start) + string.Concat(tokens) + source.Substring(end);
    }

    private static readonly string[] s_identifiers =
    {
        "p0", "p1", "p2", "x0", "x1", "v0", "v1", "b1_0", "f0", "g0", "s0", "C0", "H0", "H1", "Q0", "L", "a0", "gradient",
        "value", "Math", "Functions", "Sigmoid", "Relu", "Square", "Softplus", "Exp", "Log", "Pow", "Max", "Min", "Sign",
        "Clamp", "Round", "Floor", "Abs", "PI", "E", "System", "global", "double", "int", "var", "Backward", "Sample", "this",
    };

    private static readonly string[] s_operators = { "+", "-", "*", "/", "+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "&&", "||", "=", "+=", "-=", "*=", "/=", "%=", "&", "??" };

    private static readonly string[] s_literals = { "0", "1", "2", "0.0", "1.5", "0.5", "3.0", "1e308", "1e-308", "double.NaN", "double.PositiveInfinity", "double.Epsilon", "2f", "3L", "'a'", "true", "false" };

    private static bool CrashesTheCompiler(Compilation compilation, SyntaxTree tree)
    {
        try
        {
            compilation.GetSemanticModel(tree).GetDiagnostics();
            return false;
        }
        catch (Exception e) when (e is InvalidCastException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            return true;
        }
    }

    /// <summary>Another identifier, operator or literal in place of one; null for other tokens.</summary>
    private static string? Alike(SyntaxToken token, string[] names, Random random)
    {
        if (token.IsKind(SyntaxKind.IdentifierToken) && random.NextDouble() < 0.7)
        {
            return names[random.Next(names.Length)]; // a name of the same file: often in scope
        }

        string[]? pool = token.Kind() switch
        {
            SyntaxKind.IdentifierToken or SyntaxKind.DoubleKeyword or SyntaxKind.ThisKeyword => s_identifiers,
            SyntaxKind.NumericLiteralToken or SyntaxKind.TrueKeyword or SyntaxKind.FalseKeyword => s_literals,
            _ when SyntaxFacts.IsBinaryExpressionOperatorToken(token.Kind()) || SyntaxFacts.IsAssignmentExpressionOperatorToken(token.Kind()) => s_operators,
            _ => null,
        };
        return pool?[random.Next(pool.Length)];
    }

    /// <summary>A mutant, the model it was made from, and whether its syntax tree (rather than its text) was mutated.</summary>
    private sealed record Mutant(string Name, string Source, string Original, bool Tree);

    /// <summary>Per kind of mutation (tree, text): the mutants, and those the generator read as valid C# (it generated a
    /// file or reported an SGD error) and those it generated a file for.</summary>
    private sealed class Reach
    {
        public int[] Mutants { get; } = new int[2];

        public int[] Read { get; } = new int[2];

        public int[] Generated { get; } = new int[2];

        public void Add(Reach other)
        {
            for (int kind = 0; kind < 2; kind++)
            {
                Mutants[kind] += other.Mutants[kind];
                Read[kind] += other.Read[kind];
                Generated[kind] += other.Generated[kind];
            }
        }

        public string Describe(int kind) =>
            $"{Read[kind]} of {Mutants[kind]} ({Percent(Read[kind], Mutants[kind])}) reached the generator as valid C#, {Generated[kind]} ({Percent(Generated[kind], Mutants[kind])}) generated code";

        private static string Percent(int part, int whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + "%";
    }

    /// <param name="sampleLimit">How many compiling mutants (the first ones) this batch offers for the numeric check.</param>
    private static void RunBatch(List<Mutant> mutants, int seed, FuzzReport report, List<FuzzModel> sample, Reach reach, int sampleLimit)
    {
        var compilation = CSharpCompilation.Create(
            $"Mutants{seed}",
            mutants.Select(m => CSharpSyntaxTree.ParseText(m.Source, GeneratorHarness.ParseOptions, path: $"Fuzz/{m.Name}.cs")),
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var run = GeneratorHarness.Run(compilation);
        string All() => string.Join("\n", mutants.Select(m => m.Source));
        if (run.Result.Exception is { } exception)
        {
            // Some mutants crash Roslyn 4.8 itself (an InvalidCastException binding a member access): the compiler
            // fails on them with or without the generator. Such mutants are set aside and the batch run again.
            var crashing = mutants.Where((m, i) => CrashesTheCompiler(compilation, compilation.SyntaxTrees[i])).ToList();
            if (crashing.Count == 0)
            {
                report.Fail($"the generator threw {exception}", seed, ("batch", All()));
                report.Models += mutants.Count;
                return;
            }

            report.CompilerCrashes.AddRange(crashing.Select(m => $"[seed {seed}] {m.Name}: {exception.GetType().Name}\n{m.Source}"));
            RunBatch(mutants.Except(crashing).ToList(), seed, report, sample, reach, sampleLimit);
            return;
        }

        report.Models += mutants.Count;

        foreach (var diagnostic in run.GeneratorDiagnostics)
        {
            report.DiagnosticCounts[diagnostic.Id] = report.DiagnosticCounts.GetValueOrDefault(diagnostic.Id) + 1;
            if (!diagnostic.Id.StartsWith("SGD", StringComparison.Ordinal))
            {
                report.Fail($"the generator reported {diagnostic}", seed, ("batch", All()));
            }
        }

        var generated = run.Output.SyntaxTrees.Where(t => !compilation.SyntaxTrees.Contains(t)).ToList();
        foreach (var (name, source, original, isTree) in mutants)
        {
            int kind = isTree ? 0 : 1;
            reach.Mutants[kind]++;
            var tree = generated.FirstOrDefault(t => t.FilePath.Contains("." + name + ".", StringComparison.Ordinal) ||
                                                     t.FilePath.Contains("." + name + "_1.", StringComparison.Ordinal));
            bool rejected = run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == $"Fuzz/{name}.cs");
            report.Rejected += rejected ? 1 : 0;
            reach.Read[kind] += rejected || tree is not null ? 1 : 0;
            if (tree is null)
            {
                continue;
            }

            report.Generated++;
            reach.Generated[kind]++;
            var problems = run.Output.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            if (problems.Count > 0)
            {
                report.Fail(
                    $"{name}: the generated file has problems: {string.Join("; ", problems)}",
                    seed,
                    ($"Fuzz/{name}.cs (mutated)", source),
                    ("before the mutation", original),
                    (tree.FilePath, tree.ToString()));
            }
            else if (sample.Count < sampleLimit && !rejected)
            {
                // Both the mutated model and its generated file compile: its gradient can be checked.
                var userTree = compilation.SyntaxTrees.Single(t => t.FilePath == $"Fuzz/{name}.cs");
                if (!run.Output.GetSemanticModel(userTree).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) &&
                    ProbeCopy.Build(name, source, userTree, run.Output) is { } probed)
                {
                    sample.Add(probed);
                }
            }
        }
    }
}
