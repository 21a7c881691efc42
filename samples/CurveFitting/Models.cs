using System;
using SymbolicGd;

namespace CurveFitting;

/// <summary>
/// An exponential decay to a floor, y ≈ A·e^(−k·t) + c, fitted by least squares: the residual of a sample is
/// R = A·e^(−k·t) + c − y, the generated loss ½R², and the generated ResidualGradient the sample's row of the Jacobian.
/// </summary>
[Differentiable]
public partial class Decay
{
    [Param] public double A = 1.0, k = 0.5, c = 0.0;

    [Residual] public double R(double t, double y) => A * Math.Exp(-k * t) + c - y;

    /// <summary>The fitted curve at t.</summary>
    public double At(double t) => A * Math.Exp(-k * t) + c;
}
