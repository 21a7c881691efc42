using System;
using System.Globalization;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.CodeGen;

/// <summary>
/// The floating-point type generated code computes in: double for every scalar model and by default, float for a
/// <c>[Network(Precision = Precision.Single)]</c>. It spells the type, its literals and the functions a
/// user-written activation calls, so that a float network's activation runs in float (float.Tanh, 0.1f) and never
/// widens to double.
/// </summary>
internal sealed class NumberType
{
    public static readonly NumberType Double = new("double");

    public static readonly NumberType Single = new("float");

    private NumberType(string keyword) => Keyword = keyword;

    /// <summary>The C# keyword: <c>double</c> or <c>float</c>.</summary>
    public string Keyword { get; }

    public bool IsSingle => ReferenceEquals(this, Single);

    /// <summary>A literal of this type: <see cref="Numbers.Literal"/> for double; for float the nearest float, as <c>0.1f</c>.</summary>
    public string Literal(double value) => IsSingle ? SingleLiteral((float)value) : Numbers.Literal(value);

    /// <summary>
    /// How code calls a function of <see cref="FunctionTable"/>: System.Math's in double; in float the same method of
    /// <c>float</c> (float.Exp, float.Tanh, …, all of them exist there) and SymbolicGd.Functions' float forms in
    /// SymbolicGd.Layers.SingleFunctions.
    /// </summary>
    public string Call(Function function)
    {
        if (!IsSingle)
        {
            return function.CSharp!;
        }

        return function.Type == "SymbolicGd.Functions"
            ? "global::SymbolicGd.Layers.SingleFunctions." + function.Method
            : "float." + function.Method;
    }

    private static string SingleLiteral(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsPositiveInfinity(value))
        {
            return "float.PositiveInfinity";
        }

        if (float.IsNegativeInfinity(value))
        {
            return "float.NegativeInfinity";
        }

        // "R" for float is the shortest round-trip form on .NET Core; an older host may give a form that does not
        // round-trip, and G9 always does.
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (float.Parse(text, CultureInfo.InvariantCulture) != value)
        {
            text = value.ToString("G9", CultureInfo.InvariantCulture);
        }

        if (value == 0 && BitConverter.DoubleToInt64Bits(value) < 0 && text[0] != '-')
        {
            text = "-" + text;
        }

        return text + "f";
    }
}
