using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.CodeGen;

/// <summary>
/// Writes nodes as C# expressions that evaluate exactly as the DAG says: parentheses wherever the tree's grouping
/// differs from C#'s left-to-right reading, so floating-point results match the order the formulas were derived in.
/// Nodes with a local are referred to by its name; the others are written inline.
/// </summary>
internal sealed class CodePrinter
{
    private const int Conditional = 30;
    private const int ConditionalOr = 35;
    private const int ConditionalAnd = 40;
    private const int Equality = 45;
    private const int Relational = 50;
    private const int Additive = 60;
    private const int Multiplicative = 70;
    private const int Unary = 90;
    private const int Primary = 100;

    private readonly Graph _graph;
    private readonly NameTable _names;
    private readonly Func<int, bool> _hasLocal;
    private readonly ISet<string> _locals;
    private readonly string _typeReference;
    private readonly IReadOnlyDictionary<int, string>? _parameterLocals;
    private readonly IReadOnlyDictionary<int, string>? _dataCode;
    private readonly NumberType _numbers;

    /// <param name="hasLocal">Whether the node is held in a local of the method being written.</param>
    /// <param name="locals">The names of the method's locals and arguments: a member they hide is reached through
    /// <c>this.</c> (or the type, if static).</param>
    /// <param name="typeReference">How the method's code names the model type, for hidden static members.</param>
    /// <param name="parameterLocals">Locals that hold parameters, by parameter index: Backward reads each parameter
    /// once into a local, because a field read after a store to the gradient span must be reloaded (the span might
    /// alias the object). Null where parameters are read from their members.</param>
    /// <param name="numbers">The type the code computes in; double unless a float32 network's activation is written.</param>
    /// <param name="dataCode">How code reads data leaves, by data index, where it differs from the leaf's own code (a
    /// loop program's adjoints, see <c>LoopPlanner</c>).</param>
    public CodePrinter(Graph graph, NameTable names, Func<int, bool> hasLocal, ISet<string> locals, string typeReference, IReadOnlyDictionary<int, string>? parameterLocals = null,
        NumberType? numbers = null, IReadOnlyDictionary<int, string>? dataCode = null)
    {
        _numbers = numbers ?? NumberType.Double;
        _dataCode = dataCode;
        _graph = graph;
        _names = names;
        _hasLocal = hasLocal;
        _locals = locals;
        _typeReference = typeReference;
        _parameterLocals = parameterLocals;
    }

    /// <summary>The node's own definition (never just its local's name).</summary>
    public string Definition(int node) => Write(node).Text;

    /// <summary>The keyword of the type locals of this code are declared with.</summary>
    public string NumberKeyword => _numbers.Keyword;

    /// <summary>The node as an operand: its local's name if it has one.</summary>
    public string Reference(int node) => Operand(node).Text;

    private (string Text, int Precedence) Operand(int id)
    {
        if (!Graph.IsLeaf(_graph[id].Op) && _hasLocal(id))
        {
            return (Identifier.Escape(_names.For(id)), Primary);
        }

        return Write(id);
    }

