using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;

namespace SymbolicGd.Plotting;

/// <summary>Loss and accuracy curves of a <see cref="TrainingHistory"/>, per epoch.</summary>
public static class TrainingPlots
{
    /// <summary>The label of the training curve.</summary>
    public const string TrainingLabel = "training";

    /// <summary>The label of the validation curve.</summary>
    public const string ValidationLabel = "validation";

    /// <summary>
    /// The training loss per epoch, and the validation loss when the history has it, on a log scale when
    /// <paramref name="logScale"/> is set and every loss is positive (the curve then shows log₁₀ of the loss, with
    /// the axis labelled in powers of ten).
    /// </summary>
    /// <param name="history">The history of a <see cref="Trainer"/> run; at least one epoch.</param>
    /// <param name="logScale">Whether to use a log scale for the loss; default true.</param>
    /// <param name="title">The title; <see langword="null"/> for none.</param>
    /// <returns>The plot, to save with <see cref="PlotFiles.Save"/> or change further.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    /// <exception cref="ArgumentException">The history is empty.</exception>
    public static Plot LossCurves(TrainingHistory history, bool logScale = true, string? title = null)
    {
        CheckHistory(history);
        double[] epochs = history.Select(r => (double)r.Epoch).ToArray();
        double[] training = history.Select(r => r.Loss).ToArray();
        double[]? validation = history.All(r => r.ValidationLoss is not null)
            ? history.Select(r => r.ValidationLoss!.Value).ToArray()
            : null;
        bool log = logScale && training.All(v => v > 0 && double.IsFinite(v)) && (validation?.All(v => v > 0 && double.IsFinite(v)) ?? true);

        var plot = new Plot();
        AddCurve(plot, epochs, training, log, TrainingLabel, Colors.C0);
        if (validation is not null)
        {
            AddCurve(plot, epochs, validation, log, ValidationLabel, Colors.C1);
        }

        plot.XLabel("epoch");
        plot.YLabel(log ? "loss (log scale)" : "loss");
        if (log)
        {
            UseLogTicks(plot);
        }

        Finish(plot, title);
        return plot;
    }

    /// <summary>The training and validation accuracy per epoch, from 0 to 1.</summary>
    /// <param name="history">A history recorded with <see cref="TrainingOptions.MeasureAccuracy"/>.</param>
    /// <param name="title">The title; <see langword="null"/> for none.</param>
    /// <returns>The plot.</returns>
    /// <exception cref="ArgumentException">The history is empty or has no accuracy.</exception>
    public static Plot AccuracyCurves(TrainingHistory history, string? title = null)
    {
        CheckHistory(history);
        if (history.Any(r => r.Accuracy is null))
        {
            throw new ArgumentException(
                "The history has no accuracy: train a classifier with TrainingOptions.MeasureAccuracy = true.", nameof(history));
        }

        double[] epochs = history.Select(r => (double)r.Epoch).ToArray();
        var plot = new Plot();
        AddCurve(plot, epochs, history.Select(r => r.Accuracy!.Value).ToArray(), false, TrainingLabel, Colors.C0);
        if (history.All(r => r.ValidationAccuracy is not null))
        {
            AddCurve(plot, epochs, history.Select(r => r.ValidationAccuracy!.Value).ToArray(), false, ValidationLabel, Colors.C1);
        }

        plot.XLabel("epoch");
        plot.YLabel("accuracy");
        plot.Axes.SetLimitsY(0, 1.02);
        Finish(plot, title);
        return plot;
    }

    /// <summary>Draws <see cref="LossCurves"/> into a <c>.png</c> or <c>.svg</c> file.</summary>
    /// <param name="history">The history; at least one epoch.</param>
    /// <param name="path">The file, ending in <c>.png</c> or <c>.svg</c>.</param>
    /// <param name="width">The width in pixels; default 800.</param>
    /// <param name="height">The height in pixels; default 500.</param>
    /// <param name="logScale">Whether to use a log scale for the loss; default true.</param>
    /// <param name="title">The title; <see langword="null"/> for none.</param>
    public static void SaveLossCurves(TrainingHistory history, string path, int width = 800, int height = 500, bool logScale = true, string? title = null) =>
        PlotFiles.Save(LossCurves(history, logScale, title), path, width, height);

    /// <summary>Draws <see cref="AccuracyCurves"/> into a <c>.png</c> or <c>.svg</c> file.</summary>
    /// <param name="history">A history recorded with <see cref="TrainingOptions.MeasureAccuracy"/>.</param>
    /// <param name="path">The file, ending in <c>.png</c> or <c>.svg</c>.</param>
    /// <param name="width">The width in pixels; default 800.</param>
    /// <param name="height">The height in pixels; default 500.</param>
    /// <param name="title">The title; <see langword="null"/> for none.</param>
    public static void SaveAccuracyCurves(TrainingHistory history, string path, int width = 800, int height = 500, string? title = null) =>
        PlotFiles.Save(AccuracyCurves(history, title), path, width, height);

    internal static void UseLogTicks(Plot plot)
    {
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => "1e" + y.ToString("0", CultureInfo.InvariantCulture),
        };
    }

    internal static void Finish(Plot plot, string? title)
    {
        if (title is not null)
        {
            plot.Title(title);
        }

        plot.ShowLegend();
    }

    private static void AddCurve(Plot plot, double[] x, double[] y, bool log, string label, Color color)
    {
        double[] values = log ? y.Select(Math.Log10).ToArray() : y;
        var scatter = plot.Add.ScatterLine(x, values, color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
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
