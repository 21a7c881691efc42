using System;

namespace SymbolicGd;

/// <summary>
/// Stops training when the monitored loss stops improving, as Keras's <c>EarlyStopping</c> with
/// <c>restore_best_weights=True</c>: the validation loss when <see cref="Trainer"/> has a validation set, else the
/// epoch's training loss (<see cref="EpochRecord.Loss"/>).
/// </summary>
/// <remarks>
/// An epoch improves when its loss is below the best so far by more than <see cref="MinDelta"/>. After
/// <see cref="Patience"/> epochs in a row without improvement training stops with
/// <see cref="StopReason.EarlyStopping"/>. With <see cref="RestoreBestParameters"/>, however the run ends, the
/// model is given back the parameters it had at the end of the best epoch (<see cref="TrainingResult.BestEpoch"/>)
/// if a later epoch was worse; the final loss is evaluated there. The counters (best loss, best epoch, epochs
/// without improvement, best parameters) live in the run and are saved in the checkpoints the trainer writes
/// (<see cref="TrainingOptions.Checkpoint"/>), so a run resumed with <see cref="TrainingOptions.ResumeFrom"/> stops
/// where an uninterrupted one would. An instance is immutable and may be shared.
/// </remarks>
public sealed class EarlyStopping
{
    /// <summary>Creates the rule.</summary>
    /// <param name="patience">Epochs without improvement before stopping, ≥ 1; Keras's default is 0, PyTorch Lightning's 3.</param>
    /// <param name="minDelta">The least decrease that counts as an improvement, a finite number ≥ 0; default 0.</param>
    /// <param name="restoreBestParameters">Whether to give the model back the best epoch's parameters; default true.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public EarlyStopping(int patience = 5, double minDelta = 0.0, bool restoreBestParameters = true)
    {
        Patience = HyperParameters.AtLeastOne(patience, nameof(patience));
        MinDelta = HyperParameters.NonNegative(minDelta, nameof(minDelta));
        RestoreBestParameters = restoreBestParameters;
    }

    /// <summary>Epochs in a row without improvement after which training stops.</summary>
    public int Patience { get; }

    /// <summary>The least decrease of the monitored loss that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether the model gets the best epoch's parameters back when training ends.</summary>
    public bool RestoreBestParameters { get; }

    /// <summary>Describes the rule, for training reports.</summary>
    public override string ToString() =>
        $"EarlyStopping(patience: {HyperParameters.Format(Patience)}, minDelta: {HyperParameters.Format(MinDelta)}, " +
        $"restoreBestParameters: {(RestoreBestParameters ? "true" : "false")})";
}
