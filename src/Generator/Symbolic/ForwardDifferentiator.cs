using System;
using System.Collections.Generic;
using System.Threading;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>
/// Forward mode on symbols: the directional derivative (tangent) of every node some roots need, given the tangent of
/// each parameter. Visiting nodes in ascending id order (a topological order), a node's tangent is the sum over its
/// operands of its local derivative times the operand's tangent, with the same local derivatives the
/// <see cref="Differentiator"/> uses (so the second-order code shares their nodes with Backward's).
/// </summary>
/// <remarks>
/// Run over the nodes of the gradient it differentiates the gradient again: with the tangent of parameter j set to 1
/// and the others to 0 it gives column j of the Hessian, ∂(∂L/∂θᵢ)/∂θⱼ for every i; with the tangent of parameter j
/// set to vⱼ it gives H·v (JAX's <c>jvp(grad(f))</c>, done once at build time). Tangents that are identically zero are
/// never built, so a structurally zero second derivative is the constant 0. A choice's tangent follows the branch
/// taken, a comparison has none: at a kink the second derivative is that of the branch, as the first is
/// (relu″ = 0, |x|″ = 0).
/// </remarks>
internal static class ForwardDifferentiator
{
    /// <summary>Thrown when the tangents would take the graph past the node limit <see cref="Tangents"/> is given.</summary>
    internal sealed class BudgetExceededException : Exception
    {
    }

    /// <summary>A constant times a sum of at most this many terms is multiplied out (see <see cref="AddScaled"/>).</summary>
    private const int MaxDistributedTerms = 4;

