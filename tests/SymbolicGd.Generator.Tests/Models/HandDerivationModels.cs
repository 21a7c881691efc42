using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Generator.Tests.Models;

// The worked examples of the hand derivations (shared/reference/hand-derivations.md), compiled by the real
// generator as this project's analyzer.

/// <summary>Example 1: one weight, one sample, E = ½(w·x − t)².</summary>
[Differentiable]
public partial class OneWeight
{
    [Param] public double w;

    [Loss] public double E(double x, double t) => 0.5 * (w * x - t) * (w * x - t);
}

/// <summary>Example 1 written with Math.Pow: the same derivative must come out.</summary>
[Differentiable]
public partial class OneWeightPow
{
    [Param] public double w;

    [Loss] public double E(double x, double t) => 0.5 * Math.Pow(w * x - t, 2);
}

/// <summary>Example 1 with the prediction f(x) = w·x as a named local, as the step table shows it.</summary>
[Differentiable]
public partial class OneWeightNamed
{
    [Param] public double w;

    [Loss]
    public double E(double x, double t)
    {
        double f = w * x;
        return 0.5 * (f - t) * (f - t);
    }
}

/// <summary>Example 2: micrograd's computation graph.</summary>
[Differentiable]
public partial class Micrograd
{
    [Param] public double a = 2, b = -3, c = 10, f = -2;

    [Loss] public double L() => (a * b + c) * f;
}

/// <summary>Example 3: the 2-2-2 sigmoid network; biases are plain fields, so they are not trained.</summary>
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

/// <summary>The shared-subexpression regression: a = x + 1; e = 2·a + 3·a must give ∂e/∂x = 5, not 2 or 3 or 10.</summary>
[Differentiable]
public partial class SharedSubexpression
{
    [Param] public double x = 0.25;

    [Loss]
    public double e()
    {
        double a = x + 1;
        return 2 * a + 3 * a;
    }
}
