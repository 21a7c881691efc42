using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>
/// Mutates a model's syntax tree rather than its text, so that the mutant still parses and mostly still binds, and
/// the generator gets to read it: operators swapped (mostly for one of the same kind, so the types still agree),
/// subexpressions replaced by names in scope, literals or other subexpressions of the same method, wrapped in calls
/// (supported functions, the class's helpers, a conditional), and statements inserted at statement boundaries
/// (declarations, assignments, compound assignments, ifs, early returns). A minority of mutations leave the language
/// or C# on purpose: <c>%</c>, an unsupported call, a member write, and a <c>double</c> used as a condition.
/// </summary>
/// <remarks>
/// Types are told from the syntax alone, as the models of <see cref="LossGenerator"/> compute with doubles only: an
/// arithmetic operator, a call, a name or a number is a double; a comparison, <c>&amp;&amp;</c>, <c>||</c>,
/// <c>!</c> or <c>true</c> is a bool. Mutations stay inside the members of the model class.
/// </remarks>
internal static class TreeMutator
{
    private static readonly SyntaxKind[] s_arithmetic =
        { SyntaxKind.AddExpression, SyntaxKind.SubtractExpression, SyntaxKind.MultiplyExpression, SyntaxKind.DivideExpression };

    private static readonly SyntaxKind[] s_comparisons =
    {
        SyntaxKind.LessThanExpression, SyntaxKind.LessThanOrEqualExpression, SyntaxKind.GreaterThanExpression,
        SyntaxKind.GreaterThanOrEqualExpression, SyntaxKind.EqualsExpression, SyntaxKind.NotEqualsExpression,
    };

    private static readonly SyntaxKind[] s_logical = { SyntaxKind.LogicalAndExpression, SyntaxKind.LogicalOrExpression };

    private static readonly SyntaxKind[] s_compound =
        { SyntaxKind.AddAssignmentExpression, SyntaxKind.SubtractAssignmentExpression, SyntaxKind.MultiplyAssignmentExpression, SyntaxKind.DivideAssignmentExpression };

    private static readonly string[] s_unary =
    {
        "Math.Exp", "Math.Log", "Math.Sin", "Math.Cos", "Math.Tanh", "Math.Sqrt", "Math.Abs", "Sigmoid", "Relu", "Square",
        "Softplus", "Math.Atan", "Math.Cbrt", "global::System.Math.Exp", "Functions.Sigmoid",
    };

    private static readonly string[] s_binary = { "Math.Max", "Math.Min", "Math.Pow", "Math.Atan2" };

    private static readonly string[] s_literals = { "0", "1", "2", "0.5", "1.5", "2.0", "1e-3", "10.0", "Math.PI", "-1.0", "0.0" };

    /// <summary>One to three mutations; the source unchanged if it has no model class or nothing to mutate.</summary>
    public static string Mutate(string source, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        int count = random.NextDouble() < 0.7 ? 1 : 2 + random.Next(2);
        for (int i = 0; i < count; i++)
        {
            root = MutateOnce(root, random) ?? root;
        }

        return root.ToFullString();
    }

    private static SyntaxNode? MutateOnce(SyntaxNode root, Random random)
    {
        var model = root.DescendantNodes().OfType<TypeDeclarationSyntax>()
            .FirstOrDefault(t => t is not InterfaceDeclarationSyntax && t.AttributeLists.Count > 0);
        if (model is null)
        {
            return null;
        }

        var bodies = model.Members.Where(m => m is MethodDeclarationSyntax or PropertyDeclarationSyntax).ToList();
        if (bodies.Count == 0)
        {
            return null;
        }

        var context = new Context(model, random);
        for (int attempt = 0; attempt < 4; attempt++)
        {
            // The loss more often than the helpers: it is what the generator reads first.
            var member = bodies.FirstOrDefault(m => m.AttributeLists.Count > 0 && random.NextDouble() < 0.6) ?? bodies[random.Next(bodies.Count)];
            var mutated = random.Next(10) switch
            {
                < 3 => context.SwapOperator(member),
                < 6 => context.ReplaceExpression(member),
                < 8 => context.WrapExpression(member),
                _ => context.InsertStatement(member),
            };
            if (mutated is not null)
            {
                return root.ReplaceNode(model, model.ReplaceNode(member, mutated));
            }
        }

        return null;
    }

