using System;
using System.Linq;
using ScottPlot;
using SymbolicGd;
using SymbolicGd.Plotting;
using Color = ScottPlot.Color;

namespace CurveFitting;

/// <summary>
/// The data, the two fits and their pictures, apart from the console so that the tests of SymbolicGd.Plotting draw
/// the same pictures the sample writes to docs/images and check that they read.
/// </summary>
public static class Fitting
{
    public const double TrueA = 2.5, TrueK = 1.3, TrueC = 0.4, Noise = 0.05;

    /// <summary>Both optimizers stop once the gradient's norm is at most this.</summary>
    public const double GradientTolerance = 1e-6;

    /// <summary>60 noisy samples of y = A·e^(−k·t) + c on [0, 4], made from a seed; every fourth one is held out.</summary>
    public static (Decay.Sample[] All, Decay.Sample[] Train, Decay.Sample[] Validation) Data()
    {
        var random = new Random(2024);
        Decay.Sample[] all = Enumerable.Range(0, 60).Select(i =>
        {
            double t = 4.0 * i / 59;
            double gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            return new Decay.Sample(t, TrueA * Math.Exp(-TrueK * t) + TrueC + Noise * gaussian);
        }).ToArray();
        return (all, all.Where((_, i) => i % 4 != 3).ToArray(), all.Where((_, i) => i % 4 == 3).ToArray());
    }

    /// <summary>Adam: full batch, until the gradient norm is at most <see cref="GradientTolerance"/>.</summary>
    public static TrainingResult FitWithAdam(Decay model, Decay.Sample[] train, Decay.Sample[] validation, int maxEpochs, Action<EpochRecord>? epochCompleted = null) =>
        Trainer.Fit(model, train, new Adam(0.05), new TrainingOptions
        {
            MaxEpochs = maxEpochs,
            GradientTolerance = GradientTolerance,
            EpochCompleted = epochCompleted,
        }, validation);

    /// <summary>L-BFGS: full batch, one Lbfgs.Step (up to 20 iterations) per epoch, to the same gradient norm.</summary>
    public static TrainingResult FitWithLbfgs(Decay model, Decay.Sample[] train, Decay.Sample[] validation, Lbfgs optimizer) =>
        Trainer.Fit(model, train, optimizer, new TrainingOptions { MaxEpochs = 50, GradientTolerance = GradientTolerance }, validation);

    /// <summary>
    /// Levenberg–Marquardt (MINPACK's lmder with its defaults) on the model's residuals and exact Jacobian, and the fit's
    /// statistics: standard errors, t values, correlations, σ̂ and R², as scipy's curve_fit and R's nls report them.
    /// </summary>
    public static (TrainingResult Result, FitStatistics Statistics) FitWithLevenbergMarquardt(Decay model, Decay.Sample[] train, LevenbergMarquardt solver)
    {
        TrainingResult result = Trainer.Fit(model, train, solver);
        return (result, LeastSquares.Statistics(model, train, sample => sample.y));
    }

    /// <summary>The three panels: the data and both fits, the residuals, and the training loss per epoch of both runs.</summary>
    public static Plot[] Pictures(Decay.Sample[] train, Decay.Sample[] validation, Decay adam, TrainingResult adamResult, Decay lbfgs, TrainingResult lbfgsResult)
    {
        Decay.Sample[] all = train.Concat(validation).OrderBy(s => s.t).ToArray();
        double[] grid = Enumerable.Range(0, 200).Select(i => 4.0 * i / 199).ToArray();
        var fit = new Plot();
        var trainPoints = fit.Add.ScatterPoints(train.Select(s => s.t).ToArray(), train.Select(s => s.y).ToArray(), Colors.Gray);
        trainPoints.LegendText = "training data";
        var validationPoints = fit.Add.ScatterPoints(validation.Select(s => s.t).ToArray(), validation.Select(s => s.y).ToArray(), Colors.Black);
        validationPoints.LegendText = "validation data";
        validationPoints.MarkerShape = MarkerShape.OpenSquare;
        AddLine(fit, grid, grid.Select(adam.At).ToArray(), "Adam", Colors.C0);
        AddLine(fit, grid, grid.Select(lbfgs.At).ToArray(), "L-BFGS", Colors.C1).LinePattern = LinePattern.Dashed;
        fit.Title("y = A·e^(−k·t) + c");
        fit.XLabel("t");
        fit.YLabel("y");
        PlotLegends.PutOutside(fit, Edge.Bottom);

        // Both fits reach the same minimum, so their residuals coincide: Adam's are open circles and L-BFGS's crosses
        // drawn inside them, so both colours show at every point, as the legend says.
        double[] ts = all.Select(s => s.t).ToArray();
        var residuals = new Plot();
        residuals.Add.HorizontalLine(0, color: Colors.Gray);
        var adamResiduals = residuals.Add.ScatterPoints(ts, all.Select(s => s.y - adam.At(s.t)).ToArray(), Colors.C0);
        adamResiduals.LegendText = "Adam";
        adamResiduals.MarkerShape = MarkerShape.OpenCircle;
        adamResiduals.MarkerSize = 11;
        adamResiduals.MarkerLineWidth = 1.5f;
        var lbfgsResiduals = residuals.Add.ScatterPoints(ts, all.Select(s => s.y - lbfgs.At(s.t)).ToArray(), Colors.C1);
        lbfgsResiduals.LegendText = "L-BFGS";
        lbfgsResiduals.MarkerShape = MarkerShape.Cross;
        lbfgsResiduals.MarkerSize = 7;
        lbfgsResiduals.MarkerLineWidth = 1.5f;
        residuals.Title("residuals");
        residuals.XLabel("t");
        residuals.YLabel("y − fit");
        PlotLegends.PutOutside(residuals, Edge.Bottom);

        Plot losses = TrainingPlots.LossCurves(new[] { ("Adam", adamResult.History), ("L-BFGS", lbfgsResult.History) }, title: "training loss per epoch");
        PlotLegends.PutOutside(losses, Edge.Bottom);
        return new[] { fit, residuals, losses };
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, double[] x, double[] y, string label, Color color)
    {
        var line = plot.Add.ScatterLine(x, y, color);
        line.LegendText = label;
        line.LineWidth = 2;
        return line;
    }
}
