using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymbolicGd.Generator.Tests.Scale;

/// <summary>
/// Counts the operations of C# code by its syntax, the same way on the user's loss and on the generated Backward:
/// binary arithmetic (+ − * /), compound arithmetic assignments (+= …), negations of anything but a literal, and
/// invocations. Comparisons, ?: and literals are not counted: they cost next to nothing next to a call.
/// </summary>
public static class OperationCounter
{
    public static int Count(SyntaxNode node) => node.DescendantNodesAndSelf().Count(IsOperation);

    /// <summary>The operations of the method marked [Loss] in <paramref name="source"/>.</summary>
    public static int LossOperations(string source) =>
        Count(Methods(source).Single(m => m.AttributeLists.SelectMany(a => a.Attributes).Any(a => a.Name.ToString() == "Loss")));

    /// <summary>The operations of the generated <c>Backward(…, Span&lt;double&gt; gradient)</c>.</summary>
    public static int BackwardOperations(string generated) =>
        Count(Methods(generated).Single(m => m.Identifier.Text == "Backward" && m.ExplicitInterfaceSpecifier is null));

    /// <summary>The operations of the generated method <paramref name="name"/> (Hessian, HessianVectorProduct, …), counted
    /// as <see cref="BackwardOperations"/>.</summary>
    public static int MethodOperations(string generated, string name) =>
        Count(Methods(generated).Single(m => m.Identifier.Text == name && m.ExplicitInterfaceSpecifier is null));

    private static System.Collections.Generic.IEnumerable<MethodDeclarationSyntax> Methods(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>();

    private static bool IsOperation(SyntaxNode node) => node.Kind() switch
    {
        SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression => true,
        SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression or
            SyntaxKind.MultiplyAssignmentExpression or SyntaxKind.DivideAssignmentExpression => true,
        SyntaxKind.UnaryMinusExpression => ((PrefixUnaryExpressionSyntax)node).Operand is not LiteralExpressionSyntax,
        SyntaxKind.InvocationExpression => true,
        _ => false,
    };
}