    private (string Text, int Precedence) Write(int id)
    {
        var node = _graph[id];
        switch (node.Op)
        {
            case Op.Constant:
                string literal = _numbers.Literal(node.Value);
                return (literal, literal[0] == '-' ? Unary : Primary);
            case Op.True:
                return ("true", Primary);
            case Op.False:
                return ("false", Primary);
            case Op.Parameter:
                return _parameterLocals is not null && _parameterLocals.TryGetValue(node.Index, out string? local)
                    ? (Identifier.Escape(local), Primary)
                    : (Member(_graph.ParameterNames[node.Index], isInstance: true), Primary);
            case Op.Data:
                return (_dataCode is not null && _dataCode.TryGetValue(node.Index, out string? code) ? code : Identifier.Escape(_graph.Data[node.Index].Code), Primary);
            case Op.Member:
                var leaf = _graph.Members[node.Index];
                string member = leaf.Code.StartsWith("global::", StringComparison.Ordinal) ? leaf.Code : Member(leaf.Code, leaf.IsInstanceMember);

                // A member of the user's class is a double: float code rounds it once, where it is read.
                return _numbers.IsSingle ? ("(float)" + member, Unary) : (member, Primary);

            case Op.Add:
                return (Binary(node, " + ", Additive), Additive);
            case Op.Subtract:
                return (Binary(node, " - ", Additive), Additive);
            case Op.Multiply:
                return (Binary(node, " * ", Multiplicative), Multiplicative);
            case Op.Divide:
                return (Binary(node, " / ", Multiplicative), Multiplicative);
            case Op.Negate:
                var operand = Operand(node.A);
                bool wrap = operand.Precedence < Unary || operand.Text.StartsWith("-", StringComparison.Ordinal);
                return ("-" + (wrap ? "(" + operand.Text + ")" : operand.Text), Unary);

            case Op.Select:
                return (Wrap(node.A, Conditional + 1) + " ? " + Wrap(node.B, Conditional + 1) + " : " + Wrap(node.C, Conditional + 1), Conditional);
            case >= Op.Less and <= Op.NotEqual when node.A == node.B:
                // t0 >= t0 would be warning CS1718 in the user's build; only NaN makes it false.
                string self = Reference(node.A);
                string isNaN = _numbers.Keyword + ".IsNaN(" + self + ")";
                return node.Op == Op.NotEqual ? (isNaN, Primary) : ("!" + isNaN, Unary);
            case Op.Less:
                return (Binary(node, " < ", Relational), Relational);
            case Op.LessOrEqual:
                return (Binary(node, " <= ", Relational), Relational);
            case Op.Greater:
                return (Binary(node, " > ", Relational), Relational);
            case Op.GreaterOrEqual:
                return (Binary(node, " >= ", Relational), Relational);
            case Op.Equal:
                return (Binary(node, " == ", Equality), Equality);
            case Op.NotEqual:
                return (Binary(node, " != ", Equality), Equality);
            case Op.And:
                return (Binary(node, " && ", ConditionalAnd), ConditionalAnd);
            case Op.Or:
                return (Binary(node, " || ", ConditionalOr), ConditionalOr);
            case Op.Not:
                return ("!" + Wrap(node.A, Primary), Unary);

            default:
                return Function(node);
        }
    }

    /// <summary>A function node, as its <see cref="FunctionTable"/> entry spells it.</summary>
    private (string Text, int Precedence) Function(Node node)
    {
        var function = FunctionTable.Of(node.Op) ?? throw new InvalidOperationException($"No code for {node.Op}.");
        switch (function.Code)
        {
            case CodeForm.SelfProduct:
                string x = Reference(node.A);
                return (x + " * " + x, Multiplicative);
            case CodeForm.SignTest:
                string s = Reference(node.A);
                string zero = _numbers.Literal(0.0);
                return ("(" + s + " > " + zero + " ? " + _numbers.Literal(1.0) + " : " + s + " < " + zero + " ? " + _numbers.Literal(-1.0) + " : " + zero + ")", Primary);
            case CodeForm.CallAsDouble:
                return ("(" + _numbers.Keyword + ")" + Call(_numbers.Call(function), node), Unary);
            default:
                return (Call(_numbers.Call(function), node), Primary);
        }
    }

    private string Member(string name, bool isInstance)
    {
        string escaped = Identifier.Escape(name);
        if (!_locals.Contains(name))
        {
            return escaped;
        }

        return isInstance ? "this." + escaped : _typeReference + "." + escaped;
    }

    /// <summary>
    /// A binary operator: the left operand is parenthesized below the operator's precedence, the right one at or
    /// below it, so that a·(b·c) is not rewritten as a·b·c, which C# would evaluate as (a·b)·c.
    /// </summary>
    private string Binary(Node node, string symbol, int precedence)
    {
        string left = Wrap(node.A, precedence);
        var right = Operand(node.B);
        bool wrapRight = right.Precedence <= precedence || right.Precedence == Unary;
        return left + symbol + (wrapRight ? "(" + right.Text + ")" : right.Text);
    }

    private string Wrap(int id, int minimum)
    {
        var (text, precedence) = Operand(id);
        return precedence < minimum ? "(" + text + ")" : text;
    }

    private string Call(string function, Node node)
    {
        var builder = new StringBuilder(function).Append('(');
        for (int i = 0; i < node.Arity; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(Reference(node.Operand(i)));
        }

        return builder.Append(')').ToString();
    }
}

/// <summary>C# identifiers: a name that is a keyword needs an @ in code.</summary>
internal static class Identifier
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    public static string Escape(string name) => s_keywords.Contains(name) ? "@" + name : name;
}
