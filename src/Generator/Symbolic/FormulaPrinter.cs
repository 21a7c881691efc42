using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>
/// Writes nodes as a person writes formulas: <c>·</c> for products, <c>−</c> for minus, powers as superscripts,
/// σ for the sigmoid, and only the parentheses the mathematics needs. Named locals appear by name; a parameter or
/// member that a data argument or a local of the same name hides reads <c>this.w</c>, as in C#. Other nodes are
/// expanded. A printer for comments beside the generated code refers to a local of that code whose expansion would
/// be long by its name, so that those comments stay proportional to the code; a printer for readers
/// (<see cref="ForReaders"/>: the derivation, <c>Derivatives</c>) never names a generated local, and cuts a formula
/// longer than <see cref="MaxReaderLength"/> with a note instead.
/// </summary>
internal sealed class FormulaPrinter
{
    /// <summary>Past this many characters an expansion is replaced by the generated local's name.</summary>
    public const int ExpansionBudget = 160;

    /// <summary>The longest formula a reader's printer writes whole; past it the formula is cut with a note.</summary>
    /// <remarks>A closed form without the generated locals can grow with the square of the loss (a chain of
    /// compositions) or worse: past a few thousand characters it no longer helps a reader, and building it would
    /// cost the compiler time and memory out of proportion to the model.</remarks>
    public const int MaxReaderLength = 4_000;

    /// <summary>How much of a cut subexpression is kept, so that a cut formula still shows how it starts.</summary>
    private const int CutPrefixLength = 240;

    /// <summary>Ends a cut expansion inside the printer; <see cref="Expand"/> replaces it with the note.</summary>
    private const char Cut = '\uE000';

    // Precedence, loosest first: what an operand needs parentheses against.
    private const int Choice = 5;
    private const int Disjunction = 10;
    private const int Conjunction = 20;
    private const int Relation = 30;
    private const int Sum = 50;
    private const int Negation = 65;
    private const int Product = 70;
    private const int Power = 90;
    private const int Atom = 100;

    private readonly Graph _graph;
    private readonly NameTable _names;
    private readonly Func<int, bool> _hasLocal;
    private readonly int _maxLength;
    private readonly Dictionary<int, (string Text, int Precedence)> _expansions = new();
    private HashSet<string>? _hidden;

    /// <param name="hasLocal">Whether the generated code holds the node in a local it can be called by.</param>
    public FormulaPrinter(Graph graph, NameTable names, Func<int, bool> hasLocal)
        : this(graph, names, hasLocal, int.MaxValue)
    {
    }

    private FormulaPrinter(Graph graph, NameTable names, Func<int, bool> hasLocal, int maxLength)
    {
        _graph = graph;
        _names = names;
        _hasLocal = hasLocal;
        _maxLength = maxLength;
    }

    /// <summary>A printer whose formulas name only what the user wrote (parameters, data arguments, members and the
    /// user's own locals), cut with a note past <see cref="MaxReaderLength"/> characters.</summary>
    public static FormulaPrinter ForReaders(Graph graph, NameTable names) => new(graph, names, _ => false, MaxReaderLength);

    /// <summary>The node written out: its own definition, with its operands by name where they have one.</summary>
    public string Expand(int node)
    {
        string text = Expansion(node).Text;
        int cut = text.IndexOf(Cut);
        return cut < 0
            ? text
            : text.Substring(0, cut) + " … (abbreviated: the whole formula is longer than " +
              _maxLength.ToString("N0", CultureInfo.InvariantCulture) + " characters)";
    }

    private bool IsWrittenByName(int node) => !Graph.IsLeaf(_graph[node].Op) && _names.IsUserNamed(node) && _names.TryGet(node, out _);

    /// <summary>How the node reads inside a larger formula.</summary>
    private (string Text, int Precedence) Reference(int node)
    {
        if (IsWrittenByName(node) && _names.TryGet(node, out string name))
        {
            return (name, Atom);
        }

        var expansion = Expansion(node);
        if (expansion.Text.Length > ExpansionBudget && _hasLocal(node))
        {
            return (_names.For(node), Atom);
        }

        return expansion;
    }

