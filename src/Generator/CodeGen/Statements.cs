using System;
using System.Collections.Generic;
using System.Threading;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.CodeGen;

/// <summary>A statement of a generated method with every name chosen and every expression printed: what is left to
/// decide is only layout (indentation, and where the comments line up).</summary>
internal abstract class Statement
{
}

/// <summary>One line of code, with the comment beside it if any: <c>double t0 = a * b;  // a·b</c>.</summary>
internal sealed class Line : Statement
{
    public Line(string code, string? comment = null)
    {
        Code = code;
        Comment = comment;
    }

    public string Code { get; }

    public string? Comment { get; }
}

/// <summary>
/// A local computed by a real if/else chain, <c>double t0; if (c) { … t0 = a; } else { … t0 = b; }</c>: on a branch
/// not taken nothing of that branch is computed, which is what keeps a derivative finite where only the other branch
/// is defined.
/// </summary>
internal sealed class Choice : Statement
{
    public Choice(Line declaration, IReadOnlyList<ChoiceArm> arms)
    {
        Declaration = declaration;
        Arms = arms;
    }

    /// <summary><c>double t0;</c> and the formula of the whole choice.</summary>
    public Line Declaration { get; }

    /// <summary>The <c>if</c>, each <c>else if</c>, and last the <c>else</c> (its condition null).</summary>
    public IReadOnlyList<ChoiceArm> Arms { get; }
}

/// <summary>An arm of a <see cref="Choice"/>: its condition (null for the last <c>else</c>) and its body, which ends
/// by assigning the choice's local.</summary>
internal sealed class ChoiceArm
{
    public ChoiceArm(string? condition, IReadOnlyList<Statement> body)
    {
        Condition = condition;
        Body = body;
    }

    public string? Condition { get; }

    public IReadOnlyList<Statement> Body { get; }
}

/// <summary>A block under a header: a loop of a loop program (<c>for (…)</c>) or a check (<c>if (…)</c>), its body in braces.</summary>
internal sealed class HeaderBlock : Statement
{
    public HeaderBlock(string header, IReadOnlyList<Statement> body, string? comment = null)
    {
        Header = header;
        Body = body;
        Comment = comment;
    }

    public string Header { get; }

    public IReadOnlyList<Statement> Body { get; }

    public string? Comment { get; }
}

/// <summary>
/// Turns the steps of a <see cref="CodePlan"/> into <see cref="Statement"/>s: names the locals in the order they are
/// declared (so t0, t1, … read top to bottom), prints each definition, and takes the comment of each line from the
/// caller. The scalar front end and a layer stack's custom activations both go through it.
/// </summary>
internal sealed class StatementPlanner
{
    private readonly Graph _graph;
    private readonly NameTable _names;
    private readonly CodePrinter _code;
    private readonly Func<int, string?> _comment;
    private readonly Func<int, string?> _valueComment;

    /// <param name="comment">The comment beside the line that computes a node.</param>
    /// <param name="valueComment">The comment beside the line that assigns a choice's local the value of its arm.</param>
    public StatementPlanner(Graph graph, NameTable names, CodePrinter code, Func<int, string?> comment, Func<int, string?> valueComment)
    {
        _graph = graph;
        _names = names;
        _code = code;
        _comment = comment;
        _valueComment = valueComment;
    }

