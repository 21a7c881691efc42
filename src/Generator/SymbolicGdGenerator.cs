using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.Emitting;
using SymbolicGd.Generator.Model;
using SymbolicGd.Generator.Parsing;
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
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelParser.DifferentiableAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (context, cancellationToken) => ModelParser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        var generated = parsed
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .WithTrackingName(TrackingNames.Spec)
            .Select(static (spec, cancellationToken) => ModelEmitter.Generate(spec!, cancellationToken))
            .WithTrackingName(TrackingNames.Generate);

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

        // What differentiation finds is located by parameter; the locations come from the parser.
        var findings = generated
            .Where(static model => model.Findings.Count > 0)
            .Select(static (model, _) => (model.ModelKey, model.Findings))
            .Collect();
        var locations = parsed
            .Select(static (result, _) => (result.ModelKey, result.ClassLocation, result.ParameterLocations))
            .Collect();
        context.RegisterSourceOutput(findings.Combine(locations), static (output, pair) => ReportFindings(output, pair.Left, pair.Right));

        InitializeStacks(context);
    }

    /// <summary>The layer-stack front end: [Network] + [Dense] attributes in, loops over the runtime's kernels out.</summary>
    private static void InitializeStacks(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelParser.NetworkAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (context, cancellationToken) => StackParser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.StackParse);

        var generated = parsed
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .WithTrackingName(TrackingNames.StackSpec)
            .Select(static (spec, cancellationToken) => StackEmitter.Generate(spec!, cancellationToken))
            .WithTrackingName(TrackingNames.StackGenerate);

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

        // What planning finds is located by layer; the locations come from the parser.
        var findings = generated
            .Where(static model => model.Findings.Count > 0)
            .Select(static (model, _) => (model.ModelKey, model.Findings))
            .Collect();
        var locations = parsed
            .Select(static (result, _) => (result.ModelKey, result.ClassLocation, result.LayerLocations))
            .Collect();
        context.RegisterSourceOutput(findings.Combine(locations), static (output, pair) => ReportFindings(output, pair.Left, pair.Right));

        var orphanLayers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                StackParser.DenseAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (context, cancellationToken) => StackParser.DenseWithoutNetwork(context, cancellationToken))
            .Where(static diagnostic => diagnostic is not null);
        context.RegisterSourceOutput(orphanLayers, static (output, diagnostic) => output.ReportDiagnostic(diagnostic!.ToDiagnostic()));
    }

    private static void ReportFindings(
        SourceProductionContext output,
        ImmutableArray<(string ModelKey, EquatableArray<Finding> Findings)> findings,
        ImmutableArray<(string ModelKey, LocationInfo? ClassLocation, EquatableArray<LocationInfo> ParameterLocations)> locations)
    {
        // For a layer stack the "parameter" locations are its layers: a finding's index names the [Dense] it is about.
        var byModel = new Dictionary<string, (LocationInfo? ClassLocation, EquatableArray<LocationInfo> ParameterLocations)>();
        foreach (var entry in locations)
        {
            byModel[entry.ModelKey] = (entry.ClassLocation, entry.ParameterLocations);
        }

        foreach (var (key, modelFindings) in findings)
        {
            byModel.TryGetValue(key, out var where);
            foreach (var finding in modelFindings)
            {
                var location = finding.ParameterIndex >= 0 && finding.ParameterIndex < where.ParameterLocations.Count
                    ? where.ParameterLocations[finding.ParameterIndex]
                    : where.ClassLocation;
                output.ReportDiagnostic(new DiagnosticInfo(finding.Id, location, finding.MessageArguments).ToDiagnostic());
            }
        }
    }
}
