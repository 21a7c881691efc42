using System;

namespace SymbolicGd;

/// <summary>
/// A data-free model (<see cref="IDifferentiableLoss"/>) that also gives its second derivatives: the generator
/// implements it for <c>[Differentiable(SecondOrder = true)]</c>, and <see cref="Newton"/> trains it.
/// </summary>
/// <remarks>
/// Both methods accumulate, as <see cref="IDifferentiableLoss.Backward"/> does: they add into the spans, never assign.
/// The Hessian is n×n, row-major, with both triangles filled (entry (i, j) at <c>i·n + j</c>), n being
/// <see cref="IDifferentiable.ParameterCount"/>.
/// </remarks>
public interface ITwiceDifferentiableLoss : IDifferentiableLoss
{
    /// <summary>Returns the loss and adds its gradient and its Hessian ∂²loss/∂θᵢ∂θⱼ to the spans.</summary>
    /// <param name="gradient">One element per parameter; the gradient is added.</param>
    /// <param name="hessian">n·n elements, row-major; the Hessian (both triangles) is added.</param>
    /// <returns>The loss at the current parameters.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    double Hessian(Span<double> gradient, Span<double> hessian);

    /// <summary>Returns the loss and adds its gradient and the product H·v of its Hessian with a vector to the spans.</summary>
    /// <param name="vector">The vector v, one element per parameter; only read.</param>
    /// <param name="gradient">One element per parameter; the gradient is added.</param>
    /// <param name="product">One element per parameter; H·v is added.</param>
    /// <returns>The loss at the current parameters.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    double HessianVectorProduct(ReadOnlySpan<double> vector, Span<double> gradient, Span<double> product);
}

/// <summary>
/// A model of one sample of data (<see cref="IDifferentiableLoss{TSample}"/>) that also gives the second derivatives
/// of a sample's loss: the generator implements it for <c>[Differentiable(SecondOrder = true)]</c>, and
/// <see cref="Newton"/> trains it on a data set.
/// </summary>
/// <remarks>
/// Both methods accumulate, as <see cref="IDifferentiableLoss{TSample}.Backward"/> does, so calls over a data set
/// add up the data set's gradient and Hessian. The Hessian is n×n, row-major, with both triangles filled.
/// </remarks>
/// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
public interface ITwiceDifferentiableLoss<TSample> : IDifferentiableLoss<TSample>
    where TSample : struct
{
    /// <summary>Returns the loss of one sample and adds its gradient and its Hessian to the spans.</summary>
    /// <param name="sample">The data the loss is evaluated at.</param>
    /// <param name="gradient">One element per parameter; the gradient is added.</param>
    /// <param name="hessian">n·n elements, row-major; the Hessian (both triangles) is added.</param>
    /// <returns>The loss of the sample at the current parameters.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    double Hessian(in TSample sample, Span<double> gradient, Span<double> hessian);

    /// <summary>Returns the loss of one sample and adds its gradient and the product H·v of its Hessian with a vector.</summary>
    /// <param name="sample">The data the loss is evaluated at.</param>
    /// <param name="vector">The vector v, one element per parameter; only read.</param>
    /// <param name="gradient">One element per parameter; the gradient is added.</param>
    /// <param name="product">One element per parameter; H·v is added.</param>
    /// <returns>The loss of the sample at the current parameters.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    double HessianVectorProduct(in TSample sample, ReadOnlySpan<double> vector, Span<double> gradient, Span<double> product);
}
