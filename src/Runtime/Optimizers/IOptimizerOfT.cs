using System;
using System.Numerics;

namespace SymbolicGd;

/// <summary>
/// An optimizer that also steps parameters of element type <typeparamref name="T"/>: every first-order optimizer of
/// the runtime is an <c>IOptimizer&lt;float&gt;</c>, so a <see cref="Precision.Single"/> network trains with it in float,
/// its state buffers in float, with no conversion to double on the way.
/// </summary>
/// <typeparam name="T">The element type: float for float32 networks (double parameters use <see cref="IOptimizer.Step"/>).</typeparam>
public interface IOptimizer<T> : IOptimizer
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Updates <paramref name="parameters"/> in place from the <paramref name="gradient"/> of the loss, by the same rule as <see cref="IOptimizer.Step"/>.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradient">∂loss/∂θ for every parameter θ, in the same order; it is only read.</param>
    /// <exception cref="ArgumentException">The two lengths differ, or differ from the one the optimizer's state was sized for.</exception>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradient);
}
