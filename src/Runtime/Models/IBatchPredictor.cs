using System;

namespace SymbolicGd;

/// <summary>
/// A model that runs many inputs at once, as matrix products over the batch (the forward half of
/// <see cref="IBatchDifferentiableLoss{TSample}.BackwardBatch"/>): layer stacks implement it. <see cref="Trainer.Score{TSample}(IDifferentiableLoss{TSample}, ReadOnlySpan{TSample})"/>,
/// a validation set and <see cref="TrainingOptions.MeasureAccuracy"/> use it, so each sample costs one forward pass.
/// </summary>
/// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
public interface IBatchPredictor<TSample>
    where TSample : struct
{
    /// <summary>
    /// Runs the model on many inputs, laid out row-major (row r is input r): row r of <paramref name="outputs"/>
    /// receives what one <c>Predict</c> of row r of <paramref name="inputs"/> writes.
    /// </summary>
    /// <param name="inputs">The inputs, one after another: a multiple of the input count.</param>
    /// <param name="outputs">The output count per input, overwritten.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="inputs"/> is not a multiple of the input count, or that of <paramref name="outputs"/> does not fit it.</exception>
    void PredictBatch(ReadOnlySpan<double> inputs, Span<double> outputs);

    /// <summary>The class of each of many inputs, laid out row-major: element r of <paramref name="classes"/> is what one <c>Classify</c> of row r returns.</summary>
    /// <param name="inputs">The inputs, one after another: the input count per element of <paramref name="classes"/>.</param>
    /// <param name="classes">One class per input, overwritten.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="inputs"/> is not the input count times that of <paramref name="classes"/>.</exception>
    void ClassifyBatch(ReadOnlySpan<double> inputs, Span<int> classes);

    /// <summary>
    /// Returns the sum of the losses of the samples <c>samples[batch[0]]</c>, <c>samples[batch[1]]</c>, … and counts
    /// those the model classifies right, from one forward pass per sample.
    /// </summary>
    /// <param name="samples">The data set.</param>
    /// <param name="batch">The indices into <paramref name="samples"/> of the samples to score; any number, repeats allowed.</param>
    /// <param name="correct">The number of samples for which <see cref="IClassifier{TSample}.IsCorrect"/> holds; 0 for a model that does not classify.</param>
    /// <returns>The sum of the per-sample losses, added in the order of <paramref name="batch"/> (0 for an empty batch).</returns>
    /// <exception cref="ArgumentException">A sample does not fit the model (its index, and the lengths, are in the message), or an index is outside <paramref name="samples"/>.</exception>
    double ScoreBatch(ReadOnlySpan<TSample> samples, ReadOnlySpan<int> batch, out int correct);

    /// <summary>
    /// <see cref="IBatchDifferentiableLoss{TSample}.BackwardBatch"/>, and a count of the batch's samples classified right
    /// from the same forward pass, at the parameters before the step: the trainer measures
    /// <see cref="TrainingOptions.MeasureAccuracy"/> with it at no extra forward pass.
    /// </summary>
    /// <param name="samples">The data set.</param>
    /// <param name="batch">The indices into <paramref name="samples"/> of the batch's samples; any number, repeats allowed.</param>
    /// <param name="gradient">One element per parameter; the batch's summed gradient is added, not assigned.</param>
    /// <param name="correct">The number of samples for which <see cref="IClassifier{TSample}.IsCorrect"/> holds; 0 for a model that does not classify.</param>
    /// <returns>The sum of the batch's per-sample losses (0 for an empty batch).</returns>
    /// <exception cref="ArgumentException">
    /// The length of <paramref name="gradient"/> is not the parameter count, a sample does not fit the model (its
    /// index, and the lengths, are in the message), or an index is outside <paramref name="samples"/>.
    /// </exception>
    double BackwardBatch(ReadOnlySpan<TSample> samples, ReadOnlySpan<int> batch, Span<double> gradient, out int correct);
}
