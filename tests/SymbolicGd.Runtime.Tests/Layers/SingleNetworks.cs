using SymbolicGd;

// The float32 layer stacks of the runtime's tests, compiled by the real generator.

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>The digits network of <see cref="DigitsNet"/>, in float32: 64-32-10, tanh, softmax cross-entropy.</summary>
[Network(Inputs = 64, Loss = NetworkLoss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(32, Activation.Tanh)]
[Dense(10)]
public partial class SingleDigitsNet
{
}

/// <summary>The PyTorch reference's classifier (tools/reference/float32_networks.py): 6-5-4, tanh, softmax cross-entropy.</summary>
[Network(Inputs = 6, Loss = NetworkLoss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(5, Activation.Tanh)]
[Dense(4)]
public partial class SingleClassifierNet
{
}

/// <summary>The reference's network of large logits: one 3-4 layer, its logits near ±100.</summary>
[Network(Inputs = 3, Loss = NetworkLoss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(4)]
public partial class SingleLogitsNet
{
}

/// <summary>The reference's network with a user-written activation: 4-6-3-2, swish then relu, squared error.</summary>
[Network(Inputs = 4, Loss = NetworkLoss.SquaredError, Precision = Precision.Single)]
[Dense(6, nameof(Swish))]
[Dense(3, Activation.Relu)]
[Dense(2)]
public partial class SingleSwishNet
{
    /// <summary>swish(z) = z·σ(z), as <c>z * torch.sigmoid(z)</c>.</summary>
    public static double Swish(double z) => z * Functions.Sigmoid(z);
}

/// <summary>The reference's binary classifier: 3-4-2, sigmoid hidden layer, binary cross-entropy on the logits.</summary>
[Network(Inputs = 3, Loss = NetworkLoss.BinaryCrossEntropy, Precision = Precision.Single)]
[Dense(4, Activation.Sigmoid)]
[Dense(2)]
public partial class SingleBinaryNet
{
}
