using System;

namespace SymbolicGd;

/// <summary>
/// A learning rate as a function of the epoch, in the closed forms of PyTorch's <c>torch.optim.lr_scheduler</c>.
/// The trainer sets <c>optimizer.LearningRate = schedule.LearningRateAt(epoch, baseLearningRate)</c> once per
/// epoch, the epoch counting from 0, so a schedule combines with any <see cref="IOptimizer"/>.
/// </summary>
/// <remarks>
/// Schedules are immutable and stateless: <see cref="LearningRateAt"/> depends on its arguments alone, allocates
/// nothing and may be called from any thread. Create them with the static factory members; derive from this class
/// for a schedule of your own (the arguments reaching <see cref="LearningRateAtCore"/> are already validated).
/// </remarks>
public abstract class LearningRateSchedule
{
    private static readonly LearningRateSchedule ConstantSchedule = new ConstantLearningRate();

    /// <summary>Initialises a schedule.</summary>
    protected LearningRateSchedule()
    {
    }

    /// <summary>
    /// The base learning rate at every epoch, unchanged (what PyTorch does without a scheduler).
    /// </summary>
    public static LearningRateSchedule Constant() => ConstantSchedule;

    /// <summary>
    /// Step decay: η = η₀·γ^⌊epoch / stepSize⌋, the learning rate multiplied by γ every
    /// <paramref name="stepSize"/> epochs (PyTorch's <c>StepLR</c>).
    /// </summary>
    /// <param name="stepSize">The number of epochs between two decays, ≥ 1 (<c>step_size</c>).</param>
    /// <param name="gamma">γ, the factor of each decay, a finite number &gt; 0; PyTorch's default 0.1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static LearningRateSchedule StepDecay(int stepSize, double gamma = 0.1) =>
        new StepDecayLearningRate(
            HyperParameters.AtLeastOne(stepSize, nameof(stepSize)),
            HyperParameters.Positive(gamma, nameof(gamma)));

    /// <summary>
    /// Exponential decay: η = η₀·γ^epoch, the learning rate multiplied by γ every epoch (PyTorch's
    /// <c>ExponentialLR</c>). γ &gt; 1 is allowed, for a learning-rate range test.
    /// </summary>
    /// <param name="gamma">γ, the factor per epoch, a finite number &gt; 0 (PyTorch has no default).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is outside its range.</exception>
    public static LearningRateSchedule Exponential(double gamma) =>
        new ExponentialLearningRate(HyperParameters.Positive(gamma, nameof(gamma)));

    /// <summary>
    /// Cosine annealing: η = η_min + (η₀ − η_min)·(1 + cos(π·epoch / T_max)) / 2 for epoch ≤ T_max, and η = η_min
    /// after T_max (PyTorch's <c>CosineAnnealingLR</c> in closed form, without restarts).
    /// </summary>
    /// <remarks>
    /// PyTorch's closed form is periodic and would climb back towards η₀ after T_max; this schedule holds η_min
    /// instead, so training longer than T_max epochs keeps the smallest learning rate.
    /// </remarks>
    /// <param name="duration">T_max, the number of epochs from η₀ down to η_min, ≥ 1 (<c>T_max</c>). (Called <c>maxEpochs</c> before; renamed so it is not read as <see cref="TrainingOptions.MaxEpochs"/>.)</param>
    /// <param name="minLearningRate">η_min, a finite number ≥ 0; PyTorch's default 0 (<c>eta_min</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static LearningRateSchedule CosineAnnealing(int duration, double minLearningRate = 0.0) =>
        new CosineAnnealingLearningRate(
            HyperParameters.AtLeastOne(duration, nameof(duration)),
            HyperParameters.NonNegative(minLearningRate, nameof(minLearningRate)));

    /// <summary>
    /// Linear warm-up: for epoch &lt; W the learning rate is η₀·(f₀ + (1 − f₀)·epoch / W), rising linearly from
    /// f₀·η₀ towards η₀ (PyTorch's <c>LinearLR</c> with <c>end_factor</c> 1 and <c>total_iters</c> W). From epoch W
    /// on it is η₀, or, if <paramref name="then"/> is given, <c>then.LearningRateAt(epoch − W, η₀)</c>: the
    /// following schedule starts its own epoch count at 0 when the warm-up ends, as with PyTorch's
    /// <c>SequentialLR</c> and milestone W.
    /// </summary>
    /// <param name="duration">W, the number of warm-up epochs, ≥ 1 (<c>total_iters</c>; PyTorch's default is 5). (Called <c>warmupEpochs</c> before.)</param>
    /// <param name="startFactor">
    /// f₀, the fraction of η₀ at epoch 0, in (0, 1] as PyTorch requires; PyTorch's default 1/3 (<c>start_factor</c>).
    /// </param>
    /// <param name="then">The schedule after the warm-up; <see langword="null"/> (the default) holds η₀.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static LearningRateSchedule LinearWarmup(
        int duration,
        double startFactor = 1.0 / 3.0,
        LearningRateSchedule? then = null) =>
        new LinearWarmupLearningRate(
            HyperParameters.AtLeastOne(duration, nameof(duration)),
            HyperParameters.ZeroExclusiveToOne(startFactor, nameof(startFactor)),
            then);

    /// <summary>The learning rate of an epoch.</summary>
    /// <param name="epoch">The epoch, counting from 0.</param>
    /// <param name="baseLearningRate">η₀, the learning rate the schedule starts from (PyTorch's initial <c>lr</c>).</param>
    /// <returns>The learning rate to give the optimizer for this epoch.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="epoch"/> is negative, or <paramref name="baseLearningRate"/> is negative, NaN or infinite.
    /// </exception>
    public double LearningRateAt(int epoch, double baseLearningRate)
    {
        HyperParameters.NonNegative(epoch, nameof(epoch));
        HyperParameters.NonNegative(baseLearningRate, nameof(baseLearningRate));
        return LearningRateAtCore(epoch, baseLearningRate);
    }

    /// <summary>
    /// Computes the learning rate of an epoch; <paramref name="epoch"/> ≥ 0 and <paramref name="baseLearningRate"/>
    /// is finite and ≥ 0. It must not allocate: the trainer calls it every epoch.
    /// </summary>
    /// <param name="epoch">The epoch, counting from 0.</param>
    /// <param name="baseLearningRate">η₀, the learning rate the schedule starts from.</param>
    /// <returns>The learning rate for this epoch.</returns>
    protected abstract double LearningRateAtCore(int epoch, double baseLearningRate);

    /// <summary>Says what the schedule is, with its parameters and the PyTorch class it follows, for training reports.</summary>
    public abstract override string ToString();
}
