using System.Collections.Generic;
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

/// <summary>
/// SGD0004, a [Differentiable] class without a [Loss]: adds a loss to edit, the sum of the squares of the class's
/// [Param]s (so the model compiles and trains towards zero until the user writes the real one).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddLossCodeFix)), Shared]
public sealed class AddLossCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingLoss);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf()
                .OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add a [Loss] method", token => AddLoss(context.Document, declaration, token), equivalenceKey: nameof(AddLossCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> AddLoss(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var names = new HashSet<string>(declaration.Members.SelectMany(MemberNames));
        string name = "Objective";
        for (int i = 2; names.Contains(name); i++)
        {
            name = "Objective" + i;
        }

        var parameters = declaration.Members.Where(IsParam).SelectMany(MemberNames).ToList();
        string body = parameters.Count == 0 ? "0.0" : string.Join(" + ", parameters.Select(p => $"{p} * {p}"));
        var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
            $"/// <summary>The loss to minimise (a placeholder: the sum of the parameters' squares; write your own).</summary>\n[Loss]\npublic double {name}() => {body};\n")!;
        var updated = declaration.AddMembers(method.WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation));
        var document2 = document.WithSyntaxRoot(root.ReplaceNode(declaration, updated));
        return await Microsoft.CodeAnalysis.Formatting.Formatter.FormatAsync(document2, Microsoft.CodeAnalysis.Formatting.Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static bool IsParam(MemberDeclarationSyntax member) =>
        member.AttributeLists.SelectMany(list => list.Attributes).Any(attribute =>
            (attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText :
             attribute.Name is AliasQualifiedNameSyntax alias ? alias.Name.Identifier.ValueText :
             (attribute.Name as IdentifierNameSyntax)?.Identifier.ValueText) is "Param" or "ParamAttribute");

    private static IEnumerable<string> MemberNames(MemberDeclarationSyntax member) => member switch
    {
        FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
        PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        BaseTypeDeclarationSyntax type => new[] { type.Identifier.ValueText },
        _ => System.Array.Empty<string>(),
    };
}
