namespace SymbolicGd
{
    /// <summary>The loss of one sample of a <see cref="NetworkAttribute">[Network]</see>, applied to the last layer's output.</summary>
    public enum NetworkLoss
    {
        /// <summary>
        /// E = ½Σₖ(yₖ − tₖ)² against a target vector t (the hand derivations' E; PyTorch's MSELoss(reduction='sum')/2).
        /// Samples are <c>Sample(double[] Input, double[] Target)</c>.
        /// </summary>
        SquaredError = 0,

        /// <summary>
        /// E = −log softmax(z)[label] for an integer label, on the logits z (PyTorch's CrossEntropyLoss). Samples are
        /// <c>Sample(double[] Input, int Label)</c>. A softmax last layer is fused into this stable form.
        /// </summary>
        SoftmaxCrossEntropy = 1,

        /// <summary>
        /// E = Σₖ max(zₖ, 0) − zₖtₖ + log(1 + e^(−|zₖ|)) against a 0/1 target vector t, on the logits z (PyTorch's
        /// BCEWithLogitsLoss(reduction='sum')). Samples are <c>Sample(double[] Input, double[] Target)</c>. A sigmoid
        /// last layer is fused into this stable form.
        /// </summary>
        BinaryCrossEntropy = 2,
    }
}
