using System.Collections.Generic;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>
/// The tree of branches: a region is the root, or one branch of a choice (Select) inside another region. Each
/// node of a program is placed in the least common ancestor of the regions that use it, which is where the
/// generated code computes it: a value only one branch uses is computed only in that branch.
/// </summary>
internal sealed class RegionTree
{
    public const int Root = 0;

    private readonly List<(int Parent, int Depth)> _regions = new() { (-1, 0) };
    private readonly Dictionary<(int Parent, int Select, bool WhenTrue), int> _children = new();

    /// <summary>The region of every needed node, given the roots (which are in the root region).</summary>
    /// <param name="needed">The nodes the roots depend on, indexed by id; ids at or above its length are not needed.</param>
    public int[] Place(Graph graph, IReadOnlyList<int> roots, bool[] needed)
    {
        int size = needed.Length;
        var region = new int[size];
        for (int id = 0; id < size; id++)
        {
            region[id] = -1;
        }

        foreach (int root in roots)
        {
            region[root] = Root;
        }

        // Consumers have larger ids than their operands: in descending order every use is known before the node.
        for (int id = size - 1; id >= 0; id--)
        {
            if (!needed[id])
            {
                continue;
            }

            var node = graph[id];
            int here = region[id];
            if (node.Op == Op.Select)
            {
                Demand(region, node.A, here);
                Demand(region, node.B, Child(here, id, whenTrue: true));
                Demand(region, node.C, Child(here, id, whenTrue: false));
                continue;
            }

            for (int i = 0; i < node.Arity; i++)
            {
                Demand(region, node.Operand(i), here);
            }
        }

        return region;
    }

    /// <summary>The branch region of a choice, or -1 if nothing was placed there.</summary>
    public int Find(int parent, int select, bool whenTrue) =>
        _children.TryGetValue((parent, select, whenTrue), out int child) ? child : -1;

    private void Demand(int[] region, int operand, int where)
    {
        region[operand] = region[operand] < 0 ? where : CommonAncestor(region[operand], where);
    }

    private int Child(int parent, int select, bool whenTrue)
    {
        var key = (parent, select, whenTrue);
        if (!_children.TryGetValue(key, out int child))
        {
            child = _regions.Count;
            _regions.Add((parent, _regions[parent].Depth + 1));
            _children[key] = child;
        }

        return child;
    }

    private int CommonAncestor(int a, int b)
    {
        while (a != b)
        {
            if (_regions[a].Depth >= _regions[b].Depth)
            {
                a = _regions[a].Parent;
            }
            else
            {
                b = _regions[b].Parent;
            }
        }

        return a;
    }
}
