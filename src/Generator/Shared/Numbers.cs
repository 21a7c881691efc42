using System;
using System.Globalization;

namespace SymbolicGd.Generator.Shared;

/// <summary>
/// Numbers in generated code, its docs and the diagnostics' messages: the same bytes on every machine, whatever its
/// culture (a build in German or French must not write 0,5). Formulas write numbers their own way (−, π, ∞), in
/// <c>FormulaPrinter</c>.
/// </summary>
internal static class Numbers
{
    /// <summary>A count, size or index: <c>64</c>.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A double literal that round-trips and reads the same on every machine: invariant culture, shortest
    /// round-trip digits, always a decimal point or exponent so it is never an int, and named non-finite values.
    /// </summary>
    public static string Literal(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "double.NegativeInfinity";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (value == 0 && BitConverter.DoubleToInt64Bits(value) < 0 && text[0] != '-')
        {
            text = "-" + text; // netstandard2.0 hosts may print -0 as "0"
        }

        return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
    }
}
