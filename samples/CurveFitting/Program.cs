using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CurveFitting;
using ScottPlot;
using Color = ScottPlot.Color;
using Spectre.Console;
using SymbolicGd;
using SymbolicGd.Plotting;

// Fit y = A·e^(−k·t) + c to noisy data (made here from a seed) with Adam and with L-BFGS: steps, evaluations, time,
// and pictures of the fits, their residuals and the loss per epoch. A quarter of the data is held out for validation.
Console.OutputEncoding = System.Text.Encoding.UTF8;
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Width = 132;
}

string images = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "docs", "images");
const double TrueA = 2.5, TrueK = 1.3, TrueC = 0.4, Noise = 0.05;
var random = new Random(2024);
Decay.Sample[] all = Enumerable.Range(0, 60).Select(i =>
{
    double t = 4.0 * i / 59;
    double gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
    return new Decay.Sample(t, TrueA * Math.Exp(-TrueK * t) + TrueC + Noise * gaussian);
}).ToArray();
Decay.Sample[] train = all.Where((_, i) => i % 4 != 3).ToArray();
Decay.Sample[] validation = all.Where((_, i) => i % 4 == 3).ToArray();

// Adam: full batch, until the gradient norm is at most 1e-6.
var adam = new Decay();
TrainingResult adamResult = null!;
var adamClock = Stopwatch.StartNew();
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        const int maxEpochs = 20_000;
        ProgressTask task = context.AddTask("Adam(η = 0.05)", maxValue: maxEpochs);
        adamResult = Trainer.Fit(adam, train, new Adam(0.05), new TrainingOptions
        {
            MaxEpochs = maxEpochs,
            GradientTolerance = 1e-6,
            EpochCompleted = record => task.Value = record.Epoch,
        }, validation);
        task.Value = maxEpochs;
    });
adamClock.Stop();

// L-BFGS: full batch, one Lbfgs.Step (up to 20 iterations) per epoch, to the same gradient norm.
var lbfgs = new Decay();
var optimizer = new Lbfgs(toleranceChange: 1e-14); // PyTorch's 1e-9 stops it once the loss (6e-4 here) changes by less than 1e-9
var lbfgsClock = Stopwatch.StartNew();
TrainingResult lbfgsResult = Trainer.Fit(lbfgs, train, optimizer,
    new TrainingOptions { MaxEpochs = 50, GradientTolerance = 1e-6 }, validation);
lbfgsClock.Stop();

var table = new Table().AddColumns("", "epochs", "gradient evaluations", "time", "A", "k", "c", "training loss", "validation loss");
table.AddRow("truth", "", "", "", F(TrueA), F(TrueK), F(TrueC), "", "");
table.AddRow("Adam", adamResult.Epochs.ToString(), (adamResult.Epochs + 1).ToString(), $"{adamClock.Elapsed.TotalMilliseconds:F0} ms",
    F(adam.A), F(adam.k), F(adam.c), E(adamResult.FinalLoss), E(Trainer.Score(adam, validation).Loss));
table.AddRow("L-BFGS", lbfgsResult.Epochs.ToString(), $"{optimizer.FunctionEvaluations} (+{lbfgsResult.Epochs + 1} by the trainer)",
    $"{lbfgsClock.Elapsed.TotalMilliseconds:F0} ms", F(lbfgs.A), F(lbfgs.k), F(lbfgs.c), E(lbfgsResult.FinalLoss),
    E(Trainer.Score(lbfgs, validation).Loss));
AnsiConsole.Write(table);
AnsiConsole.WriteLine($"Adam: {adamResult.Message}");
AnsiConsole.WriteLine($"L-BFGS: {lbfgsResult.Message}");

// Pictures: the data and both fits, the residuals, and the loss per epoch of both runs.
double[] ts = all.Select(s => s.t).ToArray();
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
fit.ShowLegend(Alignment.UpperRight);

var residuals = new Plot();
var adamResiduals = residuals.Add.ScatterPoints(ts, all.Select(s => s.y - adam.At(s.t)).ToArray(), Colors.C0);
adamResiduals.LegendText = "Adam";
var lbfgsResiduals = residuals.Add.ScatterPoints(ts, all.Select(s => s.y - lbfgs.At(s.t)).ToArray(), Colors.C1);
lbfgsResiduals.LegendText = "L-BFGS";
lbfgsResiduals.MarkerShape = MarkerShape.Cross;
residuals.Add.HorizontalLine(0, color: Colors.Gray);
residuals.Title("residuals y − fit");
residuals.XLabel("t");
residuals.ShowLegend(Alignment.UpperRight);

var losses = new Plot();
AddLine(losses, adamResult.History.Select(r => (double)r.Epoch).ToArray(), adamResult.History.Select(r => Math.Log10(r.Loss)).ToArray(), "Adam", Colors.C0);
AddLine(losses, lbfgsResult.History.Select(r => (double)r.Epoch).ToArray(), lbfgsResult.History.Select(r => Math.Log10(r.Loss)).ToArray(), "L-BFGS", Colors.C1).MarkerSize = 6;
losses.Title("training loss per epoch (log₁₀)");
losses.XLabel("epoch");
losses.ShowLegend(Alignment.UpperRight);

string file = Path.Combine(images, "curve-fitting.png");
PlotFiles.SaveSideBySide(new[] { fit, residuals, losses }, file, 1600, 480);
AnsiConsole.WriteLine($"Picture: {file}");

static ScottPlot.Plottables.Scatter AddLine(Plot plot, double[] x, double[] y, string label, Color color)
{
    var line = plot.Add.ScatterLine(x, y, color);
    line.LegendText = label;
    line.LineWidth = 2;
    return line;
}

static string F(double value) => value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);

static string E(double value) => value.ToString("0.####e0", System.Globalization.CultureInfo.InvariantCulture);

static string RepositoryRoot()
{
    for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "SymbolicGd.sln")))
        {
            return folder.FullName;
        }
    }

    return Environment.CurrentDirectory;
}
