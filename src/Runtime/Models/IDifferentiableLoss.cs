using System;

namespace SymbolicGd;

/// <summary>
/// A model whose <see cref="LossAttribute">[Loss]</see> takes no data: the loss is a function of the parameters
/// alone, such as a test function to minimise.
/// </summary>
public interface IDifferentiableLoss : IDifferentiable
{
    /// <summary>The loss at the current parameters.</summary>
    double Loss();

    /// <summary>Returns the loss and adds ∂loss/∂θ for every parameter θ to <paramref name="gradient"/>.</summary>
    /// <param name="gradient">One element per parameter, in declaration order; the derivatives are added, not assigned.</param>
    double Backward(Span<double> gradient);

    /// <summary>
    /// Returns the loss and writes the value of every named local (<see cref="IDifferentiable.IntermediateNames"/>)
    /// to <paramref name="intermediates"/>; a local on a branch the loss did not take is <see cref="double.NaN"/>.
    /// </summary>
    double Evaluate(Span<double> intermediates);
}

/// <summary>
/// A model whose <see cref="LossAttribute">[Loss]</see> takes one sample of data: its arguments form
/// <typeparamref name="TSample"/>, the generated <c>Sample</c> record struct of the model.
/// </summary>
/// <typeparam name="TSample">The model's generated <c>Sample</c> type: one member per argument of the loss.</typeparam>
public interface IDifferentiableLoss<TSample> : IDifferentiable
    where TSample : struct
{
    /// <summary>The loss of one sample at the current parameters.</summary>
    double Loss(in TSample sample);

    /// <summary>Returns the loss of one sample and adds ∂loss/∂θ for every parameter θ to <paramref name="gradient"/>.</summary>
    /// <param name="sample">The data the loss is evaluated at.</param>
    /// <param name="gradient">One element per parameter, in declaration order; the derivatives are added, not assigned,
    /// so calls over a batch accumulate the batch's gradient.</param>
    double Backward(in TSample sample, Span<double> gradient);

    /// <summary>
    /// Returns the loss of one sample and writes the value of every named local
    /// (<see cref="IDifferentiable.IntermediateNames"/>) to <paramref name="intermediates"/>; a local on a branch
    /// the loss did not take is <see cref="double.NaN"/>.
    /// </summary>
    double Evaluate(in TSample sample, Span<double> intermediates);
}
