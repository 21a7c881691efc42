using System;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// Regression: where a method returns is a choice between two conditions, which must be a bool.

/// <summary>
/// An if whose then-branch never returns and whose else-branch sometimes does: where the method returns is the
/// choice "x &gt; 0 ? false : x &lt; −1", which was emitted as a double local (CS0029).
/// </summary>
[Differentiable]
public partial class RegReturnInElse
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s = w;
        if (x > 0)
        {
            s = s * x;
        }
        else
        {
            s = s + b;
            if (x < -1)
            {
                return s * b;
            }
        }

        s = s * w;
        return s + b;
    }
}

/// <summary>Both branches of an if return only sometimes: the returns are a choice between two conditions.</summary>
[Differentiable]
public partial class RegReturnInBothBranchesSometimes
{
    [Param] public double w, b;

    [Loss]
    public double L(double x, double y)
    {
        if (x > 0)
        {
            if (y > 0)
            {
                return w * x;
            }
        }
        else
        {
            if (y < -1)
            {
                return b * y;
            }
        }

        return w * b;
    }
}
