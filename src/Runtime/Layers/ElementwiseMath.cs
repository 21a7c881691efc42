using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymbolicGd.Layers;

/// <summary>
/// e^x and tanh x over spans, vectorised, for the activations and the softmax of a batch: Cephes' approximations
/// (exp: x = n·ln 2 + r, e^r from a rational function of degree 3/3 in r², 2ⁿ from the exponent bits; tanh: an odd
/// rational function below |x| = 0.625, 1 − 2/(e^(2|x|) + 1) above), within 2 ulp of <see cref="Math.Exp"/> and
/// <see cref="Math.Tanh"/>; in float, Cephes' single-precision expf and tanhf (<see cref="SingleMath"/>), within 2 ulp of
/// float. One generic loop applies either.
/// </summary>
/// <remarks>
/// Why not <c>TensorPrimitives.Exp</c> and <c>Tanh</c>, which these replace: those are generic methods of a package
/// assembly, so in a fresh process they run as tiered compilation's unoptimized first tier until they have been
/// called often enough and a background compile has finished (their every vector operation a call), which made a
/// short first training run several times slower than a warm one. These are marked
/// <see cref="MethodImplOptions.AggressiveOptimization"/> and are optimized from the first call. Every element is
/// computed by the same sequence of rounded operations (no fused multiply-add), in a vector lane or in the scalar
/// loop of the last elements, so the result does not depend on where an element falls.
/// </remarks>
internal static class ElementwiseMath
{
    private const double Log2E = 1.4426950408889634073599;
    private const double Ln2High = 6.93145751953125E-1;
    private const double Ln2Low = 1.42860682030941723212E-6;
    private const double P0 = 1.26177193074810590878E-4, P1 = 3.02994407707441961300E-2, P2 = 9.99999999999999999910E-1;
    private const double Q0 = 3.00198505138664455042E-6, Q1 = 2.52448340349684104192E-3, Q2 = 2.27265548208155028766E-1, Q3 = 2.00000000000000000009E0;

    // Past these e^x is ∞ or 0 in double; clamping here keeps n = round(x·log₂e) small enough for the exponent trick.
    private const double Highest = 710.0, Lowest = -746.0;

    private const double T0 = -9.64399179425052238628E-1, T1 = -9.92877231001918586564E1, T2 = -1.61468768441708447952E3;
    private const double U0 = 1.12811678491632931402E2, U1 = 2.23548839060100448583E3, U2 = 4.84406305325125486048E3;
    private const double TanhSmall = 0.625;

    // Below this tanh x rounds to x (x³/3 is under half an ulp); taking x keeps the sign of −0.
    private const double TanhTiny = 1e-9;

    // x + 1.5·2⁵² has the integer nearest x in its low mantissa bits (|x| < 2⁵¹): the shifter gives 2ᵏ without a conversion.
    private const double Shifter = 6755399441055744.0;

