using System;

namespace SymbolicGd;

/// <summary>
/// A model that assigns classes: a layer stack trained with a classification loss
/// (<see cref="NetworkLoss.SoftmaxCrossEntropy"/> or <see cref="NetworkLoss.BinaryCrossEntropy"/>). Accuracy is the
/// fraction of samples for which <see cref="IsCorrect"/> holds.
/// </summary>
/// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
public interface IClassifier<TSample> : IDifferentiableLoss<TSample>
    where TSample : struct
{
    /// <summary>The length of an input vector.</summary>
    int InputCount { get; }

    /// <summary>The number of outputs of the last layer.</summary>
    int OutputCount { get; }

    /// <summary>
    /// The class of an input: the index of the largest output, or, for a network with one output, 1 when its
    /// probability is at least ½ and 0 otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The length of <paramref name="input"/> is not <see cref="InputCount"/>.</exception>
    int Classify(ReadOnlySpan<double> input);

    /// <summary>
    /// Whether the model classifies the sample right: for softmax cross-entropy, <see cref="Classify"/> equals the
    /// label; for binary cross-entropy, every output's probability is on the same side of ½ as its 0/1 target.
    /// </summary>
    /// <exception cref="ArgumentException">The sample's input or target has the wrong length, or its label is out of range.</exception>
    bool IsCorrect(in TSample sample);
}
