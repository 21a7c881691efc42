using System;
using System.Numerics;
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
/// give finite losses and the limits of the gradient. Every loss has a double and a float32 form over one generic
/// implementation; the float32 form computes and returns in float, as PyTorch's float32 losses.
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
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, Span<double> delta) =>
        SoftmaxCrossEntropyCore(logits, labels, delta);

    /// <summary>The float32 form of <see cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, ReadOnlySpan{int}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    /// <param name="logits">z, one row of classes per label.</param>
    /// <param name="labels">The class of each row, 0 ≤ label &lt; classes (checked by the caller).</param>
    /// <param name="delta">δ, the same shape as <paramref name="logits"/>, overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> delta) =>
        SoftmaxCrossEntropyCore(logits, labels, delta);

    /// <summary>The loss alone: Σᵣ −log softmax(zᵣ)[labelᵣ].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SoftmaxCrossEntropyLoss(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels) =>
        SoftmaxCrossEntropyLossCore(logits, labels);

    /// <summary>The float32 form of <see cref="SoftmaxCrossEntropyLoss(ReadOnlySpan{double}, ReadOnlySpan{int})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SoftmaxCrossEntropyLoss(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels) =>
        SoftmaxCrossEntropyLossCore(logits, labels);

    /// <summary>
    /// E = Σₖ max(zₖ, 0) − zₖ·tₖ + log(1 + e^(−|zₖ|)) (PyTorch's BCEWithLogitsLoss, summed) and δₖ = σ(zₖ) − tₖ.
    /// </summary>
    /// <param name="logits">z.</param>
    /// <param name="targets">t, the same shape: 0 or 1 (any value in [0, 1] is accepted, as PyTorch does).</param>
    /// <param name="delta">δ, the same shape, overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BinaryCrossEntropy(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, Span<double> delta) =>
        BinaryCrossEntropyCore(logits, targets, delta);

    /// <summary>The float32 form of <see cref="BinaryCrossEntropy(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    /// <param name="logits">z.</param>
    /// <param name="targets">t, the same shape: 0 or 1 (any value in [0, 1] is accepted, as PyTorch does).</param>
    /// <param name="delta">δ, the same shape, overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float BinaryCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> delta) =>
        BinaryCrossEntropyCore(logits, targets, delta);

    /// <summary>The loss alone: Σₖ max(zₖ, 0) − zₖ·tₖ + log(1 + e^(−|zₖ|)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BinaryCrossEntropyLoss(ReadOnlySpan<double> logits, ReadOnlySpan<double> targets) =>
        BinaryCrossEntropyLossCore(logits, targets);

    /// <summary>The float32 form of <see cref="BinaryCrossEntropyLoss(ReadOnlySpan{double}, ReadOnlySpan{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float BinaryCrossEntropyLoss(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets) =>
        BinaryCrossEntropyLossCore(logits, targets);

    /// <summary>E = ½Σₖ(yₖ − tₖ)² and δₖ = yₖ − tₖ.</summary>
    /// <param name="outputs">y, the last layer's output.</param>
    /// <param name="targets">t, the same shape.</param>
    /// <param name="delta">δ = ∂E/∂y, the same shape, overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredError(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, Span<double> delta) =>
        SquaredErrorCore(outputs, targets, delta);

    /// <summary>The float32 form of <see cref="SquaredError(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    /// <param name="outputs">y, the last layer's output.</param>
    /// <param name="targets">t, the same shape.</param>
    /// <param name="delta">δ = ∂E/∂y, the same shape, overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SquaredError(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> delta) =>
        SquaredErrorCore(outputs, targets, delta);

    /// <summary>The loss alone: ½Σₖ(yₖ − tₖ)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredErrorLoss(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets) =>
        SquaredErrorLossCore(outputs, targets);

    /// <summary>The float32 form of <see cref="SquaredErrorLoss(ReadOnlySpan{double}, ReadOnlySpan{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SquaredErrorLoss(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets) =>
        SquaredErrorLossCore(outputs, targets);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T SoftmaxCrossEntropyCore<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = Rows(logits, labels.Length, delta.Length);
        T loss = T.Zero;
        // Shift every row by its maximum, so no exponential overflows, then take all the exponentials in one
        // vectorised call: a row of a classifier is too short to vectorise alone.
        for (int r = 0; r < labels.Length; r++)
        {
            ReadOnlySpan<T> z = logits.Slice(r * classes, classes);
            Span<T> d = delta.Slice(r * classes, classes);
            T max = z[0];
            for (int k = 1; k < z.Length; k++)
            {
                max = T.Max(max, z[k]);
            }

            for (int k = 0; k < z.Length; k++)
            {
                d[k] = z[k] - max;
            }

            loss -= d[labels[r]];
        }

        Span<T> all = delta.Slice(0, labels.Length * classes);
        ElementwiseMath.Exp<T>(all, all);
        for (int r = 0; r < labels.Length; r++)
        {
            Span<T> d = delta.Slice(r * classes, classes);
            T sum = T.Zero;
            for (int k = 0; k < d.Length; k++)
            {
                sum += d[k];
            }

            loss += T.Log(sum);
            T scale = T.One / sum;
            for (int k = 0; k < d.Length; k++)
            {
                d[k] *= scale;
            }

            d[labels[r]] -= T.One;
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

    /// <summary>The float32 form of <see cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, int, Span{double})"/>.</summary>
    /// <param name="logits">z, one per class.</param>
    /// <param name="label">The class, 0 ≤ label &lt; classes (checked by the caller).</param>
    /// <param name="delta">δ, one per class, overwritten.</param>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, int label, Span<float> delta) =>
        SoftmaxCrossEntropy(logits, MemoryMarshal.CreateReadOnlySpan(ref label, 1), delta);

    /// <summary>The float32 form of <see cref="SoftmaxCrossEntropyLoss(ReadOnlySpan{double}, int)"/>.</summary>
    public static float SoftmaxCrossEntropyLoss(ReadOnlySpan<float> logits, int label) =>
        SoftmaxCrossEntropyLoss(logits, MemoryMarshal.CreateReadOnlySpan(ref label, 1));

    // ½ in T: exact in both precisions.
    private static T Half<T>()
        where T : IFloatingPointIeee754<T> => T.One / (T.One + T.One);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T SoftmaxCrossEntropyLossCore<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = Rows(logits, labels.Length, logits.Length);
        T loss = T.Zero;
        for (int r = 0; r < labels.Length; r++)
        {
            ReadOnlySpan<T> z = logits.Slice(r * classes, classes);
            T max = TensorPrimitives.Max(z);
            T sum = T.Zero;
            foreach (T v in z)
            {
                sum += T.Exp(v - max);
            }

            loss += T.Log(sum) - (z[labels[r]] - max);
        }

        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T BinaryCrossEntropyCore<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(logits, targets.Length, delta.Length);
        T loss = T.Zero;
        for (int k = 0; k < logits.Length; k++)
        {
            T z = logits[k];
            T t = targets[k];
            T e = T.Exp(-T.Abs(z));
            loss += T.Max(z, T.Zero) - z * t + Scalar.LogOnePlus(e);

            // σ(z) from the same e^(−|z|): 1/(1 + e) for z ≥ 0, e/(1 + e) below, so neither side overflows.
            // Stryker disable once Equality : at z = 0, e = 1 and both forms give exactly ½
            T sigmoid = z >= T.Zero ? T.One / (T.One + e) : e / (T.One + e);
            delta[k] = sigmoid - t;
        }

        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T BinaryCrossEntropyLossCore<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(logits, targets.Length, logits.Length);
        T loss = T.Zero;
        for (int k = 0; k < logits.Length; k++)
        {
            T z = logits[k];
            loss += T.Max(z, T.Zero) - z * targets[k] + Scalar.LogOnePlus(T.Exp(-T.Abs(z)));
        }

        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T SquaredErrorCore<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(outputs, targets.Length, delta.Length);
        TensorPrimitives.Subtract(outputs, targets, delta);
        return Half<T>() * TensorPrimitives.SumOfSquares((ReadOnlySpan<T>)delta);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T SquaredErrorLossCore<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(outputs, targets.Length, outputs.Length);
        T sum = T.Zero;
        for (int k = 0; k < outputs.Length; k++)
        {
            T d = outputs[k] - targets[k];
            sum += d * d;
        }

        return Half<T>() * sum;
    }

    private static int Rows<T>(ReadOnlySpan<T> logits, int rows, int deltaLength)
    {
        if (rows < 1 || logits.Length % rows != 0 || deltaLength != logits.Length)
        {
            throw new ArgumentException($"logits ({logits.Length}) and delta ({deltaLength}) are not {rows} equal rows, one per label.", nameof(logits));
        }

        return logits.Length / rows;
    }

    private static void Same<T>(ReadOnlySpan<T> values, int targetLength, int deltaLength)
    {
        if (targetLength != values.Length || deltaLength != values.Length)
        {
            throw new ArgumentException($"The outputs ({values.Length}), targets ({targetLength}) and delta ({deltaLength}) must have the same length.", nameof(values));
        }
    }
}
