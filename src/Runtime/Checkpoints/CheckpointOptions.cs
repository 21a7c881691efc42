using System;

namespace SymbolicGd;

/// <summary>
/// Checkpoints written during training (<see cref="TrainingOptions.Checkpoint"/>), as Keras's <c>ModelCheckpoint</c>:
/// after every <see cref="EveryEpochs"/>-th epoch, or only after epochs whose monitored loss improves
/// (<see cref="OnlyWhenImproved"/>), the trainer saves a <see cref="SymbolicGd.Checkpoint"/> of the model, the
/// optimizer and the run's counters to <see cref="Path"/>, replacing the previous one crash-safely
/// (<see cref="SymbolicGd.Checkpoint.Save"/>). Resume from it with <see cref="TrainingOptions.ResumeFrom"/>.
/// </summary>
/// <remarks>
/// The monitored loss is the one early stopping watches: the validation loss when there is a validation set, else
/// the epoch's training loss. An epoch that diverges is never written. An instance is immutable.
/// </remarks>
public sealed class CheckpointOptions
{
    private readonly int _everyEpochs = 1;

    /// <summary>Creates the options.</summary>
    /// <param name="path">The file the checkpoint is written to; its folder must exist when training starts.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public CheckpointOptions(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The file the checkpoint is written to.</summary>
    public string Path { get; }

    /// <summary>
    /// Write after every epoch whose number (counting from 1 over the whole run, so a resumed run keeps the cadence)
    /// is a multiple of this, ≥ 1; default 1, every epoch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int EveryEpochs
    {
        get => _everyEpochs;
        init => _everyEpochs = HyperParameters.AtLeastOne(value, nameof(EveryEpochs));
    }

    /// <summary>
    /// Write only when the epoch's monitored loss is lower than at every earlier epoch considered (Keras's
    /// <c>save_best_only</c>, mode min), so the file always holds the best epoch so far; default
    /// <see langword="false"/>. With <see cref="EveryEpochs"/> &gt; 1 only every N-th epoch is considered.
    /// </summary>
    public bool OnlyWhenImproved { get; init; }

    /// <summary>Describes the options, for training reports.</summary>
    public override string ToString() =>
        $"CheckpointOptions(\"{Path}\", everyEpochs: {HyperParameters.Format(EveryEpochs)}, " +
        $"onlyWhenImproved: {(OnlyWhenImproved ? "true" : "false")})";
}
