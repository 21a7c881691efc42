using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymbolicGd;

/// <summary>Small loops over parameter-sized vectors; none of them allocates.</summary>
internal static class VectorMath
{
    /// <summary>
    /// The Euclidean norm √(Σ vᵢ²), scaled by the largest |vᵢ| so that it neither overflows nor underflows for finite
    /// vectors whose norm is representable. NaN if any element is NaN, ∞ if any is infinite and none is NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Norm<T>(ReadOnlySpan<T> vector)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T largest = T.Zero;
        foreach (T v in vector)
        {
            if (T.IsNaN(v))
            {
                return double.NaN;
            }

            largest = T.Max(largest, T.Abs(v));
        }

        if (largest == T.Zero || T.IsPositiveInfinity(largest))
        {
            return double.CreateTruncating(largest);
        }

        T sum = T.Zero;
        foreach (T v in vector)
        {
            T scaled = v / largest;
            sum += scaled * scaled;
        }

        return double.CreateTruncating(largest * T.Sqrt(sum));
    }

    /// <summary>sum += values, element by element (optimized from the first call, where TensorPrimitives' generic loops start unoptimized).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddTo<T>(Span<T> sum, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length == sum.Length)
        {
            Span<Vector<T>> sums = MemoryMarshal.Cast<T, Vector<T>>(sum);
            ReadOnlySpan<Vector<T>> added = MemoryMarshal.Cast<T, Vector<T>>(values);
            for (int v = 0; v < sums.Length; v++)
            {
                sums[v] += added[v];
            }

            i = sums.Length * Vector<T>.Count;
        }

        for (; i < sum.Length; i++)
        {
            sum[i] += values[i];
        }
    }

    /// <summary>vector /= divisor, element by element: a division, not a product with the reciprocal, so each is rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Divide<T>(Span<T> vector, T divisor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<T>> vectors = MemoryMarshal.Cast<T, Vector<T>>(vector);
            var by = new Vector<T>(divisor);
            for (int v = 0; v < vectors.Length; v++)
            {
                vectors[v] /= by;
            }

            i = vectors.Length * Vector<T>.Count;
        }

        for (; i < vector.Length; i++)
        {
            vector[i] /= divisor;
        }
    }

    /// <summary>The index of the first NaN or infinite element, or −1 if all are finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int IndexOfNonFinite<T>(ReadOnlySpan<T> vector)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // v − v is 0 for a finite v and NaN otherwise: whole vectors are checked at once (the trainer checks the
        // gradient and the parameters every step), and the scalar loop finds the element in the vector that failed.
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<T>> vectors = MemoryMarshal.Cast<T, Vector<T>>(vector);
            int v = 0;
            while (v < vectors.Length && Vector.EqualsAll(vectors[v] - vectors[v], Vector<T>.Zero))
            {
                v++;
            }

            i = v * Vector<T>.Count;
        }

        for (; i < vector.Length; i++)
        {
            if (!T.IsFinite(vector[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
