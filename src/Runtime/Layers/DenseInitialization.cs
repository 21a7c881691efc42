using System;
using System.Numerics;

namespace SymbolicGd.Layers;

/// <summary>How a generated layer stack's <c>Initialize</c> draws its first weights and biases.</summary>
public static class DenseInitialization
{
    /// <summary>
    /// Fills W and b with independent draws from U(−1/√fanIn, 1/√fanIn): the distribution of
    /// <c>torch.nn.Linear</c>'s default initialization (Kaiming-uniform with a = √5 for the weights, and the same
    /// bound for the bias). The draws come from <paramref name="random"/>, W first, row by row, then b.
    /// </summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="bias">b.</param>
    /// <param name="fanIn">The number of inputs of the layer, at least 1.</param>
    /// <param name="random">The source of the draws; a <see cref="Random"/> with a seed makes the result repeatable.</param>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is less than 1.</exception>
    public static void Uniform(Span<double> weights, Span<double> bias, int fanIn, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        double bound = 1.0 / Math.Sqrt(fanIn);
        Fill(weights, bound, random);
        Fill(bias, bound, random);
    }

    /// <summary>The float32 form of <see cref="Uniform(Span{double}, Span{double}, int, Random)"/>: the same draws, each rounded to float.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="bias">b.</param>
    /// <param name="fanIn">The number of inputs of the layer, at least 1.</param>
    /// <param name="random">The source of the draws.</param>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is less than 1.</exception>
    public static void Uniform(Span<float> weights, Span<float> bias, int fanIn, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        double bound = 1.0 / Math.Sqrt(fanIn);
        Fill(weights, bound, random);
        Fill(bias, bound, random);
    }

    // Drawn in double and rounded once: initialization is not on the training path.
    private static void Fill<T>(Span<T> values, double bound, Random random)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating((2.0 * random.NextDouble() - 1.0) * bound);
        }
    }
}
