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

    /// <summary>
    /// <see cref="LevenbergMarquardt"/>: both the actual and the predicted relative reduction of the sum of squares were
    /// at most <see cref="LevenbergMarquardt.FunctionTolerance"/> (MINPACK's <c>info = 1</c>).
    /// </summary>
    FunctionTolerance,

    /// <summary>
    /// <see cref="LevenbergMarquardt"/>: the relative change of the parameters was at most
    /// <see cref="LevenbergMarquardt.ParameterTolerance"/> (MINPACK's <c>info = 2</c>).
    /// </summary>
    ParameterTolerance,

    /// <summary>
    /// <see cref="LevenbergMarquardt"/>: the conditions of <see cref="FunctionTolerance"/> and
    /// <see cref="ParameterTolerance"/> both held (MINPACK's <c>info = 3</c>).
    /// </summary>
    FunctionAndParameterTolerance,

    /// <summary>
    /// <see cref="LevenbergMarquardt"/>: the cosine of the angle between the residuals and every column of the Jacobian
    /// was at most <see cref="LevenbergMarquardt.OrthogonalityTolerance"/> (MINPACK's <c>info = 4</c>).
    /// </summary>
    OrthogonalityTolerance,

    /// <summary>
    /// <see cref="LevenbergMarquardt"/>: the residuals were evaluated <see cref="LevenbergMarquardt.MaxEvaluations"/>
    /// times (MINPACK's <c>info = 5</c>).
    /// </summary>
    MaxEvaluations,

    /// <summary>
    /// A second-order solver could make no further progress in double precision: for
    /// <see cref="LevenbergMarquardt"/> a tolerance is too small (MINPACK's <c>info</c> 6, 7, 8); for
    /// <see cref="Newton"/> the gradient is exactly 0 or the trust region has shrunk below what the parameters can
    /// resolve. <see cref="TrainingResult.Message"/> says which.
    /// </summary>
    MachinePrecision,
}
