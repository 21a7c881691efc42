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
// The compiler that runs the generator in a build (csc and VBCSCompiler in the SDK's Roslyn/bincore) runs with
// server garbage collection (System.GC.Server in their runtimeconfig.json), so the benchmark does too.
[GcServer(true)]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;

    // The small cases, then losses of about 10⁴ and 10⁵ operations (3 per tanh statement, 4 per squared term):
    // time and allocation should grow about tenfold from one to the other. " nullable": the same in a project with
    // nullable reference types enabled (new projects' default), where binding a body normally includes their analysis.
    [Params(
        "NestedTanh(500)", "TanhStatements(500)", "SumOfProducts(3000)", "ReluMaxChain(1000)", "ManyParameters(1000)",
        "TanhStatements(3334)", "TanhStatements(33334)", "SquaredTerms(2500)", "SquaredTerms(25000)", "Stack(784)",
        "TanhStatements(33334) nullable", "SquaredTerms(25000) nullable")]
    public string Loss { get; set; } = "NestedTanh(500)";

    /// <summary>The operations of the loss, counted as the scale tests count them.</summary>
    public int LossOperations { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        const string NullableSuffix = " nullable";
        const string SecondOrderSuffix = " second-order";
        string loss = Loss;
        bool secondOrder = loss.EndsWith(SecondOrderSuffix, System.StringComparison.Ordinal);
        loss = secondOrder ? loss.Substring(0, loss.Length - SecondOrderSuffix.Length) : loss;
        bool nullable = loss.EndsWith(NullableSuffix, System.StringComparison.Ordinal);
        loss = nullable ? loss.Substring(0, loss.Length - NullableSuffix.Length) : loss;
        int open = loss.IndexOf('(');
        int n = int.Parse(loss.Substring(open + 1, loss.Length - open - 2), System.Globalization.CultureInfo.InvariantCulture);
        string source = loss.Substring(0, open) switch
        {
            "NestedTanh" => ScaleLosses.NestedTanh(n),
            "TanhStatements" => ScaleLosses.TanhStatements(n),
            "SumOfProducts" => ScaleLosses.SumOfProducts(n),
            "ReluMaxChain" => ScaleLosses.ReluMaxChain(n),
            "BranchChain" => ScaleLosses.BranchChain(n),
            "SquaredTerms" => ScaleLosses.SquaredTerms(n),
            "ManyParameters" => ScaleLosses.ManyParameters(n),
            "Stack" => LargeStackSource.Text, // the 784-256-128-10 layer stack: generated loops, whatever the widths
            var family => throw new System.ArgumentException($"Unknown loss family '{family}' in '{Loss}'.", nameof(Loss)),
        };
        if (secondOrder)
        {
            source = source.Replace("[Differentiable]", "[Differentiable(SecondOrder = true)]", System.StringComparison.Ordinal);
        }

        LossOperations = source == LargeStackSource.Text ? 0 : OperationCounter.LossOperations(source);  // a stack has no [Loss]
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
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable));
    }

    [Benchmark(Description = "Generate")]
    public int Generate()
    {
        var driver = CSharpGeneratorDriver.Create(new SymbolicGdGenerator());
        var result = driver.RunGenerators(_compilation.Clone()).GetRunResult();
        return result.GeneratedTrees.Length + result.Diagnostics.Length;
    }

    /// <summary>
    /// Roslyn's own share, for the probe: binding the loss body to operations on a fresh copy of the compilation,
    /// which the generator cannot avoid (it reads the loss through <c>GetOperation</c>), without nullable analysis
    /// as the generator asks for it.
    /// </summary>
    public System.TimeSpan BindLossBody()
    {
        var compilation = _compilation.Clone();
        var tree = compilation.SyntaxTrees.Single();
        var body = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
            .Where(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().EndsWith("Loss", System.StringComparison.Ordinal)))
            .Select(m => (SyntaxNode?)m.Body ?? m.ExpressionBody)
            .FirstOrDefault();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        if (body is not null)
        {
#pragma warning disable RSEXPERIMENTAL001 // as the generator asks for it on Roslyn 4.9 and later (Shared/SemanticModels.cs)
            compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis).GetOperation(body);
#pragma warning restore RSEXPERIMENTAL001
        }

        return stopwatch.Elapsed;
    }

    /// <summary>
    /// The model as the parse step hands it on: the input of the generator's own share (lowering, differentiation
    /// and writing), which <see cref="GenerateFromSpec"/> times apart from Roslyn's parsing and binding.
    /// </summary>
    internal SymbolicGd.Generator.Scalar.ModelSpec ParseSpec()
    {
        var driver = CSharpGeneratorDriver.Create(
            new[] { new SymbolicGdGenerator().AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var result = driver.RunGenerators(_compilation.Clone()).GetRunResult().Results.Single();
        return result.TrackedSteps[TrackingNames.Spec].SelectMany(step => step.Outputs)
            .Select(output => output.Value).OfType<SymbolicGd.Generator.Scalar.ModelSpec>().Single();
    }

    /// <summary>The generator's own share on a parsed model: lowering, differentiation and writing the file.</summary>
    internal static int GenerateFromSpec(SymbolicGd.Generator.Scalar.ModelSpec spec) =>
        SymbolicGd.Generator.Scalar.ScalarPipeline.Generate(spec, default).Source?.Length ?? 0;

    /// <summary>The generated source, for the probe: its length is reported, and it can be written to a file.</summary>
    public string GenerateText()
    {
        var driver = CSharpGeneratorDriver.Create(new SymbolicGdGenerator());
        var result = driver.RunGenerators(_compilation.Clone()).GetRunResult();
        if (result.GeneratedTrees.IsEmpty)
        {
            throw new System.InvalidOperationException(
                $"{Loss} generated nothing: {string.Join("; ", result.Diagnostics.Select(d => d.ToString()))}");
        }

        return string.Concat(result.GeneratedTrees.Select(tree => tree.ToString()));
    }
}
