using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>
/// The probe copy and adapter of a model that exists only as C# (a mutant): what <see cref="LossGenerator"/> writes
/// for the models it builds, here made by rewriting the model's syntax with its semantic model, so that
/// <see cref="FuzzRunner"/> can check its gradient like any random model's.
/// </summary>
/// <remarks>
/// The copy is the model class itself, renamed <c>Fuzz.Harness.&lt;Name&gt;Probe</c>, without attributes, with every
/// numeric comparison, kink (Abs, Max, Min, Relu, Sign, Clamp) and non-constant double arithmetic, call or compound
/// assignment routed through <c>Fuzz.Harness.Probe</c>, which records the path taken, how near a comparison or
/// kink came to flipping, and any infinite or NaN intermediate: the same evidence the fuzzer uses to skip points
/// where central differences mean nothing. The adapter sets the copy's parameters in the generated model's
/// <c>ParameterNames</c> order.
/// </remarks>
internal static class ProbeCopy
{
    /// <summary>The harness model for the [Differentiable] class in <paramref name="tree"/>, or null if it has no
    /// single [Loss] method.</summary>
    public static FuzzModel? Build(string name, string source, SyntaxTree tree, Compilation compilation)
    {
        var semantic = compilation.GetSemanticModel(tree);
        var declaration = tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().First(t => t.AttributeLists.Count > 0);
        if (semantic.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type)
        {
            return null;
        }

        var members = type.GetMembers();
        var parameters = members
            .Where(m => m is IFieldSymbol or IPropertySymbol && m.GetAttributes().Any(a => a.AttributeClass?.Name == "ParamAttribute"))
            .Select(m => m.Name)
            .ToList();
        var losses = members.OfType<IMethodSymbol>().Where(m => m.GetAttributes().Any(a => a.AttributeClass?.Name == "LossAttribute")).ToList();
        if (losses.Count != 1)
        {
            return null;
        }

        var loss = losses[0];
        string probeName = name + "Probe";
        var rewritten = (TypeDeclarationSyntax)new Rewriter(semantic, type.Name, probeName).Visit(declaration)!;
        rewritten = rewritten.WithAttributeLists(default).WithIdentifier(SyntaxFactory.Identifier(probeName));

        string typeArguments = type.Arity == 0 ? string.Empty : "<" + string.Join(", ", Enumerable.Repeat("int", type.Arity)) + ">";
        var intType = compilation.GetSpecialType(SpecialType.System_Int32);
        var constructed = type.Arity == 0 ? type : type.Construct(Enumerable.Repeat<ITypeSymbol>(intType, type.Arity).ToArray());
        string modelType = constructed.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string data = string.Concat(Enumerable.Range(0, loss.Parameters.Length).Select(i => $"data[{i}], "));

        var set = new StringBuilder();
        foreach (string parameter in parameters)
        {
            set.Append(CultureInfo.InvariantCulture, $"case \"{parameter}\": this.@{parameter} = theta[i]; break; ");
        }

        // An explicit implementation (double ILoss.L(double x)) is a public method L of the copy, which implements nothing.
        string lossName = loss.ExplicitInterfaceImplementations.FirstOrDefault()?.Name ?? loss.Name;

        // Members of the copy, so that they reach private members: set the parameters by name, call the loss.
        string helpers = $$"""

                public double __Loss(global::System.Collections.Generic.IReadOnlyList<string> names, double[] theta, double[] data)
                {
                    for (int i = 0; i < theta.Length; i++) { switch (names[i]) { {{set}}default: throw new global::System.InvalidOperationException(names[i]); } }
                    return this.@{{lossName}}({{data.TrimEnd(' ', ',')}});
                }

            """;
        rewritten = rewritten.AddMembers(SyntaxFactory.ParseMemberDeclaration(helpers)!);

        string harness = $$"""
            namespace Fuzz.Harness
            {
                using System;
                using SymbolicGd;
                using static SymbolicGd.Functions;

            {{rewritten.NormalizeWhitespace().ToFullString()}}

                public static class {{name}}Adapter
                {
                    private static readonly global::System.Collections.Generic.IReadOnlyList<string> s_names = new {{modelType}}().ParameterNames;

                    public static double Loss(double[] theta, double[] data) => new {{probeName}}{{typeArguments}}().__Loss(s_names, theta, data);

                    public static double Backward(double[] theta, double[] data, double[] gradient) { var m = new {{modelType}}(); m.SetParameters(theta); return m.Backward({{data}}gradient); }
                }
            }

            """;
        return new FuzzModel(name, source, harness, parameters.Count, loss.Parameters.Length, Injected: null);
    }

    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        private const string Probe = "global::Fuzz.Harness.Probe.";

