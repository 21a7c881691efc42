using System;
using System.Numerics.Tensors;
using System.Diagnostics;

namespace SymbolicGd;

/// <summary>
/// The bookkeeping of one <see cref="Trainer"/> run, shared by the data and data-free loops: the parameter and
/// gradient buffers (allocated once), the learning-rate schedule, divergence, the history and the stopping rules.
/// The loops own the per-sample work; this class sees one call per step and one per epoch, and allocates nothing
/// in either (apart from the history's growth, and the message when training diverges).
/// </summary>
internal sealed class TrainingRun
{
    private readonly IDifferentiable _model;
    private readonly IOptimizer _optimizer;
    private readonly TrainingOptions _options;
    private readonly int _sampleCount;
    private readonly double _baseLearningRate;
    private readonly double[] _parameters;
    private readonly double[] _previous;
    private readonly double[] _epochGradient;
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

    internal TrainingRun(IDifferentiable model, IOptimizer optimizer, TrainingOptions options, int sampleCount, int stepsPerEpoch)
    {
        _model = model;
        _optimizer = optimizer;
        _options = options;
        _sampleCount = sampleCount;
        StepsPerEpoch = stepsPerEpoch;
        _baseLearningRate = optimizer.LearningRate;
        int count = model.ParameterCount;
        _parameters = new double[count];
        _previous = new double[count];
        _epochGradient = new double[count];
        Gradient = new double[count];
        _history = new TrainingHistory(Math.Min(options.MaxEpochs, 1024));
        _divergenceBound = options.DivergenceBound ?? double.PositiveInfinity;
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>The loops add the batch's per-sample gradients here (after clearing it) before <see cref="Step"/>.</summary>
    internal double[] Gradient { get; }

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

        if (_epoch == _options.MaxEpochs)
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
            _optimizer.LearningRate = schedule.LearningRateAt(_epoch, _baseLearningRate);
        }

        _learningRate = _optimizer.LearningRate;
        _model.CopyParametersTo(_parameters);
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
    internal bool Step(double batchLossSum, int batchCount)
    {
        _stepInEpoch++;
        double[] gradient = Gradient;
        if (!double.IsFinite(batchLossSum))
        {
            return Diverge($"the loss {ModelChecks.LossName(_model)} became {NumberText.Short(batchLossSum)}{StepText()}", restore: true);
        }

        int bad = VectorMath.IndexOfNonFinite(gradient);
        if (bad >= 0)
        {
            return Diverge(
                $"∂{ModelChecks.LossName(_model)}/∂{_model.ParameterNames[bad]} became {NumberText.Short(gradient[bad])}{StepText()}",
                restore: true);
        }

        // Vectorised: a network's step touches thousands of parameters. Division, not a reciprocal's product, so the
        // mean is rounded as PyTorch's is.
        TensorPrimitives.Add(_epochGradient, gradient, _epochGradient);
        TensorPrimitives.Divide(gradient, batchCount, gradient);
        _epochLoss += batchLossSum;
        Array.Copy(_parameters, _previous, _parameters.Length);
        _hasPrevious = true;
        _optimizer.Step(_parameters, gradient);
        bad = VectorMath.IndexOfNonFinite(_parameters);
        if (bad >= 0)
        {
            string name = _model.ParameterNames[bad];
            string value = NumberText.Short(_parameters[bad]);
            return Diverge($"the step took {name} to {value}{StepText()}", restore: true);
        }

        _model.SetParameters(_parameters);
        return true;
    }

    /// <summary>
    /// Ends the epoch: records it, tells <see cref="TrainingOptions.Progress"/> and
    /// <see cref="TrainingOptions.EpochCompleted"/>, then applies divergence bound and tolerances. Returns false when
    /// training must stop.
    /// </summary>
    internal bool EndEpoch()
    {
        _epoch++;
        double loss = _epochLoss / _sampleCount;
        for (int i = 0; i < _epochGradient.Length; i++)
        {
            _epochGradient[i] /= _sampleCount;
        }

        double norm = VectorMath.Norm(_epochGradient);
        var record = new EpochRecord(_epoch, loss, norm, _learningRate, Stopwatch.GetElapsedTime(_start));
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

        if (_options.LossTolerance is double lossTolerance && loss <= lossTolerance)
        {
            _stop = StopReason.LossTolerance;
            return false;
        }

        if (_options.GradientTolerance is double gradientTolerance && norm <= gradientTolerance)
        {
            _stop = StopReason.GradientTolerance;
            return false;
        }

        return true;
    }

    /// <summary>Puts the optimizer's learning rate back to η₀ if a schedule changed it.</summary>
    internal void RestoreLearningRate()
    {
        if (_options.Schedule is not null)
        {
            _optimizer.LearningRate = _baseLearningRate;
        }
    }

    /// <summary>
    /// Builds the result from the loss and gradient of the whole data set at the final parameters: the caller
    /// summed <paramref name="lossSum"/> and <see cref="Gradient"/> over <paramref name="count"/> samples.
    /// </summary>
    internal TrainingResult Finish(double lossSum, int count)
    {
        double[] gradient = Gradient;
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] /= count;
        }

        double loss = lossSum / count;
        double norm = VectorMath.Norm(gradient);
        var parameters = new double[_model.ParameterCount];
        _model.CopyParametersTo(parameters);
        StopReason reason = _stop ?? StopReason.MaxEpochs;
        return new TrainingResult(
            reason, _epoch, loss, norm, _model.ParameterNames, parameters, _restored, _history, Message(reason, loss, norm));
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
                _model.SetParameters(_parameters);
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
        switch (reason)
        {
            case StopReason.Diverged:
                return _divergence!;
            case StopReason.LossTolerance:
            {
                EpochRecord last = _history[_history.Count - 1];
                return $"Converged in epoch {NumberText.Int(_epoch)}: the loss {NumberText.Short(last.Loss)} is ≤ the loss " +
                       $"tolerance {NumberText.Exact(_options.LossTolerance!.Value)}; {final}.";
            }

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
