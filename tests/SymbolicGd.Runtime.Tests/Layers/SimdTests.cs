using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SymbolicGd.Layers;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// The vector operations of the matrix kernels (<see cref="Simd512{T}"/>, <see cref="Simd256{T}"/>, <see cref="Simd128{T}"/>, over double)
/// against plain loops over doubles, each width on its own: the kernels pick the widest the machine has, so the
/// narrower two run only here. Vector operations of a width the hardware lacks are emulated, so every width runs on
/// every machine; only which multiply-add rounds once depends on the hardware.
/// </summary>
public sealed class SimdTests
{
    // 1 + 2⁻³⁰ and 1 − 2⁻³⁰: their product 1 − 2⁻⁶⁰ rounds to 1, so a·b − 1 is 0 rounded twice and −2⁻⁶⁰ fused.
    private static readonly double Above = 1 + Math.ScaleB(1, -30), Below = 1 - Math.ScaleB(1, -30);

    [Fact]
    public void Simd512_loads_stores_broadcasts_and_sums_eight_doubles() =>
        LoadsStoresBroadcastsAndSums<Simd512<double>, Vector512<double>>(8, 8);

    [Fact]
    public void Simd256_loads_stores_broadcasts_and_sums_four_doubles() =>
        LoadsStoresBroadcastsAndSums<Simd256<double>, Vector256<double>>(4, 4);

    [Fact]
    public void Simd128_loads_stores_broadcasts_and_sums_two_doubles() =>
        LoadsStoresBroadcastsAndSums<Simd128<double>, Vector128<double>>(2, 4);

    [Fact]
    public void Simd512_multiply_add_rounds_once_where_avx512_has_fma() =>
        MultiplyAdds<Simd512<double>, Vector512<double>>(Avx512F.IsSupported);

    [Fact]
    public void Simd256_multiply_add_rounds_once_where_fma_exists() =>
        MultiplyAdds<Simd256<double>, Vector256<double>>(Fma.IsSupported);

    [Fact]
    public void Simd128_multiply_add_rounds_once_where_fma_exists() =>
        MultiplyAdds<Simd128<double>, Vector128<double>>(Fma.IsSupported);

    private static void LoadsStoresBroadcastsAndSums<TOps, TVector>(int count, int tileRows)
        where TOps : ISimd<TVector, double>
        where TVector : struct
    {
        Assert.Equal(count, TOps.Count);
        Assert.Equal(tileRows, TOps.TileRows);

        // Distinct powers of two, so any lane out of place changes the sum, and the sum is exact in any order.
        double[] source = new double[count + 3];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = Math.ScaleB(1, i);
        }

        TVector loaded = TOps.Load(ref source[0], 3);
        double expectedSum = 0;
        for (int i = 0; i < count; i++)
        {
            expectedSum += source[3 + i];
        }

        Assert.Equal(expectedSum, TOps.Sum(loaded));

        double[] target = new double[count + 5];
        TOps.Store(loaded, ref target[0], 2);
        for (int i = 0; i < target.Length; i++)
        {
            Assert.Equal(i >= 2 && i < 2 + count ? source[i + 1] : 0.0, target[i]);
        }

        TOps.Store(TOps.Broadcast(-2.5), ref target[0], 0);
        Assert.Equal(-2.5 * count, TOps.Sum(TOps.Broadcast(-2.5)));
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(-2.5, target[i]);
        }

        Assert.Equal(0.0, TOps.Sum(TOps.Zero));
        TOps.Store(TOps.Zero, ref target[0], 1);
        Assert.Equal(-2.5, target[0]);
        for (int i = 1; i <= count; i++)
        {
            Assert.Equal(0.0, target[i]);
        }
    }

    private static void MultiplyAdds<TOps, TVector>(bool fused)
        where TOps : ISimd<TVector, double>
        where TVector : struct
    {
        int count = TOps.Count;
        double[] a = new double[count], b = new double[count], c = new double[count], result = new double[count];
        for (int i = 0; i < count; i++)
        {
            (a[i], b[i], c[i]) = i % 2 == 0 ? (Above, Below, -1.0) : (i + 0.5, -3.0, 0.25 * i);
        }

        TOps.Store(TOps.MultiplyAdd(TOps.Load(ref a[0], 0), TOps.Load(ref b[0], 0), TOps.Load(ref c[0], 0)), ref result[0], 0);
        for (int i = 0; i < count; i++)
        {
            double expected = fused ? Math.FusedMultiplyAdd(a[i], b[i], c[i]) : (a[i] * b[i]) + c[i];
            Assert.Equal(expected, result[i]);
        }

        // The lanes that tell fused from unfused apart do.
        Assert.Equal(fused ? -Math.ScaleB(1, -60) : 0.0, result[0]);
    }
}
