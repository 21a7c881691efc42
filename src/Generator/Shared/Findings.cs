using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SymbolicGd.Generator.Shared;

/// <summary>The join of generation's findings with the parse's locations, shared by both front ends.</summary>
internal static class Findings
{
    /// <summary>
    /// Reports what generation found about each model at the locations its parse kept: a finding about a part (a
    /// parameter, a layer) on that part, any other on the class's name. The two come from different pipeline steps,
    /// joined by the model's key.
    /// </summary>
    public static void Report(
        SourceProductionContext output,
        ImmutableArray<(string ModelKey, EquatableArray<Finding> Findings)> findings,
        ImmutableArray<(string ModelKey, LocationInfo? ClassLocation, EquatableArray<LocationInfo> FindingLocations)> locations)
    {
        var byModel = new Dictionary<string, (LocationInfo? ClassLocation, EquatableArray<LocationInfo> FindingLocations)>();
        foreach (var entry in locations)
        {
            byModel[entry.ModelKey] = (entry.ClassLocation, entry.FindingLocations);
        }

        foreach (var (key, modelFindings) in findings)
        {
            byModel.TryGetValue(key, out var where);
            foreach (var finding in modelFindings)
            {
                var location = finding.ParameterIndex >= 0 && finding.ParameterIndex < where.FindingLocations.Count
                    ? where.FindingLocations[finding.ParameterIndex]
                    : where.ClassLocation;
                output.ReportDiagnostic(new DiagnosticInfo(finding.Id, location, finding.MessageArguments).ToDiagnostic());
            }
        }
    }
}
