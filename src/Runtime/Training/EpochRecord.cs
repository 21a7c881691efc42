using System;

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
    /// <summary>The record in invariant text, such as <c>epoch 3: loss 0.03125, gradient norm 0.25, learning rate 0.5</c>.</summary>
    public override string ToString() =>
        $"epoch {NumberText.Int(Epoch)}: loss {NumberText.Exact(Loss)}, gradient norm {NumberText.Exact(GradientNorm)}, " +
        $"learning rate {NumberText.Exact(LearningRate)}";
}
