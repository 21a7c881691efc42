using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymbolicGd.Layers;

/// <summary>
/// The losses of a layer stack, per sample, in their numerically stable forms, together with δ = ∂E/∂(the last
/// layer's output). Each takes one sample or a batch laid out row after row, returns the sum of the samples'
/// losses, and overwrites the delta span.
/// </summary>
/// <remarks>
/// The stable forms are why a network's softmax and sigmoid are fused into its loss: −log softmax(z)[y] is
/// computed as log Σ e^(z − max z) + max z − z[y], never as the log of a probability that may be 0, and
/// binary cross-entropy on a logit z as max(z, 0) − z·t + log(1 + e^(−|z|)), never as log σ(z). Logits of ±1000
/// give finite losses and the limits of the gradient.
/// </remarks>
public static class Losses
{
    /// <summary>
    /// E = Σᵣ −log softmax(zᵣ)[labelᵣ] (PyTorch's CrossEntropyLoss, summed) and δᵣ = softmax(zᵣ) − onehot(labelᵣ).
    /// </summary>
    /// <param name="logits">z, one row of classes per label.</param>
    /// <param name="labels">The class of each row, 0 ≤ label &lt; classes (checked by the caller).</param>
    /// <param name="delta">δ, the same shape as <paramref name="logits"/>, overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, Span<double> delta)
    {
        int classes = Rows(logits, labels.Length, delta.Length);
        double loss = 0.0;
        // Shift every row by its maximum, so no exponential overflows, then take all the exponentials in one
        // vectorised call: a row of a classifier is too short to vectorise alone.
        for (int r = 0; r < labels.Length; r++)
        {
            ReadOnlySpan<double> z = logits.Slice(r * classes, classes);
            Span<double> d = delta.Slice(r * classes, classes);
            double max = z[0];
            for (int k = 1; k < z.Length; k++)
            {
                max = Math.Max(max, z[k]);
            }

            for (int k = 0; k < z.Length; k++)
            {
                d[k] = z[k] - max;
            }

            loss -= d[labels[r]];
        }

        Span<double> all = delta.Slice(0, labels.Length * classes);
        ElementwiseMath.Exp(all, all);
        for (int r = 0; r < labels.Length; r++)
        {
            Span<double> d = delta.Slice(r * classes, classes);
            double sum = 0.0;
            for (int k = 0; k < d.Length; k++)
            {
                sum += d[k];
            }

            loss += Math.Log(sum);
            double scale = 1.0 / sum;
            for (int k = 0; k < d.Length; k++)
            {
                d[k] *= scale;
            }

            d[labels[r]] -= 1.0;
        }

        return loss;
    }

    /// <summary>E = −log softmax(z)[label] and δ = softmax(z) − onehot(label) for one sample.</summary>
    /// <param name="logits">z, one per class.</param>
    /// <param name="label">The class, 0 ≤ label &lt; classes (checked by the caller).</param>
    /// <param name="delta">δ, one per class, overwritten.</param>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label, Span<double> delta) =>
        SoftmaxCrossEntropy(logits, MemoryMarshal.CreateReadOnlySpan(ref label, 1), delta);

    /// <summary>The loss alone for one sample: −log softmax(z)[label].</summary>
    public static double SoftmaxCrossEntropyLoss(ReadOnlySpan<double> logits, int label) =>
        SoftmaxCrossEntropyLoss(logits, MemoryMarshal.CreateReadOnlySpan(ref label, 1));

    /// <summary>The loss alone: Σᵣ −log softmax(zᵣ)[labelᵣ].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SoftmaxCrossEntropyLoss(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels)
    {
        int classes = Rows(logits, labels.Length, logits.Length);
        double loss = 0.0;
        for (int r = 0; r < labels.Length; r++)
        {
            ReadOnlySpan<double> z = logits.Slice(r * classes, classes);
            double max = TensorPrimitives.Max(z);
            double sum = 0.0;
            foreach (double v in z)
            {
                sum += Math.Exp(v - max);
            }

            loss += Math.Log(sum) - (z[labels[r]] - max);
        }

        return loss;
    }

    /// <summary>
    /// E = Σₖ max(zₖ, 0) − zₖ·tₖ + log(1 + e^(−|zₖ|)) (PyTorch's BCEWithLogitsLoss, summed) and δₖ = σ(zₖ) − tₖ.
    /// </summary>
    /// <param name="logits">z.</param>
    /// <param name="targets">t, the same shape: 0 or 1 (any value in [0, 1] is accepted, as PyTorch does).</param>
    /// <param name="delta">δ, the same shape, overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BinaryCrossEntropy(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, Span<double> delta)
    {
        Same(logits, targets.Length, delta.Length);
        double loss = 0.0;
        for (int k = 0; k < logits.Length; k++)
        {
            double z = logits[k];
            double t = targets[k];
            double e = Math.Exp(-Math.Abs(z));
            loss += Math.Max(z, 0.0) - z * t + Functions.LogOnePlus(e);

            // σ(z) from the same e^(−|z|): 1/(1 + e) for z ≥ 0, e/(1 + e) below, so neither side overflows.
            double sigmoid = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            delta[k] = sigmoid - t;
        }

        return loss;
    }

    /// <summary>The loss alone: Σₖ max(zₖ, 0) − zₖ·tₖ + log(1 + e^(−|zₖ|)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BinaryCrossEntropyLoss(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets)
    {
        Same(logits, targets.Length, logits.Length);
        double loss = 0.0;
        for (int k = 0; k < logits.Length; k++)
        {
            double z = logits[k];
            loss += Math.Max(z, 0.0) - z * targets[k] + Functions.LogOnePlus(Math.Exp(-Math.Abs(z)));
        }

        return loss;
    }

    /// <summary>E = ½Σₖ(yₖ − tₖ)² and δₖ = yₖ − tₖ.</summary>
    /// <param name="outputs">y, the last layer's output.</param>
    /// <param name="targets">t, the same shape.</param>
    /// <param name="delta">δ = ∂E/∂y, the same shape, overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredError(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, Span<double> delta)
    {
        Same(outputs, targets.Length, delta.Length);
        TensorPrimitives.Subtract(outputs, targets, delta);
        return 0.5 * TensorPrimitives.SumOfSquares((ReadOnlySpan<double>)delta);
    }

    /// <summary>The loss alone: ½Σₖ(yₖ − tₖ)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredErrorLoss(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets)
    {
        Same(outputs, targets.Length, outputs.Length);
        double sum = 0.0;
        for (int k = 0; k < outputs.Length; k++)
        {
            double d = outputs[k] - targets[k];
            sum += d * d;
        }

        return 0.5 * sum;
    }

    private static int Rows(ReadOnlySpan<double> logits, int rows, int deltaLength)
    {
        if (rows < 1 || logits.Length % rows != 0 || deltaLength != logits.Length)
        {
            throw new ArgumentException($"logits ({logits.Length}) and delta ({deltaLength}) are not {rows} equal rows, one per label.", nameof(logits));
        }

        return logits.Length / rows;
    }

    private static void Same(ReadOnlySpan<double> values, int targetLength, int deltaLength)
    {
        if (targetLength != values.Length || deltaLength != values.Length)
        {
            throw new ArgumentException($"The outputs ({values.Length}), targets ({targetLength}) and delta ({deltaLength}) must have the same length.", nameof(values));
        }
    }
}
