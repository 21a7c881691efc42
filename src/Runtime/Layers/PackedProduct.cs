using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymbolicGd.Layers;

/// <summary>
/// C = A·B (+ C, or + a bias row) for the matrix products of a mini-batch, in the structure of BLIS ("Anatomy of
/// High-Performance Matrix Multiplication", flame/blis docs/KernelsHowTo.md): A and B are copied into packed panels
/// that the micro-kernel reads contiguously, and the micro-kernel keeps a tile of C of up to 8 rows × 3 vectors
/// (8 × 24 doubles with AVX-512) in registers while it streams the sum with fused multiply-adds.
/// </summary>
/// <remarks>
/// <para>
/// Operands are described by strides: A(i, p) is <c>a[i·aRow + p·aCol]</c> and B(p, j) is <c>b[p·bRow + j·bCol]</c>,
/// so the three products of a dense layer (X·Wᵀ, Δ·W, Δᵀ·X) are one routine without transposing anything in place;
/// packing reads whichever layout it is given. C is row-major with leading dimension <c>ldc</c>.
/// </para>
/// <para>
/// Loops, outer to inner, with the sizes chosen for a 48 KB L1 and an L2 of 1–2 MB per core: the sum is cut into
/// blocks of at most <see cref="DepthBlock"/> (made equal, so 784 is 7 × 112, not 6 × 128 + 16); for each, B's
/// block (depth × up to <see cref="ColumnBlock"/> columns, at most 1.5 MB) is packed into micro-panels of one tile's
/// width, then A's block (up to <see cref="RowBlock"/> rows) into micro-panels of one tile's height; then for every
/// micro-panel of B (which stays in L1: depth × 24 doubles, 21 KB at the largest depth) every micro-panel of A is
/// multiplied into its tile of C. The first block of the sum starts the tile from zero, from C or from the bias; the
/// later ones add to C.
/// </para>
/// <para>
/// Edges: a last micro-panel of B narrower than a tile is packed at the width of 1 or 2 vectors (zero-filled past
/// the matrix) and multiplied by a narrower kernel; a last panel of A of at most 4 rows by a 4-row kernel. A tile that
/// overhangs C is computed into a small buffer on the stack and its valid part copied, so nothing is read or written
/// past a matrix. The packing buffers belong to the thread: allocated by its first product at the size of the largest
/// blocks (1.1 MB of doubles), whatever that product's shape, so that no later product on the thread allocates, and
/// pinned so that they stay aligned to cache lines; each worker of a split product (PackedProduct.Parallel.cs) has its own.
/// </para>
/// <para>
/// Every element of C is summed in the same order, p = 0, 1, …, k − 1 with one fused multiply-add each, whatever the
/// tile it falls in: the result does not depend on where a tile or block edge lies.
/// </para>
/// </remarks>
internal static partial class PackedProduct
{
    /// <summary>The largest block of the sum (k): a micro-panel of B, DepthBlock × 24 doubles, stays in L1.</summary>
    internal const int DepthBlock = 112;

    /// <summary>The most columns of B packed at once: DepthBlock × ColumnBlock doubles (0.9 MB) stay in L2.</summary>
    internal const int ColumnBlock = 1032;

    /// <summary>The most rows of A packed at once.</summary>
    internal const int RowBlock = 256;

    /// <summary>Which value a tile of C starts from before the sum is added.</summary>
    private enum Start
    {
        Zero,
        Accumulate,
        Bias,
    }

