using System;
using SymbolicGd;
using static SymbolicGd.Functions;

namespace NewUser;

// A tanh network 2-3-1 with a squared error.
[Differentiable]
public partial class TinyMlp
{
    [Param] public double a1 = 0.1, a2 = -0.2, a3 = 0.3, c1 = 0.05, c2 = -0.1, c3 = 0.2, v1 = 0.4, v2 = -0.3, v3 = 0.25, bias;
    public double Scale = 0.5;

    [Loss]
    public double E(double x, double y, double target)
    {
        double h1 = Math.Tanh(a1 * x + c1 * y + 0.1);
        double h2 = Math.Tanh(a2 * x + c2 * y - 0.2);
        double h3 = Math.Tanh(a3 * x + c3 * y);
        double output = v1 * h1 + v2 * h2 + v3 * h3 + bias;
        return Scale * Square(output - target);
    }
}

// Logistic regression with the log loss, written out.
[Differentiable]
public partial class Logistic
{
    [Param] public double w1 = 0.3, w2 = -0.7, b = 0.1;

    [Loss]
    public double NegLogLikelihood(double x1, double x2, double label)
    {
        double p = Sigmoid(w1 * x1 + w2 * x2 + b);
        return -(label * Math.Log(p) + (1 - label) * Math.Log(1 - p));
    }
}

// Robust regression with branches and a helper.
[Differentiable]
public partial class Robust
{
    [Param] public double slope = 1.5, intercept = -0.5, delta = 1.0;

    private double Residual(double x, double y) => slope * x + intercept - y;

    [Loss]
    public double Huber(double x, double y)
    {
        double r = Residual(x, y);
        double size = Math.Abs(r);
        if (size <= delta)
        {
            return 0.5 * r * r;
        }

        return delta * (size - 0.5 * delta);
    }
}

// A grab bag of functions.
[Differentiable]
public partial class Kitchen
{
    [Param] public double p = 0.7, q = 1.3, r = 0.4;

    [Loss]
    public double F(double u)
    {
        double s = Math.Sin(p * u) * Math.Cos(q) + Math.Atan2(p, q + u);
        double t = Math.Pow(q, r) + Math.Sqrt(q * q + u * u) - Math.Log10(q + 2) + Math.Cbrt(p + 3);
        double m = Math.Max(p * u, r) - Math.Min(q, u * r) + Math.Exp(-r * r);
        double k = Softplus(p - q) + Math.Sinh(r) * Math.Cosh(p) + Math.Asin(r / 2) + Math.Acos(p / 2) + Math.Atan(q);
        double z = u > 0 ? Math.Log(s * s + t) : Relu(m - 1) + Math.Tan(r);
        return z * k + Math.Clamp(m, 0.0, 5.0) + Math.Log(q, 3.0 + r);
    }
}
