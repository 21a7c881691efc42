namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>A two-class softmax classifier on two inputs, logits z = W·x + b: the accuracy and checkpoint tests' layer stack.</summary>
[Network(Inputs = 2, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(2)]
public partial class TwoClassNet
{
}

/// <summary>E(x, y) = ½(m·x + c − y)²: the same shape as <see cref="Line"/> under other parameter names.</summary>
[Differentiable]
public partial class LineMc
{
    [Param] public double m, c;

    [Loss]
    public double E(double x, double y)
    {
        double p = m * x + c;
        return 0.5 * (p - y) * (p - y);
    }
}
