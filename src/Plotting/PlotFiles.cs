using System;
using System.IO;
using ScottPlot;
using SkiaSharp;

namespace SymbolicGd.Plotting;

/// <summary>Writes plots as PNG or SVG, chosen by the file's extension.</summary>
public static class PlotFiles
{
    /// <summary>Saves a plot as <c>.png</c> or <c>.svg</c> (by the extension of <paramref name="path"/>), creating its folder.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">The file; its extension must be <c>.png</c> or <c>.svg</c> (any case).</param>
    /// <param name="width">The width in pixels, ≥ 1.</param>
    /// <param name="height">The height in pixels, ≥ 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plot"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is neither <c>.png</c> nor <c>.svg</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The width or height is below 1.</exception>
    public static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        bool svg = CheckTarget(path, width, height);
        if (svg)
        {
            plot.SaveSvg(path, width, height);
        }
        else
        {
            plot.SavePng(path, width, height);
        }
    }

    /// <summary>Saves plots side by side, in one row, as <c>.png</c> or <c>.svg</c> (by the extension of <paramref name="path"/>).</summary>
    /// <param name="plots">The panels, left to right; at least one.</param>
    /// <param name="path">The file; its extension must be <c>.png</c> or <c>.svg</c>.</param>
    /// <param name="width">The width in pixels of the whole picture, ≥ 1.</param>
    /// <param name="height">The height in pixels, ≥ 1.</param>
    /// <exception cref="ArgumentException">There are no plots, or the extension is neither <c>.png</c> nor <c>.svg</c>.</exception>
    public static void SaveSideBySide(Plot[] plots, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plots);
        SaveGrid(plots, plots.Length, path, width, height);
    }

    /// <summary>
    /// Saves plots in a grid of <paramref name="columns"/> columns, filled row by row (small multiples, such as
    /// <see cref="DescentPlots.ContourPanels"/>), as <c>.png</c> or <c>.svg</c> (by the extension of <paramref name="path"/>).
    /// </summary>
    /// <param name="plots">The panels; at least one.</param>
    /// <param name="columns">The number of columns, ≥ 1; the rows are as many as the panels need.</param>
    /// <param name="path">The file; its extension must be <c>.png</c> or <c>.svg</c>.</param>
    /// <param name="width">The width in pixels of the whole picture, ≥ 1.</param>
    /// <param name="height">The height in pixels of the whole picture, ≥ 1.</param>
    /// <exception cref="ArgumentException">There are no plots, or the extension is neither <c>.png</c> nor <c>.svg</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is below 1.</exception>
    public static void SaveGrid(Plot[] plots, int columns, string path, int width, int height)
    {
        Multiplot multiplot = Arrange(plots, columns);
        bool svg = CheckTarget(path, width, height);
        if (!svg)
        {
            multiplot.SavePng(path, width, height);
            return;
        }

        using (var stream = new SKFileWStream(path))
        using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
        {
            multiplot.Render(canvas, new PixelRect(0, width, height, 0));
        }
    }

    /// <summary>The panels of <see cref="SaveGrid"/> as one ScottPlot <see cref="Multiplot"/>, to render or change further.</summary>
    /// <param name="plots">The panels; at least one.</param>
    /// <param name="columns">The number of columns, ≥ 1.</param>
    /// <returns>The multiplot.</returns>
    public static Multiplot Arrange(Plot[] plots, int columns)
    {
        ArgumentNullException.ThrowIfNull(plots);
        if (plots.Length == 0)
        {
            throw new ArgumentException("At least one plot is needed.", nameof(plots));
        }

        if (columns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), $"columns must be >= 1; it was {columns}.");
        }

        int rows = (plots.Length + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.Layout = rows == 1 ? new ScottPlot.MultiplotLayouts.Columns() : new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        multiplot.Reset(plots[0]);
        for (int i = 1; i < plots.Length; i++)
        {
            multiplot.AddPlot(plots[i]);
        }

        return multiplot;
    }

    private static bool CheckTarget(string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"width must be >= 1; it was {width}.");
        }

        if (height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"height must be >= 1; it was {height}.");
        }

        string extension = Path.GetExtension(path);
        bool svg = extension.Equals(".svg", StringComparison.OrdinalIgnoreCase);
        if (!svg && !extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The file must end in .png or .svg; it was '{path}'.", nameof(path));
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return svg;
    }
}
