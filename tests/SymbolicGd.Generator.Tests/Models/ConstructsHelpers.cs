using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// Helper methods and computed properties (inlined), deep composition and shared subexpressions.

/// <summary>Static and instance helpers, a helper calling helpers, a helper called twice with different arguments.</summary>
[Differentiable]
public partial class HelperCalls
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Sq(Linear(x)) + Twice(b) * Linear(-x) + Scaled(x, w);

    private static double Sq(double v) => v * v;

    private double Linear(double x) => w * x + b;

    private static double Twice(double v)
    {
        double t = v + v;
        return t;
    }

    // Calls a static and an instance helper; its argument named like a parameter and assigned to.
    private double Scaled(double x, double w)
    {
        w = w * Twice(x);
        return Sq(w) + Linear(w);
    }
}

/// <summary>A helper with branches and early returns, used where its untaken branch would be NaN.</summary>
[Differentiable]
public partial class HelperBranches
{
    [Param] public double w, b;

    [Loss] public double L(double x) => SafeLog(x) * w + SafeLog(w * b) + Chain(x);

    private static double SafeLog(double v)
    {
        if (v > 0)
        {
            return Math.Log(v);
        }

        return v;
    }

    private double Chain(double v) => Inner(v) * b;

    private double Inner(double v) => v > 0 ? Math.Sqrt(v) * w : Sq(w) - v;

    private static double Sq(double v) => v * v;
}

/// <summary>Computed properties that read parameters: differentiated through, not read as constants.</summary>
[Differentiable]
public partial class HelperProperties
{
    [Param] public double w, b;

    public double Slope => w * b;

    public double Area
    {
        get
        {
            double t = w + b;
            return t * t;
        }
    }

    private double Combined => Slope + Area;

    [Loss] public double L(double x) => Slope * x + Slope * Slope + Area + Combined * x;
}

/// <summary>A local of the loss and a local of a helper with the same name.</summary>
[Differentiable]
public partial class HelperSameLocalNames
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double t = w * x;
        double s = Helper(t) + t;
        return s * b;
    }

    private double Helper(double v)
    {
        double t = v * b;
        double s = t + w;
        return s * t;
    }
}

/// <summary>Fifty nested tanh.</summary>
[Differentiable]
public partial class DeepTanh
{
    [Param] public double w, b;

    [Loss] public double L(double x) => Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(w * x + b))))))))))))))))))))))))))))))))))))))))))))))))));
}

/// <summary>A long chain of reassignments, each reading the last.</summary>
[Differentiable]
public partial class DeepChain
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s = w * x + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        s = Math.Sin(s) * w + b;
        return s;
    }
}

/// <summary>One subexpression used many times, named and unnamed; a parameter used in many places.</summary>
[Differentiable]
public partial class SharedUses
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s = Math.Sin(w * x + b);
        double e = s * s + s * Math.Exp(s) + Math.Cos(s) * s + s;
        return e + Math.Exp(w * x) * Math.Exp(w * x) + Math.Exp(w * x) + w * w * w + w / (1 + b * b) + Sigmoid(w) * w;
    }
}
