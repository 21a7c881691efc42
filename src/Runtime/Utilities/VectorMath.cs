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
    internal static double Norm(ReadOnlySpan<double> vector)
    {
        double largest = 0.0;
        foreach (double v in vector)
        {
            if (double.IsNaN(v))
            {
                return double.NaN;
            }

            largest = Math.Max(largest, Math.Abs(v));
        }

        if (largest == 0.0 || double.IsPositiveInfinity(largest))
        {
            return largest;
        }

        double sum = 0.0;
        foreach (double v in vector)
        {
            double scaled = v / largest;
            sum += scaled * scaled;
        }

        return largest * Math.Sqrt(sum);
    }

    /// <summary>sum += values, element by element (optimized from the first call, where TensorPrimitives' generic loops start unoptimized).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddTo(Span<double> sum, ReadOnlySpan<double> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length == sum.Length)
        {
            Span<Vector<double>> sums = MemoryMarshal.Cast<double, Vector<double>>(sum);
            ReadOnlySpan<Vector<double>> added = MemoryMarshal.Cast<double, Vector<double>>(values);
            for (int v = 0; v < sums.Length; v++)
            {
                sums[v] += added[v];
            }

            i = sums.Length * Vector<double>.Count;
        }

        for (; i < sum.Length; i++)
        {
            sum[i] += values[i];
        }
    }

    /// <summary>vector /= divisor, element by element: a division, not a product with the reciprocal, so each is rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Divide(Span<double> vector, double divisor)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> vectors = MemoryMarshal.Cast<double, Vector<double>>(vector);
            var by = new Vector<double>(divisor);
            for (int v = 0; v < vectors.Length; v++)
            {
                vectors[v] /= by;
            }

            i = vectors.Length * Vector<double>.Count;
        }

        for (; i < vector.Length; i++)
        {
            vector[i] /= divisor;
        }
    }

    /// <summary>The index of the first NaN or infinite element, or −1 if all are finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int IndexOfNonFinite(ReadOnlySpan<double> vector)
    {
        // v − v is 0 for a finite v and NaN otherwise: whole vectors are checked at once (the trainer checks the
        // gradient and the parameters every step), and the scalar loop finds the element in the vector that failed.
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<double>> vectors = MemoryMarshal.Cast<double, Vector<double>>(vector);
            int v = 0;
            while (v < vectors.Length && Vector.EqualsAll(vectors[v] - vectors[v], Vector<double>.Zero))
            {
                v++;
            }

            i = v * Vector<double>.Count;
        }

        for (; i < vector.Length; i++)
        {
            if (!double.IsFinite(vector[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
