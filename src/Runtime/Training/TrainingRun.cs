using System;
using System.Diagnostics;
using System.IO;
using System.Numerics;

namespace SymbolicGd;

/// <summary>
/// The bookkeeping of one <see cref="Trainer"/> run, shared by the data and data-free loops: the parameter and
/// gradient buffers (allocated once), the learning-rate schedule, divergence, the history and the stopping rules.
/// The loops own the per-sample work; this class sees one call per step and one per epoch, and allocates nothing
/// in either (apart from the history's growth, and the message when training diverges).
/// </summary>
/// <typeparam name="T">
/// The type of the parameter and gradient buffers and of the optimizer's step: double for every model but a
/// <see cref="Precision.Single"/> network, which trains in float. Losses, norms, rates and records stay double.
/// </typeparam>
internal sealed class TrainingRun<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IDifferentiable _model;
    private readonly IOptimizer _optimizer;
    private readonly TrainingOptions _options;
    private readonly int _sampleCount;
    private readonly double _baseLearningRate;
    private readonly IParameterAccess<T> _access;
    private readonly Action<T[], T[]> _step;
    private readonly T[] _parameters;
    private T[] _previous;
    private T[] _checkedCopy;
    private bool _checkedCopyIsCurrent;
    private readonly T[] _epochGradient;
    private readonly long _start;
    private readonly TrainingHistory _history;
    private bool _hasPrevious;
    private int _epoch;
    private int _stepInEpoch;
    private double _epochLoss;
    private double _learningRate;
    private double _divergenceBound;
    private StopReason? _stop;
    private bool _restored;
    private string? _divergence;
    private string? _solverMessage;
    private readonly int _initialEpoch;
    private long _globalStep;
    private double _currentBase;
    private int _correct;

    // Early stopping: the best monitored loss, its epoch, the epochs since, and the parameters then.
    private double _bestLoss = double.PositiveInfinity;
    private int _bestEpoch;
    private int _sinceBest;
    private T[]? _bestParameters;
    private bool _bestRestored;

    // Reduce on plateau: PyTorch's best, num_bad_epochs, cooldown_counter, and the factor applied to a schedule.
    private double _plateauBest = double.PositiveInfinity;
    private int _plateauBad;
    private int _plateauCooldown;
    private double _plateauScale = 1.0;

    // Checkpoints: the optimizer whose state they hold, the optimizer whose momentum a schedule cycles, and the
    // lowest monitored loss of an epoch considered for a checkpoint (Keras's ModelCheckpoint.best).
    private readonly IStatefulOptimizer? _stateful;
    private readonly IMomentumCycling? _cycledMomentum;
    private double _bestCheckpointLoss = double.PositiveInfinity;

    /// <summary>
    /// Checks the options against the model and the optimizer and, with <see cref="TrainingOptions.ResumeFrom"/>,
    /// restores the model, the optimizer and the counters; on an exception nothing has changed.
    /// </summary>
    internal TrainingRun(IDifferentiable model, IOptimizer optimizer, TrainingOptions options, int sampleCount, int stepsPerEpoch)
        : this(model, ParameterAccess.Of<T>(model), optimizer, options, sampleCount, stepsPerEpoch)
    {
    }

    /// <summary>As the other constructor, with the parameters read and written in T through <paramref name="access"/>.</summary>
    internal TrainingRun(IDifferentiable model, IParameterAccess<T> access, IOptimizer optimizer, TrainingOptions options, int sampleCount, int stepsPerEpoch)
    {
        _model = model;
        _access = access;
        _step = ParameterAccess.Stepper<T>(optimizer);
        _optimizer = optimizer;
        _options = options;
        _stateful = optimizer as IStatefulOptimizer;
        _cycledMomentum = CheckMomentumCycling(optimizer, options);
        CheckCheckpointOptions(options);
        RunState? resumed = Resume(model, options);
        _sampleCount = sampleCount;
        StepsPerEpoch = stepsPerEpoch;
        _baseLearningRate = optimizer.LearningRate;
        int count = model.ParameterCount;
        _parameters = new T[count];
        _previous = new T[count];
        _checkedCopy = new T[count];
        _epochGradient = new T[count];
        Gradient = new T[count];
        _history = new TrainingHistory(Math.Min(options.MaxEpochs, 1024));
        _divergenceBound = options.DivergenceBound ?? double.PositiveInfinity;
        _initialEpoch = options.StartEpoch;
        _epoch = _initialEpoch;
        _globalStep = (long)_initialEpoch * stepsPerEpoch;
        _currentBase = _baseLearningRate;
        if (options.EarlyStopping is { RestoreBestParameters: true })
        {
            _bestParameters = new T[count];
        }

        if (resumed is not null)
        {
            ApplyRunState(resumed);
        }

        _start = Stopwatch.GetTimestamp();
    }

    private IStatefulOptimizer Stateful(string option) =>
        _stateful ?? throw new ArgumentException(
            $"{option} needs an optimizer whose state can be saved (IStatefulOptimizer, as every optimizer of the " +
            $"runtime is, or Lbfgs); {_optimizer.GetType().Name} is not.",
            "options");

    private static IMomentumCycling? CheckMomentumCycling(IOptimizer optimizer, TrainingOptions options)
    {
        if (options.StepSchedule is not { } schedule || schedule.MomentumAt(0) is null)
        {
            return null;
        }

        if (optimizer is not IMomentumCycling cycling)
        {
            throw new ArgumentException(
                $"The step schedule cycles momentum ({schedule}), and {optimizer.GetType().Name} has none to cycle " +
                "(Adam and AdamW cycle β1, GradientDescent and RmsProp their momentum). Pass cycleMomentum: false to " +
                "StepSchedule.OneCycle to change the learning rate only.",
                nameof(options));
        }

        if (cycling.MomentumCyclingProblem is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return cycling;
    }

    private void CheckCheckpointOptions(TrainingOptions options)
    {
        if (options.Checkpoint is not { } checkpoint)
        {
            return;
        }

        Stateful(nameof(TrainingOptions.Checkpoint));
        string? folder = Path.GetDirectoryName(Path.GetFullPath(checkpoint.Path));
        if (folder is null || !Directory.Exists(folder))
        {
            throw new ArgumentException(
                $"The checkpoint's folder '{folder}' does not exist; create it before training ({checkpoint}).", nameof(options));
        }
    }

    /// <summary>Restores the model and the optimizer from <see cref="TrainingOptions.ResumeFrom"/>, after checking everything.</summary>
    private RunState? Resume(IDifferentiable model, TrainingOptions options)
    {
        if (options.ResumeFrom is not { } checkpoint)
        {
            return null;
        }

        if (options.InitialEpoch != 0 && options.InitialEpoch != checkpoint.Epoch)
        {
            throw new ArgumentException(
                $"InitialEpoch is {options.InitialEpoch} but the checkpoint to resume from was taken after epoch " +
                $"{checkpoint.Epoch}; leave InitialEpoch at 0 with ResumeFrom.",
                nameof(options));
        }

        IStatefulOptimizer stateful = Stateful(nameof(TrainingOptions.ResumeFrom));
        checkpoint.Run?.CheckFits(options);
        if (checkpoint.Run is { } run && options.Schedule is null && options.StepSchedule is null)
        {
            // ApplyRunState gives the optimizer this rate after Restore: one it refuses (L-BFGS takes no 0) must be
            // refused before anything has changed.
            double own = _optimizer.LearningRate;
            _optimizer.LearningRate = run.LearningRate;
            _optimizer.LearningRate = own;
        }

        checkpoint.Restore(model, stateful); // checks the model and the optimizer before it sets either
        return checkpoint.Run;
    }

    private void ApplyRunState(RunState run)
    {
        // The epoch's rate: what reduce-on-plateau made of η₀, or what a callback set when there is no schedule.
        _currentBase = run.LearningRate;
        if (_options.Schedule is null && _options.StepSchedule is null)
        {
            _optimizer.LearningRate = run.LearningRate;
        }

        if (_options.DivergenceBound is null && run.DivergenceBound is double bound)
        {
            _divergenceBound = bound;
        }

        _bestCheckpointLoss = run.BestCheckpointLoss ?? double.PositiveInfinity;
        if (run.EarlyStopping is { } early)
        {
            _bestLoss = early.BestLoss;
            _bestEpoch = early.BestEpoch;
            _sinceBest = early.EpochsWithoutImprovement;
            if (_bestParameters is not null && early.BestParameters is { } best)
            {
                ParameterAccess.Narrow(best, _bestParameters);
            }
        }

        if (run.Plateau is { } plateau)
        {
            _plateauBest = plateau.Best;
            _plateauBad = plateau.BadEpochs;
            _plateauCooldown = plateau.CooldownCounter;
            _plateauScale = plateau.Scale;
        }
    }

    private RunState CaptureRunState() => new()
    {
        LearningRate = _options.Schedule is null && _options.StepSchedule is null ? _optimizer.LearningRate : _currentBase,
        DivergenceBound = _options.DivergenceBound is null && _epoch >= 1 ? _divergenceBound : null,
        BestCheckpointLoss = _options.Checkpoint is { OnlyWhenImproved: true } ? _bestCheckpointLoss : null,
        EarlyStopping = _options.EarlyStopping is { } early
            ? new EarlyStoppingState(
                early.Patience, early.MinDelta, early.RestoreBestParameters, _bestLoss, _bestEpoch, _sinceBest,
                ParameterAccess.Widen(_bestParameters))
            : null,
        Plateau = _options.ReduceOnPlateau is { } plateau
            ? new PlateauState(
                plateau.Factor, plateau.Patience, plateau.Threshold, plateau.Cooldown, plateau.MinLearningRate,
                _plateauBest, _plateauBad, _plateauCooldown, _plateauScale)
            : null,
    };

    /// <summary>Writes the epoch's checkpoint when <see cref="TrainingOptions.Checkpoint"/> asks for one.</summary>
    private void WriteCheckpoint(double monitored)
    {
        if (_options.Checkpoint is not { } checkpoint || _epoch % checkpoint.EveryEpochs != 0)
        {
            return;
        }

        if (checkpoint.OnlyWhenImproved)
        {
            if (!(monitored < _bestCheckpointLoss))
            {
                return;
            }

            _bestCheckpointLoss = monitored;
        }

        // The state with η₀, not the last step's scheduled rate: the resumed run's schedules start from the base.
        OptimizerState state = _stateful!.SaveState().WithLearningRate(_baseLearningRate);
        Checkpoint.Capture(_model, state, _epoch, CaptureRunState()).Save(checkpoint.Path);
    }

    /// <summary>The loops add the batch's per-sample gradients here (after clearing it) before <see cref="Step"/>.</summary>
    internal T[] Gradient { get; }

    private int StepsPerEpoch { get; }

    /// <summary>
    /// Starts the next epoch, or returns false when training must stop first (maximum epochs, cancellation, or a
    /// rule that already fired). Sets the epoch's learning rate and reads the model's parameters, in case a callback
    /// changed them.
    /// </summary>
    internal bool BeginEpoch()
    {
        if (_stop is not null)
        {
            return false;
        }

        if (_epoch >= _options.MaxEpochs)
        {
            _stop = StopReason.MaxEpochs;
            return false;
        }

        if (_options.CancellationToken.IsCancellationRequested)
        {
            _stop = StopReason.Cancelled;
            return false;
        }

        if (_options.Schedule is { } schedule)
        {
            double scheduled = schedule.LearningRateAt(_epoch, _baseLearningRate);
            _currentBase = _plateauScale < 1.0
                ? Math.Max(scheduled * _plateauScale, _options.ReduceOnPlateau!.MinLearningRate)
                : scheduled;
        }
        else if (_options.StepSchedule is null)
        {
            // Without schedules the optimizer's own rate is the epoch's, so a callback may change it between epochs.
            _currentBase = _optimizer.LearningRate;
        }

        _optimizer.LearningRate = _currentBase;
        _learningRate = _currentBase;
        _access.CopyParametersTo(_parameters);
        _checkedCopyIsCurrent = false; // a callback may have set the model's parameters between epochs
        if (_options.RecordParameters && _history.InitialParameters is null)
        {
            _history.InitialParameters = Array.AsReadOnly(ParameterAccess.Widen(_parameters)!);
        }

        _correct = 0;
        Array.Clear(_epochGradient);
        _epochLoss = 0.0;
        _stepInEpoch = 0;
        return true;
    }

    /// <summary>
    /// Takes one step from the summed loss and gradient (in <see cref="Gradient"/>) of <paramref name="batchCount"/>
    /// samples: divides both by the count (the batch loss is a mean), checks they are finite, steps the optimizer and
    /// hands the parameters to the model. Returns false when training diverged; the model then holds the last
    /// parameters at which the loss and gradient were finite.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal bool Step(double batchLossSum, int batchCount)
    {
        _stepInEpoch++;
        T[] gradient = Gradient;
        if (!double.IsFinite(batchLossSum))
        {
            return Diverge($"the loss {ModelChecks.LossName(_model)} became {NumberText.Short(batchLossSum)}{StepText()}", restore: true);
        }

        // One vectorised pass (a network's step touches hundreds of thousands of parameters): the check, the epoch's
        // sum and the mean, by division, not a reciprocal's product, so that it is rounded as PyTorch's is.
        int bad = VectorMath.AccumulateMean<T>(gradient, _epochGradient, T.CreateTruncating(batchCount));
        if (bad >= 0)
        {
            return Diverge(
                $"∂{ModelChecks.LossName(_model)}/∂{_model.ParameterNames[bad]} became {NumberText.Short(double.CreateTruncating(gradient[bad]))}{StepText()}",
                restore: true);
        }

        _epochLoss += batchLossSum;
        if (_options.MaxGradientNorm is double maxNorm)
        {
            // torch.nn.utils.clip_grad_norm_: clip_coef = max_norm / (total_norm + 1e-6), applied when below 1.
            double coefficient = maxNorm / (VectorMath.Norm<T>(gradient) + 1e-6);
            if (coefficient < 1.0)
            {
                T factor = T.CreateTruncating(coefficient);
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] *= factor;
                }
            }
        }

        if (_options.StepSchedule is { } stepSchedule)
        {
            _learningRate = stepSchedule.LearningRateAt(_globalStep, _currentBase);
            _optimizer.LearningRate = _learningRate;
            if (_cycledMomentum is not null)
            {
                _cycledMomentum.MomentumOverride = stepSchedule.MomentumAt(_globalStep);
            }
        }

        _globalStep++;
        // The parameters just evaluated are the point to go back to if a later step diverges. The previous step's check
        // copied them already (into _checkedCopy); swapping saves a pass over them.
        if (_checkedCopyIsCurrent)
        {
            (_previous, _checkedCopy) = (_checkedCopy, _previous);
        }
        else
        {
            Array.Copy(_parameters, _previous, _parameters.Length);
        }

        _hasPrevious = true;
        _step(_parameters, gradient);
        bad = VectorMath.CopyAndFindNonFinite<T>(_parameters, _checkedCopy);
        _checkedCopyIsCurrent = bad < 0;
        if (bad >= 0)
        {
            string name = _model.ParameterNames[bad];
            string value = NumberText.Short(double.CreateTruncating(_parameters[bad]));
            return Diverge($"the step took {name} to {value}{StepText()}", restore: true);
        }

        _access.SetParameters(_parameters);
        _options.BatchCompleted?.Invoke(
            new BatchProgress(_epoch + 1, _stepInEpoch, StepsPerEpoch, batchLossSum / batchCount, _learningRate));
        return true;
    }

    /// <summary>The loops count the samples classified right, before their batch's step, when accuracy is measured.</summary>
    internal void AddCorrect(int count) => _correct += count;

    /// <summary>
    /// Ends the epoch: records it, tells <see cref="TrainingOptions.Progress"/> and
    /// <see cref="TrainingOptions.EpochCompleted"/>, then applies divergence bound and tolerances. Returns false when
    /// training must stop.
    /// </summary>
    internal bool EndEpoch(double? validationLoss = null, double? validationAccuracy = null)
    {
        _epoch++;
        double loss = _epochLoss / _sampleCount;
        T samples = T.CreateTruncating(_sampleCount);
        for (int i = 0; i < _epochGradient.Length; i++)
        {
            _epochGradient[i] /= samples;
        }

        double norm = VectorMath.Norm<T>(_epochGradient);
        var record = new EpochRecord(_epoch, loss, norm, _learningRate, Stopwatch.GetElapsedTime(_start))
        {
            ValidationLoss = validationLoss,
            Accuracy = _options.MeasureAccuracy ? (double)_correct / _sampleCount : null,
            ValidationAccuracy = validationAccuracy,
            Parameters = _options.RecordParameters ? Array.AsReadOnly(ParameterAccess.Widen(_parameters)!) : null,
        };
        _history.Add(record);
        _options.Progress?.Report(record);
        _options.EpochCompleted?.Invoke(record);

        if (_epoch == 1 && _options.DivergenceBound is null)
        {
            _divergenceBound = TrainingOptions.DefaultDivergenceFactor * Math.Max(1.0, Math.Abs(loss));
        }

        if (!double.IsFinite(loss) || !double.IsFinite(norm))
        {
            // Every batch was finite, but their sum over the epoch overflowed.
            string what = double.IsFinite(loss) ? $"the gradient norm overflowed to {NumberText.Short(norm)}"
                : $"the epoch's loss overflowed to {NumberText.Short(loss)}";
            return Diverge(what + $". The parameters are those at the end of epoch {NumberText.Int(_epoch)}", restore: false);
        }

        if (loss > _divergenceBound)
        {
            string bound = _options.DivergenceBound is null
                ? $"{NumberText.Short(_divergenceBound)} (10⁶ × max(1, |loss of epoch 1|))"
                : NumberText.Exact(_divergenceBound);
            return Diverge(
                $"the loss {NumberText.Short(loss)} grew past the divergence bound {bound}. The parameters are those " +
                $"at the end of epoch {NumberText.Int(_epoch)}",
                restore: false);
        }

        double monitored = validationLoss ?? loss;
        if (_options.EarlyStopping is { } early)
        {
            if (monitored < _bestLoss - early.MinDelta)
            {
                _bestLoss = monitored;
                _bestEpoch = _epoch;
                _sinceBest = 0;
                if (_bestParameters is not null)
                {
                    Array.Copy(_parameters, _bestParameters, _parameters.Length);
                }
            }
            else
            {
                _sinceBest++;
            }
        }

        if (_options.TargetLoss is double target && loss <= target)
        {
            _stop = StopReason.TargetLoss;
        }
        else if (_options.GradientTolerance is double gradientTolerance && norm <= gradientTolerance)
        {
            _stop = StopReason.GradientTolerance;
        }
        else if (_optimizer is ISolverTermination { Termination: { } finished })
        {
            // A second-order solver that can go no further (after the user's own targets, which name what was asked for).
            _stop = finished.Reason;
            _solverMessage = finished.Message;
        }
        else if (_options.ShouldStop is { } shouldStop && shouldStop(record))
        {
            _stop = StopReason.Callback;
        }
        else if (_options.EarlyStopping is { } rule && _sinceBest >= rule.Patience)
        {
            _stop = StopReason.EarlyStopping;
        }
        else if (_options.ReduceOnPlateau is { } plateau)
        {
            ReduceOnPlateau(plateau, monitored);
        }

        // Last, so the checkpoint holds the counters as the next epoch will find them; also when the run stops here.
        WriteCheckpoint(monitored);
        return _stop is null;
    }

    /// <summary>One step of PyTorch's <c>ReduceLROnPlateau</c> (mode min, relative threshold) with the epoch's loss.</summary>
    private void ReduceOnPlateau(ReduceOnPlateau plateau, double monitored)
    {
        if (monitored < _plateauBest * (1.0 - plateau.Threshold))
        {
            _plateauBest = monitored;
            _plateauBad = 0;
        }
        else
        {
            _plateauBad++;
        }

        if (_plateauCooldown > 0)
        {
            _plateauCooldown--;
            _plateauBad = 0;
        }

        if (_plateauBad > plateau.Patience)
        {
            double reduced = Math.Max(_currentBase * plateau.Factor, plateau.MinLearningRate);
            if (_currentBase - reduced > 1e-8)
            {
                _plateauScale *= plateau.Factor;
                _currentBase = reduced;
                _optimizer.LearningRate = reduced;
            }

            _plateauCooldown = plateau.Cooldown;
            _plateauBad = 0;
        }
    }

    /// <summary>
    /// Before the final evaluation: gives the model the best epoch's parameters back when early stopping keeps them
    /// and a later epoch was worse.
    /// </summary>
    internal void RestoreBest()
    {
        if (_bestParameters is not null && _bestEpoch > 0 && _bestEpoch != _epoch)
        {
            _access.SetParameters(_bestParameters);
            _bestRestored = true;
        }
    }

    /// <summary>Puts the optimizer's learning rate back to η₀ if a schedule changed it, and its own momentum.</summary>
    internal void RestoreLearningRate()
    {
        if (_options.Schedule is not null || _options.StepSchedule is not null || _options.ReduceOnPlateau is not null)
        {
            _optimizer.LearningRate = _baseLearningRate;
        }

        if (_cycledMomentum is not null)
        {
            _cycledMomentum.MomentumOverride = null;
        }
    }

    /// <summary>
    /// Builds the result from the loss and gradient of the whole data set at the final parameters: the caller
    /// summed <paramref name="lossSum"/> and <see cref="Gradient"/> over <paramref name="count"/> samples.
    /// </summary>
    internal TrainingResult Finish(double lossSum, int count)
    {
        T[] gradient = Gradient;
        T divisor = T.CreateTruncating(count);
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] /= divisor;
        }

        double loss = lossSum / count;
        double norm = VectorMath.Norm<T>(gradient);
        var parameters = new double[_model.ParameterCount];
        _model.CopyParametersTo(parameters);
        StopReason reason = _stop ?? StopReason.MaxEpochs;
        int? bestEpoch = _options.EarlyStopping is not null && _bestEpoch > 0 ? _bestEpoch : null;
        double? bestLoss = bestEpoch is null ? null : _bestLoss;
        string message = Message(reason, loss, norm);
        if (_bestRestored)
        {
            message += $" The parameters of epoch {NumberText.Int(_bestEpoch)}, the best (monitored loss " +
                       $"{NumberText.Short(_bestLoss)}), were restored.";
        }

        return new TrainingResult(
            reason, _epoch - _initialEpoch, loss, norm, _model.ParameterNames, parameters, _restored, _history, message)
        {
            BestEpoch = bestEpoch,
            BestLoss = bestLoss,
            BestParametersRestored = _bestRestored,
        };
    }

    private bool Diverge(string what, bool restore)
    {
        int epoch = restore ? _epoch + 1 : _epoch;
        string detail = $"Diverged in epoch {NumberText.Int(epoch)} at learning rate {NumberText.Exact(_learningRate)}: {what}.";
        if (restore)
        {
            if (_hasPrevious)
            {
                Array.Copy(_previous, _parameters, _parameters.Length);
                _access.SetParameters(_parameters);
                _restored = true;
                detail += " The parameters were restored to the last ones at which the loss and gradient were finite.";
            }
            else
            {
                detail += " No step was taken: the initial parameters are left as they were.";
            }
        }

        _divergence = detail + " A smaller learning rate may help.";
        _stop = StopReason.Diverged;
        return false;
    }

    private string StepText() =>
        StepsPerEpoch > 1 ? $" in step {NumberText.Int(_stepInEpoch)} of {NumberText.Int(StepsPerEpoch)}" : "";

    private string Message(StopReason reason, double finalLoss, double finalNorm)
    {
        string epochs = $"{NumberText.Int(_epoch)} epoch{(_epoch == 1 ? "" : "s")}";
        string final = $"final loss {NumberText.Short(finalLoss)}, gradient norm {NumberText.Short(finalNorm)}";
        if (_solverMessage is not null)
        {
            return $"{_solverMessage}; {final}.";
        }

        switch (reason)
        {
            case StopReason.Diverged:
                return _divergence!;
            case StopReason.TargetLoss:
            {
                EpochRecord last = _history[_history.Count - 1];
                return $"Converged in epoch {NumberText.Int(_epoch)}: the loss {NumberText.Short(last.Loss)} is ≤ the target " +
                       $"loss {NumberText.Exact(_options.TargetLoss!.Value)}; {final}.";
            }

            case StopReason.EarlyStopping:
                return $"Stopped early in epoch {NumberText.Int(_epoch)}: the monitored loss has not improved for " +
                       $"{NumberText.Int(_sinceBest)} epoch{(_sinceBest == 1 ? "" : "s")} since epoch " +
                       $"{NumberText.Int(_bestEpoch)} ({NumberText.Short(_bestLoss)}); {final}.";
            case StopReason.Callback:
                return $"Stopped by the ShouldStop callback after epoch {NumberText.Int(_epoch)}; {final}.";

            case StopReason.GradientTolerance:
            {
                EpochRecord last = _history[_history.Count - 1];
                return $"Converged in epoch {NumberText.Int(_epoch)}: the gradient norm {NumberText.Short(last.GradientNorm)} " +
                       $"is ≤ the gradient tolerance {NumberText.Exact(_options.GradientTolerance!.Value)}; {final}.";
            }

            case StopReason.Cancelled:
                return $"Cancelled after {epochs} of at most {NumberText.Int(_options.MaxEpochs)}; {final}.";
            default:
                return $"Ran the maximum of {epochs}; {final}.";
        }
    }
}