        private static readonly Dictionary<SyntaxKind, string> s_comparisons = new()
        {
            [SyntaxKind.LessThanExpression] = "Lt", [SyntaxKind.LessThanOrEqualExpression] = "Le",
            [SyntaxKind.GreaterThanExpression] = "Gt", [SyntaxKind.GreaterThanOrEqualExpression] = "Ge",
            [SyntaxKind.EqualsExpression] = "Eq", [SyntaxKind.NotEqualsExpression] = "Ne",
        };

        private static readonly Dictionary<string, int> s_kinks = new(StringComparer.Ordinal)
        {
            ["Abs"] = 1, ["Max"] = 2, ["Min"] = 2, ["Relu"] = 1, ["Sign"] = 1, ["Clamp"] = 3,
        };

        private readonly SemanticModel _semantic;
        private readonly string _typeName;
        private readonly string _probeName;

        public Rewriter(SemanticModel semantic, string typeName, string probeName)
        {
            _semantic = semantic;
            _typeName = typeName;
            _probeName = probeName;
        }

        public override SyntaxNode? VisitAttributeList(AttributeListSyntax node) => null;

        public override SyntaxNode? VisitBaseList(BaseListSyntax node) => null;

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
            return visited.ExplicitInterfaceSpecifier is null
                ? visited
                : visited.WithExplicitInterfaceSpecifier(null).WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)));
        }

        // A mention of the model's own type (a constructor, Model.C0) names the copy.
        public override SyntaxToken VisitToken(SyntaxToken token) =>
            token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == _typeName
                ? SyntaxFactory.Identifier(token.LeadingTrivia, _probeName, token.TrailingTrivia)
                : base.VisitToken(token);

        public override SyntaxNode? VisitBinaryExpression(BinaryExpressionSyntax node)
        {
            var visited = (BinaryExpressionSyntax)base.VisitBinaryExpression(node)!;
            if (IsConstant(node))
            {
                return visited;
            }

            if (s_comparisons.TryGetValue(node.Kind(), out string? name) && IsNumeric(node.Left) && IsNumeric(node.Right))
            {
                return Call(Probe + name, visited.Left, visited.Right);
            }

            return node.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression && IsDouble(node)
                ? Call(Probe + "F", visited)
                : visited;
        }

        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            if (_semantic.GetSymbolInfo(node).Symbol is IMethodSymbol method &&
                method.ContainingType?.ToDisplayString() is "System.Math" or "SymbolicGd.Functions" &&
                s_kinks.TryGetValue(method.Name, out int arity) && method.Parameters.Length == arity &&
                method.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Double))
            {
                visited = visited.WithExpression(SyntaxFactory.ParseExpression(Probe + method.Name));
            }

            return IsDouble(node) && !IsConstant(node) ? Call(Probe + "F", visited) : visited;
        }

        public override SyntaxNode? VisitAssignmentExpression(AssignmentExpressionSyntax node)
        {
            var visited = (AssignmentExpressionSyntax)base.VisitAssignmentExpression(node)!;
            return !node.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsDouble(node) ? Call(Probe + "F", visited) : visited;
        }

        private bool IsConstant(ExpressionSyntax e) => _semantic.GetConstantValue(e).HasValue;

        private bool IsDouble(ExpressionSyntax e) => _semantic.GetTypeInfo(e).Type?.SpecialType == SpecialType.System_Double;

        private bool IsNumeric(ExpressionSyntax e) =>
            _semantic.GetTypeInfo(e).Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int32 or SpecialType.System_Int64;

        private static InvocationExpressionSyntax Call(string function, params ExpressionSyntax[] arguments) =>
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression(function),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(a => SyntaxFactory.Argument(a.WithoutTrivia())))));
    }
}
