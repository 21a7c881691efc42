using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.Scalar;

namespace SymbolicGd.Generator.Shared;

/// <summary>The metadata names of the attributes the generator reads.</summary>
internal static class AttributeNames
{
    public const string Differentiable = "SymbolicGd.DifferentiableAttribute";
    public const string Param = "SymbolicGd.ParamAttribute";
    public const string Loss = "SymbolicGd.LossAttribute";
    public const string Residual = "SymbolicGd.ResidualAttribute";
    public const string Network = "SymbolicGd.NetworkAttribute";
    public const string Dense = "SymbolicGd.DenseAttribute";
}

/// <summary>
/// The opening both front ends share when they read a model class: its key, its diagnostics and the locations of
/// what generation may find, the readability checks (no syntax errors, C# 10 or later), and the checks of the class's
/// shape that every model must pass.
/// </summary>
internal sealed class ModelClass
{
    private ModelClass(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
    {
        Type = type;
        Syntax = syntax;
        Key = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        ClassLocation = LocationInfo.From(syntax.Identifier);
    }

    public INamedTypeSymbol Type { get; }

    public TypeDeclarationSyntax Syntax { get; }

    /// <summary>The fully qualified name: the key that joins the parse and the generation of one model.</summary>
    public string Key { get; }

    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>Where findings about the whole model are reported: the class's name.</summary>
    public LocationInfo? ClassLocation { get; }

    /// <summary>Where findings about one part are reported, by the part's index (a parameter, a layer).</summary>
    public List<LocationInfo> FindingLocations { get; } = new();

    /// <summary>The class the attribute of a <c>ForAttributeWithMetadataName</c> step is on.</summary>
    public static ModelClass Of(GeneratorAttributeSyntaxContext context) =>
        new((INamedTypeSymbol)context.TargetSymbol, (TypeDeclarationSyntax)context.TargetNode);

    /// <summary>The parse's result: no spec once an error is reported.</summary>
    public ParseResult<TSpec> Result<TSpec>(TSpec? spec)
        where TSpec : class =>
        new(Key, Diagnostics.HasErrors ? null : spec, Diagnostics.ToEquatableArray(), ClassLocation, FindingLocations.ToEquatableArray());

    /// <summary>
    /// False when the class is not to be read further: it has syntax errors, which the compiler reports and
    /// generating from broken code would only add to, or its language version is below C# 10 (reported here).
    /// </summary>
    public bool IsReadable()
    {
        if (Syntax.ContainsDiagnostics && Syntax.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return false;
        }

        var version = ((CSharpParseOptions)Syntax.SyntaxTree.Options).LanguageVersion;
        if (version < LanguageVersion.CSharp10)
        {
            Diagnostics.Add(Shared.Diagnostics.LanguageVersionTooLow, Syntax.Identifier, Type.Name, version.ToDisplayString());
            return false;
        }

        return true;
    }

    /// <summary>The checks of <see cref="CheckClassShape"/>, and the containing types (see <see cref="ContainingTypes"/>).</summary>
    public EquatableArray<TypeDeclarationSpec> CheckShape()
    {
        CheckClassShape(Type, Syntax, Diagnostics);
        return ContainingTypes(Type, Diagnostics);
    }

    /// <summary>The namespace, or null for the global namespace.</summary>
    public string? Namespace => Type.ContainingNamespace.IsGlobalNamespace ? null : Type.ContainingNamespace.ToDisplayString();

    /// <summary>Every member name of the class, ordinal order, so generated names never shadow one.</summary>
    public EquatableArray<string> MemberNames() =>
        Type.GetMembers().Select(m => m.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();

    /// <summary>What every model class must be: partial, not static, not file-local, not derived from a model.</summary>
    public static void CheckClassShape(INamedTypeSymbol type, TypeDeclarationSyntax syntax, DiagnosticBag diagnostics)
    {
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(Shared.Diagnostics.ClassNotPartial, syntax.Identifier, type.Name);
        }

        if (type.IsStatic)
        {
            diagnostics.Add(Shared.Diagnostics.UnsupportedClass, syntax.Identifier, type.Name, "static (its parameters are instance members)");
        }

        if (syntax.Modifiers.Any(m => m.Text == "file"))
        {
            diagnostics.Add(Shared.Diagnostics.UnsupportedClass, syntax.Identifier, type.Name, "file-local (the generated part lives in another file)");
        }

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            string? attribute = HasAttribute(baseType, AttributeNames.Differentiable) ? "[Differentiable]"
                : HasAttribute(baseType, AttributeNames.Network) ? "[Network]"
                : null;
            if (attribute is not null)
            {
                diagnostics.Add(Shared.Diagnostics.UnsupportedClass, syntax.Identifier, type.Name, $"derived from the {attribute} class '{baseType.Name}' (models do not inherit each other's gradients; compose them with methods instead)");
                break;
            }
        }
    }

    /// <summary>The types containing the model, outermost first, each of which must be partial too.</summary>
    public static EquatableArray<TypeDeclarationSpec> ContainingTypes(INamedTypeSymbol type, DiagnosticBag diagnostics)
    {
        var containers = new List<TypeDeclarationSpec>();
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            TypeDeclarationSyntax? first = null;
            foreach (var reference in container.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration)
                {
                    first ??= declaration;
                    if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        diagnostics.Add(Shared.Diagnostics.ContainingTypeNotPartial, declaration.Identifier, container.Name, type.Name);
                    }
                }
            }

            if (first is not null)
            {
                containers.Add(Declaration(container, first));
            }
        }

        containers.Reverse();
        return containers.ToEquatableArray();
    }

    /// <summary>The declaration as the generated partial part repeats it.</summary>
    public static TypeDeclarationSpec Declaration(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
    {
        string keyword = syntax switch
        {
            RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
            RecordDeclarationSyntax => "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };
        return new TypeDeclarationSpec(keyword, type.Name, type.TypeParameters.Select(p => p.Name).ToEquatableArray());
    }


    public static bool HasAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);
}
