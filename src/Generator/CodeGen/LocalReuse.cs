using System;
using System.Collections.Generic;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.CodeGen;

/// <summary>
/// Keeps a generated method within .NET's limit of 65,534 locals (CS0204), which the Backward of a loss of about
/// 10⁵ operations passes: a generated temporary whose last use has gone by hands its local on to a later one, as a
/// register allocator would. Used only past the limit; below it every value keeps a local of its own, which reads
/// better.
/// </summary>
internal static class LocalReuse
{
    /// <summary>The most locals a generated method declares: .NET's 65,534, less a margin for the compiler's own
    /// temporaries, which count against the same limit.</summary>
    public const int MaxLocals = 64_000;

    /// <summary>The locals the steps declare: one per assignment, one per choice and those its branches declare.</summary>
    public static int CountDeclared(IReadOnlyList<Step> steps)
    {
        int count = 0;
        foreach (var step in steps)
        {
            count++;
            for (var branch = step as Branch; branch is not null; branch = branch.ElseIf)
            {
                count += CountDeclared(branch.WhenTrue) + CountDeclared(branch.WhenFalse);
            }
        }

        return count;
    }

    /// <summary>
    /// The top-level steps in an order that keeps values short-lived, and for each of them (in that order) the earlier
    /// step whose local it takes over, or −1 for a local of its own.
    /// </summary>
    /// <param name="isMaterialized">Whether a node is held in a local (else it is written inline where it is used).</param>
    /// <param name="reusable">Whether a node's local may pass to another and the node may take one over: generated
    /// temporaries, never the user's locals, which the derivation names.</param>
    /// <param name="finalReads">Nodes the method reads after its last step (the gradient lines, the return value).</param>
    /// <remarks>
    /// <para>
    /// Each step comes as early as its inputs allow (by the length of the longest chain of steps it depends on; ties
    /// in the planner's order). The planner orders steps by node, which places the terms of a parameter's derivative
    /// together at the end: in a chain of statements the adjoint of every link then stays live until the sum that
    /// reads it, and no local could be shared. Summed as soon as its terms exist, a link's adjoint is needed for a few
    /// lines only. Values are pure, so any order that respects their dependencies computes the same numbers.
    /// </para>
    /// <para>
    /// Only assignments take a local over, only from a value whose last use is an earlier step (so <c>t = f(t)</c>
    /// never happens), and only one of the same type; a choice's branches declare their own, block-scoped locals and
    /// are left as they are. Their reads count as reads of the choice's step.
    /// </para>
    /// </remarks>
    public static (IReadOnlyList<Step> Steps, int[] Donors) Plan(
        Graph graph,
        IReadOnlyList<Step> steps,
        Func<int, bool> isMaterialized,
        Func<int, bool> reusable,
        IEnumerable<int> finalReads)
    {
        int count = steps.Count;
        var stepOf = new Dictionary<int, int>();
        for (int i = 0; i < count; i++)
        {
            stepOf[steps[i].Node] = i;
        }

        // What each step reads, and how long the chain of steps before it is.
        var reads = new List<int>[count];
        var level = new int[count];
        for (int i = 0; i < count; i++)
        {
            reads[i] = new List<int>();
            StepReads(graph, steps[i], isMaterialized, reads[i]);
            foreach (int node in reads[i])
            {
                // Reads of locals declared inside a branch belong to that branch's own steps.
                if (stepOf.TryGetValue(node, out int producer) && producer < i)
                {
                    level[i] = Math.Max(level[i], level[producer] + 1);
                }
            }
        }

        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) => level[x] != level[y] ? level[x].CompareTo(level[y]) : x.CompareTo(y));

        var lastUse = new Dictionary<int, int>();
        for (int position = 0; position < count; position++)
        {
            foreach (int node in reads[order[position]])
            {
                lastUse[node] = position;
            }
        }

        var finalNodes = new List<int>();
        foreach (int node in finalReads)
        {
            ExpressionReads(graph, node, isMaterialized, finalNodes);
        }

        foreach (int node in finalNodes)
        {
            lastUse[node] = count;
        }

        // Positions whose local is free from position i on, by i; then, walking the steps, free locals by type.
        var scheduled = new Step[count];
        var freedAt = new List<int>?[count + 1];
        var freeDoubles = new Stack<int>();
        var freeBooleans = new Stack<int>();
        var donors = new int[count];
        for (int i = 0; i < count; i++)
        {
            scheduled[i] = steps[order[i]];
            foreach (int freed in freedAt[i] ?? (IEnumerable<int>)Array.Empty<int>())
            {
                (IsBoolean(graph, scheduled[freed].Node) ? freeBooleans : freeDoubles).Push(freed);
            }

            int node = scheduled[i].Node;
            var free = IsBoolean(graph, node) ? freeBooleans : freeDoubles;
            donors[i] = scheduled[i] is Assignment && reusable(node) && free.Count > 0 ? free.Pop() : -1;

            if (reusable(node))
            {
                int last = lastUse.TryGetValue(node, out int use) ? use : i;
                if (last < count)
                {
                    (freedAt[last + 1] ??= new List<int>()).Add(i);
                }
            }
        }

        return (scheduled, donors);
    }

    private static bool IsBoolean(Graph graph, int node) => Graph.IsCondition(graph[node].Op);

    /// <summary>The locals a step reads: its definition's, or everything a choice and its branches read.</summary>
    private static void StepReads(Graph graph, Step step, Func<int, bool> isMaterialized, List<int> reads)
    {
        if (step is not Branch branch)
        {
            DefinitionReads(graph, step.Node, isMaterialized, reads);
            return;
        }

        for (; branch is not null; branch = branch.ElseIf!)
        {
            var select = graph[branch.Node];
            ExpressionReads(graph, select.A, isMaterialized, reads);
            foreach (var inner in branch.WhenTrue)
            {
                StepReads(graph, inner, isMaterialized, reads);
            }

            ExpressionReads(graph, select.B, isMaterialized, reads);
            if (branch.ElseIf is null)
            {
                foreach (var inner in branch.WhenFalse)
                {
                    StepReads(graph, inner, isMaterialized, reads);
                }

                ExpressionReads(graph, select.C, isMaterialized, reads);
                break;
            }
        }
    }

    /// <summary>The locals read where the node is referenced: its own, if it has one, else its definition's.</summary>
    private static void ExpressionReads(Graph graph, int node, Func<int, bool> isMaterialized, List<int> reads)
    {
        if (Graph.IsLeaf(graph[node].Op))
        {
            return;
        }

        if (isMaterialized(node))
        {
            reads.Add(node);
            return;
        }

        DefinitionReads(graph, node, isMaterialized, reads);
    }

    private static void DefinitionReads(Graph graph, int node, Func<int, bool> isMaterialized, List<int> reads)
    {
        var definition = graph[node];
        for (int i = 0; i < definition.Arity; i++)
        {
            ExpressionReads(graph, definition.Operand(i), isMaterialized, reads);
        }
    }
}
