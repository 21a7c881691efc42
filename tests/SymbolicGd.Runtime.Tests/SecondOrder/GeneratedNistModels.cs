using System;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

// NIST StRD models as a user writes them: a [Residual] each, model minus observation, from which the generator
// derives the Jacobian (NistModels.cs has the same models with Jacobians written by hand).

/// <summary>Misra1a (lower difficulty): y = b1·(1 − exp(−b2·x)).</summary>
[Differentiable]
public partial class Misra1aResidual
{
    [Param] public double b1, b2;

    [Residual] public double R(double x, double y) => b1 * (1 - Math.Exp(-b2 * x)) - y;
}

/// <summary>Chwirut2 (lower difficulty): y = exp(−b1·x)/(b2 + b3·x).</summary>
[Differentiable]
public partial class Chwirut2Residual
{
    [Param] public double b1, b2, b3;

    [Residual] public double R(double x, double y) => Math.Exp(-b1 * x) / (b2 + b3 * x) - y;
}

/// <summary>Kirby2 (average difficulty): y = (b1 + b2·x + b3·x²)/(1 + b4·x + b5·x²).</summary>
[Differentiable]
public partial class Kirby2Residual
{
    [Param] public double b1, b2, b3, b4, b5;

    [Residual] public double R(double x, double y) => (b1 + b2 * x + b3 * x * x) / (1 + b4 * x + b5 * x * x) - y;
}

/// <summary>Nelson (average difficulty): log y = b1 − b2·x1·exp(−b3·x2); two predictors, the response's logarithm.</summary>
[Differentiable]
public partial class NelsonResidual
{
    [Param] public double b1, b2, b3;

    [Residual] public double R(double x1, double x2, double y) => b1 - b2 * x1 * Math.Exp(-b3 * x2) - Math.Log(y);
}

/// <summary>Thurber (higher difficulty): a cubic over a cubic, written with a helper for the polynomials.</summary>
[Differentiable]
public partial class ThurberResidual
{
    [Param] public double b1, b2, b3, b4, b5, b6, b7;

    [Residual] public double R(double x, double y) => Cubic(b1, b2, b3, b4, x) / Cubic(1, b5, b6, b7, x) - y;

    private static double Cubic(double c0, double c1, double c2, double c3, double x) => c0 + x * (c1 + x * (c2 + x * c3));
}

/// <summary>MGH09 (higher difficulty): y = b1·(x² + x·b2)/(x² + x·b3 + b4).</summary>
[Differentiable]
public partial class Mgh09Residual
{
    [Param] public double b1, b2, b3, b4;

    [Residual] public double R(double x, double y) => b1 * (x * x + x * b2) / (x * x + x * b3 + b4) - y;
}

/// <summary>Eckerle4 (higher difficulty): y = (b1/b2)·exp(−½((x − b3)/b2)²), with a named local.</summary>
[Differentiable]
public partial class Eckerle4Residual
{
    [Param] public double b1, b2, b3;

    [Residual]
    public double R(double x, double y)
    {
        double z = (x - b3) / b2;
        return b1 / b2 * Math.Exp(-0.5 * z * z) - y;
    }
}

/// <summary>Rat43 (higher difficulty): y = b1/(1 + exp(b2 − b3·x))^(1/b4).</summary>
[Differentiable]
public partial class Rat43Residual
{
    [Param] public double b1, b2, b3, b4;

    [Residual] public double R(double x, double y) => b1 / Math.Pow(1 + Math.Exp(b2 - b3 * x), 1 / b4) - y;
}
