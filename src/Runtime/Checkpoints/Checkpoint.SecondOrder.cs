using System;

namespace SymbolicGd;

public sealed partial class Checkpoint
{
    /// <summary>Takes a checkpoint of a model and its <see cref="Newton"/> optimizer (radius and counters).</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The Newton optimizer.</param>
    /// <param name="epoch">The number of epochs trained so far, ≥ 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    public static Checkpoint Capture(IDifferentiable model, Newton optimizer, int epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Capture(model, optimizer.SaveState(), epoch, run: null);
    }

    /// <summary>Takes a checkpoint of a model and its <see cref="LevenbergMarquardt"/> solver (scaling, step bound, λ, counters).</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The Levenberg–Marquardt solver.</param>
    /// <param name="epoch">The number of epochs (iterations) trained so far, ≥ 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    public static Checkpoint Capture(IDifferentiable model, LevenbergMarquardt optimizer, int epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Capture(model, optimizer.SaveState(), epoch, run: null);
    }

    /// <summary>
    /// Gives the model the checkpoint's parameters and the <see cref="Newton"/> optimizer its state, checking everything
    /// first; see <see cref="Restore(IDifferentiable, IStatefulOptimizer?)"/>.
    /// </summary>
    /// <param name="model">A model with the same parameter names, in the same order.</param>
    /// <param name="optimizer">A Newton optimizer with the same settings.</param>
    /// <exception cref="ArgumentException">The model or the optimizer does not fit; the message names the first mismatch.</exception>
    public void Restore(IDifferentiable model, Newton optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Restore(model, optimizer.LoadState);
    }

    /// <summary>
    /// Gives the model the checkpoint's parameters and the <see cref="LevenbergMarquardt"/> solver its state, checking
    /// everything first; see <see cref="Restore(IDifferentiable, IStatefulOptimizer?)"/>.
    /// </summary>
    /// <param name="model">A model with the same parameter names, in the same order.</param>
    /// <param name="optimizer">A Levenberg–Marquardt solver with the same settings.</param>
    /// <exception cref="ArgumentException">The model or the optimizer does not fit; the message names the first mismatch.</exception>
    public void Restore(IDifferentiable model, LevenbergMarquardt optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Restore(model, optimizer.LoadState);
    }
}