    private sealed class Context
    {
        private readonly Random _random;
        private readonly List<string> _members;
        private readonly List<(string Name, int Arity)> _helpers;
        private int _unique;

        public Context(TypeDeclarationSyntax model, Random random)
        {
            _random = random;
            _members = model.Members.SelectMany(m => m switch
            {
                FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
                PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
                _ => Enumerable.Empty<string>(),
            }).ToList();
            _helpers = model.Members.OfType<MethodDeclarationSyntax>()
                .Where(m => m.AttributeLists.Count == 0 && m.TypeParameterList is null)
                .Select(m => (m.Identifier.ValueText, m.ParameterList.Parameters.Count))
                .ToList();
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private bool Chance(double p) => _random.NextDouble() < p;

        // ---- Operators ----------------------------------------------------------------------------------------

        public MemberDeclarationSyntax? SwapOperator(MemberDeclarationSyntax member)
        {
            var candidates = member.DescendantNodes()
                .Where(n => n is BinaryExpressionSyntax || n is AssignmentExpressionSyntax a && !a.IsKind(SyntaxKind.SimpleAssignmentExpression))
                .ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            var node = Pick(candidates);
            if (node is AssignmentExpressionSyntax assignment)
            {
                var kind = Chance(0.1) ? SyntaxKind.ModuloAssignmentExpression : Pick(s_compound);
                return member.ReplaceNode(assignment, AssignmentExpression(kind, assignment.Left, assignment.Right).WithTriviaFrom(assignment));
            }

            var binary = (BinaryExpressionSyntax)node;
            SyntaxKind[] family = s_arithmetic.Contains(binary.Kind()) ? s_arithmetic : s_comparisons.Contains(binary.Kind()) ? s_comparisons : s_logical;
            SyntaxKind replacement = Chance(0.1)
                ? Pick(new[] { SyntaxKind.ModuloExpression, Pick(s_arithmetic), Pick(s_comparisons), Pick(s_logical) })
                : Pick(family);
            return member.ReplaceNode(binary, BinaryExpression(replacement, binary.Left, binary.Right).WithTriviaFrom(binary));
        }

        // ---- Expressions --------------------------------------------------------------------------------------

        public MemberDeclarationSyntax? ReplaceExpression(MemberDeclarationSyntax member)
        {
            var candidates = Expressions(member);
            if (candidates.Count == 0)
            {
                return null;
            }

            var target = Pick(candidates);
            var replacement = IsBool(target) ? Condition(member, target.SpanStart) : Numeric(member, target.SpanStart, exclude: target);
            return member.ReplaceNode(target, Parenthesize(replacement).WithTriviaFrom(target));
        }

        public MemberDeclarationSyntax? WrapExpression(MemberDeclarationSyntax member)
        {
            var candidates = Expressions(member).Where(e => !IsBool(e)).ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            var target = Pick(candidates);
            var e = Parenthesize(target.WithoutTrivia());
            var arityOne = _helpers.Where(h => h.Arity == 1).ToList();
            var arityTwo = _helpers.Where(h => h.Arity == 2).ToList();
            ExpressionSyntax wrapped = _random.Next(20) switch
            {
                < 7 => ParseExpression($"{Pick(s_unary)}({e})"),
                < 10 => ParseExpression($"{Pick(s_binary)}({e}, {Numeric(member, target.SpanStart, exclude: target)})"),
                < 12 when arityOne.Count > 0 => ParseExpression($"{Pick(arityOne).Name}({e})"),
                < 12 when arityTwo.Count > 0 => ParseExpression($"{Pick(arityTwo).Name}({e}, {Numeric(member, target.SpanStart, exclude: target)})"),
                < 15 => ParseExpression($"({Condition(member, target.SpanStart)} ? {e} : {Numeric(member, target.SpanStart, exclude: target)})"),
                < 16 => ParseExpression($"-{e}"),
                < 17 => ParseExpression($"Math.Clamp({e}, -1.0, 1.0)"),
                < 18 => ParseExpression($"Math.Round({e})"), // outside the language: SGD0013
                _ => ParseExpression($"({e} ? {e} : {Numeric(member, target.SpanStart, exclude: target)})"), // a double as a condition: SGD0033
            };
            return member.ReplaceNode(target, Parenthesize(wrapped).WithTriviaFrom(target));
        }

        /// <summary>The expressions of a member's body that may be replaced as a whole: values, not names of things.</summary>
        private static List<ExpressionSyntax> Expressions(MemberDeclarationSyntax member) =>
            member.DescendantNodes().OfType<ExpressionSyntax>().Where(e => e switch
            {
                LiteralExpressionSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or ParenthesizedExpressionSyntax
                    or ConditionalExpressionSyntax or InvocationExpressionSyntax => IsValue(e),
                IdentifierNameSyntax or MemberAccessExpressionSyntax => IsValue(e),
                _ => false,
            }).ToList();

        /// <summary>Whether the expression stands for a value where it is (not a type, a called method's name, a target).</summary>
        private static bool IsValue(ExpressionSyntax e) => e.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == e && e is not IdentifierNameSyntax { Identifier.ValueText: "Math" or "Functions" or "System" },
            InvocationExpressionSyntax invocation => invocation.Expression != e,
            AssignmentExpressionSyntax assignment => assignment.Right == e,
            QualifiedNameSyntax or AliasQualifiedNameSyntax or VariableDeclarationSyntax or ParameterSyntax or TypeArgumentListSyntax
                or NameColonSyntax or NameEqualsSyntax or AttributeSyntax or ExplicitInterfaceSpecifierSyntax or SimpleBaseTypeSyntax
                or CastExpressionSyntax or PropertyDeclarationSyntax or MethodDeclarationSyntax or TypeConstraintSyntax => false,
            _ => e is not PredefinedTypeSyntax,
        };

