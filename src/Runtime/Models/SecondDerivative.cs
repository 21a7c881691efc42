using System;

namespace SymbolicGd;

/// <summary>
/// The closed form of one second partial derivative of a model's loss, as the generator derived it for
/// <c>[Differentiable(SecondOrder = true)]</c>: <c>∂²L/∂a² = 2 − 400·(b − a²) + 800·a²</c>, <c>∂²L/∂a∂b = −400·a</c>,
/// or in index form for array parameters, <c>∂²Bce/∂w[i]∂w[j] = x[i]·x[j]·p·(1 − p)</c>.
/// </summary>
/// <remarks>
/// A model lists one per structurally non-zero entry of the upper triangle of its Hessian, diagonal included
/// (<see cref="First"/> before or equal to <see cref="Second"/> in declaration order), with the names of its own code,
/// as <see cref="Derivative"/> does for first derivatives.
/// </remarks>
public sealed class SecondDerivative : IEquatable<SecondDerivative>
{
    /// <summary>Creates a second-derivative record.</summary>
    /// <param name="loss">The name of the loss method, such as <c>L</c>.</param>
    /// <param name="first">The parameter differentiated first (the row), such as <c>a</c> or <c>w[i]</c>.</param>
    /// <param name="second">The parameter differentiated second (the column), such as <c>b</c> or <c>w[j]</c>; equal to <paramref name="first"/> on the diagonal.</param>
    /// <param name="formula">The closed form, such as <c>−400·a</c>.</param>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public SecondDerivative(string loss, string first, string second, string formula)
    {
        ArgumentException.ThrowIfNullOrEmpty(loss);
        ArgumentException.ThrowIfNullOrEmpty(first);
        ArgumentException.ThrowIfNullOrEmpty(second);
        ArgumentException.ThrowIfNullOrEmpty(formula);
        Loss = loss;
        First = first;
        Second = second;
        Formula = formula;
    }

    /// <summary>The name of the loss method.</summary>
    public string Loss { get; }

    /// <summary>The parameter of the row: the one differentiated with respect to first.</summary>
    public string First { get; }

    /// <summary>The parameter of the column; equal to <see cref="First"/> for a diagonal entry.</summary>
    public string Second { get; }

    /// <summary>The right-hand side of the closed form.</summary>
    public string Formula { get; }

    /// <summary>Whether this is a diagonal entry, ∂²L/∂a².</summary>
    public bool IsDiagonal => string.Equals(First, Second, StringComparison.Ordinal);

    /// <summary>The derivative as a person writes it: <c>∂²L/∂a² = …</c> on the diagonal, <c>∂²L/∂a∂b = …</c> off it.</summary>
    public override string ToString() =>
        IsDiagonal ? $"∂²{Loss}/∂{First}² = {Formula}" : $"∂²{Loss}/∂{First}∂{Second} = {Formula}";

    /// <inheritdoc/>
    public bool Equals(SecondDerivative? other) =>
        other is not null && Loss == other.Loss && First == other.First && Second == other.Second && Formula == other.Formula;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SecondDerivative);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Loss, First, Second, Formula);
}
