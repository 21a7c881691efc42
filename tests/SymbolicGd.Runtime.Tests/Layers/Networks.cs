using SymbolicGd;

// The layer stacks the runtime's layer tests train: the classic small problems, compiled by the real generator.

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>XOR: 2-4-1, tanh, binary cross-entropy on the logit.</summary>
[Network(Inputs = 2, Loss = NetworkLoss.BinaryCrossEntropy)]
[Dense(4, Activation.Tanh)]
[Dense(1)]
public partial class XorNet
{
}

/// <summary>Iris: 4-16-3, tanh, softmax cross-entropy.</summary>
[Network(Inputs = 4, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(16, Activation.Tanh)]
[Dense(3)]
public partial class IrisNet
{
}

/// <summary>The 8×8 digits: 64-32-10, tanh, softmax cross-entropy (the and the benchmark's network).</summary>
[Network(Inputs = 64, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(32, Activation.Tanh)]
[Dense(10)]
public partial class DigitsNet
{
}

/// <summary>A regression stack with a target vector, for the checks on targets.</summary>
[Network(Inputs = 3)]
[Dense(5, Activation.Relu)]
[Dense(2)]
public partial class RegressionNet
{
}
