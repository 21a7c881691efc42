using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Generator.Tests.ResidualModels;

// [Residual] models compiled by the real generator: tools/reference/residual_jacobians.py writes the same functions
// in torch, so Reference/residual-jacobians.json holds PyTorch's residuals and Jacobians at the points it drew.

/// <summary>The exponential decay of the README and of issue 17.</summary>
[Differentiable]
public partial class Decay
{
    [Param] public double A = 1, k = 0.1, c;

    [Residual] public double R(double t, double y) => A * Math.Exp(-k * t) + c - y;
}

/// <summary>A hinge with a trainable knot: an if/else and a conditional, so each side of the knot has its own derivative.</summary>
[Differentiable]
public partial class Hinge
{
    [Param] public double left = -1, right = 2, knot = 0.5, level;

    [Residual]
    public double R(double x, double y)
    {
        double d = x - knot;
        double f;
        if (d < 0)
        {
            f = left * d;
        }
        else
        {
            f = right * d + 0.25 * Square(d);
        }

        return (x > 2 ? 2 * f : f) + level - y;
    }
}

/// <summary>A Hill curve through helper methods and a computed property, with a variable exponent.</summary>
[Differentiable]
public partial class Hill
{
    [Param] public double Vmax = 2, K = 1.5, n = 2;

    private double KToTheN => Math.Pow(K, n);

    [Residual] public double R(double s, double v) => Rate(s) - v;

    private double Rate(double s) => Vmax * Power(s) / (KToTheN + Power(s));

    private double Power(double s) => Math.Pow(s, n);
}

/// <summary>A residual method named Residual: it is the model's Residual(s, v); the generator adds no second one.</summary>
[Differentiable]
public partial class NamedResidual
{
    [Param] public double a = 1, b;

    [Residual]
    public double Residual(double x, double y)
    {
        double prediction = Math.Log(1 + Math.Exp(a * x + b));
        return prediction - y;
    }
}
