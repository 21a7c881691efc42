using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CurveFitting;
using ScottPlot;
using Spectre.Console;
using SymbolicGd;
using SymbolicGd.Plotting;

// Fit y = A·e^(−k·t) + c to noisy data (made here from a seed) with Adam, L-BFGS and Levenberg–Marquardt: steps,
// evaluations, time, the least-squares fit's standard errors, and pictures of the first two fits, their residuals and
// the loss per epoch. A quarter of the data is held out for validation.
Console.OutputEncoding = System.Text.Encoding.UTF8;
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Width = 132;
}

string images = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "docs", "images");
(_, Decay.Sample[] train, Decay.Sample[] validation) = Fitting.Data();

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
        adamResult = Fitting.FitWithAdam(adam, train, validation, maxEpochs, record => task.Value = record.Epoch);
        task.Value = maxEpochs;
    });
adamClock.Stop();

// L-BFGS: full batch, one Lbfgs.Step (up to 20 iterations) per epoch, to the same gradient norm.
var lbfgs = new Decay();
var optimizer = new Lbfgs(toleranceChange: 1e-14); // PyTorch's 1e-9 stops it once the loss (6e-4 here) changes by less than 1e-9
var lbfgsClock = Stopwatch.StartNew();
TrainingResult lbfgsResult = Fitting.FitWithLbfgs(lbfgs, train, validation, optimizer);
lbfgsClock.Stop();

// Levenberg–Marquardt: the residuals and their exact Jacobian ([Residual]), MINPACK's defaults.
var levenbergMarquardt = new Decay();
var solver = new LevenbergMarquardt();
var lmClock = Stopwatch.StartNew();
(TrainingResult lmResult, FitStatistics statistics) = Fitting.FitWithLevenbergMarquardt(levenbergMarquardt, train, solver);
lmClock.Stop();

var table = new Table().AddColumns("", "epochs", "gradient evaluations", "time", "A", "k", "c", "training loss", "validation loss");
table.AddRow("truth", "", "", "", F(Fitting.TrueA), F(Fitting.TrueK), F(Fitting.TrueC), "", "");
table.AddRow("Adam", adamResult.Epochs.ToString(), (adamResult.Epochs + 1).ToString(), $"{adamClock.Elapsed.TotalMilliseconds:F0} ms",
    F(adam.A), F(adam.k), F(adam.c), E(adamResult.FinalLoss), E(Trainer.Score(adam, validation).Loss));
table.AddRow("L-BFGS", lbfgsResult.Epochs.ToString(), $"{optimizer.FunctionEvaluations} (+{lbfgsResult.Epochs + 1} by the trainer)",
    $"{lbfgsClock.Elapsed.TotalMilliseconds:F0} ms", F(lbfgs.A), F(lbfgs.k), F(lbfgs.c), E(lbfgsResult.FinalLoss),
    E(Trainer.Score(lbfgs, validation).Loss));
table.AddRow("Levenberg–Marquardt", lmResult.Epochs.ToString(), $"{solver.FunctionEvaluations} of r, {solver.JacobianEvaluations} of J",
    $"{lmClock.Elapsed.TotalMilliseconds:F0} ms", F(levenbergMarquardt.A), F(levenbergMarquardt.k), F(levenbergMarquardt.c),
    E(lmResult.FinalLoss), E(Trainer.Score(levenbergMarquardt, validation).Loss));
AnsiConsole.Write(table);
// Two gradient norms per run: the one that stopped it was measured during its last epoch, at the parameters that
// epoch started from (before its step); the final one at the parameters the run returns (after that step).
Stopped("Adam", adamResult);
Stopped("L-BFGS", lbfgsResult);
AnsiConsole.WriteLine($"Levenberg–Marquardt: {lmResult.Message}");

// The fit's statistics, as R's summary(nls) prints them: the truth should lie within a few standard errors.
AnsiConsole.WriteLine();
AnsiConsole.WriteLine("Levenberg–Marquardt's fit, with standard errors from σ̂²(JᵀJ)⁻¹:");
AnsiConsole.WriteLine(statistics.ToString());

// Pictures: the data and both fits, the residuals, and the loss per epoch of both runs.
Plot[] panels = Fitting.Pictures(train, validation, adam, adamResult, lbfgs, lbfgsResult);
string file = Path.Combine(images, "curve-fitting.png");
PlotFiles.SaveSideBySide(panels, file, 1600, 500);
AnsiConsole.WriteLine($"Picture: {file}");

void Stopped(string name, TrainingResult result)
{
    EpochRecord last = result.History[^1];
    string why = result.StopReason == StopReason.GradientTolerance
        ? $"converged in epoch {result.Epochs}: the gradient norm during that epoch, at the parameters it started from, was {E(last.GradientNorm)} ≤ {E(Fitting.GradientTolerance)}."
        : $"stopped after epoch {result.Epochs} ({result.StopReason}): {result.Message}";
    AnsiConsole.WriteLine($"{name} {why}");
    AnsiConsole.WriteLine($"  After its last step: loss {E(result.FinalLoss)}, gradient norm {E(result.FinalGradientNorm)}.");
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
