using SymbolicGd;

namespace NewUser;

// Layer stacks as a user declares them: every activation, every loss, the fused naive compositions and a
// user-written activation. compare.py rebuilds each one with torch.nn and must agree to 1e-9.

[Network(Inputs = 5, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(7, Activation.Tanh)]
[Dense(3)]
public partial class Classifier { }

[Network(Inputs = 4, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(6, Activation.Relu)]
[Dense(4, Activation.Softmax)]   // the naive composition: fused with the cross-entropy by the generator
public partial class NaiveClassifier { }

[Network(Inputs = 3, Loss = NetworkLoss.BinaryCrossEntropy)]
[Dense(5, Activation.LeakyRelu, NegativeSlope = 0.1)]
[Dense(2, Activation.Sigmoid)]   // fused with the binary cross-entropy
public partial class Tagger { }

[Network(Inputs = 3)]
[Dense(4, Activation.Softplus)]
[Dense(4, Activation.Sigmoid)]
[Dense(2)]
public partial class Regressor { }

[Network(Inputs = 2, Loss = NetworkLoss.BinaryCrossEntropy)]
[Dense(6, nameof(Swish))]
[Dense(1)]
public partial class SwishNet
{
    public static double Swish(double z) => z * Functions.Sigmoid(z);
}
