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
/// <typeparam name="T">The element type: double today; float32 networks add implementations over float.</typeparam>
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

/// <summary>512-bit vectors: eight doubles (AVX-512).</summary>
internal readonly struct Simd512 : ISimd<Vector512<double>, double>
{
    public static int Count => Vector512<double>.Count;

    public static int TileRows => 8;

    public static Vector512<double> Zero => Vector512<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double start, nuint offset) => Vector512.LoadUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double start, nuint offset) => value.StoreUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> addend) =>
        // Stryker disable once Conditional : "true" changes nothing where the tests run (x64 with FMA); without FMA it would throw PlatformNotSupportedException in SimdTests
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, addend) : MultiplyThenAdd(a, b, addend);

    /// <summary>a·b + addend rounded twice: <see cref="MultiplyAdd"/> where the hardware has no FMA (a method of its own so that the tests reach it on hardware that has).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> MultiplyThenAdd(Vector512<double> a, Vector512<double> b, Vector512<double> addend) => (a * b) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector512<double> value) => Vector512.Sum(value);
}

/// <summary>256-bit vectors: four doubles (AVX2).</summary>
internal readonly struct Simd256 : ISimd<Vector256<double>, double>
{
    public static int Count => Vector256<double>.Count;

    public static int TileRows => 4;

    public static Vector256<double> Zero => Vector256<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double start, nuint offset) => Vector256.LoadUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double start, nuint offset) => value.StoreUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> addend) =>
        // Stryker disable once Conditional : "true" changes nothing where the tests run (x64 with FMA); without FMA it would throw PlatformNotSupportedException in SimdTests
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend) : MultiplyThenAdd(a, b, addend);

    /// <summary>a·b + addend rounded twice: <see cref="MultiplyAdd"/> where the hardware has no FMA (a method of its own so that the tests reach it on hardware that has).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> MultiplyThenAdd(Vector256<double> a, Vector256<double> b, Vector256<double> addend) => (a * b) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector256<double> value) => Vector256.Sum(value);
}

/// <summary>128-bit vectors: two doubles (SSE2, Arm64 AdvSimd): the portable floor.</summary>
internal readonly struct Simd128 : ISimd<Vector128<double>, double>
{
    public static int Count => Vector128<double>.Count;

    public static int TileRows => 4;

    public static Vector128<double> Zero => Vector128<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double start, nuint offset) => Vector128.LoadUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double start, nuint offset) => value.StoreUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Broadcast(double value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> addend) =>
        // Stryker disable once Conditional : "true" changes nothing where the tests run (x64 with FMA); without FMA it would throw PlatformNotSupportedException in SimdTests
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend) : MultiplyThenAdd(a, b, addend);

    /// <summary>a·b + addend rounded twice: <see cref="MultiplyAdd"/> where the hardware has no FMA (a method of its own so that the tests reach it on hardware that has).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<double> MultiplyThenAdd(Vector128<double> a, Vector128<double> b, Vector128<double> addend) => (a * b) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector128<double> value) => Vector128.Sum(value);
}
