using System;

namespace SymbolicGd
{
    /// <summary>
    /// Marks, instead of a <see cref="LossAttribute">[Loss]</see>, the residual of one sample of a least-squares
    /// model: an instance method that returns <see cref="double"/>, whose own parameters are the data of the sample
    /// (<c>[Residual] public double R(double t, double y) =&gt; A * Math.Exp(-k * t) + c - y;</c>).
    /// </summary>
    /// <remarks>
    /// The model's loss is ½r², so its <c>Backward</c> adds r·∂r/∂θ and every optimizer trains it; the generator also
    /// adds <c>Residual</c> and <c>ResidualGradient</c> (r and the sample's row of the Jacobian, ∂r/∂θ) and implements
    /// <see cref="ILeastSquares{TSample}"/>, which <see cref="LevenbergMarquardt"/> fits and
    /// <see cref="LeastSquares"/> reports on. The body is written in the language of a loss; the method takes at
    /// least one data argument (a residual without data would be a loss of the parameters alone).
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class ResidualAttribute : Attribute
    {
    }
}
