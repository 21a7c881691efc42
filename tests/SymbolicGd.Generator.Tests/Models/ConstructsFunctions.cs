using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// One model per supported function, compiled by the real generator. The argument is an affine function of the
// parameters (w·x + b) so that both the chain rule and the function's own rule are exercised; functions of two or
// three arguments take a parameter in every argument.

[Differentiable]
public partial class FnExp
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Exp(w * x + b);
}

[Differentiable]
public partial class FnLog
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Log(w * x + b);
}

/// <summary>Math.Log(a, newBase) with a parameter in both arguments.</summary>
[Differentiable]
public partial class FnLogBase
{
    [Param] public double a, nb;

    [Loss] public double L(double x) => Math.Log(a * x, nb);
}

[Differentiable]
public partial class FnLog10
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Log10(w * x + b);
}

[Differentiable]
public partial class FnSqrt
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Sqrt(w * x + b);
}

[Differentiable]
public partial class FnCbrt
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Cbrt(w * x + b);
}

/// <summary>Constant exponents: an integer (negative bases allowed), a negative one and a fraction.</summary>
[Differentiable]
public partial class FnPowConstant
{
    [Param] public double w, b, c;

    [Loss] public double L(double x) => Math.Pow(w * x + b, 3) + Math.Pow(b, -2) + Math.Pow(c * c + 1, 0.5) + Math.Pow(w, 1) + Math.Pow(c, 2);
}

/// <summary>The exponent is the parameter, the base data.</summary>
[Differentiable]
public partial class FnPowVariableExponent
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Pow(x, w * b) + Math.Pow(2, w - b);
}

/// <summary>Base and exponent both parameters.</summary>
[Differentiable]
public partial class FnPowBoth
{
    [Param] public double a, p;

    [Loss] public double L(double x) => Math.Pow(a * x, p);
}

/// <summary>The exponent is data (not a constant the generator can see): the base's rule must use it as a value.</summary>
[Differentiable]
public partial class FnPowDataExponent
{
    [Param] public double w;

    [Loss] public double L(double x, double n) => Math.Pow(w * x, n);
}

[Differentiable]
public partial class FnSin
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Sin(w * x + b);
}

[Differentiable]
public partial class FnCos
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Cos(w * x + b);
}

[Differentiable]
public partial class FnTan
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Tan(w * x + b);
}

[Differentiable]
public partial class FnAsin
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Asin(w * x + b);
}

[Differentiable]
public partial class FnAcos
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Acos(w * x + b);
}

[Differentiable]
public partial class FnAtan
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Atan(w * x + b);
}

/// <summary>Math.Atan2(y, x) with a parameter in both arguments.</summary>
[Differentiable]
public partial class FnAtan2
{
    [Param] public double a, c;

    [Loss] public double L(double x) => Math.Atan2(a * x, c);
}

[Differentiable]
public partial class FnSinh
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Sinh(w * x + b);
}

[Differentiable]
public partial class FnCosh
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Cosh(w * x + b);
}

[Differentiable]
public partial class FnTanh
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Tanh(w * x + b);
}

[Differentiable]
public partial class FnAbs
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Abs(w * x + b);
}

[Differentiable]
public partial class FnMax
{
    [Param] public double a, c;

    [Loss] public double L(double x) => Math.Max(a * x, c * c);
}

[Differentiable]
public partial class FnMin
{
    [Param] public double a, c;

    [Loss] public double L(double x) => Math.Min(a * x, c * c);
}

/// <summary>Math.Sign is piecewise constant: the parameters reach the loss through the other factor too.</summary>
[Differentiable]
public partial class FnSign
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Sign(w * x + b) * (w + b * b);
}

/// <summary>Math.Clamp with a parameter in all three arguments.</summary>
[Differentiable]
public partial class FnClamp
{
    [Param] public double w, lo, hi;

    [Loss] public double L(double x) => Math.Clamp(w * x, lo, hi) * (1 + w * w);
}

[Differentiable]
public partial class FnConstants
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.PI * w * x + Math.E * b + Math.Sin(Math.PI * w) * Math.E;
}

[Differentiable]
public partial class FnSigmoid
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Sigmoid(w * x + b);
}

[Differentiable]
public partial class FnRelu
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Relu(w * x + b) + SymbolicGd.Functions.Relu(b - w);
}

[Differentiable]
public partial class FnSoftplus
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Softplus(w * x + b);
}

[Differentiable]
public partial class FnSquare
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Square(w * x + b) + Functions.Square(w);
}
