using System;

namespace SymbolicGd.Generator.Tests.ConstructModels;

/// <summary>
/// Adding or subtracting a zero is not the identity in IEEE arithmetic: 0 + (−0) is +0 and 0 − 0 is +0, not −0.
/// An accumulator that starts at 0 shows it: the sign of a zero decides Atan2 (±π) and 1/s (±∞).
/// </summary>
[Differentiable]
public partial class ExactSignedZero
{
    [Param] public double w, b = 1;

    [Loss]
    public double L(double x)
    {
        double s = 0;
        s += w * x;
        double t = 0;
        t -= w * x;
        double u = w * x + 0;
        double v = w * x - -0.0;
        double z = -0.0;
        z -= w * x;
        return (Math.Atan2(s, -1) + Math.Atan2(t, -1) + Math.Atan2(u, -1) + Math.Atan2(v, -1) + Math.Atan2(z, -1)) * b;
    }
}
