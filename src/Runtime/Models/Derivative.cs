using System;

namespace SymbolicGd;

/// <summary>
/// The closed form of one partial derivative of a model's loss, as the generator derived it: for example
/// <c>∂L/∂a = b·f</c>.
/// </summary>
/// <remarks>
/// Formulas use the names of the model's own code: parameters, data arguments, named locals and fields. Products
/// are written <c>·</c>, minus as <c>−</c>, and the factors of a product appear in the order the chain rule meets
/// them (the local derivative first, then the derivative flowing back from the loss). Where a formula would be very
/// long, it refers to the temporaries of the generated <c>Backward</c> method (<c>t0</c>, <c>t1</c>, …) by name.
/// </remarks>
public sealed class Derivative : IEquatable<Derivative>
{
    /// <summary>Creates a derivative record.</summary>
    /// <param name="loss">The name of the loss method, such as <c>L</c>.</param>
    /// <param name="parameter">The name of the parameter, such as <c>a</c>.</param>
    /// <param name="formula">The closed form, such as <c>b·f</c>.</param>
    public Derivative(string loss, string parameter, string formula)
    {
        ArgumentException.ThrowIfNullOrEmpty(loss);
        ArgumentException.ThrowIfNullOrEmpty(parameter);
        ArgumentException.ThrowIfNullOrEmpty(formula);
        Loss = loss;
        Parameter = parameter;
        Formula = formula;
    }

    /// <summary>The name of the loss method.</summary>
    public string Loss { get; }

    /// <summary>The name of the parameter the loss is differentiated with respect to.</summary>
    public string Parameter { get; }

    /// <summary>The right-hand side of the closed form.</summary>
    public string Formula { get; }

    /// <summary>The derivative as a person writes it, for example <c>∂L/∂a = b·f</c>.</summary>
    public override string ToString() => $"∂{Loss}/∂{Parameter} = {Formula}";

    /// <inheritdoc/>
    public bool Equals(Derivative? other) =>
        other is not null && Loss == other.Loss && Parameter == other.Parameter && Formula == other.Formula;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Derivative);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Loss, Parameter, Formula);
}
