using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace SymbolicGd.Plotting;

/// <summary>
/// Pictures of gradient descent as a walk: paths of two parameters over the contour lines of the loss (several
/// optimizers or learning rates on one picture), and walks along a one-parameter loss, side by side.
/// </summary>
public static class DescentPlots
{
    private static readonly Color[] Palette =
    {
        Colors.C0, Colors.C1, Colors.C2, Colors.C3, Colors.C4, Colors.C5, Colors.C6, Colors.C7, Colors.C8, Colors.C9,
    };

    /// <summary>
    /// The contour lines of a two-parameter loss over a rectangle, with one path per optimizer or learning rate
    /// drawn over them (lines with a marker at every point visited, a circle at the start).
    /// </summary>
    /// <param name="loss">The loss as a function of the two parameters.</param>
    /// <param name="xMin">The left edge of the view.</param>
    /// <param name="xMax">The right edge, greater than <paramref name="xMin"/>.</param>
    /// <param name="yMin">The bottom edge.</param>
    /// <param name="yMax">The top edge, greater than <paramref name="yMin"/>.</param>
    /// <param name="paths">The paths, each in its own colour.</param>
    /// <param name="levels">The number of contour lines, ≥ 1; default 20.</param>
    /// <param name="logLevels">Whether the contour levels are evenly spaced in log₁₀(loss) rather than loss (for valleys such as Rosenbrock's); default true. The loss must then be positive where it is drawn.</param>
    /// <param name="title">The title; <see langword="null"/> for none.</param>
    /// <param name="xLabel">The horizontal axis label; default <c>x</c>.</param>
    /// <param name="yLabel">The vertical axis label; default <c>y</c>.</param>
    /// <returns>The plot.</returns>
    /// <exception cref="ArgumentException">A range is empty, or <paramref name="paths"/> holds a null.</exception>
    public static Plot Contours(
        Func<double, double, double> loss,
        double xMin,
        double xMax,
        double yMin,
        double yMax,
        IEnumerable<DescentPath> paths,
        int levels = 20,
        bool logLevels = true,
        string? title = null,
        string xLabel = "x",
        string yLabel = "y")
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(paths);
        CheckRange(xMin, xMax, nameof(xMax));
        CheckRange(yMin, yMax, nameof(yMax));
        if (levels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(levels), $"levels must be >= 1; it was {levels}.");
        }

        const int resolution = 121;
        var grid = new Coordinates3d[resolution, resolution];
        for (int i = 0; i < resolution; i++)
        {
            double y = yMin + (yMax - yMin) * i / (resolution - 1);
            for (int j = 0; j < resolution; j++)
            {
                double x = xMin + (xMax - xMin) * j / (resolution - 1);
                double z = loss(x, y);
                grid[i, j] = new Coordinates3d(x, y, logLevels ? Math.Log10(Math.Max(z, double.Epsilon)) : z);
            }
        }

        var plot = new Plot();
        var contours = plot.Add.ContourLines(grid, levels);
        contours.LineColor = Colors.Gray.WithAlpha(0.7);
        contours.LabelStyle.IsVisible = false;

        int index = 0;
        foreach (DescentPath path in paths)
        {
            ArgumentNullException.ThrowIfNull(path, nameof(paths));
            AddPath(plot, path, Palette[index++ % Palette.Length]);
        }

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        TrainingPlots.Finish(plot, title);
        plot.Legend.Alignment = Alignment.UpperRight;
        return plot;
    }

    /// <summary>
    /// A walk along a one-parameter loss: the curve of the loss over [<paramref name="xMin"/>, <paramref name="xMax"/>]
    /// and the points visited (<see cref="DescentPath.Walk"/>), joined in order. Points outside the view are drawn
    /// towards its edge, as a diverging walk leaves it.
    /// </summary>
    /// <param name="loss">The loss as a function of the parameter.</param>
    /// <param name="xMin">The left edge of the view.</param>
    /// <param name="xMax">The right edge, greater than <paramref name="xMin"/>.</param>
    /// <param name="walk">The walk; its y values are the loss at its x values.</param>
    /// <param name="title">The title; <see langword="null"/> for the walk's label.</param>
    /// <param name="xLabel">The horizontal axis label; default <c>w</c>.</param>
    /// <returns>The plot.</returns>
    public static Plot Walk(Func<double, double> loss, double xMin, double xMax, DescentPath walk, string? title = null, string xLabel = "w")
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(walk);
        CheckRange(xMin, xMax, nameof(xMax));
        var plot = new Plot();
        const int samples = 200;
        double[] xs = Enumerable.Range(0, samples).Select(i => xMin + (xMax - xMin) * i / (samples - 1)).ToArray();
        double[] ys = xs.Select(loss).ToArray();
        var curve = plot.Add.ScatterLine(xs, ys, Colors.Gray);
        curve.LineWidth = 1.5f;
        curve.LegendText = "loss";
        AddPath(plot, walk, Colors.C0);
        double top = ys.Where(double.IsFinite).DefaultIfEmpty(1.0).Max();
        plot.Axes.SetLimits(xMin, xMax, -0.05 * top, 1.1 * top);
        plot.XLabel(xLabel);
        plot.YLabel("loss");
        plot.Title(title ?? walk.Label);
        plot.HideLegend();
        return plot;
    }

    /// <summary>Draws <see cref="Contours"/> into a <c>.png</c> or <c>.svg</c> file.</summary>
    /// <param name="file">The file, ending in <c>.png</c> or <c>.svg</c>.</param>
    /// <param name="loss">The loss as a function of the two parameters.</param>
    /// <param name="xMin">The left edge of the view.</param>
    /// <param name="xMax">The right edge.</param>
    /// <param name="yMin">The bottom edge.</param>
    /// <param name="yMax">The top edge.</param>
    /// <param name="paths">The paths.</param>
    /// <param name="width">The width in pixels; default 800.</param>
    /// <param name="height">The height in pixels; default 600.</param>
    /// <param name="title">The title; <see langword="null"/> for none.</param>
    public static void SaveContours(
        string file, Func<double, double, double> loss, double xMin, double xMax, double yMin, double yMax,
        IEnumerable<DescentPath> paths, int width = 800, int height = 600, string? title = null) =>
        PlotFiles.Save(Contours(loss, xMin, xMax, yMin, yMax, paths, title: title), file, width, height);

    /// <summary>Draws one <see cref="Walk"/> per path side by side into a <c>.png</c> or <c>.svg</c> file.</summary>
    /// <param name="file">The file, ending in <c>.png</c> or <c>.svg</c>.</param>
    /// <param name="loss">The loss as a function of the parameter.</param>
    /// <param name="xMin">The left edge of every panel.</param>
    /// <param name="xMax">The right edge.</param>
    /// <param name="walks">The walks, left to right; at least one.</param>
    /// <param name="width">The width of the whole picture in pixels; default 1600.</param>
    /// <param name="height">The height in pixels; default 420.</param>
    public static void SaveWalks(
        string file, Func<double, double> loss, double xMin, double xMax, IReadOnlyList<DescentPath> walks, int width = 1600, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(walks);
        PlotFiles.SaveSideBySide(walks.Select(w => Walk(loss, xMin, xMax, w)).ToArray(), file, width, height);
    }

    private static void AddPath(Plot plot, DescentPath path, Color color)
    {
        var line = plot.Add.Scatter(path.X.ToArray(), path.Y.ToArray(), color);
        line.LegendText = path.Label;
        line.LineWidth = 2;
        line.MarkerSize = 4;
        var start = plot.Add.Marker(path.X[0], path.Y[0], MarkerShape.OpenCircle, 10, color);
        start.LegendText = "";
    }

    private static void CheckRange(double min, double max, string name)
    {
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"The range must be finite with its maximum above its minimum; it was [{min}, {max}].", name);
        }
    }
}
