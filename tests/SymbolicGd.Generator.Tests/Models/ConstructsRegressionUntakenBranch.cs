using System;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// Regression: a value used under several conditions, whose local derivative is NaN where none is taken.

/// <summary>
/// One value (Log(x)·w) under two conditions: its adjoint is a sum of two choices, which the local derivative
/// Log(x) multiplied as a whole: NaN·0 = NaN at x &lt; 0, where neither branch is taken.
/// </summary>
[Differentiable]
public partial class RegSharedUnderTwoConditions
{
    [Param] public double w;

    [Loss]
    public double L(double x)
    {
        double r = x > 0 ? Math.Log(x) * w : 0;
        double s = x > 1 ? Math.Log(x) * w : 0;
        return r + s + w;
    }
}

/// <summary>The same through a quotient: the adjoint of Log(x) is divided by x, 0/0 at x = 0.</summary>
[Differentiable]
public partial class RegSharedLogUnderTwoConditions
{
    [Param] public double w;

    [Loss] public double L(double x) => (x > 0 ? Math.Log(w * x) : w) + (x > 1 ? Math.Log(w * x) : 0);
}

/// <summary>One value used twice on one branch: its adjoint is 2·(choice), a multiple the hoisting did not see through.</summary>
[Differentiable]
public partial class RegTwiceOnOneBranch
{
    [Param] public double w;

    [Loss]
    public double L(double x)
    {
        double u = Math.Log(x) * w;
        return x > 0 ? u + u : w;
    }
}

/// <summary>A value used under inner conditions on both branches of an outer one: a choice of two choices.</summary>
[Differentiable]
public partial class RegChoiceOfChoices
{
    [Param] public double w;

    [Loss]
    public double L(double x, double y)
    {
        double n = Math.Log(x) * w;
        return x > 2 ? (y > 0 ? n : w) : (y < 0 ? n * n : w);
    }
}
