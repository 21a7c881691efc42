using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Generator.Tests.Models;

// Models with [Differentiable(SecondOrder = true)], compiled by the real generator as this project's analyzer. The
// losses of SecondOrderBranches, SecondOrderFunctions, SecondOrderLogistic and SecondOrderKinks are written again in
// PyTorch by tools/reference/second_order.py, which stores its Hessians and Hessian-vector products in
// SecondOrder/second-order-reference.json: change one, change both.

/// <summary>Rosenbrock's function, whose second derivatives the issue prints.</summary>
[Differentiable(SecondOrder = true)]
public partial class RosenbrockSecond
{
    [Param] public double a = -1.2, b = 1;

    [Loss] public double L() => Math.Pow(1 - a, 2) + 100 * Math.Pow(b - Math.Pow(a, 2), 2);
}

/// <summary>Logistic regression on three features, written with scalars: ∂²Bce/∂wᵢ∂wⱼ = xᵢ·xⱼ·p·(1 − p).</summary>
[Differentiable(SecondOrder = true)]
public partial class SecondOrderLogistic
{
    [Param] public double w1 = 0.3, w2 = -0.2, w3 = 0.1;

    [Loss]
    public double Bce(double x1, double x2, double x3, double y)
    {
        double p = Sigmoid(w1 * x1 + w2 * x2 + w3 * x3);
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }
}

/// <summary>A loss whose parameters interact in pairs only: ∂²L/∂a∂c and ∂²L/∂b∂c are structurally zero.</summary>
[Differentiable(SecondOrder = true)]
public partial class SecondOrderSparse
{
    [Param] public double a = 0.5, b = 1.5, c = -0.5;

    [Loss] public double L(double x) => Math.Pow(a * b - x, 2) + Math.Exp(c * x) + 3 * a;
}

/// <summary>A branch on the data and on a parameter, a helper method, and functions of the parameters.</summary>
[Differentiable(SecondOrder = true)]
public partial class SecondOrderBranches
{
    [Param] public double a = 0.7, b = -0.3, c = 1.2;

    [Loss]
    public double L(double x, double y)
    {
        double z = a * x + b * Math.Sin(c * x);
        double r = z - y;
        if (r > 0)
        {
            return Math.Log(1 + r * r) + Damp(c);
        }

        return r * r * Math.Exp(b) + Damp(c);
    }

    private double Damp(double t) => Math.Sqrt(1 + t * t) * a;
}

/// <summary>Many functions of four parameters, with no data: tanh, a variable power, cos, atan2, a quotient, exp, max.</summary>
[Differentiable(SecondOrder = true)]
public partial class SecondOrderFunctions
{
    [Param] public double p = 0.4, q = 1.3, r = -0.8, s = 0.5;

    [Loss]
    public double L() =>
        Math.Tanh(p * q) + Math.Pow(q, 1.5 + s) * Math.Cos(r) + Math.Atan2(r, s + 2) + p / (1 + s * s) +
        Math.Exp(-p * r) + Math.Max(p, s) * q + Math.Log(q * q + r * r);
}

/// <summary>Kinks: relu and |x|, whose second derivatives are zero away from the kink (relu″ = 0, |x|″ = 0), and softplus.</summary>
[Differentiable(SecondOrder = true)]
public partial class SecondOrderKinks
{
    [Param] public double a = 0.8, b = -0.4;

    [Loss] public double L(double x) => Square(Relu(a * x + b)) + Math.Abs(a - b) * a + Softplus(a * b * x);
}
