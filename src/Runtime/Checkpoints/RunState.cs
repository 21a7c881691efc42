using System;

namespace SymbolicGd;

/// <summary>
/// What a <see cref="Trainer"/> run keeps between epochs beyond the model and the optimizer, saved in the checkpoints
/// it writes (<see cref="TrainingOptions.Checkpoint"/>) so that <see cref="TrainingOptions.ResumeFrom"/> continues
/// exactly: the epoch's learning rate, the divergence bound set after epoch 1, the counters of early stopping and
/// reduce-on-plateau, and the best monitored loss a checkpoint was written at.
/// </summary>
internal sealed class RunState
{
    /// <summary>The epoch's base learning rate for the next epoch (after reduce-on-plateau).</summary>
    public double LearningRate { get; init; }

    /// <summary>The divergence bound in effect, when the options left it to the run (null: not set yet).</summary>
    public double? DivergenceBound { get; init; }

    /// <summary>The lowest monitored loss of an epoch a checkpoint was considered at (for OnlyWhenImproved).</summary>
    public double? BestCheckpointLoss { get; init; }

    public EarlyStoppingState? EarlyStopping { get; init; }

    public PlateauState? Plateau { get; init; }

    /// <summary>
    /// Checks that the run's rules are those of <paramref name="options"/>, so that the saved counters mean the same;
    /// throws naming the first difference.
    /// </summary>
    public void CheckFits(TrainingOptions options)
    {
        const string Advice =
            " ResumeFrom continues the run the checkpoint was written by, with the same rules; to start the rules " +
            "afresh, restore it with Checkpoint.Restore and set InitialEpoch = checkpoint.Epoch instead.";
        if ((EarlyStopping is null) != (options.EarlyStopping is null))
        {
            throw new ArgumentException(
                EarlyStopping is { } saved
                    ? $"The checkpoint's run used {saved.Describe()}; these options have no EarlyStopping.{Advice}"
                    : $"The checkpoint's run had no early stopping; these options have {options.EarlyStopping}.{Advice}",
                nameof(options));
        }

        if (EarlyStopping is { } early && options.EarlyStopping is { } rule &&
            (early.Patience != rule.Patience || !early.MinDelta.Equals(rule.MinDelta) ||
             early.RestoreBestParameters != rule.RestoreBestParameters))
        {
            throw new ArgumentException(
                $"The checkpoint's run used {early.Describe()}; these options have {rule}.{Advice}", nameof(options));
        }

        if ((Plateau is null) != (options.ReduceOnPlateau is null))
        {
            throw new ArgumentException(
                Plateau is { } saved
                    ? $"The checkpoint's run used {saved.Describe()}; these options have no ReduceOnPlateau.{Advice}"
                    : $"The checkpoint's run had no reduce-on-plateau; these options have {options.ReduceOnPlateau}.{Advice}",
                nameof(options));
        }

        if (Plateau is { } plateau && options.ReduceOnPlateau is { } reduce &&
            (!plateau.Factor.Equals(reduce.Factor) || plateau.Patience != reduce.Patience ||
             !plateau.Threshold.Equals(reduce.Threshold) || plateau.Cooldown != reduce.Cooldown ||
             !plateau.MinLearningRate.Equals(reduce.MinLearningRate)))
        {
            throw new ArgumentException(
                $"The checkpoint's run used {plateau.Describe()}; these options have {reduce}.{Advice}", nameof(options));
        }
    }
}

/// <summary>Early stopping's rule and counters: Keras's <c>best</c>, <c>wait</c> and <c>best_weights</c>.</summary>
internal sealed record EarlyStoppingState(
    int Patience,
    double MinDelta,
    bool RestoreBestParameters,
    double BestLoss,
    int BestEpoch,
    int EpochsWithoutImprovement,
    double[]? BestParameters)
{
    public string Describe() =>
        $"EarlyStopping(patience: {HyperParameters.Format(Patience)}, minDelta: {HyperParameters.Format(MinDelta)}, " +
        $"restoreBestParameters: {(RestoreBestParameters ? "true" : "false")})";
}

/// <summary>Reduce-on-plateau's rule and counters: PyTorch's <c>best</c>, <c>num_bad_epochs</c>, <c>cooldown_counter</c>.</summary>
internal sealed record PlateauState(
    double Factor,
    int Patience,
    double Threshold,
    int Cooldown,
    double MinLearningRate,
    double Best,
    int BadEpochs,
    int CooldownCounter,
    double Scale)
{
    public string Describe() =>
        $"ReduceOnPlateau(factor: {HyperParameters.Format(Factor)}, patience: {HyperParameters.Format(Patience)}, " +
            $"threshold: {HyperParameters.Format(Threshold)}, cooldown: {HyperParameters.Format(Cooldown)}, " +
            $"minLearningRate: {HyperParameters.Format(MinLearningRate)})";
}