    private (string Text, int Precedence) Expansion(int id)
    {
        if (_expansions.TryGetValue(id, out var cached))
        {
            return cached;
        }

        // Operands first, in a loop: writing a node then finds its operands' expansions cached, so the recursion
        // through Write is one level deep. A chain of thousands of statements is a graph thousands of nodes deep,
        // and recursing along it overflowed the compiler's stack.
        var pending = new Stack<(int Node, bool OperandsDone)>();
        pending.Push((id, false));
        while (pending.Count > 0)
        {
            var (node, operandsDone) = pending.Pop();
            if (_expansions.ContainsKey(node))
            {
                continue;
            }

            if (operandsDone)
            {
                _expansions[node] = Limit(Write(node));
                continue;
            }

            pending.Push((node, true));
            var operands = _graph[node];
            for (int i = operands.Arity - 1; i >= 0; i--)
            {
                // A local the user named is written by its name (Reference), so its own expansion is not needed:
                // without this, the first formula of a long loss wrote out every node of the loss.
                int operand = operands.Operand(i);
                if (!IsWrittenByName(operand))
                {
                    pending.Push((operand, false));
                }
            }
        }

        return _expansions[id];
    }

    /// <summary>
    /// For a reader's printer: an expansion that holds a cut operand ends just after it, and one longer than the
    /// limit keeps only its start, so that each cached text stays short however large the whole formula would be.
    /// </summary>
    private (string Text, int Precedence) Limit((string Text, int Precedence) expansion)
    {
        if (_maxLength == int.MaxValue)
        {
            return expansion;
        }

        string text = expansion.Text;
        int cut = text.IndexOf(Cut);
        if (cut < 0 && text.Length <= _maxLength)
        {
            return expansion;
        }

        int length = cut >= 0 ? Math.Min(cut, CutPrefixLength) : CutPrefixLength;
        if (length < cut || cut < 0)
        {
            // Not inside a name or number, nor between the halves of a surrogate pair.
            while (length > 0 && (InWord(text[length - 1]) && InWord(text[length]) || char.IsHighSurrogate(text[length - 1])))
            {
                length--;
            }
        }

        return (text.Substring(0, length) + Cut, expansion.Precedence);
    }

