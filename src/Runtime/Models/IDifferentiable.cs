using System;
using System.Collections.Generic;

namespace SymbolicGd;

/// <summary>
/// A model with trainable parameters, numbered in declaration order. Every
/// <see cref="DifferentiableAttribute">[Differentiable]</see> class implements it through generated code.
/// </summary>
public interface IDifferentiable
{
    /// <summary>The number of trainable scalars: the <see cref="ParamAttribute">[Param]</see> members of a scalar model, every weight and bias of a layer stack.</summary>
    int ParameterCount { get; }

    /// <summary>The parameters' names, in declaration order (the order of every gradient span).</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>
    /// The named locals of the loss (the quantities of a hand derivation, such as <c>h1</c> or <c>o1</c>), in the
    /// order the loss first assigns them; a local assigned more than once appears once per assignment
    /// (<c>s</c>, <c>s_2</c>, …). <c>Evaluate</c> writes their values in this order.
    /// </summary>
    IReadOnlyList<string> IntermediateNames { get; }

    /// <summary>
    /// The closed forms the generator derived, at least one: for a scalar model one per parameter θ, ∂loss/∂θ, in
    /// declaration order (a <see cref="ResidualAttribute">[Residual]</see> model's then one ∂r/∂θ per parameter, its
    /// Jacobian row); for a layer stack one per parameter tensor (∂E/∂W2 = δ2·a1ᵀ), after the definition of the
    /// δ it uses, in the order back-propagation computes them.
    /// </summary>
    IReadOnlyList<Derivative> Derivatives { get; }

    /// <summary>Copies the current parameter values into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The length of <paramref name="destination"/> is not <see cref="ParameterCount"/>.</exception>
    void CopyParametersTo(Span<double> destination);

    /// <summary>Sets every parameter from <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The length of <paramref name="values"/> is not <see cref="ParameterCount"/>.</exception>
    void SetParameters(ReadOnlySpan<double> values);
}
