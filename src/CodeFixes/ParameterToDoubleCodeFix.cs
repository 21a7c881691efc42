using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymbolicGd.CodeFixes;

/// <summary>SGD0007, a [Param] that is not a double: changes the field's or property's type to <c>double</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParameterToDoubleCodeFix)), Shared]
public sealed class ParameterToDoubleCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InvalidParameterType);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var type = TypeOf(root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true));
            if (type is null || type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.DoubleKeyword })
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Change the type of the [Param] to double (from {type})", token => ToDouble(context.Document, type, token), equivalenceKey: nameof(ParameterToDoubleCodeFix)),
                diagnostic);
        }
    }

    /// <summary>The declared type of the field or property the diagnostic is on (it is on the type, or on the member).</summary>
    private static TypeSyntax? TypeOf(SyntaxNode? node)
    {
        for (; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case FieldDeclarationSyntax field:
                    return field.Declaration.Type;
                case PropertyDeclarationSyntax property:
                    return property.Type;
                case VariableDeclarationSyntax variables:
                    return variables.Type;
            }
        }

        return null;
    }

    private static async Task<Document> ToDouble(Document document, TypeSyntax type, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacement = SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.DoubleKeyword)).WithTriviaFrom(type);
        return document.WithSyntaxRoot(root.ReplaceNode(type, replacement));
    }
}
