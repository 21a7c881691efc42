using System;

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
        for (int i = 0; i < vector.Length; i++)
        {
            if (!double.IsFinite(vector[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
