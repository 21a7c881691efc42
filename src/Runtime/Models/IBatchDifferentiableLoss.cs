using System;

namespace SymbolicGd;

/// <summary>
/// A model that computes the loss and gradient of a whole mini-batch at once, as matrix products over the batch:
/// layer stacks implement it. <see cref="Trainer"/> uses it instead of one <c>Backward</c> per sample; the result
/// is the same sums, up to the rounding of a different order of additions.
/// </summary>
/// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
public interface IBatchDifferentiableLoss<TSample> : IDifferentiableLoss<TSample>
    where TSample : struct
{
    /// <summary>
    /// Returns the sum of the losses of the samples <c>samples[batch[0]]</c>, <c>samples[batch[1]]</c>, … and adds the
    /// sum of their gradients to <paramref name="gradient"/>.
    /// </summary>
    /// <param name="samples">The data set.</param>
    /// <param name="batch">The indices into <paramref name="samples"/> of the batch's samples; any number, repeats allowed.</param>
    /// <param name="gradient">One element per parameter; the batch's summed gradient is added, not assigned.</param>
    /// <returns>The sum of the batch's per-sample losses (0 for an empty batch).</returns>
    /// <exception cref="ArgumentException">
    /// The length of <paramref name="gradient"/> is not the parameter count, a sample does not fit the model (its
    /// index, and the lengths, are in the message), or an index is outside <paramref name="samples"/>.
    /// </exception>
    double BackwardBatch(ReadOnlySpan<TSample> samples, ReadOnlySpan<int> batch, Span<double> gradient);
}
