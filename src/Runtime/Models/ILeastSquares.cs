using System;

namespace SymbolicGd;

/// <summary>
/// A least-squares model: each sample has a residual r(θ), and the loss of a sample is ½r², so the loss of a data
/// set is ½Σr². The generator implements it for a <c>[Residual]</c> method; <see cref="LevenbergMarquardt"/> fits it
/// and <see cref="LeastSquares.Statistics{TSample}(ILeastSquares{TSample}, System.Collections.Generic.IReadOnlyList{TSample}, Func{TSample, double}?)"/>
/// reports the fit's standard errors.
/// </summary>
/// <remarks>
/// The members of <see cref="IDifferentiableLoss{TSample}"/> follow from the residual: <c>Loss</c> is ½r² and
/// <c>Backward</c> adds r·∂r/∂θ, so every first-order optimizer trains the model too.
/// </remarks>
/// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
public interface ILeastSquares<TSample> : IDifferentiableLoss<TSample>
    where TSample : struct
{
    /// <summary>The residual of one sample at the current parameters (model minus observation, or however the model defines it).</summary>
    /// <param name="sample">The data the residual is evaluated at.</param>
    double Residual(in TSample sample);

    /// <summary>
    /// Returns the residual r of one sample and <b>writes</b> (does not add) ∂r/∂θ for every parameter θ to
    /// <paramref name="jacobianRow"/>: the sample's row of the Jacobian.
    /// </summary>
    /// <param name="sample">The data the residual is evaluated at.</param>
    /// <param name="jacobianRow">One element per parameter, overwritten.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="jacobianRow"/> is not the parameter count.</exception>
    double ResidualGradient(in TSample sample, Span<double> jacobianRow);
}
