using System;
using System.Globalization;

namespace SymbolicGd;

/// <summary>
/// Formats numbers the same way on every machine (invariant culture). Text meant for people uses the minus sign
/// U+2212 and a plain exponent (<c>1.5e−7</c>), so traces and messages read like a hand derivation; text meant for
/// programs (CSV) keeps the invariant culture's round-trip form.
/// </summary>
internal static class NumberText
{
    private const char Minus = '\u2212';

    /// <summary>The shortest text that round-trips, for people: <c>0.5</c>, <c>−1</c>, <c>1.5e−7</c>, <c>∞</c>, <c>NaN</c>.</summary>
    internal static string Exact(double value) => ForPeople(value, "R");

    /// <summary>Four significant digits, for people: <c>1.091e6</c>, <c>−0.0078</c>.</summary>
    internal static string Short(double value) => ForPeople(value, "G4");

    /// <summary>The invariant round-trip form a parser reads back exactly: <c>-0.5</c>, <c>1E-07</c>, <c>NaN</c>, <c>Infinity</c>.</summary>
    internal static string Csv(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An integer in the invariant culture.</summary>
    internal static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ForPeople(double value, string format)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : Minus + "∞";
        }

        string text = value.ToString(format, CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e >= 0)
        {
            // "1.5E-07" → "1.5e-7", "2E+20" → "2e20".
            string mantissa = text.Substring(0, e);
            int exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = mantissa + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        }

        return text.Replace('-', Minus);
    }
}
