using System;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// Regression: Math.Pow where it is constant in one argument: the derivative is 0, not 0·∞.

/// <summary>
/// A parameter exponent of a zero base: 0^p is 0 for every p &gt; 0, so ∂/∂p is 0; the rule x^p·ln x gave
/// 0·(−∞) = NaN, which stops the fit of a power law to data that contains x = 0.
/// </summary>
[Differentiable]
public partial class RegPowZeroBase
{
    [Param] public double a, p;

    [Loss] public double L(double x) => a * Math.Pow(x, p);
}

/// <summary>A data exponent of zero at a zero base: w^0 is 1 for every w, so ∂/∂w is 0; n·w^(n−1) gave 0·∞ = NaN.</summary>
[Differentiable]
public partial class RegPowZeroExponent
{
    [Param] public double w, b;

    [Loss] public double L(double n) => Math.Pow(w, n) * b;
}
