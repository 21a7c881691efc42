using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;
using ScottPlot.Plottables;

namespace SymbolicGd.Plotting.Tests;

/// <summary>
/// Every picture of the library and of the samples reads at a glance: a title, labelled ticks on both axes, and a
/// legend clear of the data (<see cref="PictureChecks"/>), rendered at the size the samples save it.
/// </summary>
public sealed class PictureTests
{
    [Fact]
    public void A_loss_under_a_decade_is_drawn_on_a_linear_axis_with_labelled_ticks()
    {
        // η = 0.02 from w = 0: E = ½(1 − η)^(2(e−1)) falls from 0.5 to 0.5·0.98²² = 0.32 in 12 epochs.
        TrainingHistory history = Train(0.02, epochs: 12, validation: false);
        Assert.InRange(history[0].Loss / history[^1].Loss, 1.2, 10);
        Plot plot = TrainingPlots.LossCurves(history);

        PictureChecks.AssertReadable(plot, 800, 500);
        Assert.Equal("loss", plot.Axes.Left.Label.Text);
        Assert.Equal(history.Select(r => r.Loss), Series(plot, TrainingPlots.TrainingLabel).Data.GetScatterPoints().Select(p => p.Y));
        Assert.All(PictureChecks.Labels(plot.Axes.Left), l => Assert.InRange(double.Parse(l, CultureInfo.InvariantCulture), 0.25, 0.55));
    }

    [Fact]
    public void A_log_axis_over_one_or_two_decades_labels_twice_and_five_times_the_powers_of_ten()
    {
        // η = 0.1: E falls from 0.5 to 0.5·0.9²² = 0.049, a little over a decade.
        TrainingHistory history = Train(0.1, epochs: 12, validation: false);
        Plot plot = TrainingPlots.LossCurves(history);

        PictureChecks.AssertReadable(plot, 800, 500);
        Assert.Equal("loss (log scale)", plot.Axes.Left.Label.Text);
        string[] labels = PictureChecks.Labels(plot.Axes.Left);
        Assert.Subset(new HashSet<string> { "0.05", "0.1", "0.2", "0.5" }, labels.ToHashSet());
        Assert.Contains("0.1", labels);
        Assert.Contains("0.2", labels);
    }

