namespace SymbolicGd.Plotting.Tests;

/// <summary>A two-class softmax classifier on two inputs.</summary>
[Network(Inputs = 2, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class Separator
{
}
