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
    /// <summary>The title of <see cref="Contours"/> when none is given.</summary>
    public const string DefaultContoursTitle = "Descent paths over the contour lines of the loss";

    // Category10 without its grey (C7), which is the colour of the contour lines.
    internal static readonly Color[] Palette =
    {
        Colors.C0, Colors.C1, Colors.C2, Colors.C3, Colors.C4, Colors.C5, Colors.C6, Colors.C8, Colors.C9,
    };

    private static readonly LinePattern[] Patterns = { LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed };

    private static readonly MarkerShape[] Shapes =
    {
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond,
        MarkerShape.Cross, MarkerShape.Eks,
    };

    /// <summary>
    /// The contour lines of a two-parameter loss over a rectangle, with one path per optimizer or learning rate
    /// drawn over them. Paths that run along the same valley stay visible: each has its own colour, line pattern and
    /// marker (a marker every <paramref name="markerEvery"/> steps, an open circle at the start), and the paths
    /// drawn first are the widest, so a later path over the same ground leaves the earlier ones showing at its sides.
    /// The legend is outside the data area, on the right.
    /// </summary>
    /// <param name="loss">The loss as a function of the two parameters.</param>
    /// <param name="xMin">The left edge of the view.</param>
    /// <param name="xMax">The right edge, greater than <paramref name="xMin"/>.</param>
    /// <param name="yMin">The bottom edge.</param>
    /// <param name="yMax">The top edge, greater than <paramref name="yMin"/>.</param>
    /// <param name="paths">The paths, each in its own colour.</param>
    /// <param name="levels">The number of contour lines, ≥ 1; default 20.</param>
    /// <param name="logLevels">Whether the contour levels are evenly spaced in log₁₀(loss) rather than loss (for valleys such as Rosenbrock's); default true. The loss must then be positive where it is drawn.</param>
    /// <param name="title">The title; <see langword="null"/> for <see cref="DefaultContoursTitle"/>.</param>
    /// <param name="xLabel">The horizontal axis label, the name of that parameter; default <c>x</c>.</param>
    /// <param name="yLabel">The vertical axis label; default <c>y</c>.</param>
    /// <param name="markerEvery">The steps between markers on a path, ≥ 1; <see langword="null"/> for about ten markers on the longest path.</param>
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
        string yLabel = "y",
        int? markerEvery = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        DescentPath[] all = paths.ToArray();
        foreach (DescentPath path in all)
        {
            ArgumentNullException.ThrowIfNull(path, nameof(paths));
        }

        int every = MarkerSpacing(all, markerEvery);
        Plot plot = ContourBackground(loss, xMin, xMax, yMin, yMax, levels, logLevels);
        for (int i = 0; i < all.Length; i++)
        {
            // Widest first: 2 px for the last path drawn, 1.2 px more for each one drawn before it.
            plot.Legend.ManualItems.Add(AddPath(plot, all[i], i, every, width: 2f + 1.2f * (all.Length - 1 - i)));
        }

        plot.Legend.DisplayPlottableLegendItems = false;

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        TrainingPlots.Finish(plot, title ?? DefaultContoursTitle);
        return plot;
    }

    /// <summary>
    /// Small multiples: one panel per path, each over the same contour lines and view, titled with the path's label
    /// and drawn in the colour and marker it has in <see cref="Contours"/>, so no path can hide another.
    /// </summary>
    /// <param name="loss">The loss as a function of the two parameters.</param>
    /// <param name="xMin">The left edge of every panel.</param>
    /// <param name="xMax">The right edge, greater than <paramref name="xMin"/>.</param>
    /// <param name="yMin">The bottom edge.</param>
    /// <param name="yMax">The top edge, greater than <paramref name="yMin"/>.</param>
    /// <param name="paths">The paths, one per panel; at least one.</param>
    /// <param name="xLabel">The horizontal axis label; default <c>x</c>.</param>
    /// <param name="yLabel">The vertical axis label; default <c>y</c>.</param>
    /// <param name="markerEvery">The steps between markers, the same on every panel so that their pace compares; <see langword="null"/> for about ten on the longest path.</param>
    /// <param name="levels">The number of contour lines, ≥ 1; default 20.</param>
    /// <param name="logLevels">Whether the contour levels are evenly spaced in log₁₀(loss); default true.</param>
    /// <returns>The panels, in the order of <paramref name="paths"/>, for <see cref="PlotFiles.SaveGrid"/>.</returns>
    public static Plot[] ContourPanels(
        Func<double, double, double> loss,
        double xMin,
        double xMax,
        double yMin,
        double yMax,
        IReadOnlyList<DescentPath> paths,
        string xLabel = "x",
        string yLabel = "y",
        int? markerEvery = null,
        int levels = 20,
        bool logLevels = true)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("At least one path is needed.", nameof(paths));
        }

        int every = MarkerSpacing(paths, markerEvery);
        var panels = new Plot[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(paths[i], nameof(paths));
            Plot plot = ContourBackground(loss, xMin, xMax, yMin, yMax, levels, logLevels);
            AddPath(plot, paths[i], i, every, width: 2f);
            plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            plot.Title(paths[i].Label);
            plot.Axes.Title.Label.FontSize = 13;   // several panels share the width: a label fits over its panel
            plot.HideLegend();
            panels[i] = plot;
        }

        return panels;
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
        AddPath(plot, walk, 0, markerEvery: 1, width: 2f);
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
    /// <param name="title">The title; <see langword="null"/> for <see cref="DefaultContoursTitle"/>.</param>
    /// <param name="xLabel">The horizontal axis label, the name of that parameter; default <c>x</c>.</param>
    /// <param name="yLabel">The vertical axis label; default <c>y</c>.</param>
    public static void SaveContours(
        string file, Func<double, double, double> loss, double xMin, double xMax, double yMin, double yMax,
        IEnumerable<DescentPath> paths, int width = 800, int height = 600, string? title = null, string xLabel = "x", string yLabel = "y") =>
        PlotFiles.Save(Contours(loss, xMin, xMax, yMin, yMax, paths, title: title, xLabel: xLabel, yLabel: yLabel), file, width, height);

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

    private static Plot ContourBackground(Func<double, double, double> loss, double xMin, double xMax, double yMin, double yMax, int levels, bool logLevels)
    {
        ArgumentNullException.ThrowIfNull(loss);
        CheckRange(xMin, xMax, nameof(xMax));
        CheckRange(yMin, yMax, nameof(yMax));
        if (levels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(levels), $"levels must be >= 1; it was {levels}.");
        }

        const int resolution = 121;
        var grid = new Coordinates3d[resolution, resolution];
        var values = new double[resolution, resolution];
        double smallestPositive = double.PositiveInfinity;
        for (int i = 0; i < resolution; i++)
        {
            double y = yMin + (yMax - yMin) * i / (resolution - 1);
            for (int j = 0; j < resolution; j++)
            {
                double x = xMin + (xMax - xMin) * j / (resolution - 1);
                double z = loss(x, y);
                values[i, j] = z;
                grid[i, j] = new Coordinates3d(x, y, z);
                if (z > 0 && z < smallestPositive)
                {
                    smallestPositive = z;
                }
            }
        }

        if (logLevels)
        {
            // A grid point exactly at a minimum of 0 (Rosenbrock's (1, 1) on a grid from −2 to 2) would put log₁₀ at
            // −323 and every level but one below the rest of the picture: floor it at the smallest positive value.
            double floor = double.IsFinite(smallestPositive) ? smallestPositive : double.Epsilon;
            for (int i = 0; i < resolution; i++)
            {
                for (int j = 0; j < resolution; j++)
                {
                    grid[i, j] = new Coordinates3d(grid[i, j].X, grid[i, j].Y, Math.Log10(Math.Max(values[i, j], floor)));
                }
            }
        }

        var plot = new Plot();
        var contours = plot.Add.ContourLines(grid, levels);
        contours.LineColor = Colors.Gray.WithAlpha(0.5);
        contours.LabelStyle.IsVisible = false;
        return plot;
    }

    private static int MarkerSpacing(IReadOnlyList<DescentPath> paths, int? markerEvery)
    {
        if (markerEvery is { } every)
        {
            return every >= 1 ? every : throw new ArgumentOutOfRangeException(nameof(markerEvery), $"markerEvery must be >= 1; it was {every}.");
        }

        int longest = paths.Select(p => p.X.Count - 1).DefaultIfEmpty(0).Max();
        return Math.Max(1, (int)Math.Ceiling(longest / 10.0));
    }

    /// <summary>The path as a line in the style of its index, a marker every <paramref name="markerEvery"/> steps, and an open circle at the start; returns its legend entry.</summary>
    private static LegendItem AddPath(Plot plot, DescentPath path, int index, int markerEvery, float width)
    {
        Color color = Palette[index % Palette.Length];
        MarkerShape shape = Shapes[index % Shapes.Length];
        LinePattern pattern = Patterns[index % Patterns.Length];
        double[] x = path.X.ToArray(), y = path.Y.ToArray();

        var line = plot.Add.ScatterLine(x, y, color.WithAlpha(0.85));
        line.LegendText = path.Label;
        line.LineWidth = width;
        line.LinePattern = pattern;

        int[] marked = Enumerable.Range(0, x.Length).Where(i => i % markerEvery == 0 || i == x.Length - 1).Skip(1).ToArray();
        var markers = plot.Add.ScatterPoints(marked.Select(i => x[i]).ToArray(), marked.Select(i => y[i]).ToArray(), color);
        markers.MarkerShape = shape;
        markers.MarkerSize = 7;

        var start = plot.Add.Marker(x[0], y[0], MarkerShape.OpenCircle, 11, color);
        start.LegendText = "";

        // The legend shows the line with its marker, as a reader looks for both.
        return new LegendItem
        {
            LabelText = path.Label,
            LineColor = color,
            LineWidth = 2,
            LinePattern = pattern,
            MarkerShape = shape,
            MarkerSize = 7,
            MarkerColor = color,
        };
    }

    private static void CheckRange(double min, double max, string name)
    {
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"The range must be finite with its maximum above its minimum; it was [{min}, {max}].", name);
        }
    }
}