    /// <summary>The statements of <paramref name="steps"/>, appended to <paramref name="statements"/>.</summary>
    /// <param name="donors">Per step, the earlier step whose local it takes over (see <see cref="LocalReuse"/>), or
    /// null when every step declares its own.</param>
    /// <param name="stores">Per node, lines to write right after the node is computed (Evaluate's copies of named
    /// locals to its span), given the node's local.</param>
    public void Plan(
        IReadOnlyList<Step> steps,
        List<Statement> statements,
        CancellationToken cancellationToken,
        int[]? donors = null,
        Func<int, string, IEnumerable<Line>>? stores = null)
    {
        var variables = donors is null ? null : new string[steps.Count];
        for (int index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            cancellationToken.ThrowIfCancellationRequested();
            int node = step.Node;
            if (donors is not null && donors[index] >= 0)
            {
                string variable = variables![donors[index]];
                _names.Reuse(node, variable);
                variables[index] = variable;
                statements.Add(new Line($"{Identifier.Escape(variable)} = {_code.Definition(node)};", _comment(node)));
                continue;
            }

            string local = _names.For(node);
            string name = Identifier.Escape(local);
            if (variables is not null)
            {
                variables[index] = local;
            }

            string type = Graph.IsCondition(_graph[node].Op) ? "bool" : _code.NumberKeyword;
            if (step is Branch branch)
            {
                var declaration = new Line($"{type} {name};", _comment(node));
                var arms = new List<ChoiceArm>();
                PlanChoice(branch, name, arms, stores, cancellationToken);
                statements.Add(new Choice(declaration, arms));
            }
            else
            {
                statements.Add(new Line($"{type} {name} = {_code.Definition(node)};", _comment(node)));
            }

            if (stores is not null)
            {
                statements.AddRange(stores(node, name));
            }
        }
    }

    private void PlanChoice(Branch branch, string name, List<ChoiceArm> arms, Func<int, string, IEnumerable<Line>>? stores, CancellationToken cancellationToken)
    {
        var select = _graph[branch.Node];
        string condition = _code.Reference(select.A);
        arms.Add(new ChoiceArm(condition, PlanArm(branch.WhenTrue, name, select.B, stores, cancellationToken)));
        if (branch.ElseIf is { } next)
        {
            PlanChoice(next, name, arms, stores, cancellationToken);
            return;
        }

        arms.Add(new ChoiceArm(null, PlanArm(branch.WhenFalse, name, select.C, stores, cancellationToken)));
    }

    private List<Statement> PlanArm(IReadOnlyList<Step> steps, string name, int value, Func<int, string, IEnumerable<Line>>? stores, CancellationToken cancellationToken)
    {
        var body = new List<Statement>();
        Plan(steps, body, cancellationToken, donors: null, stores);
        body.Add(new Line($"{name} = {_code.Reference(value)};", _valueComment(value)));
        return body;
    }
}

/// <summary>
/// Writes <see cref="Statement"/>s: consecutive lines form a group whose comments line up, a choice ends the group
/// before it, and each arm's body is a group of its own.
/// </summary>
internal static class StatementWriter
{
    public static void Write(SourceWriter writer, IReadOnlyList<Statement> statements)
    {
        var lines = new List<(string, string?)>();
        Write(writer, statements, lines);
        writer.WriteCommented(lines);
    }

    private static void Write(SourceWriter writer, IReadOnlyList<Statement> statements, List<(string, string?)> lines)
    {
        foreach (var statement in statements)
        {
            if (statement is Line line)
            {
                lines.Add((line.Code, line.Comment));
                continue;
            }

            writer.WriteCommented(lines);
            lines.Clear();
            if (statement is HeaderBlock loop)
            {
                writer.WriteCommented(new[] { (loop.Header, loop.Comment) });
                writer.OpenBrace();
                Write(writer, loop.Body);
                writer.CloseBrace();
                continue;
            }

            var choice = (Choice)statement;
            if (choice.Declaration.Code.Length > 0)
            {
                writer.WriteCommented(new[] { (choice.Declaration.Code, choice.Declaration.Comment) });
            }

            for (int i = 0; i < choice.Arms.Count; i++)
            {
                var arm = choice.Arms[i];
                writer.WriteLine(arm.Condition is null ? "else" : (i == 0 ? "if (" : "else if (") + arm.Condition + ")");
                writer.OpenBrace();
                Write(writer, arm.Body);
                writer.CloseBrace();
            }
        }
    }
}
