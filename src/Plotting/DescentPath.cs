using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Plotting;

/// <summary>
/// The points an optimizer visited, in order, for <see cref="DescentPlots"/>: two parameters of a model (for a path
/// over contour lines), or one parameter and the loss there (for a walk along a one-parameter loss).
/// </summary>
public sealed class DescentPath
{
    /// <summary>Creates a path from its coordinates.</summary>
    /// <param name="label">The legend text, such as <c>Adam η = 0.01</c>.</param>
    /// <param name="x">The horizontal coordinates, at least one.</param>
    /// <param name="y">The vertical coordinates, as many as <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The label is empty, there are no points, or the counts differ.</exception>
    public DescentPath(string label, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException($"A path needs as many y as x coordinates, at least one; it had {x.Count} and {y.Count}.", nameof(y));
        }

        Label = label;
        X = x.ToArray();
        Y = y.ToArray();
    }

    /// <summary>The legend text.</summary>
    public string Label { get; }

    /// <summary>The horizontal coordinates, in the order visited.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>The vertical coordinates, in the order visited.</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>
    /// The path of two parameters through a run recorded with <see cref="TrainingOptions.RecordParameters"/>: the
    /// initial parameters, then those after every epoch.
    /// </summary>
    /// <param name="label">The legend text.</param>
    /// <param name="history">The run's history.</param>
    /// <param name="xParameter">The index of the horizontal parameter; default 0.</param>
    /// <param name="yParameter">The index of the vertical parameter; default 1.</param>
    /// <exception cref="ArgumentException">The history has no recorded parameters, or an index is out of range.</exception>
    public static DescentPath FromHistory(string label, TrainingHistory history, int xParameter = 0, int yParameter = 1)
    {
        IReadOnlyList<double>[] points = Points(history);
        CheckIndex(points[0].Count, xParameter, nameof(xParameter));
        CheckIndex(points[0].Count, yParameter, nameof(yParameter));
        return new DescentPath(label, points.Select(p => p[xParameter]).ToArray(), points.Select(p => p[yParameter]).ToArray());
    }

    /// <summary>
    /// The walk of one parameter along the loss: x is the parameter (initial, then after every epoch) and y the
    /// loss there, computed by <paramref name="loss"/>.
    /// </summary>
    /// <param name="label">The legend text.</param>
    /// <param name="history">A history recorded with <see cref="TrainingOptions.RecordParameters"/>.</param>
    /// <param name="loss">The loss as a function of the parameter.</param>
    /// <param name="parameter">The index of the parameter; default 0.</param>
    /// <exception cref="ArgumentException">The history has no recorded parameters, or the index is out of range.</exception>
    public static DescentPath Walk(string label, TrainingHistory history, Func<double, double> loss, int parameter = 0)
    {
        ArgumentNullException.ThrowIfNull(loss);
        IReadOnlyList<double>[] points = Points(history);
        CheckIndex(points[0].Count, parameter, nameof(parameter));
        double[] x = points.Select(p => p[parameter]).ToArray();
        return new DescentPath(label, x, x.Select(loss).ToArray());
    }

    private static IReadOnlyList<double>[] Points(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.InitialParameters is null || history.Any(r => r.Parameters is null))
        {
            throw new ArgumentException(
                "The history has no recorded parameters: train with TrainingOptions.RecordParameters = true.", nameof(history));
        }

        return new[] { history.InitialParameters }.Concat(history.Select(r => r.Parameters!)).ToArray();
    }

    private static void CheckIndex(int count, int index, string name)
    {
        if (index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be from 0 to {count - 1}; it was {index}.");
        }
    }
}
