using System;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>Data sets for <see cref="Line"/>, generated from a seed, and their least-squares solution.</summary>
internal static class LineData
{
    public const double TrueSlope = 2.0;
    public const double TrueIntercept = -3.0;

    /// <summary>
    /// n samples with x uniform in [−2, 2] and y = 2x − 3 + noise, the noise uniform in [−noise, noise]. Each call
    /// makes its own <see cref="Random"/>, so tests share no state.
    /// </summary>
    public static Line.Sample[] Make(int n, double noise, int seed)
    {
        var random = new Random(seed);
        var samples = new Line.Sample[n];
        for (int i = 0; i < n; i++)
        {
            double x = 4.0 * random.NextDouble() - 2.0;
            double e = noise * (2.0 * random.NextDouble() - 1.0);
            samples[i] = new Line.Sample(x, TrueSlope * x + TrueIntercept + e);
        }

        return samples;
    }

    /// <summary>
    /// The least-squares line by the normal equations: [Σx² Σx; Σx n]·[a; b] = [Σxy; Σy], solved by Cramer's rule.
    /// It minimises Σ(a·x + b − y)², so also the mean loss ½·mean((a·x + b − y)²) that the trainer minimises.
    /// </summary>
    public static (double A, double B) LeastSquares(ReadOnlySpan<Line.Sample> samples)
    {
        double n = samples.Length, sx = 0, sy = 0, sxx = 0, sxy = 0;
        foreach (Line.Sample s in samples)
        {
            sx += s.x;
            sy += s.y;
            sxx += s.x * s.x;
            sxy += s.x * s.y;
        }

        double determinant = sxx * n - sx * sx;
        double a = (sxy * n - sx * sy) / determinant;
        double b = (sxx * sy - sx * sxy) / determinant;
        return (a, b);
    }
}
