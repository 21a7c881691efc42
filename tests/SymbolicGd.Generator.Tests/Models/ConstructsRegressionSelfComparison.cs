using System;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// Regression: generated code that compared a local with itself (CS1718).

/// <summary>
/// Two spellings of one product are one node, so the generated code compared a local with itself (t0 &gt;= t0):
/// warning CS1718, an error in a build that treats warnings as errors. This project is such a build.
/// </summary>
[Differentiable]
public partial class RegSelfComparison
{
    [Param] public double w, b;

    [Loss]
    public double L(double x) =>
        Math.Max(w * x, x * w) + Math.Min(b * x, x * b) + (w * x >= x * w ? w : b) + (w * x < x * w ? b : w * b) + (b * x != x * b ? w : b);
}
