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
    private readonly double? _targetLoss;
    private readonly double? _maxGradientNorm;
    private readonly int _initialEpoch;
    private readonly double? _gradientTolerance;
    private readonly double? _divergenceBound;
    private readonly double _validationSplit;
    private readonly int? _maxDegreeOfParallelism;

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
    /// Stop when an epoch's loss (<see cref="EpochRecord.Loss"/>) is ≤ this value, an absolute target;
    /// <see langword="null"/> (the default) never stops on the loss. Any finite number: a negative one suits losses
    /// that go below zero. The run then ends with <see cref="StopReason.TargetLoss"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public double? TargetLoss
    {
        get => _targetLoss;
        init
        {
            if (value is double v && !double.IsFinite(v))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(TargetLoss), $"TargetLoss must be null or a finite number; it was {NumberText.Csv(v)}.");
            }

            _targetLoss = value;
        }
    }

    /// <summary>The former name of <see cref="TargetLoss"/>, which it reads and sets.</summary>
    /// <remarks>It was renamed because it is an absolute target for the loss, not a tolerance on its change.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    [Obsolete("LossTolerance is an absolute target for the loss and was renamed TargetLoss; use TargetLoss.")]
    public double? LossTolerance
    {
        get => TargetLoss;
        init => TargetLoss = value;
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

    /// <summary>
    /// The number of epochs already trained, as Keras's <c>initial_epoch</c>: the run starts with epoch
    /// <c>InitialEpoch + 1</c> and ends at <see cref="MaxEpochs"/> at the latest, schedules see the absolute epoch
    /// and step, and the shuffle replays the orders of the epochs already done, so resuming from a
    /// <see cref="SymbolicGd.Checkpoint"/> with <c>InitialEpoch = checkpoint.Epoch</c> continues the run exactly (with the
    /// early-stopping and plateau counters started afresh; <see cref="ResumeFrom"/> restores those too). Default 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int InitialEpoch
    {
        get => _initialEpoch;
        init => _initialEpoch = HyperParameters.NonNegative(value, nameof(InitialEpoch));
    }

    /// <summary>
    /// A learning rate per step (per batch) rather than per epoch, such as <see cref="StepSchedule.OneCycle"/> or a
    /// warm-up over the first iterations; <see langword="null"/> (the default) for none. Before step s (counting
    /// from 0 over the whole run) the trainer sets the optimizer's rate to <c>StepSchedule.LearningRateAt(s, η)</c>,
    /// where η is the epoch's rate (from <see cref="Schedule"/> and <see cref="ReduceOnPlateau"/>, or η₀).
    /// </summary>
    public StepSchedule? StepSchedule { get; init; }

    /// <summary>
    /// Clips every step's gradient to this global Euclidean norm before the optimizer sees it, as
    /// <c>torch.nn.utils.clip_grad_norm_(max_norm)</c>: with N = ‖g‖, g is multiplied by max_norm / (N + 10⁻⁶) when
    /// that is below 1. <see langword="null"/> (the default) does not clip. The history's gradient norms are those
    /// before clipping. A finite number &gt; 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number &gt; 0.</exception>
    public double? MaxGradientNorm
    {
        get => _maxGradientNorm;
        init
        {
            if (value is double v && !(v > 0.0 && double.IsFinite(v)))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(MaxGradientNorm),
                    $"MaxGradientNorm must be null or a finite number > 0; it was {NumberText.Csv(v)}.");
            }

            _maxGradientNorm = value;
        }
    }

    /// <summary>
    /// Stops training when the monitored loss (the validation loss when there is a validation set, else the
    /// epoch's training loss) has not improved for a number of epochs, and restores the best parameters;
    /// <see langword="null"/> (the default) for none. See <see cref="SymbolicGd.EarlyStopping"/>.
    /// </summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// Lowers the learning rate when the monitored loss (as for <see cref="EarlyStopping"/>) stops improving, as
    /// PyTorch's <c>ReduceLROnPlateau</c>; <see langword="null"/> (the default) for none.
    /// </summary>
    public ReduceOnPlateau? ReduceOnPlateau { get; init; }

    /// <summary>
    /// Asked after every epoch, after <see cref="EpochCompleted"/>: returning <see langword="true"/> stops training
    /// with <see cref="StopReason.Callback"/> (Keras's <c>model.stop_training = True</c>).
    /// </summary>
    public Func<EpochRecord, bool>? ShouldStop { get; init; }

    /// <summary>
    /// Called after every step (batch), on the training thread, with the batch's mean loss: progress within long
    /// epochs. <see langword="null"/> (the default) costs nothing.
    /// </summary>
    public Action<BatchProgress>? BatchCompleted { get; init; }

    /// <summary>
    /// Measures accuracy per epoch (<see cref="EpochRecord.Accuracy"/>, and <see cref="EpochRecord.ValidationAccuracy"/>
    /// with a validation set). The model must be an <see cref="IClassifier{TSample}"/>, as layer stacks with a
    /// classification loss are. Training accuracy is counted like <see cref="EpochRecord.Loss"/>: each sample at the
    /// parameters of its batch, before that batch's step. Default <see langword="false"/>.
    /// </summary>
    public bool MeasureAccuracy { get; init; }

    /// <summary>
    /// The fraction of the samples held out as the validation set, as Keras's <c>validation_split</c>: of n samples,
    /// the first ⌊n·(1 − ValidationSplit)⌋ are trained on and the rest, the last fraction in data-set order (taken
    /// before any shuffling), are the validation set, never trained on. 0 (the default) holds nothing out. In [0, 1).
    /// </summary>
    /// <remarks>
    /// <c>Fit</c> throws <see cref="ArgumentException"/> when the split leaves no training or no validation sample, when
    /// a validation set is passed as well (Keras silently prefers the explicit one; here the two are ambiguous, so pass
    /// one), and for a data-free model, which has no samples to split.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or outside [0, 1).</exception>
    public double ValidationSplit
    {
        get => _validationSplit;
        init
        {
            if (!(value >= 0.0 && value < 1.0))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(ValidationSplit),
                    $"ValidationSplit must be in [0, 1), the fraction of the samples held out for validation; it was {NumberText.Csv(value)}.");
            }

            _validationSplit = value;
        }
    }

    /// <summary>
    /// Writes checkpoints during training, as Keras's <c>ModelCheckpoint</c>: every N epochs or only when the
    /// monitored loss improves, crash-safely; see <see cref="CheckpointOptions"/>. <see langword="null"/> (the
    /// default) writes none. The optimizer must be an <see cref="IStatefulOptimizer"/> (every optimizer of the runtime
    /// is) or <see cref="Lbfgs"/>. Besides the model and the optimizer, the checkpoint holds the run's counters
    /// (early stopping, reduce-on-plateau, the divergence bound), which <see cref="ResumeFrom"/> restores.
    /// </summary>
    public CheckpointOptions? Checkpoint { get; init; }

    /// <summary>
    /// Continues the run a checkpoint was taken of: before the first epoch the trainer gives the model the
    /// checkpoint's parameters, the optimizer its state and the run its counters (early stopping's best loss, best
    /// epoch, epochs without improvement and best parameters; reduce-on-plateau's best, bad epochs and cooldown; the
    /// epoch's learning rate and the divergence bound), and starts with epoch <c>checkpoint.Epoch + 1</c>. With the
    /// same data and options, the run then continues bit for bit as if it had not stopped. <see langword="null"/>
    /// (the default) starts afresh.
    /// </summary>
    /// <remarks>
    /// <c>Fit</c> checks everything before it changes anything and throws <see cref="ArgumentException"/>, naming
    /// what differs, when the checkpoint does not fit the model or the optimizer
    /// (<see cref="SymbolicGd.Checkpoint.Restore(IDifferentiable, IStatefulOptimizer?)"/>), when its run had other
    /// early-stopping or reduce-on-plateau rules than these options, or when <see cref="InitialEpoch"/> is set to
    /// another epoch. A checkpoint taken by <see cref="SymbolicGd.Checkpoint.Capture(IDifferentiable, IStatefulOptimizer?, int)"/>
    /// holds no run counters: the rules then start afresh.
    /// </remarks>
    public Checkpoint? ResumeFrom { get; init; }

    /// <summary>The number of epochs already trained: the resumed checkpoint's, else <see cref="InitialEpoch"/>.</summary>
    internal int StartEpoch => ResumeFrom?.Epoch ?? InitialEpoch;

    /// <summary>
    /// Records the parameters after every epoch (<see cref="EpochRecord.Parameters"/>) and before the first
    /// (<see cref="TrainingHistory.InitialParameters"/>), for plotting the path of small models. Default
    /// <see langword="false"/>, which costs nothing.
    /// </summary>
    public bool RecordParameters { get; init; }

    /// <summary>
    /// The most threads a matrix product of a batched model (a layer stack's <c>BackwardBatch</c>, and the batched
    /// scoring of the end of an epoch and of a validation set) may use during the run: <see langword="null"/> (the
    /// default) to choose per product, using the cores only when a product is large enough to pay for waking them
    /// (the 784-256-128-10 network at batch 64 uses two cores for its first two layers; the 64-32-10 digits
    /// network stays on one); 1 for the training thread alone; n for up to n threads (up to 64). The trained
    /// parameters are the same bits whatever the setting.
    /// </summary>
    /// <remarks>
    /// Each product is cut into parts of whole register tiles of its result, along its rows or columns; every
    /// element's sum is computed by one thread in the same order as on one thread (the sum is never split between
    /// threads), so the result does not depend on the thread count. PyTorch does not promise this. The helper threads
    /// are a small pool shared by the process; a run that finds them busy with another run's product computes its own
    /// product alone, with the same result. Elementwise work (activations, the loss, the optimizer's step) stays on
    /// the training thread.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(MaxDegreeOfParallelism),
                    $"MaxDegreeOfParallelism must be null (automatic) or >= 1; it was {NumberText.Int(value.Value)}.");
            }

            _maxDegreeOfParallelism = value;
        }
    }
}
