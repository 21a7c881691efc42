using System.Collections.Generic;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>Which nodes some roots depend on: the one reverse walk of the DAG that planning, costing and emitting share.</summary>
internal static class Reachability
{
    /// <summary>
    /// The nodes <paramref name="roots"/> reach through operands, indexed by id up to the largest root (ids at or above
    /// the array's length are not reached). Operands have smaller ids than their consumers, so one pass in descending
    /// order finds them all, without recursion or a stack.
    /// </summary>
    /// <param name="uses">If given (as long as the result), receives how often the generated code reads each node: once
    /// per root and per consumer's operand, twice for a consumer that writes its operand twice (x * x).</param>
    public static bool[] Needed(Graph graph, IReadOnlyList<int> roots, int[]? uses = null)
    {
        int size = 0;
        for (int i = 0; i < roots.Count; i++)
        {
            size = roots[i] + 1 > size ? roots[i] + 1 : size;
        }

        var needed = new bool[size];
        for (int i = 0; i < roots.Count; i++)
        {
            needed[roots[i]] = true;
            if (uses is not null)
            {
                uses[roots[i]]++;
            }
        }

        for (int id = size - 1; id >= 0; id--)
        {
            if (!needed[id])
            {
                continue;
            }

            var node = graph[id];
            for (int i = 0; i < node.Arity; i++)
            {
                int operand = node.Operand(i);
                needed[operand] = true;
                if (uses is not null)
                {
                    uses[operand]++;
                }
            }

            // x·x and the sign test read their operand twice in code.
            if (uses is not null && FunctionTable.Of(node.Op) is { ReadsOperandTwice: true })
            {
                uses[node.A]++;
            }
        }

        return needed;
    }
}
