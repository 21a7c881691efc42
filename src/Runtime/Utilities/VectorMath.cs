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

    /// <summary>
    /// The trainer's one pass over a batch's summed gradient: adds it to <paramref name="epochSum"/> and divides it by
    /// <paramref name="count"/>, unless an element is NaN or infinite. Returns the index of the first such element, or
    /// −1. One pass instead of a check, a sum and a division, each of which reads a network's whole gradient.
    /// </summary>
    /// <remarks>
    /// Each vector is checked before it is changed, so the element at the returned index and those after it keep their
    /// values (the trainer reports that element); the ones before it are already added and divided, and the run stops.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int AccumulateMean<T>(Span<T> gradient, Span<T> epochSum, T count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && gradient.Length == epochSum.Length)
        {
            Span<Vector<T>> values = MemoryMarshal.Cast<T, Vector<T>>(gradient);
            Span<Vector<T>> sums = MemoryMarshal.Cast<T, Vector<T>>(epochSum);
            var by = new Vector<T>(count);
            int v = 0;
            for (; v < values.Length; v++)
            {
                Vector<T> value = values[v];
                if (!Vector.EqualsAll(value - value, Vector<T>.Zero))
                {
                    break;
                }

                sums[v] += value;
                values[v] = value / by;
            }

            i = v * Vector<T>.Count;
        }

        for (; i < gradient.Length; i++)
        {
            T value = gradient[i];
            if (!T.IsFinite(value))
            {
                return i;
            }

            epochSum[i] += value;
            gradient[i] = value / count;
        }

        return -1;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> and returns the index of the first NaN or
    /// infinite element, or −1: the trainer's check of the parameters after a step and its copy of them, in one pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int CopyAndFindNonFinite<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        destination = destination[..source.Length];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<T>> values = MemoryMarshal.Cast<T, Vector<T>>(source);
            Span<Vector<T>> copies = MemoryMarshal.Cast<T, Vector<T>>(destination);
            Vector<T> nonFinite = Vector<T>.Zero;
            for (int v = 0; v < values.Length; v++)
            {
                Vector<T> value = values[v];
                copies[v] = value;
                nonFinite |= value - value;
            }

            if (Vector.EqualsAll(nonFinite, Vector<T>.Zero))
            {
                i = values.Length * Vector<T>.Count;
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i];
            if (!T.IsFinite(source[i]))
            {
                return i;
            }
        }

        return -1;
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