        private static bool IsBool(ExpressionSyntax e) => e switch
        {
            BinaryExpressionSyntax binary => !s_arithmetic.Contains(binary.Kind()) && !binary.IsKind(SyntaxKind.ModuloExpression),
            PrefixUnaryExpressionSyntax unary => unary.IsKind(SyntaxKind.LogicalNotExpression),
            ParenthesizedExpressionSyntax parenthesized => IsBool(parenthesized.Expression),
            LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.TrueLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression),
            _ => false,
        };

        private static ExpressionSyntax Parenthesize(ExpressionSyntax e) =>
            e is IdentifierNameSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax
                ? e
                : ParenthesizedExpression(e.WithoutTrivia());

        /// <summary>The names a value at <paramref name="position"/> of the member can read: its arguments, the
        /// locals declared before it in an enclosing block, and the class's fields and properties.</summary>
        private List<string> NamesInScope(MemberDeclarationSyntax member, int position)
        {
            var names = new List<string>(_members);
            if (member is MethodDeclarationSyntax method)
            {
                names.AddRange(method.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
            }

            names.AddRange(LocalsInScope(member, position));
            return names;
        }

        private static IEnumerable<string> LocalsInScope(MemberDeclarationSyntax member, int position) =>
            member.DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Where(v => v.Span.End <= position && v.Ancestors().OfType<BlockSyntax>().FirstOrDefault() is { } block && block.Span.Contains(position))
                .Select(v => v.Identifier.ValueText);

        /// <summary>A double: a name in scope, a number, another subexpression of the member, or an arithmetic of them.</summary>
        private ExpressionSyntax Numeric(MemberDeclarationSyntax member, int position, ExpressionSyntax? exclude = null, int depth = 0)
        {
            var names = NamesInScope(member, position);
            int choice = _random.Next(10);
            if (choice < 4 && names.Count > 0)
            {
                return IdentifierName(Pick(names));
            }

            if (choice < 6)
            {
                return ParseExpression(Pick(s_literals));
            }

            if (choice < 8)
            {
                // Another value of the member whose names are all in scope here.
                var inScope = new HashSet<string>(names) { "Math", "Functions", "System", "global", "PI", "E" };
                var others = Expressions(member)
                    .Where(e => !IsBool(e) && e != exclude && !(exclude?.Span.Contains(e.Span) ?? false) && !e.Span.Contains(exclude?.Span ?? default) &&
                                e.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().All(n => inScope.Contains(n.Identifier.ValueText) || _helpers.Any(h => h.Name == n.Identifier.ValueText) || n.Parent is MemberAccessExpressionSyntax { Name: var name } && name == n))
                    .ToList();
                if (others.Count > 0)
                {
                    return Parenthesize(Pick(others).WithoutTrivia());
                }
            }

            if (depth < 2)
            {
                var left = Numeric(member, position, exclude, depth + 1);
                var right = Numeric(member, position, exclude, depth + 1);
                return ParenthesizedExpression(BinaryExpression(Pick(s_arithmetic), Parenthesize(left), Parenthesize(right)));
            }

            return ParseExpression(Pick(s_literals));
        }

        /// <summary>A bool: a comparison of doubles, sometimes negated or joined with another.</summary>
        private ExpressionSyntax Condition(MemberDeclarationSyntax member, int position)
        {
            ExpressionSyntax comparison = BinaryExpression(Pick(s_comparisons), Parenthesize(Numeric(member, position)), Parenthesize(Numeric(member, position)));
            return _random.Next(6) switch
            {
                0 => PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, ParenthesizedExpression(comparison)),
                1 => BinaryExpression(Pick(s_logical), ParenthesizedExpression(comparison), ParenthesizedExpression(
                    BinaryExpression(Pick(s_comparisons), Parenthesize(Numeric(member, position)), Parenthesize(Numeric(member, position))))),
                2 => ParseExpression(Chance(0.5) ? "true" : "false"),
                _ => comparison,
            };
        }

