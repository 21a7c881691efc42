using System;

namespace SymbolicGd;

// The schedules behind the factory members of LearningRateSchedule. Each formula keeps the order of operations of
// PyTorch's _get_closed_form_lr, so the values agree to the last bit where the platforms' pow and cos agree.

internal sealed class ConstantLearningRate : LearningRateSchedule
{
    protected override double LearningRateAtCore(int epoch, double baseLearningRate) => baseLearningRate;

    public override string ToString() => "constant learning rate";
}

internal sealed class StepDecayLearningRate : LearningRateSchedule
{
    private readonly int _stepSize;
    private readonly double _gamma;

    internal StepDecayLearningRate(int stepSize, double gamma)
    {
        _stepSize = stepSize;
        _gamma = gamma;
    }

    protected override double LearningRateAtCore(int epoch, double baseLearningRate) =>
        baseLearningRate * Math.Pow(_gamma, epoch / _stepSize);

    public override string ToString() =>
        $"step decay: ×{HyperParameters.Format(_gamma)} every {HyperParameters.Format(_stepSize)} " +
        $"epoch{(_stepSize == 1 ? "" : "s")} (StepLR)";
}

internal sealed class ExponentialLearningRate : LearningRateSchedule
{
    private readonly double _gamma;

    internal ExponentialLearningRate(double gamma) => _gamma = gamma;

    protected override double LearningRateAtCore(int epoch, double baseLearningRate) =>
        baseLearningRate * Math.Pow(_gamma, epoch);

    public override string ToString() => $"exponential decay: ×{HyperParameters.Format(_gamma)} per epoch (ExponentialLR)";
}

internal sealed class CosineAnnealingLearningRate : LearningRateSchedule
{
    private readonly int _maxEpochs;
    private readonly double _minLearningRate;

    internal CosineAnnealingLearningRate(int maxEpochs, double minLearningRate)
    {
        _maxEpochs = maxEpochs;
        _minLearningRate = minLearningRate;
    }

    protected override double LearningRateAtCore(int epoch, double baseLearningRate)
    {
        if (epoch >= _maxEpochs)
        {
            return _minLearningRate;
        }

        double etaMin = _minLearningRate;
        return etaMin + (baseLearningRate - etaMin) * (1.0 + Math.Cos(Math.PI * epoch / _maxEpochs)) / 2.0;
    }

    public override string ToString() =>
        $"cosine annealing to {HyperParameters.Format(_minLearningRate)} over {HyperParameters.Format(_maxEpochs)} " +
        $"epoch{(_maxEpochs == 1 ? "" : "s")}, then held (CosineAnnealingLR)";
}

internal sealed class LinearWarmupLearningRate : LearningRateSchedule
{
    private readonly int _warmupEpochs;
    private readonly double _startFactor;
    private readonly LearningRateSchedule? _then;

    internal LinearWarmupLearningRate(int warmupEpochs, double startFactor, LearningRateSchedule? then)
    {
        _warmupEpochs = warmupEpochs;
        _startFactor = startFactor;
        _then = then;
    }

    protected override double LearningRateAtCore(int epoch, double baseLearningRate)
    {
        if (epoch < _warmupEpochs)
        {
            return baseLearningRate * (_startFactor + (1.0 - _startFactor) * epoch / _warmupEpochs);
        }

        return _then is null ? baseLearningRate : _then.LearningRateAt(epoch - _warmupEpochs, baseLearningRate);
    }

    public override string ToString() =>
        $"linear warm-up from ×{HyperParameters.Format(_startFactor)} over {HyperParameters.Format(_warmupEpochs)} " +
        $"epoch{(_warmupEpochs == 1 ? "" : "s")} (LinearLR), then {(_then is null ? "constant" : _then.ToString())}";
}
