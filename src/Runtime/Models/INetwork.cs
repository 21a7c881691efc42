using System;

namespace SymbolicGd;

/// <summary>
/// A layer stack: every <see cref="NetworkAttribute">[Network]</see> class implements it through generated code,
/// so code can run, initialize and train any network without knowing its layers.
/// </summary>
/// <typeparam name="TSample">The network's generated <c>Sample</c> type.</typeparam>
public interface INetwork<TSample> : IBatchDifferentiableLoss<TSample>
    where TSample : struct
{
    /// <summary>The length of an input vector.</summary>
    int InputCount { get; }

    /// <summary>The number of outputs of the last layer.</summary>
    int OutputCount { get; }

    /// <summary>
    /// Draws new weights and biases from U(−1/√fan_in, 1/√fan_in), as <c>torch.nn.Linear</c> initializes them, with a
    /// <see cref="Random"/> of this seed: the same seed gives the same network.
    /// </summary>
    void Initialize(int seed);

    /// <summary>
    /// Runs the network on one input: <paramref name="output"/> receives the probabilities of the classes for softmax
    /// cross-entropy, the probabilities σ(z) for binary cross-entropy, and the raw outputs for the squared error.
    /// </summary>
    /// <exception cref="ArgumentException">The length of <paramref name="input"/> is not <see cref="InputCount"/>, or that of <paramref name="output"/> is not <see cref="OutputCount"/>.</exception>
    void Predict(ReadOnlySpan<double> input, Span<double> output);

    /// <summary>The class of an input: the index of the largest output, or for one output 1 when it is at least ½ (a probability, or the raw output), else 0.</summary>
    /// <exception cref="ArgumentException">The length of <paramref name="input"/> is not <see cref="InputCount"/>.</exception>
    int Classify(ReadOnlySpan<double> input);
}
