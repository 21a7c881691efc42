using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SymbolicGd.Generator.Shared;

/// <summary>The diagnostics found while parsing one model, each once per place, as plain data.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<DiagnosticInfo> _items = new();
    private readonly HashSet<(string, LocationInfo?)> _seen = new();

    public bool HasErrors { get; private set; }

    public void Add(DiagnosticDescriptor descriptor, SyntaxToken token, params string[] arguments) =>
        Add(descriptor, LocationInfo.From(token), arguments);

    public void Add(DiagnosticDescriptor descriptor, SyntaxNodeOrToken place, params string[] arguments) =>
        Add(descriptor, LocationInfo.From(place.GetLocation()), arguments);

    public void Add(DiagnosticDescriptor descriptor, SyntaxNode? node, params string[] arguments) =>
        Add(descriptor, LocationInfo.From(node), arguments);

    public void Add(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        Add(descriptor, LocationInfo.From(location), arguments);

    public void Add(DiagnosticDescriptor descriptor, ISymbol symbol, params string[] arguments) =>
        Add(descriptor, LocationInfo.From(symbol.Locations.FirstOrDefault()), arguments);

    private void Add(DiagnosticDescriptor descriptor, LocationInfo? location, string[] arguments)
    {
        if (!_seen.Add((descriptor.Id, location)))
        {
            return;
        }

        HasErrors |= descriptor.DefaultSeverity == DiagnosticSeverity.Error;
        _items.Add(new DiagnosticInfo(descriptor.Id, location, arguments.ToEquatableArray()));
    }

    public EquatableArray<DiagnosticInfo> ToEquatableArray() => _items.ToEquatableArray();
}

/// <summary>
/// The code does not bind (a C# error the compiler reports): the model is skipped without a diagnostic of ours.
/// </summary>
internal sealed class InvalidCodeException : Exception
{
    public InvalidCodeException(string message)
        : base(message)
    {
    }
}
