using System;

namespace SymbolicGd.Generator.Tests.ConstructModels;

/// <summary>Named locals for Evaluate: reassigned, declared in branches, joined after an if.</summary>
[Differentiable]
public partial class EvalNamed
{
    [Param] public double w = 0.5, b = -0.25;

    [Loss]
    public double L(double x)
    {
        double h = w * x + b;
        double s = h * h;
        s = s + w;
        double r;
        if (x > 0)
        {
            double p = Math.Log(x) * w;
            r = p + s;
        }
        else
        {
            double q = b * s;
            r = q * q;
        }

        return r * h;
    }
}
