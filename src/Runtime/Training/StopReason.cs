namespace SymbolicGd;

/// <summary>Why <see cref="Trainer"/> stopped training.</summary>
public enum StopReason
{
    /// <summary>All <see cref="TrainingOptions.MaxEpochs"/> epochs ran.</summary>
    MaxEpochs,

    /// <summary>An epoch's loss was at most <see cref="TrainingOptions.TargetLoss"/>.</summary>
    TargetLoss,

    /// <summary>An epoch's gradient norm was at most <see cref="TrainingOptions.GradientTolerance"/>.</summary>
    GradientTolerance,

    /// <summary><see cref="TrainingOptions.CancellationToken"/> was cancelled.</summary>
    Cancelled,

    /// <summary>
    /// The loss, the gradient or the parameters became NaN or infinite, or the loss grew past the divergence bound;
    /// <see cref="TrainingResult.Message"/> says which, in which epoch and at which learning rate.
    /// </summary>
    Diverged,

    /// <summary>
    /// The monitored loss did not improve for <see cref="SymbolicGd.EarlyStopping.Patience"/> epochs
    /// (<see cref="TrainingOptions.EarlyStopping"/>); <see cref="TrainingResult.BestEpoch"/> says which epoch was best.
    /// </summary>
    EarlyStopping,

    /// <summary><see cref="TrainingOptions.ShouldStop"/> returned <see langword="true"/>.</summary>
    Callback,
}
