using System;
using System.Runtime.CompilerServices;

namespace SymbolicGd.Layers;

/// <summary>The split of one product over threads (<see cref="KernelThreads"/>).</summary>
/// <remarks>
/// <para>
/// C is cut into parts of whole register tiles along its longer side: columns of C when n ≥ m (each part packs its
/// own columns of B, and all of A, the smaller operand), rows otherwise. No part reads what another writes, and the
/// sum is never split: every element of C is still the one chain of fused multiply-adds p = 0, 1, …, k − 1 from its
/// start value, computed by exactly one thread. So the result is the same bits whatever the number of threads, and
/// the same as the one-thread product, which is what makes <see cref="TrainingOptions.MaxDegreeOfParallelism"/>
/// deterministic. (A split of the sum, as a reduction over threads, would change the order of additions.)
/// </para>
/// <para>
/// Every part is a call of <see cref="MultiplyBlock"/> on its rectangle of C; a worker uses its own packing buffers
/// (they belong to the thread).
/// </para>
/// </remarks>
internal static unsafe partial class PackedProduct
{
    /// <summary>
    /// The multiply-adds per thread below which the automatic setting keeps a product on fewer threads: about 30 µs of
    /// one core's work, several times the cost of waking a worker and waiting for it.
    /// </summary>
    internal const long WorkPerThread = 1 << 20;

    /// <summary>
    /// C = A·B + (accumulate ? C : bias broadcast over the rows, or 0 when <paramref name="bias"/> is empty), for an
    /// m × k A, a k × n B and an m × n C, on as many threads as the calling thread's limit
    /// (<see cref="KernelThreads"/>) and the size of the product allow. The caller has checked that every element
    /// lies inside its span.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T, TOps, TVector>(
        int m, int n, int k, ref T a, nint aRow, nint aCol, ref T b, nint bRow, nint bCol,
        ref T c, nint ldc, ReadOnlySpan<T> bias, bool accumulate)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged
    {
        Partition partition = Split<TOps, TVector, T>(m, n, k);
        if (partition.Parts > 1 && KernelThreads.ShouldSplit())
        {
            bool done;

            // Pinned for the length of the product: the workers hold addresses, which a compacting collection would move.
            fixed (T* pa = &a, pb = &b, pc = &c, pBias = bias)
            {
                var job = new ProductJob(
                    m, n, k, (nint)pa, aRow, aCol, (nint)pb, bRow, bCol, (nint)pc, ldc, (nint)pBias, bias.Length, accumulate, partition);
                done = KernelThreads.TryRun(&MultiplyPart<T, TOps, TVector>, in job, partition.Parts);
            }

            if (done)
            {
                return;
            }
        }

        MultiplyBlock<T, TOps, TVector>(m, n, k, ref a, aRow, aCol, ref b, bRow, bCol, ref c, ldc, bias, accumulate);
    }

    /// <summary>How an m × n product of depth k is cut under the calling thread's limit.</summary>
    internal static Partition Split<TOps, TVector, T>(int m, int n, int k)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged
    {
        bool rows = m > n;
        int unit = rows ? TOps.TileRows : 3 * TOps.Count;
        int units = ((rows ? m : n) + unit - 1) / unit;
        int parts = KernelThreads.ThreadsFor((long)m * n * k, units, WorkPerThread);
        return new Partition(rows, unit, units, parts);
    }

    /// <summary>Part <paramref name="part"/> of a split product: whole tiles of the split side, the first ones to the first parts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyPart<T, TOps, TVector>(in ProductJob job, int part)
        where TOps : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged
    {
        Partition partition = job.Partition;
        (int first, int end) = partition.Range(part, partition.Rows ? job.M : job.N);
        ref T a = ref Unsafe.AsRef<T>((void*)job.A);
        ref T b = ref Unsafe.AsRef<T>((void*)job.B);
        ref T c = ref Unsafe.AsRef<T>((void*)job.C);
        var bias = new ReadOnlySpan<T>((void*)job.Bias, job.BiasLength);
        if (partition.Rows)
        {
            MultiplyBlock<T, TOps, TVector>(
                end - first, job.N, job.K, ref Unsafe.Add(ref a, first * job.ARow), job.ARow, job.ACol, ref b, job.BRow, job.BCol,
                ref Unsafe.Add(ref c, first * job.Ldc), job.Ldc, bias, job.Accumulate);
        }
        else
        {
            MultiplyBlock<T, TOps, TVector>(
                job.M, end - first, job.K, ref a, job.ARow, job.ACol, ref Unsafe.Add(ref b, first * job.BCol), job.BRow, job.BCol,
                ref Unsafe.Add(ref c, first), job.Ldc, bias.IsEmpty ? bias : bias[first..], job.Accumulate);
        }
    }

    /// <summary>
    /// A product cut into <see cref="Parts"/> runs of whole tiles (<see cref="Unit"/> rows or columns each, the last
    /// tile possibly narrower) along its rows or its columns.
    /// </summary>
    internal readonly record struct Partition(bool Rows, int Unit, int Units, int Parts)
    {
        /// <summary>The rows or columns [first, end) of part <paramref name="part"/>, of <paramref name="length"/> in all.</summary>
        public (int First, int End) Range(int part, int length) =>
            ((int)((long)part * Units / Parts) * Unit, Math.Min(length, (int)((long)(part + 1) * Units / Parts) * Unit));
    }
}

/// <summary>One split product, by address (pinned by the caller until every part has run).</summary>
internal readonly struct ProductJob(
    int m, int n, int k, nint a, nint aRow, nint aCol, nint b, nint bRow, nint bCol, nint c, nint ldc, nint bias, int biasLength,
    bool accumulate, PackedProduct.Partition partition)
{
    public readonly int M = m, N = n, K = k, BiasLength = biasLength;
    public readonly nint A = a, ARow = aRow, ACol = aCol, B = b, BRow = bRow, BCol = bCol, C = c, Ldc = ldc, Bias = bias;
    public readonly bool Accumulate = accumulate;
    public readonly PackedProduct.Partition Partition = partition;
}
