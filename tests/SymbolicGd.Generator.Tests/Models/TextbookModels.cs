using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Generator.Tests.Models;

// The classic models of a first course, written as people write them: their derivatives must print as the textbook
// derives them (Constructs/TextbookDerivativeTests.cs).

/// <summary>Logistic regression, σ written out as 1/(1 + e^−z) on an inline logit.</summary>
[Differentiable]
public partial class BceReciprocal
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss]
    public double Bce(double x, double y)
    {
        double p = 1 / (1 + Math.Exp(-(w * x + b)));
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }
}

/// <summary>Logistic regression, σ written out as 1/(e^−z + 1) on a named logit.</summary>
[Differentiable]
public partial class BceReciprocalNamedLogit
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss]
    public double Bce(double x, double y)
    {
        double z = w * x + b;
        double p = 1 / (Math.Exp(-z) + 1);
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }
}

/// <summary>Logistic regression, σ written out as e^z/(1 + e^z).</summary>
[Differentiable]
public partial class BceRatio
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss]
    public double Bce(double x, double y)
    {
        double p = Math.Exp(w * x + b) / (1 + Math.Exp(w * x + b));
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }
}

/// <summary>Logistic regression through Functions.Sigmoid.</summary>
[Differentiable]
public partial class BceSigmoid
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss]
    public double Bce(double x, double y)
    {
        double p = Sigmoid(w * x + b);
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }
}

/// <summary>Least squares, E = ½(z − y)² through Square.</summary>
[Differentiable]
public partial class HalfSquaredError
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss]
    public double E(double x, double y)
    {
        double z = w * x + b;
        return 0.5 * Square(z - y);
    }
}

/// <summary>Least squares, E = ½(z − y)² as a product.</summary>
[Differentiable]
public partial class HalfSquaredErrorProduct
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss]
    public double E(double x, double y)
    {
        double z = w * x + b;
        return 0.5 * (z - y) * (z - y);
    }
}

/// <summary>Poisson regression: the negative log-likelihood exp(η) − y·η (without the constant ln y!).</summary>
[Differentiable]
public partial class PoissonRegression
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss]
    public double Nll(double x, double y)
    {
        double eta = w * x + b;
        return Math.Exp(eta) - y * eta;
    }
}

/// <summary>The logistic loss of a margin, labels ±1: ln(1 + e^(−y·(w·x + b))).</summary>
[Differentiable]
public partial class MarginLoss
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss] public double L(double x, double y) => Math.Log(1 + Math.Exp(-y * (w * x + b)));
}

/// <summary>The logistic loss of a named margin.</summary>
[Differentiable]
public partial class MarginLossNamed
{
    [Param] public double w = 0.3, b = -0.1;

    [Loss]
    public double L(double x, double y)
    {
        double m = -y * (w * x + b);
        return Math.Log(1 + Math.Exp(m));
    }
}
