using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SymbolicGd.Generator.Shared;

/// <summary>A source location as plain data, so diagnostics can travel through the pipeline without a syntax tree.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());
}

/// <summary>A diagnostic as plain data: the descriptor's id, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Diagnostics.ById(Id),
            Location?.ToLocation(),
            System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Cast<object?>(MessageArguments)));
}
