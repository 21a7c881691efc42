using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymbolicGd.Layers;

/// <summary>
/// The matrix products every dense layer needs, vectorised for the widest vectors the machine has. All
/// matrices are row-major. Callers check shapes (see <see cref="Dense"/>); these check only that every element they
/// touch lies inside its span, so a wrong shape can never read or write outside memory.
/// </summary>
/// <remarks>
/// The product kernel keeps a tile of 4 rows × 4 vectors of C in registers over the whole sum, reading one row of B
/// and broadcasting four elements of A per step: 16 fused multiply-adds per 4 loads and 4 broadcasts. With 8-wide
/// vectors that is a 4 × 32 tile, which covers a typical hidden layer's width in one pass. Edges are handled by
/// narrower tiles and, for the last columns that do not fill a vector, a scalar loop.
/// </remarks>
internal static class MatrixKernels
{
    /// <summary>
    /// C[i, j] = (accumulate ? C[i, j] : 0) + Σₚ A(i, p)·B[p, j] for i &lt; m, j &lt; n, p &lt; k, where A(i, p) is
    /// <c>a[i·aRow + p·aCol]</c> (so Aᵀ is read by swapping the strides), B[p, j] is <c>b[p·ldb + j]</c> and C[i, j]
    /// is <c>c[i·ldc + j]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd<T>(
        int m, int n, int k, ReadOnlySpan<T> a, int aRow, int aCol, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        Require(c.Length >= (long)(m - 1) * ldc + n, nameof(c));
        if (k <= 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        Require(a.Length >= (long)(m - 1) * aRow + (long)(k - 1) * aCol + 1, nameof(a));
        Require(b.Length >= (long)(k - 1) * ldb + n, nameof(b));
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        // The widest vector that the row fits: a narrow layer (iris' 3 classes, XOR's 2 inputs) still vectorises.
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            Product<T, Simd512<T>, Vector512<T>>(m, n, k, ref ra, aRow, aCol, ref rb, ldb, ref rc, ldc, accumulate);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            Product<T, Simd256<T>, Vector256<T>>(m, n, k, ref ra, aRow, aCol, ref rb, ldb, ref rc, ldc, accumulate);
        }
        else
        {
            Product<T, Simd128<T>, Vector128<T>>(m, n, k, ref ra, aRow, aCol, ref rb, ldb, ref rc, ldc, accumulate);
        }
    }

    /// <summary>
    /// C[i, j] += Σₚ A[i, p]·B[j, p] for i &lt; m, j &lt; n, p &lt; k, where A[i, p] is <c>a[i·lda + p]</c>, B[j, p] is
    /// <c>b[j·ldb + p]</c> and C[i, j] is <c>c[i·ldc + j]</c>: the product A·Bᵀ, both read along their rows.
    /// </summary>
    /// <remarks>
    /// A layer's forward pass is this form (X·Wᵀ, and W·x for one sample), so it runs without transposing W. Each
    /// C[i, j] is a dot product of two contiguous rows: a tile of 4 rows of A × 4 rows of B keeps 16 vectors of
    /// partial sums in registers over the whole sum and reduces each once at the end.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyTransposedAdd<T>(
        int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m <= 0 || n <= 0 || k <= 0)
        {
            return;
        }

        Require(a.Length >= (long)(m - 1) * lda + k, nameof(a));
        Require(b.Length >= (long)(n - 1) * ldb + k, nameof(b));
        Require(c.Length >= (long)(m - 1) * ldc + n, nameof(c));
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        // The widest vector that the sum fills at least once: iris' 4 inputs still vectorise.
        if (Vector512.IsHardwareAccelerated && k >= Vector512<T>.Count)
        {
            DotProducts<T, Simd512<T>, Vector512<T>>(m, n, k, ref ra, lda, ref rb, ldb, ref rc, ldc);
        }
        else if (Vector256.IsHardwareAccelerated && k >= Vector256<T>.Count)
        {
            DotProducts<T, Simd256<T>, Vector256<T>>(m, n, k, ref ra, lda, ref rb, ldb, ref rc, ldc);
        }
        else
        {
            DotProducts<T, Simd128<T>, Vector128<T>>(m, n, k, ref ra, lda, ref rb, ldb, ref rc, ldc);
        }
    }

    /// <summary>
    /// C[i, j] = (accumulate ? C[i, j] : bias[j], or 0 when <paramref name="bias"/> is empty) + Σₚ A(i, p)·B(p, j) for
    /// i &lt; m, j &lt; n, p &lt; k, with A(i, p) = <c>a[i·aRow + p·aCol]</c>, B(p, j) = <c>b[p·bRow + j·bCol]</c> and C
    /// row-major: the packed, cache-blocked product (<see cref="PackedProduct"/>) for a mini-batch's matrices.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackedMultiply<T>(
        int m, int n, int k, ReadOnlySpan<T> a, int aRow, int aCol, ReadOnlySpan<T> b, int bRow, int bCol,
        Span<T> c, int ldc, ReadOnlySpan<T> bias, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        Require(c.Length >= (long)(m - 1) * ldc + n, nameof(c));
        Require(bias.IsEmpty || bias.Length >= n, nameof(bias));
        if (k <= 0)
        {
            for (int i = 0; !accumulate && i < m; i++)
            {
                if (bias.IsEmpty)
                {
                    c.Slice(i * ldc, n).Clear();
                }
                else
                {
                    bias[..n].CopyTo(c.Slice(i * ldc, n));
                }
            }

            return;
        }

        Require(a.Length >= (long)(m - 1) * aRow + (long)(k - 1) * aCol + 1, nameof(a));
        Require(b.Length >= (long)(k - 1) * bRow + (long)(n - 1) * bCol + 1, nameof(b));
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        if (Vector512.IsHardwareAccelerated)
        {
            PackedProduct.Multiply<T, Simd512<T>, Vector512<T>>(m, n, k, ref ra, aRow, aCol, ref rb, bRow, bCol, ref rc, ldc, bias, accumulate);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            PackedProduct.Multiply<T, Simd256<T>, Vector256<T>>(m, n, k, ref ra, aRow, aCol, ref rb, bRow, bCol, ref rc, ldc, bias, accumulate);
        }
        else
        {
            PackedProduct.Multiply<T, Simd128<T>, Vector128<T>>(m, n, k, ref ra, aRow, aCol, ref rb, bRow, bCol, ref rc, ldc, bias, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Product<T, TOps, TVector>(
        int m, int n, int k, ref T a, nint aRow, nint aCol, ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TOps.Count;
        int j = 0;
        for (; j + 4 * w <= n; j += 4 * w)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
            {
                Tile4x4<T, TOps, TVector>(k, ref Unsafe.Add(ref a, i * aRow), aRow, aCol, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc, accumulate);
            }

            for (; i < m; i++)
            {
                Tile1x4<T, TOps, TVector>(k, ref Unsafe.Add(ref a, i * aRow), aCol, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), accumulate);
            }
        }

        for (; j + w <= n; j += w)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
            {
                Tile4x1<T, TOps, TVector>(k, ref Unsafe.Add(ref a, i * aRow), aRow, aCol, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc, accumulate);
            }

            for (; i < m; i++)
            {
                Tile1x1<T, TOps, TVector>(k, ref Unsafe.Add(ref a, i * aRow), aCol, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), accumulate);
            }
        }

        for (; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                ref T ai = ref Unsafe.Add(ref a, i * aRow);
                ref T cij = ref Unsafe.Add(ref c, i * ldc + j);
                T sum = accumulate ? cij : T.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum += Unsafe.Add(ref ai, p * aCol) * Unsafe.Add(ref b, p * ldb + j);
                }

                cij = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x4<T, TOps, TVector>(
        int k, ref T a, nint aRow, nint aCol, ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint w = (nuint)TOps.Count;
        ref T c0 = ref c;
        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref T c3 = ref Unsafe.Add(ref c, 3 * ldc);
        TVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        if (accumulate)
        {
            s00 = TOps.Load(ref c0, 0); s01 = TOps.Load(ref c0, w); s02 = TOps.Load(ref c0, 2 * w); s03 = TOps.Load(ref c0, 3 * w);
            s10 = TOps.Load(ref c1, 0); s11 = TOps.Load(ref c1, w); s12 = TOps.Load(ref c1, 2 * w); s13 = TOps.Load(ref c1, 3 * w);
            s20 = TOps.Load(ref c2, 0); s21 = TOps.Load(ref c2, w); s22 = TOps.Load(ref c2, 2 * w); s23 = TOps.Load(ref c2, 3 * w);
            s30 = TOps.Load(ref c3, 0); s31 = TOps.Load(ref c3, w); s32 = TOps.Load(ref c3, 2 * w); s33 = TOps.Load(ref c3, 3 * w);
        }
        else
        {
            s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = TOps.Zero;
        }

        ref T a0 = ref a;
        ref T a1 = ref Unsafe.Add(ref a, aRow);
        ref T a2 = ref Unsafe.Add(ref a, 2 * aRow);
        ref T a3 = ref Unsafe.Add(ref a, 3 * aRow);
        for (int p = 0; p < k; p++)
        {
            nint ap = p * aCol;
            ref T bp = ref Unsafe.Add(ref b, p * ldb);
            TVector b0 = TOps.Load(ref bp, 0);
            TVector b1 = TOps.Load(ref bp, w);
            TVector b2 = TOps.Load(ref bp, 2 * w);
            TVector b3 = TOps.Load(ref bp, 3 * w);
            TVector x = TOps.Broadcast(Unsafe.Add(ref a0, ap));
            s00 = TOps.MultiplyAdd(x, b0, s00); s01 = TOps.MultiplyAdd(x, b1, s01); s02 = TOps.MultiplyAdd(x, b2, s02); s03 = TOps.MultiplyAdd(x, b3, s03);
            x = TOps.Broadcast(Unsafe.Add(ref a1, ap));
            s10 = TOps.MultiplyAdd(x, b0, s10); s11 = TOps.MultiplyAdd(x, b1, s11); s12 = TOps.MultiplyAdd(x, b2, s12); s13 = TOps.MultiplyAdd(x, b3, s13);
            x = TOps.Broadcast(Unsafe.Add(ref a2, ap));
            s20 = TOps.MultiplyAdd(x, b0, s20); s21 = TOps.MultiplyAdd(x, b1, s21); s22 = TOps.MultiplyAdd(x, b2, s22); s23 = TOps.MultiplyAdd(x, b3, s23);
            x = TOps.Broadcast(Unsafe.Add(ref a3, ap));
            s30 = TOps.MultiplyAdd(x, b0, s30); s31 = TOps.MultiplyAdd(x, b1, s31); s32 = TOps.MultiplyAdd(x, b2, s32); s33 = TOps.MultiplyAdd(x, b3, s33);
        }

        TOps.Store(s00, ref c0, 0); TOps.Store(s01, ref c0, w); TOps.Store(s02, ref c0, 2 * w); TOps.Store(s03, ref c0, 3 * w);
        TOps.Store(s10, ref c1, 0); TOps.Store(s11, ref c1, w); TOps.Store(s12, ref c1, 2 * w); TOps.Store(s13, ref c1, 3 * w);
        TOps.Store(s20, ref c2, 0); TOps.Store(s21, ref c2, w); TOps.Store(s22, ref c2, 2 * w); TOps.Store(s23, ref c2, 3 * w);
        TOps.Store(s30, ref c3, 0); TOps.Store(s31, ref c3, w); TOps.Store(s32, ref c3, 2 * w); TOps.Store(s33, ref c3, 3 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x4<T, TOps, TVector>(int k, ref T a, nint aCol, ref T b, nint ldb, ref T c, bool accumulate)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint w = (nuint)TOps.Count;
        TVector s0, s1, s2, s3;
        if (accumulate)
        {
            s0 = TOps.Load(ref c, 0); s1 = TOps.Load(ref c, w); s2 = TOps.Load(ref c, 2 * w); s3 = TOps.Load(ref c, 3 * w);
        }
        else
        {
            s0 = s1 = s2 = s3 = TOps.Zero;
        }

        for (int p = 0; p < k; p++)
        {
            ref T bp = ref Unsafe.Add(ref b, p * ldb);
            TVector x = TOps.Broadcast(Unsafe.Add(ref a, p * aCol));
            s0 = TOps.MultiplyAdd(x, TOps.Load(ref bp, 0), s0);
            s1 = TOps.MultiplyAdd(x, TOps.Load(ref bp, w), s1);
            s2 = TOps.MultiplyAdd(x, TOps.Load(ref bp, 2 * w), s2);
            s3 = TOps.MultiplyAdd(x, TOps.Load(ref bp, 3 * w), s3);
        }

        TOps.Store(s0, ref c, 0); TOps.Store(s1, ref c, w); TOps.Store(s2, ref c, 2 * w); TOps.Store(s3, ref c, 3 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x1<T, TOps, TVector>(
        int k, ref T a, nint aRow, nint aCol, ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T c0 = ref c;
        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref T c3 = ref Unsafe.Add(ref c, 3 * ldc);
        TVector s0, s1, s2, s3;
        if (accumulate)
        {
            s0 = TOps.Load(ref c0, 0); s1 = TOps.Load(ref c1, 0); s2 = TOps.Load(ref c2, 0); s3 = TOps.Load(ref c3, 0);
        }
        else
        {
            s0 = s1 = s2 = s3 = TOps.Zero;
        }

        ref T a0 = ref a;
        ref T a1 = ref Unsafe.Add(ref a, aRow);
        ref T a2 = ref Unsafe.Add(ref a, 2 * aRow);
        ref T a3 = ref Unsafe.Add(ref a, 3 * aRow);
        for (int p = 0; p < k; p++)
        {
            nint ap = p * aCol;
            TVector bp = TOps.Load(ref Unsafe.Add(ref b, p * ldb), 0);
            s0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a0, ap)), bp, s0);
            s1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a1, ap)), bp, s1);
            s2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a2, ap)), bp, s2);
            s3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a3, ap)), bp, s3);
        }

        TOps.Store(s0, ref c0, 0); TOps.Store(s1, ref c1, 0); TOps.Store(s2, ref c2, 0); TOps.Store(s3, ref c3, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x1<T, TOps, TVector>(int k, ref T a, nint aCol, ref T b, nint ldb, ref T c, bool accumulate)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TVector s = accumulate ? TOps.Load(ref c, 0) : TOps.Zero;
        for (int p = 0; p < k; p++)
        {
            s = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, p * aCol)), TOps.Load(ref Unsafe.Add(ref b, p * ldb), 0), s);
        }

        TOps.Store(s, ref c, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotProducts<T, TOps, TVector>(int m, int n, int k, ref T a, nint lda, ref T b, nint ldb, ref T c, nint ldc)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                DotTile4x4<T, TOps, TVector>(k, ref Unsafe.Add(ref a, i * lda), lda, ref Unsafe.Add(ref b, j * ldb), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc);
            }

            for (; j < n; j++)
            {
                for (int r = 0; r < 4; r++)
                {
                    DotTile1x4<T, TOps, TVector>(k, 1, ref Unsafe.Add(ref a, (i + r) * lda), ref Unsafe.Add(ref b, j * ldb), ldb, ref Unsafe.Add(ref c, (i + r) * ldc + j));
                }
            }
        }

        for (; i < m; i++)
        {
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                DotTile1x4<T, TOps, TVector>(k, 4, ref Unsafe.Add(ref a, i * lda), ref Unsafe.Add(ref b, j * ldb), ldb, ref Unsafe.Add(ref c, i * ldc + j));
            }

            for (; j < n; j++)
            {
                DotTile1x4<T, TOps, TVector>(k, 1, ref Unsafe.Add(ref a, i * lda), ref Unsafe.Add(ref b, j * ldb), ldb, ref Unsafe.Add(ref c, i * ldc + j));
            }
        }
    }

    /// <summary>C[r, s] += A[r, :]·B[s, :] for r, s &lt; 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotTile4x4<T, TOps, TVector>(int k, ref T a, nint lda, ref T b, nint ldb, ref T c, nint ldc)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint w = (nuint)TOps.Count;
        ref T a0 = ref a;
        ref T a1 = ref Unsafe.Add(ref a, lda);
        ref T a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref T a3 = ref Unsafe.Add(ref a, 3 * lda);
        ref T b0 = ref b;
        ref T b1 = ref Unsafe.Add(ref b, ldb);
        ref T b2 = ref Unsafe.Add(ref b, 2 * ldb);
        ref T b3 = ref Unsafe.Add(ref b, 3 * ldb);
        TVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = TOps.Zero;
        nuint end = (nuint)k - (nuint)k % w;
        for (nuint p = 0; p < end; p += w)
        {
            TVector y0 = TOps.Load(ref b0, p), y1 = TOps.Load(ref b1, p), y2 = TOps.Load(ref b2, p), y3 = TOps.Load(ref b3, p);
            TVector x = TOps.Load(ref a0, p);
            s00 = TOps.MultiplyAdd(x, y0, s00); s01 = TOps.MultiplyAdd(x, y1, s01); s02 = TOps.MultiplyAdd(x, y2, s02); s03 = TOps.MultiplyAdd(x, y3, s03);
            x = TOps.Load(ref a1, p);
            s10 = TOps.MultiplyAdd(x, y0, s10); s11 = TOps.MultiplyAdd(x, y1, s11); s12 = TOps.MultiplyAdd(x, y2, s12); s13 = TOps.MultiplyAdd(x, y3, s13);
            x = TOps.Load(ref a2, p);
            s20 = TOps.MultiplyAdd(x, y0, s20); s21 = TOps.MultiplyAdd(x, y1, s21); s22 = TOps.MultiplyAdd(x, y2, s22); s23 = TOps.MultiplyAdd(x, y3, s23);
            x = TOps.Load(ref a3, p);
            s30 = TOps.MultiplyAdd(x, y0, s30); s31 = TOps.MultiplyAdd(x, y1, s31); s32 = TOps.MultiplyAdd(x, y2, s32); s33 = TOps.MultiplyAdd(x, y3, s33);
        }

        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref T c3 = ref Unsafe.Add(ref c, 3 * ldc);
        c += TOps.Sum(s00) + Tail(k, end, ref a0, ref b0); Unsafe.Add(ref c, 1) += TOps.Sum(s01) + Tail(k, end, ref a0, ref b1);
        Unsafe.Add(ref c, 2) += TOps.Sum(s02) + Tail(k, end, ref a0, ref b2); Unsafe.Add(ref c, 3) += TOps.Sum(s03) + Tail(k, end, ref a0, ref b3);
        c1 += TOps.Sum(s10) + Tail(k, end, ref a1, ref b0); Unsafe.Add(ref c1, 1) += TOps.Sum(s11) + Tail(k, end, ref a1, ref b1);
        Unsafe.Add(ref c1, 2) += TOps.Sum(s12) + Tail(k, end, ref a1, ref b2); Unsafe.Add(ref c1, 3) += TOps.Sum(s13) + Tail(k, end, ref a1, ref b3);
        c2 += TOps.Sum(s20) + Tail(k, end, ref a2, ref b0); Unsafe.Add(ref c2, 1) += TOps.Sum(s21) + Tail(k, end, ref a2, ref b1);
        Unsafe.Add(ref c2, 2) += TOps.Sum(s22) + Tail(k, end, ref a2, ref b2); Unsafe.Add(ref c2, 3) += TOps.Sum(s23) + Tail(k, end, ref a2, ref b3);
        c3 += TOps.Sum(s30) + Tail(k, end, ref a3, ref b0); Unsafe.Add(ref c3, 1) += TOps.Sum(s31) + Tail(k, end, ref a3, ref b1);
        Unsafe.Add(ref c3, 2) += TOps.Sum(s32) + Tail(k, end, ref a3, ref b2); Unsafe.Add(ref c3, 3) += TOps.Sum(s33) + Tail(k, end, ref a3, ref b3);
    }

    /// <summary>C[0, s] += A[0, :]·B[s, :] for s &lt; <paramref name="count"/> (4 or 1): one row of A against up to four of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotTile1x4<T, TOps, TVector>(int k, int count, ref T a, ref T b, nint ldb, ref T c)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint w = (nuint)TOps.Count;
        nuint end = (nuint)k - (nuint)k % w;
        if (count == 1)
        {
            TVector s = TOps.Zero;
            for (nuint p = 0; p < end; p += w)
            {
                s = TOps.MultiplyAdd(TOps.Load(ref a, p), TOps.Load(ref b, p), s);
            }

            c += TOps.Sum(s) + Tail(k, end, ref a, ref b);
            return;
        }

        ref T b1 = ref Unsafe.Add(ref b, ldb);
        ref T b2 = ref Unsafe.Add(ref b, 2 * ldb);
        ref T b3 = ref Unsafe.Add(ref b, 3 * ldb);
        TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        for (nuint p = 0; p < end; p += w)
        {
            TVector x = TOps.Load(ref a, p);
            s0 = TOps.MultiplyAdd(x, TOps.Load(ref b, p), s0);
            s1 = TOps.MultiplyAdd(x, TOps.Load(ref b1, p), s1);
            s2 = TOps.MultiplyAdd(x, TOps.Load(ref b2, p), s2);
            s3 = TOps.MultiplyAdd(x, TOps.Load(ref b3, p), s3);
        }

        c += TOps.Sum(s0) + Tail(k, end, ref a, ref b);
        Unsafe.Add(ref c, 1) += TOps.Sum(s1) + Tail(k, end, ref a, ref b1);
        Unsafe.Add(ref c, 2) += TOps.Sum(s2) + Tail(k, end, ref a, ref b2);
        Unsafe.Add(ref c, 3) += TOps.Sum(s3) + Tail(k, end, ref a, ref b3);
    }

    /// <summary>Σₚ x[p]·y[p] over the last elements, start ≤ p &lt; k, that do not fill a vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Tail<T>(int k, nuint start, ref T x, ref T y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (nuint p = start; p < (nuint)k; p++)
        {
            sum += Unsafe.Add(ref x, p) * Unsafe.Add(ref y, p);
        }

        return sum;
    }

    private static void Require(bool condition, string span)
    {
        if (!condition)
        {
            throw new ArgumentException($"The span {span} is too short for the matrix shape it was given.", span);
        }
    }
}
