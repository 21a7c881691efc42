using System;
using SymbolicGd;
using static SymbolicGd.Functions;

namespace HandDerivations;

/// <summary>Example 1: one weight, one sample. The prediction f(x) = w·x is a named local, as in the table.</summary>
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

/// <summary>Example 2: the computation graph L = (a·b + c)·f.</summary>
[Differentiable]
public partial class ComputationGraph
{
    [Param] public double a = 2, b = -3, c = 10, f = -2;

    [Loss] public double L() => (a * b + c) * f;
}

/// <summary>
/// Example 3: the 2-2-2 sigmoid network. The weights are parameters; the biases are plain fields, so they are
/// constants of the loss and training leaves them fixed; h1, h2, o1 and o2 are named locals, so the derivatives
/// read in their terms.
/// </summary>
[Differentiable]
public partial class Network
{
    [Param] public double w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30;
    [Param] public double w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55;
    public double b1 = 0.35, b2 = 0.60;

    [Loss]
    public double E(double i1, double i2, double t1, double t2)
    {
        double h1 = Sigmoid(w1 * i1 + w2 * i2 + b1);
        double h2 = Sigmoid(w3 * i1 + w4 * i2 + b1);
        double o1 = Sigmoid(w5 * h1 + w6 * h2 + b2);
        double o2 = Sigmoid(w7 * h1 + w8 * h2 + b2);
        return 0.5 * (Square(o1 - t1) + Square(o2 - t2));
    }
}
