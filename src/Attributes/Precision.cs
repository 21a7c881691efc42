namespace SymbolicGd
{
    /// <summary>
    /// The floating-point type a <see cref="NetworkAttribute">[Network]</see> computes in: its parameters, samples,
    /// activations, gradients and the optimizer's update. Scalar <c>[Differentiable]</c> models are always double.
    /// </summary>
    public enum Precision
    {
        /// <summary>IEEE double (float64): <c>double</c> parameters and <c>Sample(double[] Input, …)</c>. The default.</summary>
        Double = 0,

        /// <summary>
        /// IEEE single (float32), as PyTorch's default dtype: <c>float</c> parameters, <c>Sample(float[] Input, …)</c>,
        /// and every kernel (matrix products, activations, the loss head, the optimizer step) in float, twice as many
        /// values per vector. Losses are still reported as double; gradients agree with float64 to about 1e−6 relative.
        /// </summary>
        Single = 1,
    }
}
