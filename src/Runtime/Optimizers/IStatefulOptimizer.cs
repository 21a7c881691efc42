using System;

namespace SymbolicGd;

/// <summary>
/// An optimizer whose state (moment estimates, momentum buffers, step count) can be saved and restored, so that a
/// <see cref="Checkpoint"/> resumes training exactly. Every optimizer of the runtime implements it.
/// </summary>
public interface IStatefulOptimizer : IOptimizer
{
    /// <summary>A copy of the optimizer's state and hyper-parameters; later steps do not change it.</summary>
    OptimizerState SaveState();

    /// <summary>
    /// Replaces the optimizer's state and learning rate with a saved one. Everything is checked first, so on an
    /// exception nothing has changed.
    /// </summary>
    /// <param name="state">A state saved by an optimizer of the same kind and hyper-parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The state is of another optimizer, a hyper-parameter differs, or a buffer is missing or has the wrong length;
    /// the message names the first difference.
    /// </exception>
    void LoadState(OptimizerState state);
}
