using System;
using System.Collections.Generic;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.CodeGen;

/// <summary>A statement of generated code: a local assigned once, or a choice computed by a real if/else.</summary>
internal abstract class Step
{
    protected Step(int node) => Node = node;

    /// <summary>The node whose value the statement stores in the node's local.</summary>
    public int Node { get; }
}

/// <summary><c>double name = expression;</c></summary>
internal sealed class Assignment : Step
{
    public Assignment(int node)
        : base(node)
    {
    }
}

/// <summary>
/// <c>double name; if (condition) { …; name = a; } else { …; name = b; }</c>: a choice whose branches compute
/// locals of their own, which therefore run only on the branch taken.
/// </summary>
internal sealed class Branch : Step
{
    public Branch(int node, IReadOnlyList<Step> whenTrue, IReadOnlyList<Step> whenFalse, Branch? elseIf)
        : base(node)
    {
        WhenTrue = whenTrue;
        WhenFalse = whenFalse;
        ElseIf = elseIf;
    }

    public IReadOnlyList<Step> WhenTrue { get; }

    /// <summary>The statements of the else branch; empty when it continues as <see cref="ElseIf"/>.</summary>
    public IReadOnlyList<Step> WhenFalse { get; }

    /// <summary>
    /// The choice the else branch consists of, written <c>else if</c> into this choice's own local, as a person
    /// writes an else-if chain: it has no local of its own.
    /// </summary>
    public Branch? ElseIf { get; }
}

/// <summary>
/// The straight-line code that computes some root nodes: which nodes get a local (the others are written inline
/// in their one consumer), and in what order and under which branch each local is computed.
/// </summary>
internal sealed class CodePlan
{
    /// <summary>Past this depth an inline expression is broken with a local: lines stay readable, printers shallow.</summary>
    private const int MaxInlineDepth = 12;

    private readonly bool[] _materialized;

    private CodePlan(bool[] materialized, IReadOnlyList<Step> steps)
    {
        _materialized = materialized;
        Steps = steps;
    }

    public IReadOnlyList<Step> Steps { get; }

    public bool IsMaterialized(int node) => node < _materialized.Length && _materialized[node];