        // ---- Statements ---------------------------------------------------------------------------------------

        public MemberDeclarationSyntax? InsertStatement(MemberDeclarationSyntax member)
        {
            if (member is not MethodDeclarationSyntax method)
            {
                return null;
            }

            // An expression body becomes a block, so that it has statement boundaries.
            if (method.ExpressionBody is { } arrow)
            {
                method = method.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithBody(Block(ReturnStatement(arrow.Expression.WithoutTrivia())));
                member = method;
            }

            var blocks = method.DescendantNodes().OfType<BlockSyntax>().ToList();
            if (blocks.Count == 0)
            {
                return null;
            }

            var block = Pick(blocks);

            // Mostly before the block's last statement (the return): after it, code is unreachable.
            int index = block.Statements.Count == 0 ? 0 : Chance(0.85) ? _random.Next(block.Statements.Count) : block.Statements.Count;
            int position = index < block.Statements.Count ? block.Statements[index].SpanStart : block.CloseBraceToken.SpanStart;
            var locals = LocalsInScope(member, position).ToList();
            var arguments = method.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToList();
            var assignable = locals.Concat(arguments).ToList();
            string value = Numeric(member, position).ToString();
            string statement = _random.Next(20) switch
            {
                < 5 => $"double m{_unique++}_{_random.Next(100)} = {value};",
                < 9 when assignable.Count > 0 => $"{Pick(assignable)} = {value};",
                < 12 when assignable.Count > 0 => $"{Pick(assignable)} {Pick(new[] { "+=", "-=", "*=", "/=" })} {value};",
                < 15 when assignable.Count > 0 => $"if ({Condition(member, position)}) {{ {Pick(assignable)} = {value}; }} else {{ {Pick(assignable)} += 1.0; }}",
                < 17 => $"if ({Condition(member, position)}) return {value};",
                < 18 when _members.Count > 0 => $"{Pick(_members)} = {value};", // a member write: SGD0017
                < 19 => $"if ({Numeric(member, position)}) return {value};",  // a double as a condition: SGD0033
                _ => $"double m{_unique++}_{_random.Next(100)} = {value};",
            };

            var inserted = ParseStatement(statement).WithTrailingTrivia(ElasticCarriageReturnLineFeed);
            var newBlock = block.WithStatements(block.Statements.Insert(index, inserted));
            return member.ReplaceNode(block, newBlock);
        }
    }
}
