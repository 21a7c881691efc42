using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace SymbolicGd.Plotting;

/// <summary>Loss and accuracy curves of a <see cref="TrainingHistory"/>, per epoch.</summary>
/// <remarks>
/// Every picture has a title (a default one unless given) and its legend outside the data area, on the right, so it
/// never covers a curve. A loss axis always has at least three labelled ticks: a loss that spans less than a decade
/// is drawn on a linear axis, and a log axis with fewer than three powers of ten in view labels 2× and 5× them too.
/// </remarks>
public static class TrainingPlots
{
    /// <summary>The label of the training curve.</summary>
    public const string TrainingLabel = "training";

    /// <summary>The default label of the validation curve.</summary>
    public const string ValidationLabel = "validation";

    /// <summary>The title of <see cref="LossCurves(TrainingHistory, bool, string?, string)"/> when none is given.</summary>
    public const string DefaultLossTitle = "Loss per epoch";

    /// <summary>The title of <see cref="AccuracyCurves"/> when none is given.</summary>
    public const string DefaultAccuracyTitle = "Accuracy per epoch";

    /// <summary>
    /// The training loss per epoch, and the validation loss when the history has it, on a log scale when
    /// <paramref name="logScale"/> is set, every loss is positive and the losses span at least a decade (the curve
    /// then shows log₁₀ of the loss, with the axis labelled in the loss's own values).
    /// </summary>
    /// <param name="history">The history of a <see cref="Trainer"/> run; at least one epoch.</param>
    /// <param name="logScale">Whether to use a log scale for the loss when it spans a decade or more; default true.</param>
    /// <param name="title">The title; <see langword="null"/> for <see cref="DefaultLossTitle"/>.</param>
    /// <param name="validationLabel">The legend text of the held-out curve, such as <c>test</c>; default <see cref="ValidationLabel"/>.</param>
    /// <returns>The plot, to save with <see cref="PlotFiles.Save"/> or change further.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    /// <exception cref="ArgumentException">The history is empty.</exception>
    public static Plot LossCurves(TrainingHistory history, bool logScale = true, string? title = null, string validationLabel = ValidationLabel)
    {
        CheckHistory(history);
        ArgumentException.ThrowIfNullOrEmpty(validationLabel);
        var curves = new List<(string, double[], double[])> { (TrainingLabel, Epochs(history), history.Select(r => r.Loss).ToArray()) };
        if (history.All(r => r.ValidationLoss is not null))
        {
            curves.Add((validationLabel, Epochs(history), history.Select(r => r.ValidationLoss!.Value).ToArray()));
        }

        return Losses(curves, logScale, title ?? DefaultLossTitle, "epoch");
    }

    /// <summary>
    /// The training loss per epoch of several runs on one picture, to compare optimizers or settings, with the
    /// scale rules of <see cref="LossCurves(TrainingHistory, bool, string?, string)"/>.
    /// </summary>
    /// <param name="runs">The runs, each with its legend text; at least one, each with at least one epoch.</param>
    /// <param name="logScale">Whether to use a log scale when the losses span a decade or more; default true.</param>
    /// <param name="title">The title; <see langword="null"/> for <see cref="DefaultLossTitle"/>.</param>
    /// <returns>The plot.</returns>
    /// <exception cref="ArgumentException">There are no runs, a label is empty or a history is empty.</exception>
    public static Plot LossCurves(IReadOnlyList<(string Label, TrainingHistory History)> runs, bool logScale = true, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("At least one run is needed.", nameof(runs));
        }

        var curves = new List<(string, double[], double[])>();
        foreach ((string label, TrainingHistory history) in runs)
        {
            ArgumentException.ThrowIfNullOrEmpty(label, nameof(runs));
            CheckHistory(history);
            curves.Add((label, Epochs(history), history.Select(r => r.Loss).ToArray()));
        }

