using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using OptimizerRace;
using Spectre.Console;
using SymbolicGd;
using SymbolicGd.Plotting;

// Every optimizer of the runtime on the Rosenbrock valley from (−1.2, 1): how many steps each needs to bring the
// loss to 1e-6, and the paths they take over the valley's contour lines. Then the learning rate's four regimes on
// E = ½(w·x − t)²: slow, good, oscillating, diverging. Pictures go to docs/images (or the folder given).
Console.OutputEncoding = System.Text.Encoding.UTF8;
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Width = 132;
}

string images = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "docs", "images");
const double Target = 1e-6;
const int MaxSteps = 60_000;

var racers = new (string Name, Func<IOptimizer?> Optimizer)[]
{
    ("GradientDescent(η = 0.001)", () => new GradientDescent(0.001)),
    ("momentum 0.9 (η = 0.001)", () => new GradientDescent(0.001, momentum: 0.9)),
    ("Nesterov 0.9 (η = 0.001)", () => new GradientDescent(0.001, momentum: 0.9, nesterov: true)),
    ("AdaGrad(η = 0.5)", () => new AdaGrad(0.5)),
    ("RmsProp(η = 0.001)", () => new RmsProp(0.001)),
    ("Adam(η = 0.02)", () => new Adam(0.02)),
    ("AdamW(η = 0.02, λ = 0.001)", () => new AdamW(0.02, weightDecay: 0.001)),
    ("L-BFGS (strong Wolfe)", () => null),
};

var results = new List<(string Name, TrainingResult Result, TimeSpan Time)>();
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        foreach ((string name, Func<IOptimizer?> create) in racers)
        {
            ProgressTask task = context.AddTask(name, maxValue: MaxSteps);
            var options = new TrainingOptions
            {
                MaxEpochs = MaxSteps,
                TargetLoss = Target,
                RecordParameters = true,
                EpochCompleted = record =>
                {
                    if (record.Epoch % 500 == 0)
                    {
                        task.Value = record.Epoch;
                    }
                },
            };
            var clock = Stopwatch.StartNew();
            IOptimizer? optimizer = create();
            TrainingResult result = optimizer is null
                ? Trainer.Fit(new Rosenbrock(), new Lbfgs(), options)
                : Trainer.Fit(new Rosenbrock(), optimizer, options);
            clock.Stop();
            task.Value = MaxSteps;
            results.Add((name, result, clock.Elapsed));
        }
    });

var table = new Table().AddColumns("optimizer", "steps to loss ≤ 1e-6", "final loss", "final (a, b)", "time");
foreach ((string name, TrainingResult result, TimeSpan time) in results)
{
    string steps = result.StopReason == StopReason.TargetLoss ? result.Epochs.ToString() : $"not in {MaxSteps} ({result.StopReason})";
    table.AddRow(
        Markup.Escape(name),
        steps,
        result.FinalLoss.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture),
        $"({result.Parameters[0]:F6}, {result.Parameters[1]:F6})",
        $"{time.TotalMilliseconds:F0} ms");
}

AnsiConsole.Write(table);
AnsiConsole.MarkupLine("L-BFGS counts epochs of one [grey]Lbfgs.Step[/] each, up to 20 iterations with a line search.");
AnsiConsole.MarkupLine("RmsProp at a fixed rate steps about η·sign(g) near the minimum and keeps jittering there: a smaller η or a schedule helps.");

// The paths: every racer's walk over the valley; the first-order ones are drawn up to their first 3000 steps.
var paths = results.Select(r => Truncate(DescentPath.FromHistory(r.Name, r.Result.History), 3000)).ToList();
string race = Path.Combine(images, "optimizer-race.png");
DescentPlots.SaveContours(race, Rosenbrock.At, -1.6, 1.6, -0.6, 1.8, paths, width: 1000, height: 760,
    title: "Rosenbrock from (−1.2, 1): the first 3000 steps of each optimizer");
PlotFiles.Save(
    TrainingPlots.LossCurves(results.First(r => r.Name.StartsWith("Adam(")).Result.History, title: "Adam on Rosenbrock: the loss per step"),
    Path.Combine(images, "adam-rosenbrock-loss.png"), 800, 450);

// The learning rate on E = ½(w·x − t)² with x = t = 1 from w = 0: the error w − 1 is multiplied by 1 − η each step.
static double Loss(double w) => 0.5 * (w - 1.0) * (w - 1.0);
var walks = new List<DescentPath>();
foreach (double eta in new[] { 0.1, 0.5, 1.5, 2.5 })
{
    TrainingResult walk = Trainer.Fit(
        new OneWeight(), new[] { new OneWeight.Sample(1.0, 1.0) }, new GradientDescent(eta),
        new TrainingOptions { MaxEpochs = 8, RecordParameters = true, DivergenceBound = double.PositiveInfinity });
    string regime = eta switch { 0.1 => "slow", 0.5 => "good", 1.5 => "oscillating", _ => "diverging" };
    walks.Add(DescentPath.Walk($"η = {eta}: {regime}", walk.History, Loss));
}

string rates = Path.Combine(images, "learning-rates.png");
DescentPlots.SaveWalks(rates, Loss, -1.5, 3.5, walks, width: 1600, height: 420);
AnsiConsole.MarkupLine($"Pictures: [blue]{Markup.Escape(race)}[/], [blue]{Markup.Escape(rates)}[/]");

static DescentPath Truncate(DescentPath path, int steps) =>
    path.X.Count <= steps + 1 ? path : new DescentPath(path.Label, path.X.Take(steps + 1).ToArray(), path.Y.Take(steps + 1).ToArray());

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
