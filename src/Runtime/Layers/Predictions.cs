using System;
using System.Numerics;

namespace SymbolicGd.Layers;

/// <summary>How a generated layer stack turns its outputs into classes, for <c>Classify</c> and <c>IsCorrect</c>.</summary>
public static class Predictions
{
    /// <summary>The index of the largest value, the first one on a tie; NaN is never the largest unless it comes first.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax(ReadOnlySpan<double> values) => ArgMaxCore(values);

    /// <summary>The float32 form of <see cref="ArgMax(ReadOnlySpan{double})"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax(ReadOnlySpan<float> values) => ArgMaxCore(values);

    /// <summary>
    /// Whether every logit is on the side of its 0/1 target: σ(zₖ) ≥ ½ (that is zₖ ≥ 0) exactly where tₖ ≥ ½.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static bool LogitsMatchTargets(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets) => LogitsMatchTargetsCore(logits, targets);

    /// <summary>The float32 form of <see cref="LogitsMatchTargets(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static bool LogitsMatchTargets(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets) => LogitsMatchTargetsCore(logits, targets);

    private static int ArgMaxCore<T>(ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T>
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

    private static bool LogitsMatchTargetsCore<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets)
        where T : IFloatingPointIeee754<T>
    {
        if (logits.Length != targets.Length)
        {
            throw new ArgumentException($"logits has length {logits.Length} and targets {targets.Length}; they must be equal.", nameof(targets));
        }

        T half = T.One / (T.One + T.One);
        for (int k = 0; k < logits.Length; k++)
        {
            if (logits[k] >= T.Zero != targets[k] >= half)
            {
                return false;
            }
        }

        return true;
    }
}
