using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// The documented choices at non-differentiable points, and branch safety: a NaN or an infinity on the branch not
// taken never reaches the gradient.

[Differentiable]
public partial class PolicyRelu
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Relu(w - x) * b;
}

[Differentiable]
public partial class PolicyAbs
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Abs(w - x) * b;
}

[Differentiable]
public partial class PolicyMaxMin
{
    [Param] public double a, c;

    [Loss] public double L() => Math.Max(a, c) + 10 * Math.Min(a, c);
}

/// <summary>Math.Sign contributes nothing; the parameter's other use gives its whole derivative.</summary>
[Differentiable]
public partial class PolicySign
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Sign(w - x) * b + w;
}

[Differentiable]
public partial class PolicyClamp
{
    [Param] public double v, lo, hi;

    [Loss] public double L() => Math.Clamp(v, lo, hi);
}

/// <summary>The conditional operator with a NaN (Sqrt of a negative) on the branch not taken.</summary>
[Differentiable]
public partial class SafeSqrtTernary
{
    [Param] public double w;

    [Loss] public double L(double x) => x > 0 ? Math.Sqrt(x) * w : w;
}

/// <summary>A division by zero on the branch not taken.</summary>
[Differentiable]
public partial class SafeDivisionTernary
{
    [Param] public double w;

    [Loss] public double L(double x) => x != 0 ? w / x : w + (x == 0 ? w : w / x);
}

/// <summary>A logarithm of a negative, and of zero, on the branch not taken, under a square.</summary>
[Differentiable]
public partial class SafeLogTernary
{
    [Param] public double w;

    [Loss] public double L(double x) => Square(x > 0 ? Math.Log(x) * w : w * w);
}

/// <summary>The if/else forms of the same.</summary>
[Differentiable]
public partial class SafeIfElse
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s;
        if (x > 0)
        {
            s = Math.Sqrt(x) * w;
        }
        else
        {
            s = w;
        }

        double r = b;
        if (x != 0)
        {
            r = r / x;
        }

        double q;
        if (x <= 0)
        {
            q = w * b;
        }
        else
        {
            double l = Math.Log(x);
            q = l * l * w;
        }

        return s * s + r * w + q;
    }
}

/// <summary>Early returns: a return before the NaN, and a return of the NaN-producing branch.</summary>
[Differentiable]
public partial class SafeEarlyReturn
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        if (x <= 0)
        {
            return w * b;
        }

        double l = Math.Log(x);
        return l * w + Math.Sqrt(x) * b;
    }
}

[Differentiable]
public partial class SafeEarlyReturnInBranch
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        if (x > 0)
        {
            double r = Math.Sqrt(x);
            return Math.Log(r) * w / x + b;
        }

        return w * b;
    }
}

/// <summary>An infinite derivative (Sqrt at 0) and an infinite value (Log of 0) on the branch not taken.</summary>
[Differentiable]
public partial class SafeInfiniteDerivative
{
    [Param] public double w, b;

    [Loss] public double L(double x) => x > 0 ? Math.Sqrt(w) + Math.Log(b) : w * b;
}

/// <summary>A condition on the parameter itself guards its own logarithm.</summary>
[Differentiable]
public partial class SafeOnParameter
{
    [Param] public double w;

    [Loss] public double L() => w > 0 ? Math.Log(w) * w : w * w;
}

/// <summary>The NaN branch inside nested conditions and a helper.</summary>
[Differentiable]
public partial class SafeNested
{
    [Param] public double w, b;

    [Loss]
    public double L(double x, double y)
    {
        double s = w;
        if (x > 0)
        {
            if (y > 0)
            {
                s = Guarded(x - y) * b;
            }
            else
            {
                s = Math.Log(x) * w;
            }
        }

        return s * s + Guarded(y) * w;
    }

    private double Guarded(double v) => v > 0 ? Math.Sqrt(v) * w : b;
}