    private static bool InWord(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '.' || (c >= '₀' && c <= '₉');

    /// <summary>A parameter or member as formulas show it: qualified if a data argument or local of the same name
    /// hides it, as the code must qualify it.</summary>
    private string Qualified(string name, bool instance)
    {
        if (_hidden is null)
        {
            _hidden = new HashSet<string>(_names.UserNames, StringComparer.Ordinal);
            foreach (var data in _graph.Data)
            {
                _hidden.Add(data.Name);
            }
        }

        return _hidden.Contains(name) && instance ? "this." + name : name;
    }

    private (string Text, int Precedence) Write(int id)
    {
        var node = _graph[id];
        switch (node.Op)
        {
            case Op.Constant:
                return node.Value < 0 || (node.Value == 0 && BitConverter.DoubleToInt64Bits(node.Value) < 0)
                    ? ("−" + Number(-node.Value), Negation)
                    : (Number(node.Value), Atom);
            case Op.True:
                return ("true", Atom);
            case Op.False:
                return ("false", Atom);
            case Op.Parameter:
                return (Qualified(_graph.ParameterNames[node.Index], instance: true), Atom);
            case Op.Data:
                return (_graph.Data[node.Index].Name, Atom);
            case Op.Member:
                return (Qualified(_graph.Members[node.Index].Name, _graph.Members[node.Index].IsInstanceMember), Atom);

            case Op.Add:
                return (Wrap(node.A, Sum) + SumTail(node.B, subtract: false), Sum);
            case Op.Subtract:
                return (Wrap(node.A, Sum) + SumTail(node.B, subtract: true), Sum);
            case Op.Multiply:
                return (Factor(node.A) + "·" + Wrap(node.B, Product), Product);
            case Op.Divide:
                return (Wrap(node.A, Negation) + "/" + Wrap(node.B, Power), Product);
            case Op.Negate:
                return ("−" + Wrap(node.A, Product), Negation);

            case Op.Pow:
                return IsConstant(node.B, out double exponent) && TrySuperscript(exponent, out string superscript)
                    ? (Wrap(node.A, Atom) + superscript, Power)
                    : (Wrap(node.A, Atom) + "^" + Wrap(node.B, Atom), Power);
            case Op.Select:
                return (Wrap(node.A, Choice + 1) + " ? " + Wrap(node.B, Choice + 1) + " : " + Wrap(node.C, Choice + 1), Choice);

            case Op.Less:
            case Op.LessOrEqual:
            case Op.Greater:
            case Op.GreaterOrEqual:
            case Op.Equal:
            case Op.NotEqual:
                return (Wrap(node.A, Sum) + " " + RelationSymbol(node.Op) + " " + Wrap(node.B, Sum), Relation);
            case Op.And:
                return (Wrap(node.A, Conjunction) + " && " + Wrap(node.B, Conjunction), Conjunction);
            case Op.Or:
                return (Wrap(node.A, Disjunction) + " || " + Wrap(node.B, Disjunction), Disjunction);
            case Op.Not:
                return ("!" + Wrap(node.A, Atom), Negation);

            default:
                return Function(node);
        }
    }

    /// <summary>A function node, as its <see cref="FunctionTable"/> entry spells it.</summary>
    private (string Text, int Precedence) Function(Node node)
    {
        var function = FunctionTable.Of(node.Op) ?? throw new InvalidOperationException($"No formula for {node.Op}.");
        return function.FormulaForm switch
        {
            FormulaForm.Prefix => (function.Formula + Wrap(node.A, Atom), Atom),
            FormulaForm.Postfix => (Wrap(node.A, Atom) + function.Formula, Power),
            FormulaForm.Bars => ("|" + Reference(node.A).Text + "|", Atom),
            _ => (Call(function.Formula, node), Atom),
        };
    }

    private string Call(string name, Node node)
    {
        var builder = new StringBuilder(name).Append('(');
        for (int i = 0; i < node.Arity; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(Reference(node.Operand(i)).Text);
        }

        return builder.Append(')').ToString();
    }

    private static string RelationSymbol(Op op) => op switch
    {
        Op.Less => "<",
        Op.LessOrEqual => "≤",
        Op.Greater => ">",
        Op.GreaterOrEqual => "≥",
        Op.Equal => "==",
        _ => "≠",
    };

    /// <summary>
    /// " + b" or " − b"; an added negative reads as a subtraction and a subtracted one as an addition
    /// (a + (−2)·x is a − 2·x, a − (−x) is a + x).
    /// </summary>
    private string SumTail(int operand, bool subtract)
    {
        var node = _graph[operand];
        string? magnitude = null;
        if (node.Op == Op.Negate)
        {
            magnitude = Wrap(node.A, subtract ? Sum : Product);
        }
        else if (node.Op == Op.Constant && node.Value < 0)
        {
            magnitude = Number(-node.Value);
        }
        else if (node.Op == Op.Multiply && IsConstant(node.A, out double coefficient) && coefficient < 0)
        {
            magnitude = Number(-coefficient) + "·" + Wrap(node.B, Product);
        }

        if (magnitude is not null)
        {
            return (subtract ? " + " : " − ") + magnitude;
        }

        return (subtract ? " − " : " + ") + Wrap(operand, subtract ? Product : Sum);
    }

    /// <summary>The first factor of a product: a leading minus needs no parentheses (−a·b), a quotient does ((a/b)·c).</summary>
    private string Factor(int operand)
    {
        var (text, precedence) = Reference(operand);
        bool quotient = precedence == Product && _graph[operand].Op == Op.Divide;
        return precedence < Negation || quotient ? "(" + text + ")" : text;
    }

    /// <summary>An operand: parenthesized if its precedence is below <paramref name="minimum"/>.</summary>
    private string Wrap(int operand, int minimum)
    {
        var (text, precedence) = Reference(operand);
        return precedence < minimum ? "(" + text + ")" : text;
    }

    private bool IsConstant(int id, out double value) => _graph.IsConstant(id, out value);

    private static bool TrySuperscript(double exponent, out string superscript)
    {
        superscript = string.Empty;
        if (exponent != Math.Floor(exponent) || Math.Abs(exponent) > 99)
        {
            return false;
        }

        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var builder = new StringBuilder();
        if (exponent < 0)
        {
            builder.Append('⁻');
        }

        foreach (char c in Math.Abs(exponent).ToString(CultureInfo.InvariantCulture))
        {
            builder.Append(digits[c - '0']);
        }

        superscript = builder.ToString();
        return true;
    }

    /// <summary>A non-negative number as formulas show it: shortest round-trip digits, π and e by name.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "−∞";
        }

        if (value == Math.PI)
        {
            return "π";
        }

        if (value == Math.E)
        {
            return "e";
        }

        return value.ToString("R", CultureInfo.InvariantCulture).Replace("-", "−");
    }
}
