using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SymbolicGd;

/// <summary>Small loops over parameter-sized vectors; none of them allocates.</summary>
internal static class VectorMath
{
    /// <summary>
    /// The Euclidean norm √(Σ vᵢ²), scaled by the largest |vᵢ| so that it neither overflows nor underflows for finite
    /// vectors whose norm is representable. NaN if any element is NaN, ∞ if any is infinite and none is NaN.
    /// </summary>
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

    /// <summary>The index of the first NaN or infinite element, or −1 if all are finite.</summary>
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
