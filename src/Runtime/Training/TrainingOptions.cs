using System;
using System.Threading;

namespace SymbolicGd;

/// <summary>
/// How <see cref="Trainer"/> trains: how long, in which batches, with which learning-rate schedule, when to stop
/// and whom to tell. Every property has a default, so <c>new TrainingOptions()</c> is batch gradient descent for
/// <see cref="DefaultMaxEpochs"/> epochs; an invalid value throws from its <c>init</c> accessor, naming the property
/// and showing the value.
/// </summary>
/// <remarks>An instance is immutable and may be shared between runs and threads.</remarks>
public sealed class TrainingOptions
{
    /// <summary>The default of <see cref="MaxEpochs"/>: 1000.</summary>
    public const int DefaultMaxEpochs = 1000;

    /// <summary>The default of <see cref="Seed"/>: 0.</summary>
    public const int DefaultSeed = 0;

    /// <summary>
    /// When <see cref="DivergenceBound"/> is null, the bound is this factor (10⁶) times max(1, |loss of epoch 1|).
    /// </summary>
    public const double DefaultDivergenceFactor = 1e6;

    private readonly int _maxEpochs = DefaultMaxEpochs;
    private readonly int? _batchSize;
    private readonly double? _lossTolerance;
    private readonly double? _gradientTolerance;
    private readonly double? _divergenceBound;

    /// <summary>The number of epochs after which training stops, ≥ 1; default <see cref="DefaultMaxEpochs"/>.</summary>
    /// <remarks>An epoch is one pass over the data set; for a data-free model it is one step.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxEpochs
    {
        get => _maxEpochs;
        init => _maxEpochs = HyperParameters.AtLeastOne(value, nameof(MaxEpochs));
    }

    /// <summary>
    /// The number of samples per step: <see langword="null"/> (the default) or the data-set size for batch
    /// gradient descent (one step per epoch), 1 for stochastic gradient descent (one step per sample), anything
    /// between for mini-batch gradient descent. A size larger than the data set is the whole data set.
    /// </summary>
    /// <remarks>
    /// When the size does not divide the data set, the last batch of each epoch is shorter and is used, not dropped
    /// (PyTorch's <c>DataLoader</c> with <c>drop_last=False</c>): its gradient is the mean over its own samples.
    /// Ignored for data-free models.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? BatchSize
    {
        get => _batchSize;
        init
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(BatchSize), $"BatchSize must be null or >= 1; it was {NumberText.Int(value.Value)}.");
            }

            _batchSize = value;
        }
    }

    /// <summary>
    /// Whether each epoch visits the samples in a new random order (default <see langword="true"/>). It applies
    /// only when batches are smaller than the data set: a full batch is always taken in data-set order, since
    /// shuffling it would change nothing but the rounding of the gradient's sum. Ignored for data-free models.
    /// </summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// The seed of the shuffle (default <see cref="DefaultSeed"/>): the same seed, data, model, optimizer and options
    /// give the same run, bit for bit. The order comes from <c>new System.Random(Seed)</c> and a Fisher–Yates shuffle
    /// of the previous epoch's order.
    /// </summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>
    /// The learning-rate schedule, or <see langword="null"/> (the default) to leave the optimizer's learning rate
    /// alone. Before epoch e (from 1) the trainer sets <c>optimizer.LearningRate = Schedule.LearningRateAt(e − 1, η₀)</c>,
    /// where η₀ is the optimizer's learning rate when <c>Fit</c> starts; when <c>Fit</c> returns, the optimizer's
    /// learning rate is η₀ again, so a second <c>Fit</c> starts the schedule from the same base.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Stop when an epoch's loss (<see cref="EpochRecord.Loss"/>) is ≤ this value; <see langword="null"/> (the
    /// default) never stops on the loss. Any finite number: a negative one suits losses that go below zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public double? LossTolerance
    {
        get => _lossTolerance;
        init
        {
            if (value is double v && !double.IsFinite(v))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(LossTolerance), $"LossTolerance must be null or a finite number; it was {NumberText.Csv(v)}.");
            }

            _lossTolerance = value;
        }
    }

    /// <summary>
    /// Stop when an epoch's gradient norm (<see cref="EpochRecord.GradientNorm"/>) is ≤ this value;
    /// <see langword="null"/> (the default) never stops on the gradient. A finite number ≥ 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public double? GradientTolerance
    {
        get => _gradientTolerance;
        init
        {
            if (value is double v && !(v >= 0.0 && double.IsFinite(v)))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(GradientTolerance),
                    $"GradientTolerance must be null or a finite number >= 0; it was {NumberText.Csv(v)}.");
            }

            _gradientTolerance = value;
        }
    }

    /// <summary>
    /// Training has diverged when an epoch's loss is greater than this bound. <see langword="null"/> (the default)
    /// sets the bound after epoch 1 to <see cref="DefaultDivergenceFactor"/> × max(1, |loss of epoch 1|), a growth no
    /// converging run shows; <see cref="double.PositiveInfinity"/> turns the check off. A NaN or infinite loss,
    /// gradient or parameter is divergence whatever the bound.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or −∞.</exception>
    public double? DivergenceBound
    {
        get => _divergenceBound;
        init
        {
            if (value is double v && (double.IsNaN(v) || double.IsNegativeInfinity(v)))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(DivergenceBound),
                    $"DivergenceBound must be null, a number or +Infinity; it was {NumberText.Csv(v)}.");
            }

            _divergenceBound = value;
        }
    }

    /// <summary>
    /// Told about every completed epoch, on the training thread, before the stopping rules are applied. Note that
    /// <see cref="Progress{T}"/> posts to the synchronization context it was created on, so its handler may run
    /// later and on another thread; use <see cref="EpochCompleted"/> to act on an epoch at once.
    /// </summary>
    public IProgress<EpochRecord>? Progress { get; init; }

    /// <summary>
    /// Called after every completed epoch, on the training thread, after <see cref="Progress"/> and before the
    /// stopping rules are applied. The model already holds the parameters after the epoch's last step.
    /// </summary>
    public Action<EpochRecord>? EpochCompleted { get; init; }

    /// <summary>
    /// Stops training before the next epoch once cancelled (an epoch in progress completes). A cancelled run
    /// returns normally, with <see cref="StopReason.Cancelled"/>, its history and the parameters reached.
    /// </summary>
    public CancellationToken CancellationToken { get; init; }
}
