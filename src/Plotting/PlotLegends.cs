using System.Linq;
using ScottPlot;
using ScottPlot.Panels;

namespace SymbolicGd.Plotting;

/// <summary>Where a legend goes: outside the data area, so it never covers a curve or a point.</summary>
public static class PlotLegends
{
    /// <summary>
    /// Moves the plot's legend outside its data area, beside <paramref name="edge"/> (in a row for the top or bottom),
    /// replacing a legend placed before, inside or outside.
    /// </summary>
    /// <param name="plot">The plot.</param>
    /// <param name="edge">The side of the data area; default the right.</param>
    public static void PutOutside(Plot plot, Edge edge = Edge.Right)
    {
        System.ArgumentNullException.ThrowIfNull(plot);
        foreach (IPanel panel in plot.Axes.GetPanels().OfType<LegendPanel>().ToArray())
        {
            plot.Axes.Remove(panel);
        }

        plot.Legend.Orientation = edge is Edge.Top or Edge.Bottom ? Orientation.Horizontal : Orientation.Vertical;
        plot.ShowLegend(edge);
    }
}
