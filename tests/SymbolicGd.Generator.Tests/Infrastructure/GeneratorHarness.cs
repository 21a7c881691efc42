using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolicGd.Generator;

namespace SymbolicGd.Generator.Tests.Infrastructure;

/// <summary>The outcome of running the generator over some source: what it generated and reported.</summary>
public sealed class GeneratorRun
{
    public GeneratorRun(CSharpCompilation input, Compilation output, GeneratorDriver driver)
    {
        Input = input;
        Output = output;
        Driver = driver;
        Result = driver.GetRunResult().Results.Single();
    }

    public CSharpCompilation Input { get; }

    public Compilation Output { get; }

    public GeneratorDriver Driver { get; }

    public GeneratorRunResult Result { get; }

    /// <summary>What the generator reported (SGD diagnostics, and CS8785 if it threw).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>The SGD diagnostics, in source order.</summary>
    public IReadOnlyList<Diagnostic> Sgd =>
        GeneratorDiagnostics.Where(d => d.Id.StartsWith("SGD", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceSpan.Start).ToList();

    /// <summary>The generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString().Replace("\r\n", "\n"));

    /// <summary>The only generated file.</summary>
    public string Source => Sources.Values.Single();

    /// <summary>Compiler errors of the whole compilation after generation.</summary>
    public IReadOnlyList<Diagnostic> CompilationErrors =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>Compiler errors and warnings located in generated files.</summary>
    public IReadOnlyList<Diagnostic> GeneratedFileProblems =>
        Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && !Input.SyntaxTrees.Contains(tree))
            .ToList();

    /// <summary>
    /// Fails unless the generator neither threw nor reported anything, and everything compiles. The one exception is
    /// SGD0029, the info that the loss reads a mutable member that is not a [Param] (a test model's fixed biases or
    /// data fields); its own test checks exactly where it is reported.
    /// </summary>
    public GeneratorRun AssertClean()
    {
        Assert.Null(Result.Exception);
        Assert.Empty(GeneratorDiagnostics.Where(d => d.Id != "SGD0029").Select(d => d.ToString()));
        Assert.Empty(CompilationErrors.Select(d => d.ToString()));
        Assert.Empty(GeneratedFileProblems.Select(d => $"{d.Id}: {d.GetMessage()} at {d.Location.GetLineSpan()}"));
        return this;
    }

    /// <summary>Emits the compilation and loads it, to run the generated code.</summary>
    public Assembly Load()
    {
        using var stream = new MemoryStream();
        var emit = Output.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext(name: null, isCollectible: true).LoadFromStream(stream);
    }
}

/// <summary>
/// Runs the real generator in memory over test sources, with references to the runtime and the attributes, as a
/// user's build would.
/// </summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) ||
                        Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
        paths.Add(typeof(SymbolicGd.Derivative).Assembly.Location);
        paths.Add(typeof(SymbolicGd.DifferentiableAttribute).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(ParseOptions, sources);

    public static CSharpCompilation Compilation(CSharpParseOptions options, params string[] sources) =>
        CSharpCompilation.Create(
            "TestModels",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"Model{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(CSharpParseOptions? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new SymbolicGdGenerator().AsSourceGenerator() },
            parseOptions: options ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(params string[] sources) => Run(Compilation(sources));

    public static GeneratorRun Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? Driver((CSharpParseOptions)compilation.SyntaxTrees.First().Options))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(compilation, output, driver);
    }

    /// <summary>Wraps a loss in a model class: the usual usings, a namespace, a [Differentiable] partial class.</summary>
    public static string Model(string members, string name = "Model") => $$"""
        using System;
        using SymbolicGd;
        using static SymbolicGd.Functions;

        namespace Tests
        {
            [Differentiable]
            public partial class {{name}}
            {
        {{members}}
            }
        }
        """;
}