    /// <summary>Plans the code for <paramref name="roots"/>; nodes in <paramref name="forced"/> always get a local.</summary>
    /// <remarks>
    /// A node gets a local when the user named it, when it is used more than once, when it is a root that must be
    /// kept, or when inlining it would nest too deep. Each local is placed in the innermost branch that all its
    /// uses share (the least common ancestor in the tree of branches), so a value only one branch needs is computed
    /// only there: a NaN or an infinity it produces on the other branch never reaches the result.
    /// </remarks>
    public static CodePlan Create(Graph graph, IReadOnlyList<int> roots, ISet<int> forced, NameTable names)
    {
        int size = 0;
        foreach (int root in roots)
        {
            size = Math.Max(size, root + 1);
        }

        // 1. What is needed, and how often each node is used.
        var uses = new int[size];
        var needed = Reachability.Needed(graph, roots, uses);

        // 2. Which nodes get a local.
        var materialized = new bool[size];
        var depth = new int[size];
        for (int id = 0; id < size; id++)
        {
            if (!needed[id])
            {
                continue;
            }

            var node = graph[id];
            if (Graph.IsLeaf(node.Op))
            {
                continue;
            }

            bool local = forced.Contains(id) || (Graph.IsCondition(node.Op)
                ? uses[id] > 1 && !IsCheapComparison(graph, node, materialized)
                : uses[id] > 1);

            int inlineDepth = 0;
            for (int i = 0; i < node.Arity; i++)
            {
                int operand = node.Operand(i);
                if (!materialized[operand])
                {
                    inlineDepth = Math.Max(inlineDepth, depth[operand]);
                }
            }

            depth[id] = inlineDepth + 1;
            if (local || depth[id] > MaxInlineDepth)
            {
                materialized[id] = true;
                depth[id] = 0;
            }
        }

        // 3. Where each node is computed: the least common ancestor of the places that use it.
        var regions = new RegionTree();
        var region = regions.Place(graph, roots, needed);

        // 4. A choice whose branches hold locals becomes an if/else; its own local then sits in its region, which
        //    may make an enclosing choice an if/else too (operands come first, so one pass upward suffices).
        var isBranch = new bool[size];
        var regionHasLocals = new HashSet<int>();
        for (int id = 0; id < size; id++)
        {
            if (!needed[id])
            {
                continue;
            }

            if (graph[id].Op == Op.Select &&
                (regionHasLocals.Contains(regions.Find(region[id], id, true)) ||
                 regionHasLocals.Contains(regions.Find(region[id], id, false))))
            {
                materialized[id] = true;
                isBranch[id] = true;
            }

            if (materialized[id] && region[id] != RegionTree.Root)
            {
                regionHasLocals.Add(region[id]);
            }
        }

        // 5. An else branch that holds nothing but the next choice, read nowhere else, continues the if as an else
        //    if into the same local: an else-if chain stays flat instead of nesting one level per case.
        var continuesChain = new bool[size];
        var localsPerRegion = new Dictionary<int, int>();
        for (int id = 0; id < size; id++)
        {
            if (needed[id] && materialized[id])
            {
                localsPerRegion[region[id]] = localsPerRegion.TryGetValue(region[id], out int count) ? count + 1 : 1;
            }
        }

        for (int id = 0; id < size; id++)
        {
            if (!isBranch[id])
            {
                continue;
            }

            int next = graph[id].C;
            int elseRegion = regions.Find(region[id], id, false);
            if (isBranch[next] && uses[next] == 1 && !forced.Contains(next) && region[next] == elseRegion &&
                localsPerRegion.TryGetValue(elseRegion, out int locals) && locals == 1)
            {
                continuesChain[next] = true;
            }
        }

        // 6. The statements, region by region, each in topological (id) order.
        var localsByRegion = new Dictionary<int, List<int>>();
        for (int id = 0; id < size; id++)
        {
            if (needed[id] && materialized[id])
            {
                if (!localsByRegion.TryGetValue(region[id], out var list))
                {
                    localsByRegion[region[id]] = list = new List<int>();
                }

                list.Add(id);
            }
        }

        IReadOnlyList<Step> Build(int regionId)
        {
            if (!localsByRegion.TryGetValue(regionId, out var locals))
            {
                return Array.Empty<Step>();
            }

            var steps = new List<Step>(locals.Count);
            foreach (int id in locals)
            {
                if (isBranch[id])
                {
                    steps.Add(Choice(regionId, id));
                    continue;
                }

                names.For(id);
                steps.Add(new Assignment(id));
            }

            return steps;
        }

        Branch Choice(int regionId, int id)
        {
            if (!continuesChain[id])
            {
                names.For(id);
            }

            var whenTrue = Build(regions.Find(regionId, id, true));
            int elseRegion = regions.Find(regionId, id, false);
            int next = graph[id].C;
            return continuesChain[next]
                ? new Branch(id, whenTrue, Array.Empty<Step>(), Choice(elseRegion, next))
                : new Branch(id, whenTrue, Build(elseRegion), elseIf: null);
        }

        var steps = Build(RegionTree.Root);

        // A choice that continues a chain is written into its parent's local: it has none of its own.
        for (int id = 0; id < size; id++)
        {
            materialized[id] &= !continuesChain[id];
        }

        return new CodePlan(materialized, steps);
    }

    private static bool IsCheapComparison(Graph graph, Node node, bool[] materialized)
    {
        if (node.Op is < Op.Less or > Op.NotEqual)
        {
            return false;
        }

        return (Graph.IsLeaf(graph[node.A].Op) || materialized[node.A]) &&
               (Graph.IsLeaf(graph[node.B].Op) || materialized[node.B]);
    }
}
