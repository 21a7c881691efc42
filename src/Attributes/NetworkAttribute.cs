using System;

namespace SymbolicGd
{
    /// <summary>
    /// Marks a <c>partial</c> class as a layer stack: a dense network whose layers are the class's
    /// <see cref="DenseAttribute">[Dense]</see> attributes, in source order. At build time the SymbolicGd generator
    /// adds the parameters (one contiguous vector: W1, b1, W2, b2, …), the forward pass, the exact back-propagation
    /// over one sample and over a mini-batch, and the closed-form derivatives in matrix notation.
    /// </summary>
    /// <remarks>
    /// <code>
    /// [Network(Inputs = 64, Loss = NetworkLoss.SoftmaxCrossEntropy)]
    /// [Dense(32, Activation.Tanh)]
    /// [Dense(10)]                  // no activation: the logits
    /// public partial class DigitsNet { }
    /// </code>
    /// A network class holds no <c>[Param]</c> or <c>[Loss]</c> members and is not also <c>[Differentiable]</c>.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>The length of one input vector x, at least 1.</summary>
        public int Inputs { get; set; }

        /// <summary>The loss of one sample; the trainer means it over a batch. Default: <see cref="NetworkLoss.SquaredError"/>.</summary>
        public NetworkLoss Loss { get; set; } = NetworkLoss.SquaredError;

        /// <summary>
        /// The floating-point type of the parameters, samples and every computation: <see cref="Precision.Double"/>
        /// (the default) or <see cref="Precision.Single"/> (float32, <c>Sample(float[] Input, …)</c>).
        /// </summary>
        public Precision Precision { get; set; } = Precision.Double;
    }
}
