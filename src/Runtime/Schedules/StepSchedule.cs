using System;

namespace SymbolicGd;

/// <summary>
/// A learning rate as a function of the step (the batch, counting from 0 over the whole run) rather than the epoch:
/// <see cref="TrainingOptions.StepSchedule"/>. Before every step the trainer sets
/// <c>optimizer.LearningRate = schedule.LearningRateAt(step, η)</c>, η being the epoch's learning rate, and, when the
/// schedule cycles momentum (<see cref="MomentumAt"/> is not null), the optimizer's momentum (β₁ of Adam and AdamW,
/// μ of GradientDescent and RmsProp) to <c>schedule.MomentumAt(step)</c>.
/// </summary>
/// <remarks>
/// Schedules are immutable and stateless. Create them with the static factory members, or derive from this class
/// (the arguments reaching <see cref="LearningRateAtCore"/> are already validated).
/// </remarks>
public abstract class StepSchedule
{
    /// <summary>Initialises a schedule.</summary>
    protected StepSchedule()
    {
    }

    /// <summary>
    /// Linear warm-up per iteration: for step &lt; D the learning rate is η·(f₀ + (1 − f₀)·step / D), then η
    /// (PyTorch's <c>LinearLR</c> stepped every batch, with <c>end_factor</c> 1 and <c>total_iters</c> D).
    /// </summary>
    /// <param name="duration">D, the number of warm-up steps, ≥ 1.</param>
    /// <param name="startFactor">f₀, the fraction of η at step 0, in (0, 1]; PyTorch's default 1/3.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static StepSchedule LinearWarmup(int duration, double startFactor = 1.0 / 3.0) =>
        new LinearWarmupSteps(
            HyperParameters.AtLeastOne(duration, nameof(duration)),
            HyperParameters.ZeroExclusiveToOne(startFactor, nameof(startFactor)));

    /// <summary>
    /// The one-cycle policy of PyTorch's <c>OneCycleLR</c> (two phases, cosine annealing), with
    /// <c>max_lr</c> = η, the epoch's learning rate: from η / <paramref name="divFactor"/> up to η over the first
    /// <c>pct_start·total_steps − 1</c> steps, then down to η / (<paramref name="divFactor"/>·<paramref name="finalDivFactor"/>)
    /// at step <c>total_steps − 1</c>, held after that. With <paramref name="cycleMomentum"/> (the default, as
    /// PyTorch's) the momentum moves the other way: from <paramref name="maxMomentum"/> down to
    /// <paramref name="baseMomentum"/> while the rate rises, and back up while it falls, replacing the optimizer's
    /// own β₁ (Adam, AdamW) or momentum (GradientDescent, RmsProp) at every step.
    /// </summary>
    /// <remarks>
    /// Cycling momentum needs an optimizer that has it: with AdaGrad, a GradientDescent or RmsProp created with
    /// momentum 0, or an optimizer of your own, <c>Trainer.Fit</c> throws <see cref="ArgumentException"/> (PyTorch
    /// raises for AdaGrad too, but silently switches momentum on for SGD and RMSprop without it); pass
    /// <c>cycleMomentum: false</c> to change the learning rate only. The optimizer's constructed momentum is what
    /// its checkpoints save, and it is back in effect when <c>Fit</c> returns.
    /// </remarks>
    /// <param name="totalSteps">The run's number of steps (epochs × batches per epoch), ≥ 2.</param>
    /// <param name="pctStart">The fraction of the steps spent rising, in (0, 1); PyTorch's default 0.3.</param>
    /// <param name="divFactor">η over the starting rate, a finite number &gt; 0; PyTorch's default 25.</param>
    /// <param name="finalDivFactor">The starting rate over the final one, a finite number &gt; 0; PyTorch's default 1e4.</param>
    /// <param name="cycleMomentum">Whether to cycle the momentum too; PyTorch's default true.</param>
    /// <param name="baseMomentum">The momentum at the peak of the learning rate, in [0, 1); PyTorch's default 0.85.</param>
    /// <param name="maxMomentum">The momentum at the start and the end, in [0, 1); PyTorch's default 0.95.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static StepSchedule OneCycle(
        int totalSteps,
        double pctStart = 0.3,
        double divFactor = 25.0,
        double finalDivFactor = 1e4,
        bool cycleMomentum = true,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95)
    {
        if (totalSteps < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(totalSteps), $"totalSteps must be >= 2; it was {HyperParameters.Format(totalSteps)}.");
        }

        HyperParameters.ZeroToOneExclusive(pctStart, nameof(pctStart));
        if (pctStart == 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(pctStart), "pctStart must be in (0, 1); it was 0.");
        }

        return new OneCycleSteps(
            totalSteps,
            pctStart,
            HyperParameters.Positive(divFactor, nameof(divFactor)),
            HyperParameters.Positive(finalDivFactor, nameof(finalDivFactor)),
            cycleMomentum,
            HyperParameters.ZeroToOneExclusive(baseMomentum, nameof(baseMomentum)),
            HyperParameters.ZeroToOneExclusive(maxMomentum, nameof(maxMomentum)));
    }

    /// <summary>The learning rate of a step.</summary>
    /// <param name="step">The step, counting from 0 over the whole run.</param>
    /// <param name="learningRate">η, the epoch's learning rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="step"/> is negative, or <paramref name="learningRate"/> is negative, NaN or infinite.
    /// </exception>
    public double LearningRateAt(long step, double learningRate)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"step must be >= 0; it was {step.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        HyperParameters.NonNegative(learningRate, nameof(learningRate));
        return LearningRateAtCore(step, learningRate);
    }

    /// <summary>
    /// The momentum of a step (β₁ of Adam and AdamW, μ of GradientDescent and RmsProp), or <see langword="null"/>
    /// when the schedule leaves the optimizer's momentum alone, as every schedule but a cycling
    /// <see cref="OneCycle"/> does.
    /// </summary>
    /// <param name="step">The step, counting from 0 over the whole run.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    public double? MomentumAt(long step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"step must be >= 0; it was {step.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        return MomentumAtCore(step);
    }

    /// <summary>Computes the momentum of a step, or null to leave it alone (the default); it must not allocate.</summary>
    /// <param name="step">The step, ≥ 0.</param>
    /// <returns>The momentum for this step, in [0, 1), or <see langword="null"/>.</returns>
    protected virtual double? MomentumAtCore(long step) => null;

    /// <summary>Computes the learning rate of a step; it must not allocate.</summary>
    /// <param name="step">The step, ≥ 0.</param>
    /// <param name="learningRate">η, finite and ≥ 0.</param>
    /// <returns>The learning rate for this step.</returns>
    protected abstract double LearningRateAtCore(long step, double learningRate);

    /// <summary>Says what the schedule is, for training reports.</summary>
    public abstract override string ToString();
}

