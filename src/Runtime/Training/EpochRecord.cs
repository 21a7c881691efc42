using System;
using System.Collections.Generic;

namespace SymbolicGd;

/// <summary>What one epoch of training measured: an entry of <see cref="TrainingHistory"/>.</summary>
/// <param name="Epoch">The epoch, counting from 1 (a schedule saw it as epoch <c>Epoch − 1</c>).</param>
/// <param name="Loss">
/// The mean of the per-sample losses seen during the epoch, each taken at the parameters its batch's gradient was
/// taken at, before that batch's step. For batch gradient descent and data-free models, the loss at the parameters
/// the epoch started from.
/// </param>
/// <param name="GradientNorm">
/// The Euclidean norm of the mean of the per-sample gradients seen during the epoch, taken like <paramref name="Loss"/>.
/// For batch gradient descent and data-free models, ‖∇loss‖ at the parameters the epoch started from.
/// </param>
/// <param name="LearningRate">The optimizer's learning rate during the epoch.</param>
/// <param name="Elapsed">The time from the start of <c>Trainer.Fit</c> to the end of this epoch.</param>
public readonly record struct EpochRecord(int Epoch, double Loss, double GradientNorm, double LearningRate, TimeSpan Elapsed)
{
    // The optional measurements live in one shared-nothing object, allocated only when a run measures them, so a
    // plain record stays small (48 bytes) and an epoch without them allocates no more than before.
    private readonly EpochExtras? _extras;

    /// <summary>The mean loss over the validation set at the end of the epoch; <see langword="null"/> without one.</summary>
    public double? ValidationLoss
    {
        get => _extras?.ValidationLoss;
        init => _extras = With(_extras, value, static (e, v) => e with { ValidationLoss = v });
    }

    /// <summary>
    /// The fraction of training samples classified right during the epoch, each at the parameters of its batch before
    /// that batch's step (like <see cref="Loss"/>); <see langword="null"/> unless <see cref="TrainingOptions.MeasureAccuracy"/>.
    /// </summary>
    public double? Accuracy
    {
        get => _extras?.Accuracy;
        init => _extras = With(_extras, value, static (e, v) => e with { Accuracy = v });
    }

    /// <summary>
    /// The fraction of validation samples classified right at the end of the epoch; <see langword="null"/> unless
    /// <see cref="TrainingOptions.MeasureAccuracy"/> and a validation set.
    /// </summary>
    public double? ValidationAccuracy
    {
        get => _extras?.ValidationAccuracy;
        init => _extras = With(_extras, value, static (e, v) => e with { ValidationAccuracy = v });
    }

    /// <summary>
    /// The parameters at the end of the epoch, in declaration order; <see langword="null"/> unless
    /// <see cref="TrainingOptions.RecordParameters"/>.
    /// </summary>
    public IReadOnlyList<double>? Parameters
    {
        get => _extras?.Parameters;
        init => _extras = value is null && _extras is null ? null : (_extras ?? EpochExtras.None) with { Parameters = value };
    }

    private static EpochExtras? With(EpochExtras? extras, double? value, Func<EpochExtras, double?, EpochExtras> set) =>
        value is null && extras is null ? null : set(extras ?? EpochExtras.None, value);

    /// <summary>The record in invariant text, such as <c>epoch 3: loss 0.03125, gradient norm 0.25, learning rate 0.5</c>.</summary>
    public override string ToString() =>
        $"epoch {NumberText.Int(Epoch)}: loss {NumberText.Exact(Loss)}, gradient norm {NumberText.Exact(GradientNorm)}, " +
        $"learning rate {NumberText.Exact(LearningRate)}";
}

/// <summary>The optional measurements of an <see cref="EpochRecord"/>.</summary>
internal sealed record EpochExtras(double? ValidationLoss, double? Accuracy, double? ValidationAccuracy, IReadOnlyList<double>? Parameters)
{
    internal static readonly EpochExtras None = new(null, null, null, null);
}
