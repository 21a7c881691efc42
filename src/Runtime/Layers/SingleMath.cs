using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SymbolicGd.Layers;

/// <summary>
/// e^x and tanh x in float, for float32 networks: Cephes' single-precision approximations (expf: x = n·ln 2 + r with
/// ln 2 split in two, e^r from a degree-7 polynomial, 2ⁿ from the exponent bits; tanhf: an odd polynomial below
/// |x| = 0.625, 1 − 2/(e^(2|x|) + 1) above), within 2 ulp of the correctly rounded float, in float throughout.
/// </summary>
/// <remarks>
/// Converting to double and back would be exact enough but halves the lanes of every vector; these keep 16 floats in
/// a 512-bit register. As the double forms in <see cref="ElementwiseMath"/>, every element runs the same rounded
/// operations (no fused multiply-add) in a vector lane or in the scalar form, so the result does not depend on where
/// an element falls.
/// </remarks>
internal static class SingleMath
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f;
    private const float P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    // Past these e^x is ∞ or 0 in float (the smallest subnormal is 2⁻¹⁴⁹); clamping keeps n within the exponent trick.
    private const float Highest = 89.0f, Lowest = -104.0f;

    private const float T0 = -5.70498872745E-3f, T1 = 2.06390887954E-2f, T2 = -5.37397155531E-2f;
    private const float T3 = 1.33314422036E-1f, T4 = -3.33332819422E-1f;
    private const float TanhSmall = 0.625f;

    // Below this tanh x rounds to x in float (x³/3 is under half an ulp); taking x keeps the sign of −0.
    private const float TanhTiny = 1e-4f;

    // x + 1.5·2²³ has the integer nearest x in its low mantissa bits (|x| < 2²²): the shifter gives 2ᵏ without a conversion.
    private const float Shifter = 12582912.0f;

    /// <summary>e^x for one element, by the vector lanes' operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Exp(float x)
    {
        if (float.IsNaN(x))
        {
            return x;
        }

        x = Math.Min(Math.Max(x, Lowest), Highest);
        float n = MathF.Floor(Log2E * x + 0.5f);
        float r = x - n * Ln2High;
        r -= n * Ln2Low;
        float rr = r * r;
        float e = (((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5) * rr + r + 1.0f;
        float half = MathF.Floor(n * 0.5f);
        return e * PowerOfTwo(half) * PowerOfTwo(n - half);
    }

    /// <summary>tanh x for one element, by the vector lanes' operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Tanh(float x)
    {
        float z = Math.Abs(x);
        if (z > TanhSmall)
        {
            float large = 1.0f - 2.0f / (Exp(z + z) + 1.0f);
            return x < 0 ? -large : large;
        }

        if (z < TanhTiny)
        {
            return x;
        }

        float s = x * x;
        float p = ((((T0 * s + T1) * s + T2) * s + T3) * s + T4) * s;
        return p * x + x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float PowerOfTwo(float k) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(k + 127.0f + Shifter) << 23);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(Lowest)), Vector512.Create(Highest));
        Vector512<float> n = Vector512.Floor(Vector512.Create(Log2E) * clamped + Vector512.Create(0.5f));
        Vector512<float> r = clamped - n * Vector512.Create(Ln2High);
        r -= n * Vector512.Create(Ln2Low);
        Vector512<float> rr = r * r;
        Vector512<float> p = (((((Vector512.Create(P0) * r + Vector512.Create(P1)) * r + Vector512.Create(P2)) * r + Vector512.Create(P3)) * r
            + Vector512.Create(P4)) * r + Vector512.Create(P5)) * rr;
        Vector512<float> e = p + r + Vector512<float>.One;
        Vector512<float> half = Vector512.Floor(n * Vector512.Create(0.5f));
        Vector512<float> result = e * PowerOfTwo(half) * PowerOfTwo(n - half);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PowerOfTwo(Vector512<float> k) =>
        Vector512.ShiftLeft((k + Vector512.Create(127.0f + Shifter)).AsInt32(), 23).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> z = Vector512.Abs(x);
        Vector512<float> large = Vector512<float>.One - Vector512.Create(2.0f) / (Exp(z + z) + Vector512<float>.One);
        large = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), -large, large);
        Vector512<float> s = x * x;
        Vector512<float> p = ((((Vector512.Create(T0) * s + Vector512.Create(T1)) * s + Vector512.Create(T2)) * s + Vector512.Create(T3)) * s
            + Vector512.Create(T4)) * s;
        Vector512<float> small = Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512.Create(TanhTiny)), x, p * x + x);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512.Create(TanhSmall)), large, small);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(Lowest)), Vector256.Create(Highest));
        Vector256<float> n = Vector256.Floor(Vector256.Create(Log2E) * clamped + Vector256.Create(0.5f));
        Vector256<float> r = clamped - n * Vector256.Create(Ln2High);
        r -= n * Vector256.Create(Ln2Low);
        Vector256<float> rr = r * r;
        Vector256<float> p = (((((Vector256.Create(P0) * r + Vector256.Create(P1)) * r + Vector256.Create(P2)) * r + Vector256.Create(P3)) * r
            + Vector256.Create(P4)) * r + Vector256.Create(P5)) * rr;
        Vector256<float> e = p + r + Vector256<float>.One;
        Vector256<float> half = Vector256.Floor(n * Vector256.Create(0.5f));
        Vector256<float> result = e * PowerOfTwo(half) * PowerOfTwo(n - half);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> PowerOfTwo(Vector256<float> k) =>
        Vector256.ShiftLeft((k + Vector256.Create(127.0f + Shifter)).AsInt32(), 23).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> z = Vector256.Abs(x);
        Vector256<float> large = Vector256<float>.One - Vector256.Create(2.0f) / (Exp(z + z) + Vector256<float>.One);
        large = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -large, large);
        Vector256<float> s = x * x;
        Vector256<float> p = ((((Vector256.Create(T0) * s + Vector256.Create(T1)) * s + Vector256.Create(T2)) * s + Vector256.Create(T3)) * s
            + Vector256.Create(T4)) * s;
        Vector256<float> small = Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256.Create(TanhTiny)), x, p * x + x);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256.Create(TanhSmall)), large, small);
    }
}
