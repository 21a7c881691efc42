using System;
using System.Collections.Generic;
using System.Threading;
using SymbolicGd.Generator.CodeGen;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>The gradient of a lowered loss: one node per parameter, plus the adjoints of the named locals.</summary>
internal sealed class GradientResult
{
    public GradientResult(LoweredModel model, IReadOnlyList<int> gradient, IReadOnlyDictionary<int, int> namedAdjoints)
    {
        Model = model;
        Gradient = gradient;
        NamedAdjoints = namedAdjoints;
    }

    public LoweredModel Model { get; }

    /// <summary>∂loss/∂θ for each parameter θ, in declaration order.</summary>
    public IReadOnlyList<int> Gradient { get; }

    /// <summary>For a named local v: ∂loss/∂v (the δ of a hand derivation), keyed by v's node.</summary>
    public IReadOnlyDictionary<int, int> NamedAdjoints { get; }
}

/// <summary>
/// Reverse-mode differentiation on symbols. Visiting the loss's nodes from the loss back to the parameters (ids in
/// descending order are a reverse topological order), each node's adjoint ∂L/∂n is the sum of what its consumers
/// sent it, complete by the time it is visited; it then sends each operand k the product of its local derivative
/// ∂n/∂k and its own adjoint. A node shared by many consumers is visited once, so nothing is counted twice and the
/// gradient stays proportional in size to the loss. This is micrograd's backward pass, run once at build time on
/// expressions instead of numbers.
/// </summary>
internal static class Differentiator
{
    /// <param name="sumAsAvailable">Sum each adjoint's terms in the order the reverse pass produces them, instead of
    /// the consumers' order: for code whose temporaries must share locals (<see cref="LocalReuse"/>), a term can then
    /// be added as soon as it exists, instead of every term waiting for the last one computed, which in a chain of
    /// statements is the first in the consumers' order. The sum's rounding may differ by an ulp or so.</param>
    public static GradientResult Differentiate(LoweredModel model, CancellationToken cancellationToken, bool sumAsAvailable = false)
    {
        var graph = model.Graph;
        int value = model.Value;
        int forwardCount = value + 1;

        // A node is active if it depends on a parameter; only active nodes carry derivatives.
        var active = new bool[forwardCount];
        for (int id = 0; id < forwardCount; id++)
        {
            var node = graph[id];
            active[id] = node.Op switch
            {
                Op.Parameter => true,
                _ when Graph.IsLeaf(node.Op) || Graph.IsCondition(node.Op) => false,
                Op.Select => active[node.B] || active[node.C],
                _ => (node.A >= 0 && active[node.A]) || (node.B >= 0 && active[node.B]) || (node.C >= 0 && active[node.C]),
            };
        }

        var contributions = new List<int>?[forwardCount];
        var adjoints = new Dictionary<int, int>();
        var gradient = new int[graph.ParameterNames.Count];
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = graph.Zero;
        }

        var someBranches = ComputedOnSomeBranches(graph, value);
        graph.BeginDerivatives();
        if (active[value])
        {
            Add(contributions, value, graph.One);
        }

        for (int id = value; id >= 0; id--)
        {
            if ((id & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var sent = contributions[id];
            if (sent is null)
            {
                continue;
            }

            contributions[id] = null;

            // Consumers were visited last-first; summing in their own order makes δh1 read w5·δo1 + w7·δo2.
            if (!sumAsAvailable)
            {
                sent.Reverse();
            }

            int adjoint = graph.Sum(sent);
            adjoints[id] = adjoint;
            var node = graph[id];
            if (node.Op == Op.Parameter)
            {
                gradient[node.Index] = adjoint;
                continue;
            }

            if (graph.IsZero(adjoint))
            {
                continue;
            }

            graph.MaskGuardedProducts = someBranches[id];

            // A logistic function written out, 1/(1 + exp(−z)), sends σ·(1 − σ) to z directly instead of the
            // quotient rule through the exponential (exp(−z)/(1 + exp(−z))², which is NaN where exp(−z) overflows):
            // through the user's own name for it, and so that a loss of it can cancel (see Graph.Multiply).
            if (graph.IsLogistic(id, out int logit))
            {
                if (active[logit])
                {
                    Add(contributions, logit, graph.Multiply(graph.LogisticDerivative(id), adjoint));
                }

                continue;
            }

            SendToOperands(graph, id, node, adjoint, active, contributions);
        }

        graph.MaskGuardedProducts = false;

        var namedAdjoints = new Dictionary<int, int>();
        foreach (var named in model.Named)
        {
            if (adjoints.TryGetValue(named.Node, out int adjoint))
            {
                namedAdjoints[named.Node] = adjoint;
            }
        }

        return new GradientResult(model, gradient, namedAdjoints);
    }

    /// <summary>
    /// The forward values the loss computes only on some branches: those that no path from the loss reaches without
    /// entering a branch of a choice. A value used inside two different choices (Log(x) under x &gt; 0 and under
    /// x &gt; 1) is one of them, although the generated code computes it once, before both.
    /// </summary>
    private static bool[] ComputedOnSomeBranches(Graph graph, int value)
    {
        var needed = new bool[value + 1];
        var unconditional = new bool[value + 1];
        needed[value] = unconditional[value] = true;
        for (int id = value; id >= 0; id--)
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
                bool insideBranch = node.Op == Op.Select && i > 0;
                unconditional[operand] |= unconditional[id] && !insideBranch;
            }
        }

        var someBranches = new bool[value + 1];
        for (int id = 0; id <= value; id++)
        {
            someBranches[id] = needed[id] && !unconditional[id];
        }

        return someBranches;
    }

    private static void Add(List<int>?[] contributions, int id, int term)
    {
        (contributions[id] ??= new List<int>()).Add(term);
    }

    private static void SendToOperands(Graph g, int id, Node node, int adjoint, bool[] active, List<int>?[] contributions)
    {
        int a = node.A, b = node.B, c = node.C;

        // Sends (local derivative)·(adjoint) to an active operand: the chain rule, local factor first.
        void Send(int operand, Func<int> localDerivative)
        {
            if (operand >= 0 && active[operand])
            {
                Add(contributions, operand, g.Multiply(localDerivative(), adjoint));
            }
        }

        switch (node.Op)
        {
            case Op.Add:
                Send(a, () => g.One);
                Send(b, () => g.One);
                break;
            case Op.Subtract:
                Send(a, () => g.One);
                Send(b, () => g.Constant(-1));
                break;
            case Op.Multiply:
                Send(a, () => b);
                Send(b, () => a);
                break;
            case Op.Divide:
                Send(a, () => g.Divide(g.One, b));
                Send(b, () => g.Negate(g.Divide(a, g.Function(Op.Square, b))));
                break;
            case Op.Negate:
                Send(a, () => g.Constant(-1));
                break;
            case Op.Select:
                // The derivative follows the branch taken.
                if (active[b])
                {
                    Add(contributions, b, g.Select(a, adjoint, g.Zero));
                }

                if (active[c])
                {
                    Add(contributions, c, g.Select(a, g.Zero, adjoint));
                }

                break;
            default:
                // A function: its rules are in FunctionTable, one per operand (none: a derivative of zero).
                var rules = FunctionTable.Of(node.Op)?.Derivatives ?? throw new InvalidOperationException($"No derivative rule for {node.Op}.");
                for (int i = 0; i < rules.Length; i++)
                {
                    int operand = node.Operand(i);
                    if (rules[i] is { } rule && active[operand])
                    {
                        Add(contributions, operand, g.Multiply(rule(g, id, node), adjoint));
                    }
                }

                break;
        }
    }
}
