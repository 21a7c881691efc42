using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolicGd.Generator;
using SymbolicGd.Generator.Tests.Scale;

namespace SymbolicGd.Benchmarks;

/// <summary>
/// The generator over an in-memory compilation, as a build runs it: a fresh compilation of the same parsed source
/// each time (Roslyn binding the loss is part of the cost), one driver run. The target for a loss of thousands of
/// operations is well under a second.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 2, iterationCount: 10)]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;

    [Params("NestedTanh(500)", "TanhStatements(500)", "SumOfProducts(3000)", "ReluMaxChain(1000)", "ManyParameters(1000)", "Stack(784-256-128-10)")]
    public string Loss { get; set; } = "NestedTanh(500)";

    [GlobalSetup]
    public void Setup()
    {
        string source = Loss switch
        {
            "NestedTanh(500)" => ScaleLosses.NestedTanh(500),
            "TanhStatements(500)" => ScaleLosses.TanhStatements(500),
            "SumOfProducts(3000)" => ScaleLosses.SumOfProducts(3000),
            "ReluMaxChain(1000)" => ScaleLosses.ReluMaxChain(1000),
            "Stack(784-256-128-10)" => LargeStackSource.Text,
            _ => ScaleLosses.ManyParameters(1000),
        };
        var references = ((string)System.AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", System.StringComparison.Ordinal) ||
                        System.IO.Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(Derivative).Assembly.Location)
            .Append(typeof(DifferentiableAttribute).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
        _compilation = CSharpCompilation.Create(
            "Benchmark",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12)) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    [Benchmark(Description = "Generate")]
    public int Generate()
    {
        var driver = CSharpGeneratorDriver.Create(new SymbolicGdGenerator());
        var result = driver.RunGenerators(_compilation.Clone()).GetRunResult();
        return result.GeneratedTrees.Length + result.Diagnostics.Length;
    }
}
