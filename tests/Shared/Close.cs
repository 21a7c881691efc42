using System;

namespace SymbolicGd.Testing;

/// <summary>
/// The one way the test projects compare floating-point results that are not expected bit for bit (linked into each
/// test project from tests/Shared). The message names the value, both numbers in round-trip form and the difference.
/// </summary>
public static class Close
{
    /// <summary>
    /// |expected − actual| ≤ tolerance·max(1, |expected|): relative for large values, absolute below 1, so a value
    /// that should be 0 needs no special case.
    /// </summary>
    public static void Assert(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(1.0, Math.Abs(expected));
        if (!(Math.Abs(expected - actual) <= tolerance * scale))
        {
            Xunit.Assert.Fail(
                $"{what}: expected {expected:R}, got {actual:R}; difference {Math.Abs(expected - actual):R} > {tolerance:R}·{scale:R}.");
        }
    }

    /// <summary>|expected − actual| ≤ tolerance, whatever the size of the values (for data with a stated absolute accuracy).</summary>
    public static void Absolute(double expected, double actual, double tolerance, string what)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            Xunit.Assert.Fail($"{what}: expected {expected:R}, got {actual:R}; difference {Math.Abs(expected - actual):R} > {tolerance:R}.");
        }
    }

    /// <summary>actual lies within <paramref name="ulps"/> units in the last place of expected.</summary>
    public static void Ulps(double expected, double actual, int ulps, string what)
    {
        double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        if (!(Math.Abs(expected - actual) <= ulps * ulp))
        {
            Xunit.Assert.Fail($"{what}: expected {expected:R}, got {actual:R} ({Math.Abs(expected - actual) / ulp} ulps apart, {ulps} allowed).");
        }
    }
}