    /// <summary>
    /// C = A·B + (accumulate ? C : bias broadcast over the rows, or 0 when <paramref name="bias"/> is empty), for an
    /// m × k A, a k × n B and an m × n C, on the calling thread: the whole of a product, or one part of a split one.
    /// The caller has checked that every element lies inside its span.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyBlock<T, TOps, TVector>(
        int m, int n, int k, ref T a, nint aRow, nint aCol, ref T b, nint bRow, nint bCol,
        ref T c, nint ldc, ReadOnlySpan<T> bias, bool accumulate)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged
    {
        int depthBlocks = (k + DepthBlock - 1) / DepthBlock;
        int depth = (k + depthBlocks - 1) / depthBlocks;
        int w = TOps.Count;
        int tileWidth = 3 * w;
        ref T packedA = ref PackingBuffers<T>.A(RowBlock * DepthBlock);
        ref T packedB = ref PackingBuffers<T>.B(ColumnBlock * DepthBlock);
        ref T biasStart = ref MemoryMarshal.GetReference(bias);
        bool hasBias = !bias.IsEmpty;
        Span<T> overhang = PackingBuffers<T>.Overhang(8 * 3 * TOps.Count);

        // A row-major B that only a few rows of A use is read where it is: packing it would cost as much as using it.
        bool direct = bCol == 1 && m <= 2 * TOps.TileRows;
        for (int pc = 0; pc < k; pc += depth)
        {
            int kc = Math.Min(depth, k - pc);
            Start start = pc > 0 || accumulate ? Start.Accumulate : hasBias ? Start.Bias : Start.Zero;
            for (int jc = 0; jc < n; jc += ColumnBlock)
            {
                int nc = Math.Min(ColumnBlock, n - jc);
                ref T bBlock = ref Unsafe.Add(ref b, pc * bRow + jc * bCol);
                nint offset = 0;
                for (int jr = 0; jr < nc; jr += tileWidth)
                {
                    int columns = Math.Min(tileWidth, nc - jr);
                    int width = RoundUp(columns, w);
                    if (direct && columns == width)
                    {
                        offset += (nint)width * kc;
                        continue;
                    }

                    Pack<T, TOps, TVector>(columns, width, kc, ref Unsafe.Add(ref bBlock, jr * bCol), bCol, bRow, ref Unsafe.Add(ref packedB, offset));
                    offset += (nint)width * kc;
                }

                for (int ic = 0; ic < m; ic += RowBlock)
                {
                    int mc = Math.Min(RowBlock, m - ic);
                    int tileRows = TOps.TileRows;
                    ref T aBlock = ref Unsafe.Add(ref a, ic * aRow + pc * aCol);
                    offset = 0;
                    for (int ir = 0; ir < mc; ir += tileRows)
                    {
                        int rows = Math.Min(tileRows, mc - ir);
                        int height = rows <= 4 ? 4 : tileRows;
                        Pack<T, TOps, TVector>(rows, height, kc, ref Unsafe.Add(ref aBlock, ir * aRow), aRow, aCol, ref Unsafe.Add(ref packedA, offset));
                        offset += (nint)height * kc;
                    }

                    nint bOffset = 0;
                    for (int jr = 0; jr < nc; jr += tileWidth)
                    {
                        int columns = Math.Min(tileWidth, nc - jr);
                        int vectors = (columns + w - 1) / w;
                        bool full = columns == vectors * w;
                        ref T bPanel = ref direct && full ? ref Unsafe.Add(ref bBlock, jr) : ref Unsafe.Add(ref packedB, bOffset);
                        nint bStep = direct && full ? bRow : vectors * w;
                        ref T biasPanel = ref Unsafe.Add(ref biasStart, hasBias ? jc + jr : 0);
                        nint aOffset = 0;
                        for (int ir = 0; ir < mc; ir += tileRows)
                        {
                            int rows = Math.Min(tileRows, mc - ir);
                            int height = rows <= 4 ? 4 : tileRows;
                            ref T aPanel = ref Unsafe.Add(ref packedA, aOffset);
                            ref T cTile = ref Unsafe.Add(ref c, (ic + ir) * ldc + jc + jr);
                            if (rows == height && columns == vectors * w)
                            {
                                Tile<T, TOps, TVector>(height, vectors, kc, ref aPanel, ref bPanel, bStep, ref cTile, ldc, ref biasPanel, start);
                            }
                            else
                            {
                                OverhangingTile<T, TOps, TVector>(rows, columns, height, vectors, kc, ref aPanel, ref bPanel, bStep, ref cTile, ldc, ref biasPanel, start, overhang);
                            }

                            aOffset += (nint)height * kc;
                        }

                        bOffset += (nint)vectors * w * kc;
                    }
                }
            }
        }
    }

    /// <summary>A tile that overhangs C: computed in a buffer that starts from C's, the bias' or zero values, then copied back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OverhangingTile<T, TOps, TVector>(
        int rows, int columns, int height, int vectors, int kc, ref T aPanel, ref T bPanel, nint bStep,
        ref T c, nint ldc, ref T bias, Start start, Span<T> buffer)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged
    {
        int width = vectors * TOps.Count;
        ref T tile = ref MemoryMarshal.GetReference(buffer);

        // Element by element: these runs are shorter than a vector, where a call to copy them would cost more.
        for (int r = 0; r < height; r++)
        {
            ref T line = ref Unsafe.Add(ref tile, r * width);
            ref T source = ref start == Start.Bias ? ref bias : ref Unsafe.Add(ref c, r * ldc);
            int copied = start == Start.Zero || r >= rows ? 0 : columns;
            for (int j = 0; j < copied; j++)
            {
                Unsafe.Add(ref line, j) = Unsafe.Add(ref source, j);
            }

            for (int j = copied; j < width; j++)
            {
                Unsafe.Add(ref line, j) = default;
            }
        }

        Tile<T, TOps, TVector>(height, vectors, kc, ref aPanel, ref bPanel, bStep, ref tile, width, ref tile, Start.Accumulate);
        for (int r = 0; r < rows; r++)
        {
            ref T line = ref Unsafe.Add(ref tile, r * width);
            ref T target = ref Unsafe.Add(ref c, r * ldc);
            for (int j = 0; j < columns; j++)
            {
                Unsafe.Add(ref target, j) = Unsafe.Add(ref line, j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<T, TOps, TVector>(int height, int vectors, int kc, ref T a, ref T b, nint bStep, ref T c, nint ldc, ref T bias, Start start)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged
    {
        switch (height * 4 + vectors)
        {
            case 8 * 4 + 3: Kernel<T, TOps, TVector, Rows8, Vectors3>(kc, ref a, ref b, bStep, ref c, ldc, ref bias, start); break;
            case 8 * 4 + 2: Kernel<T, TOps, TVector, Rows8, Vectors2>(kc, ref a, ref b, bStep, ref c, ldc, ref bias, start); break;
            case 8 * 4 + 1: Kernel<T, TOps, TVector, Rows8, Vectors1>(kc, ref a, ref b, bStep, ref c, ldc, ref bias, start); break;
            case 4 * 4 + 3: Kernel<T, TOps, TVector, Rows4, Vectors3>(kc, ref a, ref b, bStep, ref c, ldc, ref bias, start); break;
            case 4 * 4 + 2: Kernel<T, TOps, TVector, Rows4, Vectors2>(kc, ref a, ref b, bStep, ref c, ldc, ref bias, start); break;
            default: Kernel<T, TOps, TVector, Rows4, Vectors1>(kc, ref a, ref b, bStep, ref c, ldc, ref bias, start); break;
        }
    }

    /// <summary>
    /// The micro-kernel: a TRows × TVectors tile of C in registers, C(r, ·) += Σₚ Ã[p, r]·B̃[p, ·] over kc steps of the
    /// packed panels (Ã: kc × TRows, B̃: kc × TVectors vectors). The shape is a type argument, so each shape compiles
    /// to its own straight-line code with the unused accumulators gone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<T, TOps, TVector, TRows, TVectors>(int kc, ref T a, ref T b, nint bStep, ref T c, nint ldc, ref T bias, Start start)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged
        where TRows : struct, IConstant
        where TVectors : struct, IConstant
    {
        int rows = TRows.Value;
        int vectors = TVectors.Value;
        nuint w = (nuint)TOps.Count;
        TVector c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default, c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default, c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default, c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        ref T c0 = ref c;
        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref T c3 = ref Unsafe.Add(ref c, 3 * ldc);
        ref T c4 = ref Unsafe.Add(ref c, rows > 4 ? 4 * ldc : 0);
        ref T c5 = ref Unsafe.Add(ref c, rows > 4 ? 5 * ldc : 0);
        ref T c6 = ref Unsafe.Add(ref c, rows > 4 ? 6 * ldc : 0);
        ref T c7 = ref Unsafe.Add(ref c, rows > 4 ? 7 * ldc : 0);
        if (start == Start.Accumulate)
        {
            c00 = TOps.Load(ref c0, 0); if (vectors > 1) { c01 = TOps.Load(ref c0, w); } if (vectors > 2) { c02 = TOps.Load(ref c0, 2 * w); }
            c10 = TOps.Load(ref c1, 0); if (vectors > 1) { c11 = TOps.Load(ref c1, w); } if (vectors > 2) { c12 = TOps.Load(ref c1, 2 * w); }
            c20 = TOps.Load(ref c2, 0); if (vectors > 1) { c21 = TOps.Load(ref c2, w); } if (vectors > 2) { c22 = TOps.Load(ref c2, 2 * w); }
            c30 = TOps.Load(ref c3, 0); if (vectors > 1) { c31 = TOps.Load(ref c3, w); } if (vectors > 2) { c32 = TOps.Load(ref c3, 2 * w); }
            if (rows > 4)
            {
                c40 = TOps.Load(ref c4, 0); if (vectors > 1) { c41 = TOps.Load(ref c4, w); } if (vectors > 2) { c42 = TOps.Load(ref c4, 2 * w); }
                c50 = TOps.Load(ref c5, 0); if (vectors > 1) { c51 = TOps.Load(ref c5, w); } if (vectors > 2) { c52 = TOps.Load(ref c5, 2 * w); }
                c60 = TOps.Load(ref c6, 0); if (vectors > 1) { c61 = TOps.Load(ref c6, w); } if (vectors > 2) { c62 = TOps.Load(ref c6, 2 * w); }
                c70 = TOps.Load(ref c7, 0); if (vectors > 1) { c71 = TOps.Load(ref c7, w); } if (vectors > 2) { c72 = TOps.Load(ref c7, 2 * w); }
            }
        }
        else if (start == Start.Bias)
        {
            TVector b0 = TOps.Load(ref bias, 0);
            TVector b1 = vectors > 1 ? TOps.Load(ref bias, w) : default;
            TVector b2 = vectors > 2 ? TOps.Load(ref bias, 2 * w) : default;
            c00 = b0; c01 = b1; c02 = b2;
            c10 = b0; c11 = b1; c12 = b2;
            c20 = b0; c21 = b1; c22 = b2;
            c30 = b0; c31 = b1; c32 = b2;
            if (rows > 4)
            {
                c40 = b0; c41 = b1; c42 = b2;
                c50 = b0; c51 = b1; c52 = b2;
                c60 = b0; c61 = b1; c62 = b2;
                c70 = b0; c71 = b1; c72 = b2;
            }
        }

        for (int p = 0; p < kc; p++)
        {
            TVector b0 = TOps.Load(ref b, 0);
            TVector b1 = vectors > 1 ? TOps.Load(ref b, w) : default;
            TVector b2 = vectors > 2 ? TOps.Load(ref b, 2 * w) : default;
            TVector x;
            x = TOps.Broadcast(Unsafe.Add(ref a, 0)); c00 = TOps.MultiplyAdd(x, b0, c00); if (vectors > 1) { c01 = TOps.MultiplyAdd(x, b1, c01); } if (vectors > 2) { c02 = TOps.MultiplyAdd(x, b2, c02); }
            x = TOps.Broadcast(Unsafe.Add(ref a, 1)); c10 = TOps.MultiplyAdd(x, b0, c10); if (vectors > 1) { c11 = TOps.MultiplyAdd(x, b1, c11); } if (vectors > 2) { c12 = TOps.MultiplyAdd(x, b2, c12); }
            x = TOps.Broadcast(Unsafe.Add(ref a, 2)); c20 = TOps.MultiplyAdd(x, b0, c20); if (vectors > 1) { c21 = TOps.MultiplyAdd(x, b1, c21); } if (vectors > 2) { c22 = TOps.MultiplyAdd(x, b2, c22); }
            x = TOps.Broadcast(Unsafe.Add(ref a, 3)); c30 = TOps.MultiplyAdd(x, b0, c30); if (vectors > 1) { c31 = TOps.MultiplyAdd(x, b1, c31); } if (vectors > 2) { c32 = TOps.MultiplyAdd(x, b2, c32); }
            if (rows > 4)
            {
                x = TOps.Broadcast(Unsafe.Add(ref a, 4)); c40 = TOps.MultiplyAdd(x, b0, c40); if (vectors > 1) { c41 = TOps.MultiplyAdd(x, b1, c41); } if (vectors > 2) { c42 = TOps.MultiplyAdd(x, b2, c42); }
                x = TOps.Broadcast(Unsafe.Add(ref a, 5)); c50 = TOps.MultiplyAdd(x, b0, c50); if (vectors > 1) { c51 = TOps.MultiplyAdd(x, b1, c51); } if (vectors > 2) { c52 = TOps.MultiplyAdd(x, b2, c52); }
                x = TOps.Broadcast(Unsafe.Add(ref a, 6)); c60 = TOps.MultiplyAdd(x, b0, c60); if (vectors > 1) { c61 = TOps.MultiplyAdd(x, b1, c61); } if (vectors > 2) { c62 = TOps.MultiplyAdd(x, b2, c62); }
                x = TOps.Broadcast(Unsafe.Add(ref a, 7)); c70 = TOps.MultiplyAdd(x, b0, c70); if (vectors > 1) { c71 = TOps.MultiplyAdd(x, b1, c71); } if (vectors > 2) { c72 = TOps.MultiplyAdd(x, b2, c72); }
            }
            a = ref Unsafe.Add(ref a, rows);
            b = ref Unsafe.Add(ref b, bStep);
        }

        TOps.Store(c00, ref c0, 0); if (vectors > 1) { TOps.Store(c01, ref c0, w); } if (vectors > 2) { TOps.Store(c02, ref c0, 2 * w); }
        TOps.Store(c10, ref c1, 0); if (vectors > 1) { TOps.Store(c11, ref c1, w); } if (vectors > 2) { TOps.Store(c12, ref c1, 2 * w); }
        TOps.Store(c20, ref c2, 0); if (vectors > 1) { TOps.Store(c21, ref c2, w); } if (vectors > 2) { TOps.Store(c22, ref c2, 2 * w); }
        TOps.Store(c30, ref c3, 0); if (vectors > 1) { TOps.Store(c31, ref c3, w); } if (vectors > 2) { TOps.Store(c32, ref c3, 2 * w); }
        if (rows > 4)
        {
            TOps.Store(c40, ref c4, 0); if (vectors > 1) { TOps.Store(c41, ref c4, w); } if (vectors > 2) { TOps.Store(c42, ref c4, 2 * w); }
            TOps.Store(c50, ref c5, 0); if (vectors > 1) { TOps.Store(c51, ref c5, w); } if (vectors > 2) { TOps.Store(c52, ref c5, 2 * w); }
            TOps.Store(c60, ref c6, 0); if (vectors > 1) { TOps.Store(c61, ref c6, w); } if (vectors > 2) { TOps.Store(c62, ref c6, 2 * w); }
            TOps.Store(c70, ref c7, 0); if (vectors > 1) { TOps.Store(c71, ref c7, w); } if (vectors > 2) { TOps.Store(c72, ref c7, 2 * w); }
        }
    }

    /// <summary>
    /// Packs count ≤ width lines of a matrix into a micro-panel, kc steps of width elements each:
    /// <c>panel[p·width + r] = source[r·lineStride + p·depthStride]</c>, zero for count ≤ r &lt; width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pack<T, TOps, TVector>(int count, int width, int kc, ref T source, nint lineStride, nint depthStride, ref T panel)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged
    {
        nuint w = (nuint)TOps.Count;
        if (lineStride == 1 && count == width && width % (int)w == 0)
        {
            // Each step is a contiguous run of the matrix: whole vectors. (A 4-row panel of 8-wide vectors is not:
            // a vector would read past the 4 rows, and past the matrix at its last step.)
            for (int p = 0; p < kc; p++)
            {
                ref T from = ref Unsafe.Add(ref source, p * depthStride);
                ref T to = ref Unsafe.Add(ref panel, p * width);
                for (nuint v = 0; v < (nuint)width; v += w)
                {
                    TOps.Store(TOps.Load(ref from, v), ref to, v);
                }
            }

            return;
        }

        if (typeof(T) == typeof(double) && Avx512F.IsSupported && depthStride == 1 && count == width && width % 8 == 0)
        {
            TransposePack(width, kc, ref Unsafe.As<T, double>(ref source), lineStride, ref Unsafe.As<T, double>(ref panel));
            return;
        }

        if (typeof(T) == typeof(float) && Avx.IsSupported && depthStride == 1 && count == width && width % 8 == 0)
        {
            TransposePackSingle(width, kc, ref Unsafe.As<T, float>(ref source), lineStride, ref Unsafe.As<T, float>(ref panel));
            return;
        }

        if (count < width)
        {
            MemoryMarshal.CreateSpan(ref panel, width * kc).Clear();
        }

        if (depthStride == 1)
        {
            // Each line is contiguous along the sum: read it once, write it down a column of the panel.
            for (int r = 0; r < count; r++)
            {
                ref T line = ref Unsafe.Add(ref source, r * lineStride);
                ref T to = ref Unsafe.Add(ref panel, r);
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref to, p * width) = Unsafe.Add(ref line, p);
                }
            }

            return;
        }

        for (int p = 0; p < kc; p++)
        {
            ref T from = ref Unsafe.Add(ref source, p * depthStride);
            ref T to = ref Unsafe.Add(ref panel, p * width);
            for (int r = 0; r < count; r++)
            {
                Unsafe.Add(ref to, r) = Unsafe.Add(ref from, r * lineStride);
            }
        }
    }

    /// <summary>
    /// The packing of lines that are contiguous along the sum (the rows of W for X·Wᵀ, of X for the same product),
    /// eight lines × eight steps at a time: eight vector loads, an 8 × 8 transpose in 24 shuffles, eight vector stores,
    /// where element by element it would be 64 loads and 64 stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposePack(int width, int kc, ref double source, nint lineStride, ref double panel)
    {
        int whole = kc - kc % 8;
        for (int g = 0; g < width; g += 8)
        {
            ref double lines = ref Unsafe.Add(ref source, g * lineStride);
            ref double to = ref Unsafe.Add(ref panel, g);
            for (int p = 0; p < whole; p += 8)
            {
                ref double from = ref Unsafe.Add(ref lines, p);
                Vector512<double> r0 = Vector512.LoadUnsafe(ref from), r1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, lineStride));
                Vector512<double> r2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 2 * lineStride)), r3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 3 * lineStride));
                Vector512<double> r4 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 4 * lineStride)), r5 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 5 * lineStride));
                Vector512<double> r6 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 6 * lineStride)), r7 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 7 * lineStride));

                // Pairs of lines: t0 = (l0p0 l1p0 l0p2 l1p2 l0p4 l1p4 l0p6 l1p6), t1 the odd steps, …
                Vector512<double> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
                Vector512<double> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
                Vector512<double> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
                Vector512<double> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);

                // 128-bit lanes: 0x88 takes lanes 0 and 2 of each operand, 0xDD lanes 1 and 3.
                Vector512<double> u0 = Avx512F.Shuffle4x128(t0, t2, 0x88), u1 = Avx512F.Shuffle4x128(t0, t2, 0xDD);
                Vector512<double> u2 = Avx512F.Shuffle4x128(t1, t3, 0x88), u3 = Avx512F.Shuffle4x128(t1, t3, 0xDD);
                Vector512<double> u4 = Avx512F.Shuffle4x128(t4, t6, 0x88), u5 = Avx512F.Shuffle4x128(t4, t6, 0xDD);
                Vector512<double> u6 = Avx512F.Shuffle4x128(t5, t7, 0x88), u7 = Avx512F.Shuffle4x128(t5, t7, 0xDD);

                ref double step = ref Unsafe.Add(ref to, p * width);
                Avx512F.Shuffle4x128(u0, u4, 0x88).StoreUnsafe(ref step);
                Avx512F.Shuffle4x128(u2, u6, 0x88).StoreUnsafe(ref Unsafe.Add(ref step, width));
                Avx512F.Shuffle4x128(u1, u5, 0x88).StoreUnsafe(ref Unsafe.Add(ref step, 2 * width));
                Avx512F.Shuffle4x128(u3, u7, 0x88).StoreUnsafe(ref Unsafe.Add(ref step, 3 * width));
                Avx512F.Shuffle4x128(u0, u4, 0xDD).StoreUnsafe(ref Unsafe.Add(ref step, 4 * width));
                Avx512F.Shuffle4x128(u2, u6, 0xDD).StoreUnsafe(ref Unsafe.Add(ref step, 5 * width));
                Avx512F.Shuffle4x128(u1, u5, 0xDD).StoreUnsafe(ref Unsafe.Add(ref step, 6 * width));
                Avx512F.Shuffle4x128(u3, u7, 0xDD).StoreUnsafe(ref Unsafe.Add(ref step, 7 * width));
            }

            for (int r = 0; r < 8; r++)
            {
                ref double line = ref Unsafe.Add(ref lines, r * lineStride);
                for (int p = whole; p < kc; p++)
                {
                    Unsafe.Add(ref to, p * width + r) = Unsafe.Add(ref line, p);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="TransposePack"/> for float: eight lines × eight steps at a time in 256-bit registers (the 8 × 8
    /// transpose of AVX: unpack, shuffle, then swap 128-bit halves), so that packing W for X·Wᵀ does not cost as much as
    /// the product it feeds, which element by element it would in float.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposePackSingle(int width, int kc, ref float source, nint lineStride, ref float panel)
    {
        int whole = kc - kc % 8;
        for (int g = 0; g < width; g += 8)
        {
            ref float lines = ref Unsafe.Add(ref source, g * lineStride);
            ref float to = ref Unsafe.Add(ref panel, g);
            for (int p = 0; p < whole; p += 8)
            {
                ref float from = ref Unsafe.Add(ref lines, p);
                Vector256<float> r0 = Vector256.LoadUnsafe(ref from), r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, lineStride));
                Vector256<float> r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 2 * lineStride)), r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 3 * lineStride));
                Vector256<float> r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 4 * lineStride)), r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 5 * lineStride));
                Vector256<float> r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 6 * lineStride)), r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 7 * lineStride));

                // Pairs of lines, then quadruples (within each 128-bit half), then the halves swapped into place.
                Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
                Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
                Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
                Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

                ref float step = ref Unsafe.Add(ref to, p * width);
                Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref step);
                Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref Unsafe.Add(ref step, width));
                Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref Unsafe.Add(ref step, 2 * width));
                Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref Unsafe.Add(ref step, 3 * width));
                Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref Unsafe.Add(ref step, 4 * width));
                Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref Unsafe.Add(ref step, 5 * width));
                Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref Unsafe.Add(ref step, 6 * width));
                Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref Unsafe.Add(ref step, 7 * width));
            }

            for (int r = 0; r < 8; r++)
            {
                ref float line = ref Unsafe.Add(ref lines, r * lineStride);
                for (int p = whole; p < kc; p++)
                {
                    Unsafe.Add(ref to, p * width + r) = Unsafe.Add(ref line, p);
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>A compile-time integer, as a type argument: the JIT folds it into each specialisation.</summary>
    internal interface IConstant
    {
        static abstract int Value { get; }
    }

    private readonly struct Rows8 : IConstant
    {
        public static int Value => 8;
    }

    private readonly struct Rows4 : IConstant
    {
        public static int Value => 4;
    }

    private readonly struct Vectors3 : IConstant
    {
        public static int Value => 3;
    }

    private readonly struct Vectors2 : IConstant
    {
        public static int Value => 2;
    }

    private readonly struct Vectors1 : IConstant
    {
        public static int Value => 1;
    }

    /// <summary>
    /// The packing buffers of the calling thread, one pair per element type: allocated on first use, reused by every
    /// later product.
    /// </summary>
    private static class PackingBuffers<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static T[]? t_a;

        [ThreadStatic]
        private static T[]? t_b;

        [ThreadStatic]
        private static T[]? t_overhang;

        public static ref T A(int length) => ref Aligned(ref t_a, length);

        public static ref T B(int length) => ref Aligned(ref t_b, length);

        /// <summary>Room for one tile that overhangs C.</summary>
        public static Span<T> Overhang(int length) => (t_overhang is { } buffer && buffer.Length >= length ? buffer : t_overhang = new T[length]).AsSpan(0, length);

        /// <summary>The first element of the buffer, grown to hold <paramref name="length"/> elements, that starts a 64-byte line.</summary>
        private static ref T Aligned(ref T[]? buffer, int length)
        {
            int slack = 64 / Unsafe.SizeOf<T>();
            if (buffer is null || buffer.Length < length + slack)
            {
                // Pinned, so that its address, and so its alignment, never changes.
                buffer = GC.AllocateUninitializedArray<T>(length + slack, pinned: true);
            }

            nint misalignment = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0) & 63;
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), misalignment == 0 ? 0 : (int)(64 - misalignment) / Unsafe.SizeOf<T>());
        }
    }
}
