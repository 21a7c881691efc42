using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Benchmarks;

// The benchmarked models, compiled by the real generator (this project's analyzer); the 2-2-2 network is the
// tests' own (Models/HandDerivationModels.cs, linked in). bench/pytorch/compare.py has the same three losses.

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