    [Fact]
    public void A_log_axis_over_many_decades_labels_the_powers_of_ten_only()
    {
        // η = 0.5 halves the error every step: E = ½·4^(1−e), from 0.5 to 0.5·4⁻¹¹ ≈ 1.2e-7.
        TrainingHistory history = Train(0.5, epochs: 12, validation: true);
        Plot plot = TrainingPlots.LossCurves(history, title: "halving");

        PictureChecks.AssertReadable(plot, 800, 500);
        string[] labels = PictureChecks.Labels(plot.Axes.Left);
        Assert.All(labels, l => Assert.Matches(@"^(1e-\d+|0\.0*1|1|10)$", l));
        Assert.Contains("0.001", labels);
        Assert.Contains("1e-5", labels);
        Assert.Equal("halving", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void The_library_pictures_read_with_their_default_titles()
    {
        TrainingHistory history = Train(0.5, epochs: 12, validation: true);
        Plot loss = TrainingPlots.LossCurves(history);
        PictureChecks.AssertReadable(loss, 640, 360);
        Assert.Equal(TrainingPlots.DefaultLossTitle, loss.Axes.Title.Label.Text);

        var paths = new[] { ("GD η = 0.001", (IOptimizer)new GradientDescent(0.001)), ("Adam η = 0.05", new Adam(0.05)), ("Adam η = 0.02", new Adam(0.02)) }
            .Select(run => DescentPath.FromHistory(run.Item1,
                Trainer.Fit(new Valley(), run.Item2, new TrainingOptions { MaxEpochs = 300, RecordParameters = true }).History))
            .ToArray();
        Plot contours = DescentPlots.Contours(Valley.At, -2, 2, -1, 3, paths, xLabel: "a", yLabel: "b");
        PictureChecks.AssertReadable(contours, 800, 600);
        Assert.Equal(DescentPlots.DefaultContoursTitle, contours.Axes.Title.Label.Text);
        Assert.Equal("a", contours.Axes.Bottom.Label.Text);
        Assert.Equal("b", contours.Axes.Left.Label.Text);

        // The grid from −2 to 2 has a point exactly at the minimum (1, 1), where the loss is 0: log₁₀ is floored at the
        // smallest positive value, so the levels spread over the picture (without the floor one of 20 levels showed).
        ContourLines lines = contours.GetPlottables().OfType<ContourLines>().Single();
        Assert.InRange(lines.MinZ, -3, 0);
        Assert.True(lines.Lines.Select(l => l.Z).Distinct().Count() >= 15, $"{lines.Lines.Select(l => l.Z).Distinct().Count()} levels drawn");

        // Paths over the same ground stay apart: each its own colour, pattern and marker, the first drawn widest.
        Scatter[] drawn = paths.Select(p => Series(contours, p.Label)).ToArray();
        Assert.Equal(3, drawn.Select(l => l.LineColor).Distinct().Count());
        Assert.Equal(3, drawn.Select(l => l.LinePattern.Name).Distinct().Count());
        Assert.True(drawn[0].LineWidth > drawn[1].LineWidth && drawn[1].LineWidth > drawn[2].LineWidth);
        Assert.Equal(3, contours.Legend.ManualItems.Select(i => i.MarkerShape).Distinct().Count());
        Assert.Equal(paths.Select(p => p.Label), contours.Legend.GetItems().Select(i => i.LabelText));

        Plot[] panels = DescentPlots.ContourPanels(Valley.At, -2, 2, -1, 3, paths, "a", "b", markerEvery: 50);
        PictureChecks.AssertReadable(panels, columns: 3, 1200, 400);
        Assert.Equal(paths.Select(p => p.Label), panels.Select(p => p.Axes.Title.Label.Text));
        // Markers every 50 steps on a 300-step path: steps 50, 100, …, 300.
        Assert.Equal(
            Enumerable.Range(1, 6).Select(k => paths[1].X[50 * k]),
            panels[1].GetPlottables().OfType<Scatter>().Single(s => s.LineWidth == 0).Data.GetScatterPoints().Select(p => p.X));
    }

    [Fact]
    public void The_accuracy_curves_name_the_held_out_set_as_asked()
    {
        var random = new Random(4);
        Separator.Sample Make()
        {
            double x = random.NextDouble() * 2 - 1, y = random.NextDouble() * 2 - 1;
            return new Separator.Sample(new[] { x, y }, x * y > 0 ? 1 : 0);
        }

        Separator.Sample[] train = Enumerable.Range(0, 80).Select(_ => Make()).ToArray();
        Separator.Sample[] held = Enumerable.Range(0, 40).Select(_ => Make()).ToArray();
        var net = new Separator();
        net.Initialize(2);
        TrainingResult result = Trainer.Fit(net, train, new Adam(0.05), new TrainingOptions { MaxEpochs = 15, BatchSize = 16, MeasureAccuracy = true }, held);

        Plot plot = TrainingPlots.AccuracyCurves(result.History, validationLabel: "test");
        PictureChecks.AssertReadable(plot, 800, 500);
        Assert.Equal(TrainingPlots.DefaultAccuracyTitle, plot.Axes.Title.Label.Text);
        Assert.Equal(new[] { "training", "test" }, plot.Legend.GetItems().Select(i => i.LabelText));
    }

    [Fact]
    public void The_optimizer_race_pictures_read()
    {
        var results = OptimizerRace.Race.Racers.Select(r => (r.Name, Result: OptimizerRace.Race.Run(r.Optimizer()))).ToList();
        Plot[] panels = OptimizerRace.Race.PathPanels(results);
        PictureChecks.AssertReadable(panels, columns: 4, 1600, 820);
        Assert.Equal(OptimizerRace.Race.Racers.Count, panels.Length);
        Assert.All(panels, p => Assert.Equal(("a", "b"), (p.Axes.Bottom.Label.Text, p.Axes.Left.Label.Text)));
        Assert.Equal("Adam(η = 0.02): 2875 steps", panels[5].Axes.Title.Label.Text);
        Assert.Equal("L-BFGS (strong Wolfe): 3 epochs", panels[7].Axes.Title.Label.Text);

        PictureChecks.AssertReadable(OptimizerRace.Race.AdamLoss(results[5].Result), 800, 450);
        foreach (DescentPath walk in OptimizerRace.Race.LearningRateWalks())
        {
            PictureChecks.AssertReadable(DescentPlots.Walk(OptimizerRace.Race.WalkLoss, -1.5, 3.5, walk), 400, 420);
        }
    }

    [Fact]
    public void The_curve_fitting_pictures_read_and_both_residual_series_show()
    {
        (_, CurveFitting.Decay.Sample[] train, CurveFitting.Decay.Sample[] validation) = CurveFitting.Fitting.Data();
        var adam = new CurveFitting.Decay();
        TrainingResult adamResult = CurveFitting.Fitting.FitWithAdam(adam, train, validation, 20_000);
        var lbfgs = new CurveFitting.Decay();
        TrainingResult lbfgsResult = CurveFitting.Fitting.FitWithLbfgs(lbfgs, train, validation, new Lbfgs(toleranceChange: 1e-14));

        Plot[] panels = CurveFitting.Fitting.Pictures(train, validation, adam, adamResult, lbfgs, lbfgsResult);
        PictureChecks.AssertReadable(panels, columns: 3, 1600, 500);

        // The residuals of the two fits coincide: one is drawn as open circles, the other as crosses inside them.
        Scatter[] residuals = panels[1].GetPlottables().OfType<Scatter>().ToArray();
        Assert.Equal(new[] { "Adam", "L-BFGS" }, residuals.Select(r => r.LegendText));
        Assert.Equal(MarkerShape.OpenCircle, residuals[0].MarkerShape);
        Assert.Equal(MarkerShape.Cross, residuals[1].MarkerShape);
        Assert.True(residuals[0].MarkerSize > residuals[1].MarkerSize);
        Assert.Equal("y − fit", panels[1].Axes.Left.Label.Text);

        // The loss panel is the library's: log axis, the losses themselves (as log₁₀) with labelled powers of ten.
        Assert.Equal("loss (log scale)", panels[2].Axes.Left.Label.Text);
        Assert.Equal(adamResult.History.Select(r => Math.Log10(r.Loss)), Series(panels[2], "Adam").Data.GetScatterPoints().Select(p => p.Y));
    }

    [Fact]
    public void The_digits_picture_reads_and_names_the_test_set_as_its_title_does()
    {
        var net = new Digits.DigitsNet();
        net.Initialize(seed: 42);
        var (train, test) = Digits.DigitsData.Split(Digits.DigitsData.Load(), testFraction: 0.2, seed: 2026);
        TrainingResult result = Digits.Training.Run(net, train, test);

        Plot plot = Digits.Training.AccuracyPicture(result.History);
        PictureChecks.AssertReadable(plot, 800, 500);
        Assert.Contains(" test ", plot.Axes.Title.Label.Text, StringComparison.Ordinal);
        Assert.Equal(new[] { "training", "test" }, plot.Legend.GetItems().Select(i => i.LabelText));
    }

    [Fact]
    public void The_checks_reject_a_legend_over_the_data_and_an_axis_without_labels()
    {
        // The pictures of the issue: a legend inside the data area, in the corner the curve runs through...
        var covered = new Plot();
        covered.Add.ScatterLine(new[] { 0.0, 1.0, 2.0, 3.0 }, new[] { 0.0, 1.0, 2.0, 3.0 }).LegendText = "rising";
        covered.Title("covered");
        covered.ShowLegend(Alignment.UpperRight);
        var legend = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => PictureChecks.AssertReadable(covered, 400, 300));
        Assert.Contains("covers a point of 'rising'", legend.Message, StringComparison.Ordinal);

        // ...and log₁₀ of a loss from 0.62 to 0.34 with integer powers of ten only: no labelled tick at all.
        var unlabelled = new Plot();
        unlabelled.Add.ScatterLine(new[] { 1.0, 2.0, 3.0 }, new[] { Math.Log10(0.62), Math.Log10(0.45), Math.Log10(0.34) });
        unlabelled.Title("unlabelled");
        unlabelled.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var axis = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => PictureChecks.AssertReadable(unlabelled, 400, 300));
        Assert.Contains("the Left axis shows 0 labelled ticks", axis.Message, StringComparison.Ordinal);
    }

    private static TrainingHistory Train(double eta, int epochs, bool validation)
    {
        var train = new OneWeight.Sample[] { new(1.0, 1.0) };
        var held = validation ? new OneWeight.Sample[] { new(2.0, 1.0), new(1.0, 1.5) } : null;
        return Trainer.Fit(new OneWeight(), train, new GradientDescent(eta), new TrainingOptions { MaxEpochs = epochs }, held).History;
    }

    private static Scatter Series(Plot plot, string label) =>
        plot.GetPlottables().OfType<Scatter>().Single(s => s.LegendText == label);
}
