using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// The conditional operator and if/else, on every comparison, with &&, || and !, and every shape of return.

/// <summary>The conditional operator on each comparison operator.</summary>
[Differentiable]
public partial class BrComparisons
{
    [Param] public double w, b;

    [Loss]
    public double L(double x) =>
        (x < w ? w * w : b * x)
        + (x <= b ? w * b : -b)
        + (x > w ? Math.Sin(w) : Math.Cos(b))
        + (x >= b ? w * x : b * b)
        + (x == w ? 3 * b : 2 * w)
        + (x != b ? w * w * w : b * w);
}

/// <summary>&&, || and ! in conditions, and a condition on parameters.</summary>
[Differentiable]
public partial class BrLogical
{
    [Param] public double w, b;

    [Loss]
    public double L(double x, double y) =>
        (x > 0 && y > 0 ? w * x : b * y)
        + (x > 0 || y > 0 ? w * b : b * b)
        + (!(x > y) ? w : 2 * b)
        + (x > 0 && (y < 0 || !(w > b)) ? Math.Exp(w) : Math.Exp(b))
        + (w * b > 0 ? w * b : -(w * b));
}

/// <summary>if without else.</summary>
[Differentiable]
public partial class BrIfWithoutElse
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s = w * x;
        if (x > 0)
        {
            s = s * b;
        }

        if (x < 1)
            s += b * b;

        return s;
    }
}

/// <summary>An else-if chain.</summary>
[Differentiable]
public partial class BrElseIf
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s;
        if (x < -1)
        {
            s = w;
        }
        else if (x < 1)
        {
            s = w * b * x;
        }
        else if (x < 2)
        {
            s = b * b;
        }
        else
        {
            s = w + b * x;
        }

        return s * w;
    }
}

/// <summary>Nested ifs, on data and on parameters.</summary>
[Differentiable]
public partial class BrNested
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s = b;
        if (x > 0)
        {
            if (w > 0)
            {
                s = w * x;
            }
            else
            {
                s = -w * b;
            }

            s *= b;
        }
        else
        {
            if (x < -1)
            {
                s = Math.Exp(w * x);
            }
        }

        return s + w;
    }
}

/// <summary>A return inside one branch only.</summary>
[Differentiable]
public partial class BrEarlyReturn
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        if (x > 1)
        {
            return w * x;
        }

        double s = w * b + x;
        return s * s;
    }
}

/// <summary>Both branches return.</summary>
[Differentiable]
public partial class BrBothReturn
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        if (x > 0)
        {
            return w * x;
        }
        else
        {
            return Math.Sin(b * x) * w;
        }
    }
}

/// <summary>A sequence of guarded returns, and a return nested two ifs deep.</summary>
[Differentiable]
public partial class BrReturnSequence
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        if (x < 0)
            return w;
        double s = w * b;
        if (x < 1)
        {
            if (s > 0.5)
            {
                return s * x;
            }

            s = s + x;
        }

        if (x < 2)
            return b * x + s;
        return w + b + s;
    }
}

/// <summary>A local assigned differently in the branches, and locals declared inside branches.</summary>
[Differentiable]
public partial class BrLocals
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s;
        if (x > 0)
            s = w;
        else
            s = b;

        double r;
        if (x > 1)
        {
            double t = w * x;
            r = t * t;
        }
        else
        {
            double t = b * x + 1;
            double u = t * w;
            r = u + t;
        }

        return s * x + r;
    }
}

/// <summary>Conditions on the parameters themselves, and on helper-free computed values.</summary>
[Differentiable]
public partial class BrOnParameters
{
    [Param] public double w, b;

    [Loss]
    public double L()
    {
        double s = w > 0 ? w * w : -w;
        if (s + b > 1)
        {
            s = Math.Sqrt(s + b);
        }

        return s * b + (b >= w ? Relu(b - w) : Sigmoid(w - b));
    }
}
