namespace SymbolicGd.Generator.Tests.Models;

/// <summary>Locals whose value is a leaf, or a value another local already names, are still intermediates.</summary>
[Differentiable]
public partial class AliasedLocals
{
    [Param] public double w = 1.5, b = 0.5;

    [Loss]
    public double L(double x)
    {
        double s = w;          // a parameter
        double c = 2;          // a constant
        double d = x;          // a data argument
        double p = w * x;      // names w·x
        double q = w * x;      // the same node as p
        double r = s * b + c;  // names s·b + c (in terms of w)
        return r * p + q * d;
    }
}
