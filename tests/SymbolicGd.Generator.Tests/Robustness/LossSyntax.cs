using System.Collections.Generic;
using System.Text;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>
/// A tiny syntax tree for the random losses, printed twice: as the model's C#, and as the "probe" copy that the
/// fuzzer runs for finite differences, where every comparison and every kink (|x|, max, min, clamp, relu, sign)
/// goes through <c>Probe</c>, which records which way it went and how close it was to going the other way.
/// </summary>
internal abstract class Expr
{
    public abstract void Write(StringBuilder b, bool probe);

    public string ToString(bool probe)
    {
        var b = new StringBuilder();
        Write(b, probe);
        return b.ToString();
    }
}

/// <summary>Text printed as is: a literal, a name, or an injected construct outside the language.</summary>
internal sealed class Text : Expr
{
    public Text(string text) => Value = text;

    public string Value { get; }

    public override void Write(StringBuilder b, bool probe) => b.Append(Value);
}

internal sealed class Binary : Expr
{
    private readonly Expr _left;
    private readonly string _op;
    private readonly Expr _right;

    public Binary(Expr left, string op, Expr right) => (_left, _op, _right) = (left, op, right);

    public override void Write(StringBuilder b, bool probe)
    {
        // A quotient (always of doubles here) may be infinite: the probe copy notes it.
        bool note = probe && _op == "/";
        b.Append(note ? "Probe.F(" : "(");
        _left.Write(b, probe);
        b.Append(' ').Append(_op).Append(' ');
        _right.Write(b, probe);
        b.Append(')');
    }
}

internal sealed class Negate : Expr
{
    private readonly Expr _operand;

    public Negate(Expr operand) => _operand = operand;

    public override void Write(StringBuilder b, bool probe)
    {
        b.Append("-(");
        _operand.Write(b, probe);
        b.Append(')');
    }
}

/// <summary>A call; a kink's probe copy calls <c>Probe.&lt;ProbeName&gt;</c> instead, with the same arguments.</summary>
internal sealed class Call : Expr
{
    private readonly string _name;
    private readonly string? _probeName;
    private readonly IReadOnlyList<Expr> _arguments;
    private readonly string _prefix;
    private readonly string _suffix;

    private readonly bool _double;

    /// <param name="isDouble">The call returns a double, which the probe copy checks for being finite.</param>
    public Call(string name, string? probeName, IReadOnlyList<Expr> arguments, string prefix = "", string suffix = "", bool isDouble = true)
    {
        _name = name;
        _probeName = probeName;
        _arguments = arguments;
        _prefix = prefix;
        _suffix = suffix;
        _double = isDouble;
    }

    public override void Write(StringBuilder b, bool probe)
    {
        bool note = probe && _double;
        b.Append(_prefix).Append(note ? "Probe.F(" : string.Empty).Append(probe && _probeName is not null ? "Probe." + _probeName : _name).Append('(');
        for (int i = 0; i < _arguments.Count; i++)
        {
            if (i > 0)
            {
                b.Append(", ");
            }

            _arguments[i].Write(b, probe);
        }

        b.Append(')').Append(note ? ")" : string.Empty).Append(_suffix);
    }
}

internal sealed class Conditional : Expr
{
    private readonly Expr _condition;
    private readonly Expr _whenTrue;
    private readonly Expr _whenFalse;

    public Conditional(Expr condition, Expr whenTrue, Expr whenFalse) => (_condition, _whenTrue, _whenFalse) = (condition, whenTrue, whenFalse);

    public override void Write(StringBuilder b, bool probe)
    {
        b.Append('(');
        _condition.Write(b, probe);
        b.Append(" ? ");
        _whenTrue.Write(b, probe);
        b.Append(" : ");
        _whenFalse.Write(b, probe);
        b.Append(')');
    }
}

/// <summary>A comparison: <c>(a &lt; b)</c>, or <c>Probe.Lt(a, b)</c> in the probe copy.</summary>
internal sealed class Comparison : Expr
{
    private static readonly Dictionary<string, string> s_probeNames = new()
    {
        ["<"] = "Lt", ["<="] = "Le", [">"] = "Gt", [">="] = "Ge", ["=="] = "Eq", ["!="] = "Ne",
    };

    private readonly Expr _left;
    private readonly string _op;
    private readonly Expr _right;

    public Comparison(Expr left, string op, Expr right) => (_left, _op, _right) = (left, op, right);

    public override void Write(StringBuilder b, bool probe)
    {
        if (probe)
        {
            new Call(s_probeNames[_op], null, new[] { _left, _right }, prefix: "Probe.", isDouble: false).Write(b, probe);
            return;
        }

        new Binary(_left, _op, _right).Write(b, probe);
    }
}

/// <summary>A statement of a block, printed with its indentation.</summary>
internal abstract class Statement
{
    public abstract void Write(StringBuilder b, int indent, bool probe);

    protected static StringBuilder Indent(StringBuilder b, int indent) => b.Append(' ', 4 * indent);
}

/// <summary>One line: a declaration, an assignment, a return, or an injected statement.</summary>
internal sealed class Line : Statement
{
    private readonly string _before;
    private readonly Expr? _expression;
    private readonly string _after;

    public Line(string before, Expr? expression = null, string after = ";", bool declaration = false) =>
        (_before, _expression, _after, IsDeclaration) = (before, expression, after, declaration);

    /// <summary>The line's text before its expression: the whole statement for an injected one.</summary>
    public string Text => _before;

    /// <summary>A declaration cannot be the lone statement of an unbraced if.</summary>
    public bool IsDeclaration { get; }

    public override void Write(StringBuilder b, int indent, bool probe)
    {
        Indent(b, indent).Append(_before);
        _expression?.Write(b, probe);
        b.Append(_after).Append('\n');
    }
}

internal sealed class If : Statement
{
    private readonly Expr _condition;
    private readonly IReadOnlyList<Statement> _then;
    private readonly IReadOnlyList<Statement>? _else;
    private readonly bool _braces;

    public If(Expr condition, IReadOnlyList<Statement> then, IReadOnlyList<Statement>? @else, bool braces) =>
        (_condition, _then, _else, _braces) = (condition, then, @else, braces);

    public override void Write(StringBuilder b, int indent, bool probe) => Write(b, indent, probe, elseIf: false);

    private void Write(StringBuilder b, int indent, bool probe, bool elseIf)
    {
        if (!elseIf)
        {
            Indent(b, indent);
        }

        b.Append("if (");
        _condition.Write(b, probe);
        b.Append(")\n");
        WriteBranch(b, indent, probe, _then);
        if (_else is null)
        {
            return;
        }

        Indent(b, indent).Append("else");
        if (_else.Count == 1 && _else[0] is If elseIf2)
        {
            b.Append(' ');
            elseIf2.Write(b, indent, probe, elseIf: true);
            return;
        }

        b.Append('\n');
        WriteBranch(b, indent, probe, _else);
    }

    private void WriteBranch(StringBuilder b, int indent, bool probe, IReadOnlyList<Statement> statements)
    {
        // A single statement without braces exercises the parser's Branch path; a declaration needs braces.
        bool braces = _braces || statements.Count != 1 || statements[0] is not Line { IsDeclaration: false };
        if (braces)
        {
            Indent(b, indent).Append("{\n");
        }

        foreach (var statement in statements)
        {
            statement.Write(b, indent + 1, probe);
        }

        if (braces)
        {
            Indent(b, indent).Append("}\n");
        }
    }
}
