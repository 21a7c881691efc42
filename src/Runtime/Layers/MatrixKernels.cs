using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymbolicGd.Layers;

/// <summary>
/// The two matrix products every dense layer needs, vectorised for the widest vectors the machine has. All
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
    public static void MultiplyAdd(
        int m, int n, int k, ReadOnlySpan<double> a, int aRow, int aCol, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc, bool accumulate)
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
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rc = ref MemoryMarshal.GetReference(c);
        // The widest vector that the row fits: a narrow layer (iris' 3 classes, XOR's 2 inputs) still vectorises.
        if (Vector512.IsHardwareAccelerated && n >= Vector512<double>.Count)
        {
            Product<Simd512, Vector512<double>>(m, n, k, ref ra, aRow, aCol, ref rb, ldb, ref rc, ldc, accumulate);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            Product<Simd256, Vector256<double>>(m, n, k, ref ra, aRow, aCol, ref rb, ldb, ref rc, ldc, accumulate);
        }
        else
        {
            Product<Simd128, Vector128<double>>(m, n, k, ref ra, aRow, aCol, ref rb, ldb, ref rc, ldc, accumulate);
        }
    }

    /// <summary>y[i] = Σⱼ M[i·n + j]·x[j] + (bias is empty ? 0 : bias[i]) for i &lt; m = y.Length, n = x.Length.</summary>
    public static void MatrixVector(ReadOnlySpan<double> matrix, ReadOnlySpan<double> x, ReadOnlySpan<double> bias, Span<double> y)
    {
        int m = y.Length;
        int n = x.Length;
        Require(matrix.Length >= (long)m * n, nameof(matrix));
        Require(bias.IsEmpty || bias.Length >= m, nameof(bias));
        ref double rm = ref MemoryMarshal.GetReference(matrix);
        ref double rx = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated && n >= Vector512<double>.Count)
        {
            Dots<Simd512, Vector512<double>>(m, n, ref rm, ref rx, y);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            Dots<Simd256, Vector256<double>>(m, n, ref rm, ref rx, y);
        }
        else
        {
            Dots<Simd128, Vector128<double>>(m, n, ref rm, ref rx, y);
        }

        if (!bias.IsEmpty)
        {
            for (int i = 0; i < m; i++)
            {
                y[i] += bias[i];
            }
        }
    }

    /// <summary>destination[j·rows + i] = source[i·columns + j]: the transpose of a rows × columns matrix.</summary>
    public static void Transpose(ReadOnlySpan<double> source, int rows, int columns, Span<double> destination)
    {
        Require(source.Length >= (long)rows * columns, nameof(source));
        Require(destination.Length >= (long)rows * columns, nameof(destination));
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = source.Slice(i * columns, columns);
            for (int j = 0; j < row.Length; j++)
            {
                destination[j * rows + i] = row[j];
            }
        }
    }

    private static void Product<TOps, TVector>(
        int m, int n, int k, ref double a, nint aRow, nint aCol, ref double b, nint ldb, ref double c, nint ldc, bool accumulate)
        where TOps : ISimd<TVector>
        where TVector : struct
    {
        int w = TOps.Count;
        int j = 0;
        for (; j + 4 * w <= n; j += 4 * w)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
            {
                Tile4x4<TOps, TVector>(k, ref Unsafe.Add(ref a, i * aRow), aRow, aCol, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc, accumulate);
            }

            for (; i < m; i++)
            {
                Tile1x4<TOps, TVector>(k, ref Unsafe.Add(ref a, i * aRow), aCol, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), accumulate);
            }
        }

        for (; j + w <= n; j += w)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
            {
                Tile4x1<TOps, TVector>(k, ref Unsafe.Add(ref a, i * aRow), aRow, aCol, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc, accumulate);
            }

            for (; i < m; i++)
            {
                Tile1x1<TOps, TVector>(k, ref Unsafe.Add(ref a, i * aRow), aCol, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), accumulate);
            }
        }

        for (; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                ref double ai = ref Unsafe.Add(ref a, i * aRow);
                ref double cij = ref Unsafe.Add(ref c, i * ldc + j);
                double sum = accumulate ? cij : 0.0;
                for (int p = 0; p < k; p++)
                {
                    sum += Unsafe.Add(ref ai, p * aCol) * Unsafe.Add(ref b, p * ldb + j);
                }

                cij = sum;
            }
        }
    }

    private static void Tile4x4<TOps, TVector>(
        int k, ref double a, nint aRow, nint aCol, ref double b, nint ldb, ref double c, nint ldc, bool accumulate)
        where TOps : ISimd<TVector>
        where TVector : struct
    {
        nuint w = (nuint)TOps.Count;
        ref double c0 = ref c;
        ref double c1 = ref Unsafe.Add(ref c, ldc);
        ref double c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref double c3 = ref Unsafe.Add(ref c, 3 * ldc);
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

        ref double a0 = ref a;
        ref double a1 = ref Unsafe.Add(ref a, aRow);
        ref double a2 = ref Unsafe.Add(ref a, 2 * aRow);
        ref double a3 = ref Unsafe.Add(ref a, 3 * aRow);
        for (int p = 0; p < k; p++)
        {
            nint ap = p * aCol;
            ref double bp = ref Unsafe.Add(ref b, p * ldb);
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

    private static void Tile1x4<TOps, TVector>(int k, ref double a, nint aCol, ref double b, nint ldb, ref double c, bool accumulate)
        where TOps : ISimd<TVector>
        where TVector : struct
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
            ref double bp = ref Unsafe.Add(ref b, p * ldb);
            TVector x = TOps.Broadcast(Unsafe.Add(ref a, p * aCol));
            s0 = TOps.MultiplyAdd(x, TOps.Load(ref bp, 0), s0);
            s1 = TOps.MultiplyAdd(x, TOps.Load(ref bp, w), s1);
            s2 = TOps.MultiplyAdd(x, TOps.Load(ref bp, 2 * w), s2);
            s3 = TOps.MultiplyAdd(x, TOps.Load(ref bp, 3 * w), s3);
        }

        TOps.Store(s0, ref c, 0); TOps.Store(s1, ref c, w); TOps.Store(s2, ref c, 2 * w); TOps.Store(s3, ref c, 3 * w);
    }

    private static void Tile4x1<TOps, TVector>(
        int k, ref double a, nint aRow, nint aCol, ref double b, nint ldb, ref double c, nint ldc, bool accumulate)
        where TOps : ISimd<TVector>
        where TVector : struct
    {
        ref double c0 = ref c;
        ref double c1 = ref Unsafe.Add(ref c, ldc);
        ref double c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref double c3 = ref Unsafe.Add(ref c, 3 * ldc);
        TVector s0, s1, s2, s3;
        if (accumulate)
        {
            s0 = TOps.Load(ref c0, 0); s1 = TOps.Load(ref c1, 0); s2 = TOps.Load(ref c2, 0); s3 = TOps.Load(ref c3, 0);
        }
        else
        {
            s0 = s1 = s2 = s3 = TOps.Zero;
        }

        ref double a0 = ref a;
        ref double a1 = ref Unsafe.Add(ref a, aRow);
        ref double a2 = ref Unsafe.Add(ref a, 2 * aRow);
        ref double a3 = ref Unsafe.Add(ref a, 3 * aRow);
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

    private static void Tile1x1<TOps, TVector>(int k, ref double a, nint aCol, ref double b, nint ldb, ref double c, bool accumulate)
        where TOps : ISimd<TVector>
        where TVector : struct
    {
        TVector s = accumulate ? TOps.Load(ref c, 0) : TOps.Zero;
        for (int p = 0; p < k; p++)
        {
            s = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, p * aCol)), TOps.Load(ref Unsafe.Add(ref b, p * ldb), 0), s);
        }

        TOps.Store(s, ref c, 0);
    }

    /// <summary>y[i] = M[i, :]·x, four rows at a time, each a vector of partial sums reduced once at the end.</summary>
    private static void Dots<TOps, TVector>(int m, int n, ref double matrix, ref double x, Span<double> y)
        where TOps : ISimd<TVector>
        where TVector : struct
    {
        int w = TOps.Count;
        int vectorEnd = n - n % w;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            ref double r0 = ref Unsafe.Add(ref matrix, i * n);
            ref double r1 = ref Unsafe.Add(ref r0, n);
            ref double r2 = ref Unsafe.Add(ref r1, n);
            ref double r3 = ref Unsafe.Add(ref r2, n);
            TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
            for (int j = 0; j < vectorEnd; j += w)
            {
                TVector xj = TOps.Load(ref x, (nuint)j);
                s0 = TOps.MultiplyAdd(TOps.Load(ref r0, (nuint)j), xj, s0);
                s1 = TOps.MultiplyAdd(TOps.Load(ref r1, (nuint)j), xj, s1);
                s2 = TOps.MultiplyAdd(TOps.Load(ref r2, (nuint)j), xj, s2);
                s3 = TOps.MultiplyAdd(TOps.Load(ref r3, (nuint)j), xj, s3);
            }

            double d0 = TOps.Sum(s0), d1 = TOps.Sum(s1), d2 = TOps.Sum(s2), d3 = TOps.Sum(s3);
            for (int j = vectorEnd; j < n; j++)
            {
                double xj = Unsafe.Add(ref x, j);
                d0 += Unsafe.Add(ref r0, j) * xj;
                d1 += Unsafe.Add(ref r1, j) * xj;
                d2 += Unsafe.Add(ref r2, j) * xj;
                d3 += Unsafe.Add(ref r3, j) * xj;
            }

            y[i] = d0;
            y[i + 1] = d1;
            y[i + 2] = d2;
            y[i + 3] = d3;
        }

        for (; i < m; i++)
        {
            ref double row = ref Unsafe.Add(ref matrix, i * n);
            TVector s = TOps.Zero;
            for (int j = 0; j < vectorEnd; j += w)
            {
                s = TOps.MultiplyAdd(TOps.Load(ref row, (nuint)j), TOps.Load(ref x, (nuint)j), s);
            }

            double d = TOps.Sum(s);
            for (int j = vectorEnd; j < n; j++)
            {
                d += Unsafe.Add(ref row, j) * Unsafe.Add(ref x, j);
            }

            y[i] = d;
        }
    }

    private static void Require(bool condition, string span)
    {
        if (!condition)
        {
            throw new ArgumentException($"The span {span} is too short for the matrix shape it was given.", span);
        }
    }
}