internal sealed class LinearWarmupSteps : StepSchedule
{
    private readonly int _duration;
    private readonly double _startFactor;

    internal LinearWarmupSteps(int duration, double startFactor)
    {
        _duration = duration;
        _startFactor = startFactor;
    }

    protected override double LearningRateAtCore(long step, double learningRate) =>
        step < _duration ? learningRate * (_startFactor + (1.0 - _startFactor) * step / _duration) : learningRate;

    public override string ToString() =>
        $"linear warm-up from ×{HyperParameters.Format(_startFactor)} over {HyperParameters.Format(_duration)} " +
        $"step{(_duration == 1 ? "" : "s")} (LinearLR per iteration)";
}

internal sealed class OneCycleSteps : StepSchedule
{
    private readonly int _totalSteps;
    private readonly double _pctStart;
    private readonly double _divFactor;
    private readonly double _finalDivFactor;
    private readonly bool _cycleMomentum;
    private readonly double _baseMomentum;
    private readonly double _maxMomentum;

    internal OneCycleSteps(
        int totalSteps, double pctStart, double divFactor, double finalDivFactor, bool cycleMomentum, double baseMomentum, double maxMomentum)
    {
        _totalSteps = totalSteps;
        _pctStart = pctStart;
        _divFactor = divFactor;
        _finalDivFactor = finalDivFactor;
        _cycleMomentum = cycleMomentum;
        _baseMomentum = baseMomentum;
        _maxMomentum = maxMomentum;
    }

    protected override double? MomentumAtCore(long step)
    {
        if (!_cycleMomentum)
        {
            return null;
        }

        // OneCycleLR.get_lr: the same phases and pct as the rate, from max_momentum to base_momentum and back.
        double end1 = _pctStart * _totalSteps - 1.0;
        double end2 = _totalSteps - 1.0;
        if (step <= end1)
        {
            return end1 > 0.0 ? Cosine(_maxMomentum, _baseMomentum, step / end1) : _baseMomentum;
        }

        if (step >= end2)
        {
            return _maxMomentum;
        }

        return Cosine(_baseMomentum, _maxMomentum, (step - end1) / (end2 - end1));
    }

    protected override double LearningRateAtCore(long step, double learningRate)
    {
        // torch.optim.lr_scheduler.OneCycleLR.get_lr, two phases, anneal_strategy='cos'.
        double initial = learningRate / _divFactor;
        double min = initial / _finalDivFactor;
        double end1 = _pctStart * _totalSteps - 1.0;
        double end2 = _totalSteps - 1.0;
        if (step <= end1)
        {
            return end1 > 0.0 ? Cosine(initial, learningRate, step / end1) : learningRate;
        }

        if (step >= end2)
        {
            return min; // PyTorch raises past the last step; the run's extra steps hold the final rate.
        }

        return Cosine(learningRate, min, (step - end1) / (end2 - end1));
    }

    private static double Cosine(double start, double end, double pct) =>
        end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1.0);

    public override string ToString() =>
        $"one cycle over {HyperParameters.Format(_totalSteps)} steps, rising for {HyperParameters.Format(_pctStart)} of them " +
        $"(div {HyperParameters.Format(_divFactor)}, final div {HyperParameters.Format(_finalDivFactor)}" +
        (_cycleMomentum
            ? $", momentum {HyperParameters.Format(_maxMomentum)} → {HyperParameters.Format(_baseMomentum)} → {HyperParameters.Format(_maxMomentum)}; OneCycleLR)"
            : "; OneCycleLR, momentum not cycled)");
}
