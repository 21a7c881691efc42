using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Benchmarks;

// The benchmarked models, compiled by the real generator (this project's analyzer). bench/pytorch/compare.py has
// the same three losses.

/// <summary>The 2-2-2 sigmoid network of the hand derivations (tests/.../Models/HandDerivationModels.cs).</summary>
[Differentiable]
public partial class TwoTwoTwoNetwork
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

/// <summary>Linear regression with 9 weights and a bias (10 parameters), squared error of one sample.</summary>
[Differentiable]
public partial class LinearRegression
{
    [Param] public double w0 = 0.1, w1 = -0.2, w2 = 0.3, w3 = -0.4, w4 = 0.5, w5 = -0.6, w6 = 0.7, w7 = -0.8, w8 = 0.9;
    [Param] public double b = 0.05;

    [Loss]
    public double L(double x0, double x1, double x2, double x3, double x4, double x5, double x6, double x7, double x8, double y)
    {
        double prediction = w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 + w8 * x8 + b;
        return 0.5 * Square(prediction - y);
    }
}

/// <summary>Rosenbrock's function (a = 1, b = 100), minimised at (1, 1).</summary>
[Differentiable]
public partial class Rosenbrock
{
    [Param] public double x = -1.2, y = 1.0;

    [Loss] public double F() => Square(1 - x) + 100 * Square(y - x * x);
}
