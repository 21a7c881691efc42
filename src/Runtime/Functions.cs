using System;

namespace SymbolicGd;

/// <summary>
/// Differentiable functions that <see cref="System.Math"/> lacks. They are real methods, so a loss that uses them
/// also runs as plain C#; the generator knows their derivatives.
/// </summary>
public static class Functions
{
    /// <summary>The logistic sigmoid σ(x) = 1 / (1 + e^(−x)). Derivative: σ′(x) = σ(x)·(1 − σ(x)).</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The rectifier relu(x) = max(x, 0). Derivative: 1 for x &gt; 0, otherwise 0 (so relu′(0) = 0).</summary>
    public static double Relu(double x) => x > 0.0 ? x : 0.0;

    /// <summary>
    /// softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^(−|x|)) so that it neither overflows for large x
    /// nor loses precision for very negative x. Derivative: softplus′(x) = σ(x).
    /// </summary>
    public static double Softplus(double x) => Math.Max(x, 0.0) + LogOnePlus(Math.Exp(-Math.Abs(x)));

    /// <summary>x² = x·x. Derivative: 2·x.</summary>
    public static double Square(double x) => x * x;

    // ln(1 + u) without the cancellation of Math.Log(1 + u) for small u (Kahan's trick: the rounding error of
    // 1 + u cancels in the ratio); the platform has no log1p for double.
    internal static double LogOnePlus(double u)
    {
        double w = 1.0 + u;
        return w == 1.0 ? u : Math.Log(w) * u / (w - 1.0);
    }
}
