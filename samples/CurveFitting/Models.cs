using System;
using SymbolicGd;

namespace CurveFitting;

/// <summary>An exponential decay to a floor, y ≈ A·e^(−k·t) + c, fitted by least squares: E = ½(A·e^(−k·t) + c − y)².</summary>
[Differentiable]
public partial class Decay
{
    [Param] public double A = 1.0, k = 0.5, c = 0.0;

    [Loss]
    public double E(double t, double y)
    {
        double r = A * Math.Exp(-k * t) + c - y;
        return 0.5 * r * r;
    }

    /// <summary>The fitted curve at t.</summary>
    public double At(double t) => A * Math.Exp(-k * t) + c;
}