    /// <summary>destination[i] = e^source[i]; the spans may be the same.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            Apply<double, DoubleLanes, ExpOf<double, DoubleLanes>>(Cast<T, double>(source), Cast<T, double>(destination));
        }
        else
        {
            Apply<float, SingleLanes, ExpOf<float, SingleLanes>>(Cast<T, float>(source), Cast<T, float>(destination));
        }
    }

    /// <summary>destination[i] = tanh source[i]; the spans may be the same.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            Apply<double, DoubleLanes, TanhOf<double, DoubleLanes>>(Cast<T, double>(source), Cast<T, double>(destination));
        }
        else
        {
            Apply<float, SingleLanes, TanhOf<float, SingleLanes>>(Cast<T, float>(source), Cast<T, float>(destination));
        }
    }

    /// <summary>destination[i] = σ(source[i]) = 1/(1 + e^(−source[i])); the spans may be the same.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            Apply<double, DoubleLanes, SigmoidOf<double, DoubleLanes>>(Cast<T, double>(source), Cast<T, double>(destination));
        }
        else
        {
            Apply<float, SingleLanes, SigmoidOf<float, SingleLanes>>(Cast<T, float>(source), Cast<T, float>(destination));
        }
    }

    // Only double and float reach here (the public kernels take one or the other): the reinterpretation is exact.
    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> span)
        where TFrom : unmanaged
        where TTo : unmanaged =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(span)), span.Length);

    private static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> span)
        where TFrom : unmanaged
        where TTo : unmanaged =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(span)), span.Length);

    /// <summary>The one loop of every function: the widest vectors, then the scalar form of the same operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply<T, TLanes, TFunction>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : ILanes<T>
        where TFunction : IFunction<T>
    {
        ref T x = ref MemoryMarshal.GetReference(source);
        ref T y = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<T>.Count <= source.Length; i += Vector512<T>.Count)
            {
                TFunction.Of(Vector512.LoadUnsafe(ref x, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<T>.Count <= source.Length; i += Vector256<T>.Count)
            {
                TFunction.Of(Vector256.LoadUnsafe(ref x, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref y, i) = TFunction.Of(Unsafe.Add(ref x, i));
        }
    }

    /// <summary>e^x and tanh x in the lanes of one element type: Cephes' double or single-precision approximations.</summary>
    private interface ILanes<T>
        where T : unmanaged
    {
        static abstract Vector512<T> Exp(Vector512<T> x);

        static abstract Vector256<T> Exp(Vector256<T> x);

        static abstract T Exp(T x);

        static abstract Vector512<T> Tanh(Vector512<T> x);

        static abstract Vector256<T> Tanh(Vector256<T> x);

        static abstract T Tanh(T x);
    }

    /// <summary>A function over vectors of both widths and over one element.</summary>
    private interface IFunction<T>
        where T : unmanaged
    {
        static abstract Vector512<T> Of(Vector512<T> x);

        static abstract Vector256<T> Of(Vector256<T> x);

        static abstract T Of(T x);
    }

    private readonly struct ExpOf<T, TLanes> : IFunction<T>
        where T : unmanaged
        where TLanes : ILanes<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Of(Vector512<T> x) => TLanes.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Of(Vector256<T> x) => TLanes.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Of(T x) => TLanes.Exp(x);
    }

    private readonly struct TanhOf<T, TLanes> : IFunction<T>
        where T : unmanaged
        where TLanes : ILanes<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Of(Vector512<T> x) => TLanes.Tanh(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Of(Vector256<T> x) => TLanes.Tanh(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Of(T x) => TLanes.Tanh(x);
    }

    private readonly struct SigmoidOf<T, TLanes> : IFunction<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : ILanes<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Of(Vector512<T> x) => Vector512<T>.One / (Vector512<T>.One + TLanes.Exp(-x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Of(Vector256<T> x) => Vector256<T>.One / (Vector256<T>.One + TLanes.Exp(-x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Of(T x) => T.One / (T.One + TLanes.Exp(-x));
    }

    private readonly struct DoubleLanes : ILanes<double>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Exp(Vector512<double> x) => ElementwiseMath.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Exp(Vector256<double> x) => ElementwiseMath.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Exp(double x) => ElementwiseMath.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Tanh(Vector512<double> x) => ElementwiseMath.Tanh(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Tanh(Vector256<double> x) => ElementwiseMath.Tanh(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Tanh(double x) => ElementwiseMath.Tanh(x);
    }

    private readonly struct SingleLanes : ILanes<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Exp(Vector512<float> x) => SingleMath.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Exp(Vector256<float> x) => SingleMath.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x) => SingleMath.Exp(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Tanh(Vector512<float> x) => SingleMath.Tanh(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Tanh(Vector256<float> x) => SingleMath.Tanh(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x) => SingleMath.Tanh(x);
    }

    /// <summary>e^x for one element, by the vector lanes' operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Exp(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        x = Math.Min(Math.Max(x, Lowest), Highest);
        double n = Math.Floor(Log2E * x + 0.5);
        double r = x - n * Ln2High;
        r -= n * Ln2Low;
        double rr = r * r;
        double px = r * ((P0 * rr + P1) * rr + P2);
        double e = px / ((((Q0 * rr + Q1) * rr + Q2) * rr + Q3) - px);
        e = 1.0 + 2.0 * e;
        double half = Math.Floor(n * 0.5);
        return e * PowerOfTwo(half) * PowerOfTwo(n - half);
    }

    /// <summary>tanh x for one element, by the vector lanes' operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Tanh(double x)
    {
        double z = Math.Abs(x);
        if (z > TanhSmall)
        {
            double large = 1.0 - 2.0 / (Exp(z + z) + 1.0);
            return x < 0 ? -large : large;
        }

        if (z < TanhTiny)
        {
            return x;
        }

        double s = x * x;
        double p = (T0 * s + T1) * s + T2;
        double q = ((s + U0) * s + U1) * s + U2;
        return x + x * s * p / q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PowerOfTwo(double k) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(k + 1023.0 + Shifter) << 52);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Exp(Vector512<double> x)
    {
        Vector512<double> clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(Lowest)), Vector512.Create(Highest));
        Vector512<double> n = Vector512.Floor(Vector512.Create(Log2E) * clamped + Vector512.Create(0.5));
        Vector512<double> r = clamped - n * Vector512.Create(Ln2High);
        r -= n * Vector512.Create(Ln2Low);
        Vector512<double> rr = r * r;
        Vector512<double> px = r * (((Vector512.Create(P0) * rr) + Vector512.Create(P1)) * rr + Vector512.Create(P2));
        Vector512<double> q = (((Vector512.Create(Q0) * rr + Vector512.Create(Q1)) * rr + Vector512.Create(Q2)) * rr) + Vector512.Create(Q3);
        Vector512<double> e = Vector512<double>.One + Vector512.Create(2.0) * (px / (q - px));
        Vector512<double> half = Vector512.Floor(n * Vector512.Create(0.5));
        Vector512<double> result = e * PowerOfTwo(half) * PowerOfTwo(n - half);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> PowerOfTwo(Vector512<double> k) =>
        Vector512.ShiftLeft((k + Vector512.Create(1023.0 + Shifter)).AsInt64(), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> z = Vector512.Abs(x);
        Vector512<double> large = Vector512<double>.One - Vector512.Create(2.0) / (Exp(z + z) + Vector512<double>.One);
        large = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), -large, large);
        Vector512<double> s = x * x;
        Vector512<double> p = (Vector512.Create(T0) * s + Vector512.Create(T1)) * s + Vector512.Create(T2);
        Vector512<double> q = ((s + Vector512.Create(U0)) * s + Vector512.Create(U1)) * s + Vector512.Create(U2);
        Vector512<double> small = Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512.Create(TanhTiny)), x, x + x * s * p / q);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512.Create(TanhSmall)), large, small);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Exp(Vector256<double> x)
    {
        Vector256<double> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(Lowest)), Vector256.Create(Highest));
        Vector256<double> n = Vector256.Floor(Vector256.Create(Log2E) * clamped + Vector256.Create(0.5));
        Vector256<double> r = clamped - n * Vector256.Create(Ln2High);
        r -= n * Vector256.Create(Ln2Low);
        Vector256<double> rr = r * r;
        Vector256<double> px = r * (((Vector256.Create(P0) * rr) + Vector256.Create(P1)) * rr + Vector256.Create(P2));
        Vector256<double> q = (((Vector256.Create(Q0) * rr + Vector256.Create(Q1)) * rr + Vector256.Create(Q2)) * rr) + Vector256.Create(Q3);
        Vector256<double> e = Vector256<double>.One + Vector256.Create(2.0) * (px / (q - px));
        Vector256<double> half = Vector256.Floor(n * Vector256.Create(0.5));
        Vector256<double> result = e * PowerOfTwo(half) * PowerOfTwo(n - half);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> PowerOfTwo(Vector256<double> k) =>
        Vector256.ShiftLeft((k + Vector256.Create(1023.0 + Shifter)).AsInt64(), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> z = Vector256.Abs(x);
        Vector256<double> large = Vector256<double>.One - Vector256.Create(2.0) / (Exp(z + z) + Vector256<double>.One);
        large = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), -large, large);
        Vector256<double> s = x * x;
        Vector256<double> p = (Vector256.Create(T0) * s + Vector256.Create(T1)) * s + Vector256.Create(T2);
        Vector256<double> q = ((s + Vector256.Create(U0)) * s + Vector256.Create(U1)) * s + Vector256.Create(U2);
        Vector256<double> small = Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256.Create(TanhTiny)), x, x + x * s * p / q);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256.Create(TanhSmall)), large, small);
    }
}
