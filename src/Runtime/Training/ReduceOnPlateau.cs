using System;

namespace SymbolicGd;

/// <summary>
/// Lowers the learning rate when the monitored loss stops improving: PyTorch's <c>ReduceLROnPlateau</c> in mode
/// <c>min</c> with <c>threshold_mode='rel'</c>, stepped once per epoch with the validation loss (or, without a
/// validation set, the epoch's training loss).
/// </summary>
/// <remarks>
/// An epoch is better when its loss is below best·(1 − <see cref="Threshold"/>). When more than
/// <see cref="Patience"/> epochs in a row are not better, the learning rate is multiplied by <see cref="Factor"/>
/// (never below <see cref="MinLearningRate"/>), the count restarts and <see cref="Cooldown"/> epochs are ignored.
/// The reduction multiplies whatever <see cref="TrainingOptions.Schedule"/> gives. Its state lives in the run; a
/// new <c>Fit</c> starts afresh, unless it resumes (<see cref="TrainingOptions.ResumeFrom"/>) from a checkpoint the
/// trainer wrote, which holds the counters.
/// </remarks>
public sealed class ReduceOnPlateau
{
    /// <summary>Creates the rule, with PyTorch's defaults.</summary>
    /// <param name="factor">The factor of each reduction, in (0, 1); PyTorch's default 0.1.</param>
    /// <param name="patience">Epochs without improvement tolerated, ≥ 0; PyTorch's default 10.</param>
    /// <param name="threshold">The relative improvement that counts, a finite number ≥ 0; PyTorch's default 1e-4.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before counting again, ≥ 0; PyTorch's default 0.</param>
    /// <param name="minLearningRate">The floor of the learning rate, a finite number ≥ 0; PyTorch's default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public ReduceOnPlateau(double factor = 0.1, int patience = 10, double threshold = 1e-4, int cooldown = 0, double minLearningRate = 0.0)
    {
        HyperParameters.Positive(factor, nameof(factor));
        if (factor >= 1.0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(factor), $"factor must be in (0, 1); it was {HyperParameters.Format(factor)}.");
        }

        Factor = factor;
        Patience = HyperParameters.NonNegative(patience, nameof(patience));
        Threshold = HyperParameters.NonNegative(threshold, nameof(threshold));
        Cooldown = HyperParameters.NonNegative(cooldown, nameof(cooldown));
        MinLearningRate = HyperParameters.NonNegative(minLearningRate, nameof(minLearningRate));
    }

    /// <summary>The factor of each reduction.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The relative improvement that counts.</summary>
    public double Threshold { get; }

    /// <summary>Epochs ignored after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>The floor of the learning rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>Describes the rule, for training reports.</summary>
    public override string ToString() =>
        $"ReduceOnPlateau(factor: {HyperParameters.Format(Factor)}, patience: {HyperParameters.Format(Patience)}, " +
        $"threshold: {HyperParameters.Format(Threshold)}, cooldown: {HyperParameters.Format(Cooldown)}, " +
        $"minLearningRate: {HyperParameters.Format(MinLearningRate)})";
}
