using System;

namespace SymbolicGd;

/// <summary>
/// The closed form of one partial derivative of a model's loss, as the generator derived it: for example
/// <c>∂L/∂a = b·f</c> for a scalar model, <c>∂E/∂W2 = δ2·a1ᵀ</c> for a layer of a stack, or the definition of a
/// layer's error signal <c>δ2 = softmax(z2) − onehot(label)</c> (δ2 being ∂E/∂z2, named by <see cref="Symbol"/>).
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

    /// <summary>
    /// Creates the definition of a named derivative that other formulas refer to, such as the error signal
    /// <c>δ2</c> = ∂E/∂z2 of a layer.
    /// </summary>
    /// <param name="loss">The name of the loss, such as <c>E</c>.</param>
    /// <param name="with">The quantity the loss is differentiated with respect to, such as <c>z2</c>.</param>
    /// <param name="formula">The closed form, such as <c>softmax(z2) − onehot(label)</c>.</param>
    /// <param name="symbol">The name the formulas use for it, such as <c>δ2</c>.</param>
    public Derivative(string loss, string with, string formula, string symbol)
        : this(loss, with, formula)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        Symbol = symbol;
    }

    /// <summary>The name of the loss method.</summary>
    public string Loss { get; }

    /// <summary>
    /// What the loss is differentiated with respect to: a parameter (<c>a</c>), a parameter tensor of a stack
    /// (<c>W2</c>), or, for a definition with a <see cref="Symbol"/>, an intermediate quantity (<c>z2</c>).
    /// </summary>
    public string Parameter { get; }

    /// <summary>
    /// For a definition that formulas refer to (the δ of a layer), its name; <see langword="null"/> for the
    /// derivative of the loss with respect to a parameter.
    /// </summary>
    public string? Symbol { get; }

    /// <summary>The right-hand side of the closed form.</summary>
    public string Formula { get; }

    /// <summary>
    /// The derivative as a person writes it: <c>∂L/∂a = b·f</c>, or for a definition <c>δ2 = softmax(z2) − onehot(label)</c>.
    /// </summary>
    public override string ToString() => Symbol is null ? $"∂{Loss}/∂{Parameter} = {Formula}" : $"{Symbol} = {Formula}";

    /// <inheritdoc/>
    public bool Equals(Derivative? other) =>
        other is not null && Loss == other.Loss && Parameter == other.Parameter && Formula == other.Formula && Symbol == other.Symbol;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Derivative);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Loss, Parameter, Formula, Symbol);
}
