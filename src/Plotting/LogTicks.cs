using System;
using System.Collections.Generic;
using System.Globalization;
using ScottPlot;

namespace SymbolicGd.Plotting;

/// <summary>
/// Ticks of an axis that shows log₁₀ of its values: a major tick at every power of ten, minor ticks at 2…9 times it.
/// When fewer than three powers of ten are in view, the 2 and 5 (then every multiple) are labelled too, so the axis
/// always reads; when many are, only every n-th power is labelled, so labels never crowd.
/// </summary>
internal sealed class LogTicks : ITickGenerator
{
    /// <summary>The fewest labelled ticks an axis shows when its range allows.</summary>
    internal const int MinimumLabels = 3;

    /// <summary>The height in pixels a label of the vertical axis needs, with its spacing.</summary>
    private const double PixelsPerLabel = 22;

    private static readonly int[] Multiples = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

    public Tick[] Ticks { get; set; } = Array.Empty<Tick>();

    public int MaxTickCount { get; set; } = 10_000;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle) =>
        Ticks = Generate(Math.Min(range.Min, range.Max), Math.Max(range.Min, range.Max), size.Length);

    /// <summary>The ticks between <paramref name="min"/> and <paramref name="max"/> (log₁₀ of the values) on an axis of <paramref name="pixels"/>.</summary>
    internal static Tick[] Generate(double min, double max, double pixels)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || max - min > 600)
        {
            return Array.Empty<Tick>();
        }

        int first = (int)Math.Floor(min), last = (int)Math.Ceiling(max);
        var candidates = new List<(double Position, int Multiple, int Power)>();
        for (int power = first; power <= last; power++)
        {
            foreach (int multiple in Multiples)
            {
                double position = power + Math.Log10(multiple);
                if (position >= min - 1e-9 && position <= max + 1e-9)
                {
                    candidates.Add((position, multiple, power));
                }
            }
        }

        int decades = candidates.FindAll(c => c.Multiple == 1).Count;
        Func<int, bool> labelled =
            decades >= MinimumLabels ? m => m == 1
            : candidates.FindAll(c => c.Multiple is 1 or 2 or 5).Count >= MinimumLabels ? m => m is 1 or 2 or 5
            : _ => true;

        // Thin the powers of ten so labels keep PixelsPerLabel apart: every step-th power, counted from 10⁰.
        int room = Math.Max(1, (int)(pixels / PixelsPerLabel));
        int step = decades > room ? (int)Math.Ceiling((double)decades / room) : 1;

        var ticks = new List<Tick>(candidates.Count);
        foreach ((double position, int multiple, int power) in candidates)
        {
            bool major = labelled(multiple) && (multiple != 1 || power % step == 0);
            ticks.Add(major ? Tick.Major(position, Label(multiple, power)) : Tick.Minor(position));
        }

        return ticks.ToArray();
    }

    /// <summary>multiple·10^power as a reader writes it: 0.002, 50, 1000, then 1e-5 and 2e6 beyond four digits.</summary>
    internal static string Label(int multiple, int power)
    {
        if (power >= -4 && power <= 4)
        {
            return (multiple * Math.Pow(10, power)).ToString("0.####", CultureInfo.InvariantCulture);
        }

        return multiple.ToString(CultureInfo.InvariantCulture) + "e" + power.ToString(CultureInfo.InvariantCulture);
    }
}
