namespace SymbolicGd
{
    /// <summary>The built-in activations of a <see cref="DenseAttribute">[Dense]</see> layer, applied element by element.</summary>
    public enum Activation
    {
        /// <summary>None: a = z (the logits, on a last layer). g′ = 1.</summary>
        Identity = 0,

        /// <summary>a = tanh(z); g′ = 1 − a².</summary>
        Tanh = 1,

        /// <summary>The logistic sigmoid a = σ(z) = 1/(1 + e^(−z)); g′ = a·(1 − a).</summary>
        Sigmoid = 2,

        /// <summary>a = max(z, 0); g′ = 1 for z &gt; 0, else 0 (relu′(0) = 0, as PyTorch).</summary>
        Relu = 3,

        /// <summary>a = z for z &gt; 0, else slope·z (<see cref="DenseAttribute.NegativeSlope"/>, 0.01 by default).</summary>
        LeakyRelu = 4,

        /// <summary>a = ln(1 + e^z), computed stably; g′ = σ(z).</summary>
        Softplus = 5,

        /// <summary>
        /// a = softmax(z) over the layer's outputs. Last layer only. With <see cref="NetworkLoss.SoftmaxCrossEntropy"/>
        /// the generator fuses it with the loss into the stable logits form.
        /// </summary>
        Softmax = 6,

        /// <summary>
        /// The tanh approximation of GELU (PyTorch's <c>approximate='tanh'</c>): a = ½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))).
        /// </summary>
        Gelu = 7,

        /// <summary>a = z for z &gt; 0, else e^z − 1 (ELU with α = 1); g′ = 1 for z &gt; 0, else e^z.</summary>
        Elu = 8,
    }
}
