using SymbolicGd;

namespace Digits;

/// <summary>
/// The 8×8 handwritten digits classifier: 64 pixels, 32 tanh units, 10 logits, softmax cross-entropy. SymbolicGd
/// generates its forward pass, its back-propagation over mini-batches and the derivation of both at build time.
/// </summary>
[Network(Inputs = 64, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(32, Activation.Tanh)]
[Dense(10)]
public partial class DigitsNet
{
}
