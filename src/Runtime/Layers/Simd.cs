using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymbolicGd.Layers;

/// <summary>
/// The few vector operations the matrix kernels need, over one vector width. The kernels are written once, generic
/// over an implementation of this interface; the JIT specialises them per struct, so the calls compile to single
/// instructions. Where FMA exists, <see cref="MultiplyAdd"/> rounds once.
/// </summary>
/// <typeparam name="TVector">The vector type.</typeparam>
/// <typeparam name="T">The element type: double, or float for float32 networks.</typeparam>
internal interface ISimd<TVector, T>
    where TVector : struct
    where T : unmanaged
{
    static abstract int Count { get; }

    /// <summary>
    /// The rows of a packed product's register tile (<see cref="PackedProduct"/>): 8 where the register file holds 32
    /// vectors (AVX-512: 8 rows × 3 vectors of sums, 3 of B and a broadcast), 4 where it holds 16.
    /// </summary>
    static abstract int TileRows { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(ref T start, nuint offset);

    static abstract void Store(TVector value, ref T start, nuint offset);

    static abstract TVector Broadcast(T value);

    /// <summary>a·b + addend.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

    static abstract T Sum(TVector value);
}

/// <summary>512-bit vectors: eight doubles or sixteen floats (AVX-512).</summary>
internal readonly struct Simd512<T> : ISimd<Vector512<T>, T>
    where T : unmanaged
{
    public static int Count => Vector512<T>.Count;

    public static int TileRows => 8;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T start, nuint offset) => Vector512.LoadUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T start, nuint offset) => value.StoreUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    // typeof(T) is a constant of each specialisation: the JIT keeps one branch, a single instruction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> addend)
    {
        if (typeof(T) == typeof(double) && Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        }

        return (a * b) + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value) => Vector512.Sum(value);
}

/// <summary>256-bit vectors: four doubles or eight floats (AVX2).</summary>
internal readonly struct Simd256<T> : ISimd<Vector256<T>, T>
    where T : unmanaged
{
    public static int Count => Vector256<T>.Count;

    public static int TileRows => 4;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T start, nuint offset) => Vector256.LoadUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T start, nuint offset) => value.StoreUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    // typeof(T) is a constant of each specialisation: the JIT keeps one branch, a single instruction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> addend)
    {
        if (typeof(T) == typeof(double) && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float) && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        }

        return (a * b) + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Vector256.Sum(value);
}

/// <summary>128-bit vectors: two doubles or four floats (SSE2, Arm64 AdvSimd): the portable floor.</summary>
internal readonly struct Simd128<T> : ISimd<Vector128<T>, T>
    where T : unmanaged
{
    public static int Count => Vector128<T>.Count;

    public static int TileRows => 4;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T start, nuint offset) => Vector128.LoadUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T start, nuint offset) => value.StoreUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    // typeof(T) is a constant of each specialisation: the JIT keeps one branch, a single instruction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> addend)
    {
        if (typeof(T) == typeof(double) && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float) && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        }

        return (a * b) + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value) => Vector128.Sum(value);
}
