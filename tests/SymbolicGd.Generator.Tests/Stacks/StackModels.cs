using System;

// Layer stacks compiled by the real generator (this project references it as an analyzer), one per construct the
// stack tests check: every activation, every loss, the fused rewrites, custom activations and depths 1 to 4.

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>The digits classifier of the issue: 64-32-10, tanh, softmax cross-entropy on the logits.</summary>
[Network(Inputs = 64, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(32, Activation.Tanh)]
[Dense(10)]
public partial class DigitsNet
{
}

/// <summary>The 2-2-2 sigmoid network of the hand derivations as a stack (the biases are set to 0.35 and 0.60 by the tests).</summary>
[Network(Inputs = 2, Loss = NetworkLoss.SquaredError)]
[Dense(2, Activation.Sigmoid)]
[Dense(2, Activation.Sigmoid)]
public partial class HandNetwork
{
}

/// <summary>A user-written activation, differentiated by the scalar core.</summary>
[Network(Inputs = 3, Loss = NetworkLoss.SquaredError)]
[Dense(4, nameof(Swish))]
[Dense(2)]
public partial class SwishNet
{
    public static double Swish(double z) => z * Functions.Sigmoid(z);
}

/// <summary>Softmax cross-entropy on logits: the form the stability tests compare the naive one with.</summary>
[Network(Inputs = 2, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(2)]
public partial class LogitsClassifier
{
}

/// <summary>The naive composition: a softmax last layer with cross-entropy, fused by the generator.</summary>
[Network(Inputs = 2, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(2, Activation.Softmax)]
public partial class SoftmaxClassifier
{
}

/// <summary>Binary cross-entropy on logits.</summary>
[Network(Inputs = 2, Loss = NetworkLoss.BinaryCrossEntropy)]
[Dense(2)]
public partial class LogitsTagger
{
}

/// <summary>The naive composition: a sigmoid last layer with binary cross-entropy, fused by the generator.</summary>
[Network(Inputs = 2, Loss = NetworkLoss.BinaryCrossEntropy)]
[Dense(2, Activation.Sigmoid)]
public partial class SigmoidTagger
{
}

/// <summary>
/// A softmax last layer under squared error: nothing to fuse, so Backward runs the unfused softmax backward
/// a ⊙ (δ − a·δ), which no other model here reaches.
/// </summary>
[Network(Inputs = 3, Loss = NetworkLoss.SquaredError)]
[Dense(4, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class SoftmaxRegressor
{
}
