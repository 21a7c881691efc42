using System;

namespace SymbolicGd.Layers;

/// <summary>How a generated layer stack turns its outputs into classes, for <c>Classify</c> and <c>IsCorrect</c>.</summary>
public static class Predictions
{
    /// <summary>The index of the largest value, the first one on a tie; NaN is never the largest unless it comes first.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("values is empty; there is no largest value.", nameof(values));
        }

        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Whether every logit is on the side of its 0/1 target: σ(zₖ) ≥ ½ (that is zₖ ≥ 0) exactly where tₖ ≥ ½.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static bool LogitsMatchTargets(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets)
    {
        if (logits.Length != targets.Length)
        {
            throw new ArgumentException($"logits has length {logits.Length} and targets {targets.Length}; they must be equal.", nameof(targets));
        }

        for (int k = 0; k < logits.Length; k++)
        {
            if (logits[k] >= 0.0 != targets[k] >= 0.5)
            {
                return false;
            }
        }

        return true;
    }
}
