namespace SymbolicGd;

/// <summary>Why <see cref="Trainer"/> stopped training.</summary>
public enum StopReason
{
    /// <summary>All <see cref="TrainingOptions.MaxEpochs"/> epochs ran.</summary>
    MaxEpochs,

    /// <summary>An epoch's loss was at most <see cref="TrainingOptions.LossTolerance"/>.</summary>
    LossTolerance,

    /// <summary>An epoch's gradient norm was at most <see cref="TrainingOptions.GradientTolerance"/>.</summary>
    GradientTolerance,

    /// <summary><see cref="TrainingOptions.CancellationToken"/> was cancelled.</summary>
    Cancelled,

    /// <summary>
    /// The loss, the gradient or the parameters became NaN or infinite, or the loss grew past the divergence bound;
    /// <see cref="TrainingResult.Message"/> says which, in which epoch and at which learning rate.
    /// </summary>
    Diverged,
}
