using System;

namespace SymbolicGd;

/// <summary>
/// A first-order optimizer: turns the gradient of a loss into an in-place update of the parameters. The
/// implementations follow PyTorch's <c>torch.optim</c> update rules and defaults, so that a float64 run agrees with
/// <c>torch.optim</c> step for step.
/// </summary>
/// <remarks>
/// State (moment estimates, momentum buffers, the step count) is sized to the parameter count of the first
/// <see cref="Step"/>; after that, <see cref="Step"/> allocates nothing. An optimizer is not thread-safe.
/// </remarks>
public interface IOptimizer
{
    /// <summary>
    /// The learning rate of the next <see cref="Step"/>. Schedules and the trainer set it between steps.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    double LearningRate { get; set; }

    /// <summary>Updates <paramref name="parameters"/> in place from the <paramref name="gradient"/> of the loss.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradient">∂loss/∂θ for every parameter θ, in the same order; it is only read.</param>
    /// <exception cref="ArgumentException">
    /// The two lengths differ, or the length differs from the one the optimizer's state was sized for by the first
    /// <see cref="Step"/> (since construction or the last <see cref="Reset"/>).
    /// </exception>
    void Step(Span<double> parameters, ReadOnlySpan<double> gradient);

    /// <summary>
    /// Forgets all state: moment estimates, momentum buffers, the step count and the parameter count. The next
    /// <see cref="Step"/> behaves like the first step of a new optimizer with the same hyper-parameters and the
    /// current <see cref="LearningRate"/>.
    /// </summary>
    void Reset();
}
