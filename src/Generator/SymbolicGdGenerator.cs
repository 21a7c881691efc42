using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.Emitting;
using SymbolicGd.Generator.Model;
using SymbolicGd.Generator.Parsing;

namespace SymbolicGd.Generator;

/// <summary>
/// Differentiates every [Differentiable] class at build time. The pipeline: parse each class into an equatable,
/// location-free model (the only step that sees Roslyn symbols); differentiate and emit it in its own step, which
/// stays cached while the model is unchanged; report the parser's diagnostics, and what differentiation found,
/// at the locations the parser kept.
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
    }

    private static void ReportFindings(
        SourceProductionContext output,
        ImmutableArray<(string ModelKey, EquatableArray<Finding> Findings)> findings,
        ImmutableArray<(string ModelKey, LocationInfo? ClassLocation, EquatableArray<LocationInfo> ParameterLocations)> locations)
    {
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