        return Losses(curves, logScale, title ?? DefaultLossTitle, "epoch");
    }

    /// <summary>The training and validation accuracy per epoch, from 0 to 1.</summary>
    /// <param name="history">A history recorded with <see cref="TrainingOptions.MeasureAccuracy"/>.</param>
    /// <param name="title">The title; <see langword="null"/> for <see cref="DefaultAccuracyTitle"/>.</param>
    /// <param name="validationLabel">The legend text of the held-out curve, such as <c>test</c>; default <see cref="ValidationLabel"/>.</param>
    /// <returns>The plot.</returns>
    /// <exception cref="ArgumentException">The history is empty or has no accuracy.</exception>
    public static Plot AccuracyCurves(TrainingHistory history, string? title = null, string validationLabel = ValidationLabel)
    {
        CheckHistory(history);
        ArgumentException.ThrowIfNullOrEmpty(validationLabel);
        if (history.Any(r => r.Accuracy is null))
        {
            throw new ArgumentException(
                "The history has no accuracy: train a classifier with TrainingOptions.MeasureAccuracy = true.", nameof(history));
        }

        double[] epochs = Epochs(history);
        var plot = new Plot();
        AddCurve(plot, epochs, history.Select(r => r.Accuracy!.Value).ToArray(), TrainingLabel, Colors.C0);
        if (history.All(r => r.ValidationAccuracy is not null))
        {
            AddCurve(plot, epochs, history.Select(r => r.ValidationAccuracy!.Value).ToArray(), validationLabel, Colors.C1);
        }

        plot.XLabel("epoch");
        plot.YLabel("accuracy");
        plot.Axes.SetLimitsY(0, 1.02);
        Finish(plot, title ?? DefaultAccuracyTitle);
        return plot;
    }

    /// <summary>Draws <see cref="LossCurves(TrainingHistory, bool, string?, string)"/> into a <c>.png</c> or <c>.svg</c> file.</summary>
    /// <param name="history">The history; at least one epoch.</param>
    /// <param name="path">The file, ending in <c>.png</c> or <c>.svg</c>.</param>
    /// <param name="width">The width in pixels; default 800.</param>
    /// <param name="height">The height in pixels; default 500.</param>
    /// <param name="logScale">Whether to use a log scale when the loss spans a decade or more; default true.</param>
    /// <param name="title">The title; <see langword="null"/> for <see cref="DefaultLossTitle"/>.</param>
    /// <param name="validationLabel">The legend text of the held-out curve; default <see cref="ValidationLabel"/>.</param>
    public static void SaveLossCurves(
        TrainingHistory history, string path, int width = 800, int height = 500, bool logScale = true, string? title = null, string validationLabel = ValidationLabel) =>
        PlotFiles.Save(LossCurves(history, logScale, title, validationLabel), path, width, height);

    /// <summary>Draws <see cref="AccuracyCurves"/> into a <c>.png</c> or <c>.svg</c> file.</summary>
    /// <param name="history">A history recorded with <see cref="TrainingOptions.MeasureAccuracy"/>.</param>
    /// <param name="path">The file, ending in <c>.png</c> or <c>.svg</c>.</param>
    /// <param name="width">The width in pixels; default 800.</param>
    /// <param name="height">The height in pixels; default 500.</param>
    /// <param name="title">The title; <see langword="null"/> for <see cref="DefaultAccuracyTitle"/>.</param>
    /// <param name="validationLabel">The legend text of the held-out curve; default <see cref="ValidationLabel"/>.</param>
    public static void SaveAccuracyCurves(
        TrainingHistory history, string path, int width = 800, int height = 500, string? title = null, string validationLabel = ValidationLabel) =>
        PlotFiles.Save(AccuracyCurves(history, title, validationLabel), path, width, height);

    /// <summary>Whether losses from <paramref name="min"/> to <paramref name="max"/> go on a log axis: positive, finite and a decade or more apart.</summary>
    internal static bool UseLogScale(double min, double max) =>
        min > 0 && double.IsFinite(min) && double.IsFinite(max) && max >= 10 * min;

    internal static void UseLogTicks(Plot plot) => plot.Axes.Left.TickGenerator = new LogTicks();

    /// <summary>Sets the title and puts the legend (when there is one) outside the data area, on the right.</summary>
    internal static void Finish(Plot plot, string title)
    {
        plot.Title(title);
        if (plot.Legend.GetItems().Length > 0)
        {
            PlotLegends.PutOutside(plot);
        }
    }

    private static Plot Losses(List<(string Label, double[] X, double[] Y)> curves, bool logScale, string title, string xLabel)
    {
        double[] all = curves.SelectMany(c => c.Y).ToArray();
        bool log = logScale && all.All(double.IsFinite) && UseLogScale(all.Min(), all.Max());
        var plot = new Plot();
        for (int i = 0; i < curves.Count; i++)
        {
            (string label, double[] x, double[] y) = curves[i];
            var scatter = AddCurve(plot, x, log ? y.Select(Math.Log10).ToArray() : y, label, Palette(i));
            if (x.Length <= 20)
            {
                // Few epochs (L-BFGS's, say): a marker at each, so a two-point run is not read as a plain line.
                scatter.MarkerSize = 6;
            }
        }

        plot.XLabel(xLabel);
        plot.YLabel(log ? "loss (log scale)" : "loss");
        if (log)
        {
            UseLogTicks(plot);
        }

        Finish(plot, title);
        return plot;
    }

    internal static Color Palette(int index) => DescentPlots.Palette[index % DescentPlots.Palette.Length];

    private static double[] Epochs(TrainingHistory history) => history.Select(r => (double)r.Epoch).ToArray();

    private static ScottPlot.Plottables.Scatter AddCurve(Plot plot, double[] x, double[] y, string label, Color color)
    {
        var scatter = plot.Add.ScatterLine(x, y, color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        return scatter;
    }

    private static void CheckHistory(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            throw new ArgumentException("The history has no epochs to draw.", nameof(history));
        }
    }
}
