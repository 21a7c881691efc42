using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;
using ScottPlot.Panels;
using ScottPlot.Plottables;
using SkiaSharp;

namespace SymbolicGd.Plotting.Tests;

/// <summary>
/// Whether a picture reads: rendered at its size, it has a title, at least three labelled ticks on each axis, and a
/// legend (inside the data area or in a panel beside it) that covers none of the plotted points and lines and lies
/// within the figure. Positions are ScottPlot's own: the axes' generated ticks, the legend's layout and the
/// data-to-pixel transform of the last render.
/// </summary>
internal static class PictureChecks
{
    public const int MinimumLabels = 3;

    /// <summary>Renders the plot at the given size and checks it.</summary>
    public static void AssertReadable(Plot plot, int width, int height, string? name = null)
    {
        plot.GetImage(width, height).Dispose();
        AssertRendered(plot, name ?? plot.Axes.Title.Label.Text);
    }

    /// <summary>Renders the panels as one picture of the given size (as PlotFiles.SaveGrid does) and checks every panel.</summary>
    public static void AssertReadable(Plot[] panels, int columns, int width, int height)
    {
        Multiplot multiplot = PlotFiles.Arrange(panels, columns);
        using (SKSurface surface = SKSurface.Create(new SKImageInfo(width, height)))
        {
            multiplot.Render(surface.Canvas, new PixelRect(0, width, height, 0));
        }

        foreach (Plot panel in panels)
        {
            AssertRendered(panel, panel.Axes.Title.Label.Text);
        }
    }

    /// <summary>The labels of the major ticks in view on an axis, after a render.</summary>
    public static string[] Labels(IAxis axis) =>
        axis.TickGenerator.Ticks
            .Where(t => t.IsMajor && !string.IsNullOrWhiteSpace(t.Label) && t.Position >= axis.Range.Min - 1e-9 && t.Position <= axis.Range.Max + 1e-9)
            .Select(t => t.Label)
            .ToArray();

    private static void AssertRendered(Plot plot, string name)
    {
        Assert.False(string.IsNullOrWhiteSpace(plot.Axes.Title.Label.Text), "a picture without a title");
        foreach (IAxis axis in new IAxis[] { plot.Axes.Left, plot.Axes.Bottom })
        {
            string[] labels = Labels(axis);
            Assert.True(labels.Length >= MinimumLabels,
                $"'{name}': the {axis.Edge} axis shows {labels.Length} labelled ticks ({string.Join(", ", labels)}) over [{axis.Range.Min}, {axis.Range.Max}]");
        }

        RenderDetails render = plot.RenderManager.LastRender;
        PixelRect[] legends = LegendRectangles(plot, render).ToArray();
        if (legends.Length == 0)
        {
            return;
        }

        foreach (PixelRect legend in legends)
        {
            Assert.True(legend.Left >= render.FigureRect.Left - 0.5 && legend.Right <= render.FigureRect.Right + 0.5 &&
                        legend.Top >= render.FigureRect.Top - 0.5 && legend.Bottom <= render.FigureRect.Bottom + 0.5,
                $"'{name}': the legend {legend} is not inside the figure {render.FigureRect}");
            foreach ((Pixel pixel, string series) in PlottedPixels(plot, render.DataRect))
            {
                Assert.False(legend.Contains(pixel), $"'{name}': the legend {legend} covers a point of '{series}' at {pixel}");
            }
        }
    }

    /// <summary>Where the legend was drawn: inside the data area (aligned as Legend.Render aligns it) or in a legend panel.</summary>
    private static IEnumerable<PixelRect> LegendRectangles(Plot plot, RenderDetails render)
    {
        using Paint paint = Paint.NewDisposablePaint();
        if (plot.Legend.GetItems().Length == 0)
        {
            yield break;
        }

        if (plot.Legend.IsVisible)
        {
            PixelRect area = render.DataRect.Contract(plot.Legend.Margin);
            yield return plot.Legend.GetLayout(area.Size, paint).LegendRect.AlignedInside(area, plot.Legend.Alignment);
        }

        foreach (LegendPanel panel in plot.Axes.GetPanels().OfType<LegendPanel>().Where(p => p.IsVisible))
        {
            PixelRect rect = panel.GetPanelRect(render.DataRect, render.Layout.PanelSizes[panel], render.Layout.PanelOffsets[panel], paint);
            yield return plot.Legend.GetLayout(rect.Size, paint).LegendRect.AlignedInside(rect, panel.Alignment);
        }
    }

    /// <summary>The pixels of every plotted point, and of 16 points along each line between them, that fall in the data area.</summary>
    private static IEnumerable<(Pixel, string)> PlottedPixels(Plot plot, PixelRect dataRect)
    {
        foreach (IPlottable plottable in plot.GetPlottables())
        {
            Coordinates[] points;
            bool joined;
            string series;
            switch (plottable)
            {
                case Scatter scatter:
                    points = scatter.Data.GetScatterPoints().ToArray();
                    joined = scatter.LineWidth > 0;
                    series = scatter.LegendText;
                    break;
                case Marker marker:
                    points = new[] { marker.Location };
                    joined = false;
                    series = "marker";
                    break;
                default:
                    continue;
            }

            for (int i = 0; i < points.Length; i++)
            {
                int pieces = joined && i + 1 < points.Length ? 16 : 1;
                for (int k = 0; k < pieces; k++)
                {
                    double f = (double)k / pieces;
                    var at = new Coordinates(
                        points[i].X + (pieces > 1 ? f * (points[i + 1].X - points[i].X) : 0),
                        points[i].Y + (pieces > 1 ? f * (points[i + 1].Y - points[i].Y) : 0));
                    if (!at.AreReal)
                    {
                        continue;
                    }

                    Pixel pixel = plot.GetPixel(at);
                    if (dataRect.Contains(pixel))
                    {
                        yield return (pixel, series);
                    }
                }
            }
        }
    }
}
