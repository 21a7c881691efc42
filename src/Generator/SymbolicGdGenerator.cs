using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Stacks;

namespace SymbolicGd.Generator;

/// <summary>
/// Differentiates every [Differentiable] class and every [Network] layer stack at build time. Each has its own
/// front end and the same pipeline shape: parse each class into an equatable, location-free model (the only step
/// that sees Roslyn symbols); differentiate and emit it in its own step, which stays cached while the model is
/// unchanged; report the parser's diagnostics, and what generation found, at the locations the parser kept.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SymbolicGdGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        RegisterFrontEnd(
            context, AttributeNames.Differentiable, ModelParser.Parse, ScalarPipeline.Generate,
            TrackingNames.Parse, TrackingNames.Spec, TrackingNames.Generate);

        // The layer-stack front end: [Network] + [Dense] attributes in, loops over the runtime's kernels out.
        RegisterFrontEnd(
            context, AttributeNames.Network, StackParser.Parse, StackEmitter.Generate,
            TrackingNames.StackParse, TrackingNames.StackSpec, TrackingNames.StackGenerate);

        var orphanLayers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.Dense,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (context, cancellationToken) => StackParser.DenseWithoutNetwork(context, cancellationToken))
            .Where(static diagnostic => diagnostic is not null);
        context.RegisterSourceOutput(orphanLayers, static (output, diagnostic) => output.ReportDiagnostic(diagnostic!.ToDiagnostic()));
    }

    /// <summary>
    /// One front end's pipeline: parse (the only step that sees Roslyn), the equatable spec, generation; the
    /// generated file, the parser's diagnostics, and what generation found, placed at the locations the parser kept.
    /// </summary>
    private static void RegisterFrontEnd<TSpec>(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult<TSpec>> parse,
        Func<TSpec, CancellationToken, GeneratedModel> generate,
        string parseStep,
        string specStep,
        string generateStep)
        where TSpec : class
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                parse)
            .WithTrackingName(parseStep);

        var generated = parsed
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .WithTrackingName(specStep)
            .Select((spec, cancellationToken) => generate(spec!, cancellationToken))
            .WithTrackingName(generateStep);

        context.RegisterSourceOutput(generated, static (output, model) =>
        {
            if (model.Source is not null)
            {
                output.AddSource(model.HintName, model.Source);
            }
        });

        context.RegisterSourceOutput(parsed.Select(static (result, _) => result.Diagnostics), static (output, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var findings = generated
            .Where(static model => model.Findings.Count > 0)
            .Select(static (model, _) => (model.ModelKey, model.Findings))
            .Collect();
        var locations = parsed
            .Select(static (result, _) => (result.ModelKey, result.ClassLocation, result.FindingLocations))
            .Collect();
        context.RegisterSourceOutput(findings.Combine(locations), static (output, pair) => Findings.Report(output, pair.Left, pair.Right));
    }
}
