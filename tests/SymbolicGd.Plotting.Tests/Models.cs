using System;

namespace SymbolicGd.Plotting.Tests;

/// <summary>E = ½(w·x − t)², the one-weight model of the learning-rate walks.</summary>
[Differentiable]
public partial class OneWeight
{
    [Param] public double w;

    [Loss]
    public double E(double x, double t)
    {
        double f = w * x;
        return 0.5 * (f - t) * (f - t);
    }
}

/// <summary>The Rosenbrock valley L = (1 − a)² + 100(b − a²)².</summary>
[Differentiable]
public partial class Valley
{
    [Param] public double a = -1.2, b = 1.0;

    [Loss]
    public double L()
    {
        double u = 1.0 - a;
        double v = b - a * a;
        return u * u + 100.0 * v * v;
    }

    public static double At(double a, double b) => (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
}

/// <summary>A two-class softmax classifier on two inputs.</summary>
[Network(Inputs = 2, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class Separator
{
}