    /// <summary>The tangent of each root (the graph's zero where it is identically zero).</summary>
    /// <param name="seed">The tangent of parameter i, or the graph's zero.</param>
    /// <param name="firstDerivative">The first node that is not a forward value: sums from here on are derivatives,
    /// which a constant factor may be multiplied into; a forward value (b − a²) stays whole, as the user wrote it.</param>
    /// <param name="nodeLimit">The most nodes the graph may hold; past it, <see cref="BudgetExceededException"/>.</param>
    public static int[] Tangents(Graph graph, IReadOnlyList<int> roots, Func<int, int> seed, int firstDerivative, int nodeLimit, CancellationToken cancellationToken)
    {
        var needed = Reachability.Needed(graph, roots);
        var tangent = new int[needed.Length];
        int zero = graph.Zero;
        var scratch = new Scratch(firstDerivative);
        var terms = scratch.Terms;
        for (int id = 0; id < needed.Length; id++)
        {
            tangent[id] = zero;
            if ((id & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (graph.Count > nodeLimit)
                {
                    throw new BudgetExceededException();
                }
            }

            if (!needed[id])
            {
                continue;
            }

            var node = graph[id];
            if (node.Op == Op.Parameter)
            {
                tangent[id] = seed(node.Index);
                continue;
            }

            if (Graph.IsLeaf(node.Op) || Graph.IsCondition(node.Op))
            {
                continue;
            }

            if (node.Op == Op.Select)
            {
                int whenTrue = tangent[node.B], whenFalse = tangent[node.C];
                if (whenTrue != zero || whenFalse != zero)
                {
                    // Inside a branch its own condition is known: c ? (c ? u : v) : w is c ? u : w.
                    if (graph[whenTrue].Op == Op.Select && graph[whenTrue].A == node.A)
                    {
                        whenTrue = graph[whenTrue].B;
                    }

                    if (graph[whenFalse].Op == Op.Select && graph[whenFalse].A == node.A)
                    {
                        whenFalse = graph[whenFalse].C;
                    }

                    tangent[id] = graph.Select(node.A, whenTrue, whenFalse);
                }

                continue;
            }

            terms.Clear();
            if (graph.IsLogistic(id, out int logit))
            {
                // σ′ = σ·(1 − σ), as the reverse pass takes it: the quotient rule through exp(−z) is NaN where it overflows.
                if (tangent[logit] != zero)
                {
                    terms.Add(graph.Multiply(graph.LogisticDerivative(id), tangent[logit]));
                }
            }
            else
            {
                AddTerms(graph, id, node, tangent, scratch);
            }

            tangent[id] = graph.Sum(terms);
        }

        if (graph.Count > nodeLimit)
        {
            throw new BudgetExceededException();
        }

        var result = new int[roots.Count];
        for (int i = 0; i < roots.Count; i++)
        {
            result[i] = tangent[roots[i]];
        }

        return result;
    }

    /// <summary>(local derivative)·(operand's tangent) for each operand whose tangent is not zero; a local
    /// derivative is built only for an operand whose tangent is not zero, so no node is added for a zero term.</summary>
    private static void AddTerms(Graph g, int id, Node node, int[] tangent, Scratch scratch)
    {
        int zero = g.Zero;
        int a = node.A, b = node.B;
        bool hasA = a >= 0 && tangent[a] != zero, hasB = b >= 0 && tangent[b] != zero;
        switch (node.Op)
        {
            case Op.Add:
                if (hasA)
                {
                    AddScaled(g, g.One, tangent[a], scratch);
                }

                if (hasB)
                {
                    AddScaled(g, g.One, tangent[b], scratch);
                }

                break;
            case Op.Subtract:
                if (hasA)
                {
                    AddScaled(g, g.One, tangent[a], scratch);
                }

                if (hasB)
                {
                    AddScaled(g, g.Constant(-1), tangent[b], scratch);
                }

                break;
            case Op.Multiply:
                if (hasA)
                {
                    AddScaled(g, b, tangent[a], scratch);
                }

                if (hasB)
                {
                    AddScaled(g, a, tangent[b], scratch);
                }

                break;
            case Op.Divide:
                if (hasA)
                {
                    AddScaled(g, g.Divide(g.One, b), tangent[a], scratch);
                }

                if (hasB)
                {
                    AddScaled(g, g.Negate(g.Divide(a, g.Function(Op.Square, b))), tangent[b], scratch);
                }

                break;
            case Op.Negate:
                if (hasA)
                {
                    AddScaled(g, g.Constant(-1), tangent[a], scratch);
                }

                break;
            default:
                // A function without rules (sgn, which only derivatives produce) is piecewise constant.
                var rules = FunctionTable.Of(node.Op)?.Derivatives;
                if (rules is null)
                {
                    break;
                }

                for (int i = 0; i < rules.Length; i++)
                {
                    int operand = node.Operand(i);
                    if (rules[i] is { } rule && tangent[operand] != zero)
                    {
                        AddScaled(g, rule(g, id, node), tangent[operand], scratch);
                    }
                }

                break;
        }
    }

    /// <summary>The lists one pass reuses for every node: the tangent pass builds a few nodes per node of the
    /// gradient, and lists allocated per term cost more than the nodes themselves.</summary>
    private sealed class Scratch
    {
        public Scratch(int firstDerivative)
        {
            FirstDerivative = firstDerivative;
        }

        public int FirstDerivative { get; }

        public List<int> Terms { get; } = new(3);

        public List<(double Coefficient, int Node)> Opened { get; } = new(MaxDistributedTerms + 1);

        public List<int> Leaves { get; } = new(MaxDistributedTerms + 1);

        public List<int> Others { get; } = new(MaxDistributedTerms + 1);
    }

    /// <summary>
    /// Adds factor·tangent to the terms; a constant factor times a short derivative sum is multiplied out, so that
    /// like terms of the whole tangent meet in <see cref="Graph.Sum"/>: Rosenbrock's ∂²L/∂a² then reads
    /// 2 − 400·(b − a²) + 800·a², as a person derives it, instead of 2 − 400·(b − a² − 2·a²).
    /// </summary>
    private static void AddScaled(Graph g, int factor, int tangent, Scratch scratch)
    {
        int firstDerivative = scratch.FirstDerivative;
        var terms = scratch.Terms;
        if (g.IsConstant(factor, out double coefficient) && coefficient != 1 && tangent >= firstDerivative)
        {
            var opened = scratch.Opened;
            opened.Clear();
            int visits = 0;
            if (Open(g, tangent, coefficient, opened, firstDerivative, ref visits) && opened.Count > 1)
            {
                foreach (var (c, x) in opened)
                {
                    terms.Add(g.Scale(c, x));
                }

                return;
            }
        }

        terms.Add(LeavesFirst(g, factor, tangent, scratch));
    }

    /// <summary>
    /// factor·tangent with the data, parameters and members of a short derivative product in front:
    /// ∂²Bce/∂w1∂w2 reads x1·x2·p·(1 − p), as a person writes it, instead of x1·p·(1 − p)·x2.
    /// </summary>
    private static int LeavesFirst(Graph g, int factor, int tangent, Scratch scratch)
    {
        int firstDerivative = scratch.FirstDerivative;
        var leaves = scratch.Leaves;
        var others = scratch.Others;
        leaves.Clear();
        others.Clear();
        int visits = 0;
        if (!Factors(g, factor, leaves, others, firstDerivative, ref visits) || !Factors(g, tangent, leaves, others, firstDerivative, ref visits) ||
            leaves.Count == 0 || others.Count == 0)
        {
            return g.Multiply(factor, tangent);
        }

        int product = leaves[0];
        for (int i = 1; i < leaves.Count; i++)
        {
            product = g.Multiply(product, leaves[i]);
        }

        foreach (int other in others)
        {
            product = g.Multiply(product, other);
        }

        return product;
    }

    /// <summary>The factors of a derivative product, leaves and others apart; false past
    /// <see cref="MaxDistributedTerms"/> factors, or for a constant factor (which Graph.Multiply already puts first).</summary>
    private static bool Factors(Graph g, int node, List<int> leaves, List<int> others, int firstDerivative, ref int visits)
    {
        if (++visits > 2 * MaxDistributedTerms)
        {
            return false;
        }

        var n = g[node];
        if (n.Op == Op.Constant)
        {
            return false;
        }

        if (node >= firstDerivative && n.Op == Op.Multiply)
        {
            return Factors(g, n.A, leaves, others, firstDerivative, ref visits) && Factors(g, n.B, leaves, others, firstDerivative, ref visits);
        }

        (n.Op is Op.Data or Op.Parameter or Op.Member ? leaves : others).Add(node);
        return leaves.Count + others.Count <= MaxDistributedTerms;
    }

    /// <summary>The terms c·x of coefficient·node, opening derivative sums, differences, negations and constant
    /// multiples; false past <see cref="MaxDistributedTerms"/> terms (the product then stays whole).</summary>
    private static bool Open(Graph g, int node, double coefficient, List<(double, int)> terms, int firstDerivative, ref int visits)
    {
        // Counted on the way down: the left spine of a long sum is not walked to its end.
        if (++visits > 2 * MaxDistributedTerms)
        {
            return false;
        }

        var n = g[node];
        if (node >= firstDerivative)
        {
            switch (n.Op)
            {
                case Op.Add:
                    return Open(g, n.A, coefficient, terms, firstDerivative, ref visits) && Open(g, n.B, coefficient, terms, firstDerivative, ref visits);
                case Op.Subtract:
                    return Open(g, n.A, coefficient, terms, firstDerivative, ref visits) && Open(g, n.B, -coefficient, terms, firstDerivative, ref visits);
                case Op.Negate:
                    return Open(g, n.A, -coefficient, terms, firstDerivative, ref visits);
                case Op.Multiply when g.IsConstant(n.A, out double k):
                    return Open(g, n.B, coefficient * k, terms, firstDerivative, ref visits);
            }
        }

        terms.Add((coefficient, node));
        return terms.Count <= MaxDistributedTerms;
    }
}
