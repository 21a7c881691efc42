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
var results = new List<(string Name, TrainingResult Result, TimeSpan Time)>();
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        foreach ((string name, Func<IOptimizer?> create) in Race.Racers)
        {
            ProgressTask task = context.AddTask(name, maxValue: Race.MaxSteps);
            var clock = Stopwatch.StartNew();
            TrainingResult result = Race.Run(create(), record =>
            {
                if (record.Epoch % 500 == 0)
                {
                    task.Value = record.Epoch;
                }
            });
            clock.Stop();
            task.Value = Race.MaxSteps;
            results.Add((name, result, clock.Elapsed));
        }
    });

var table = new Table().AddColumns("optimizer", "steps to loss ≤ 1e-6", "final loss", "final (a, b)", "time");
foreach ((string name, TrainingResult result, TimeSpan time) in results)
{
    string steps = result.StopReason == StopReason.TargetLoss ? result.Epochs.ToString() : $"not in {Race.MaxSteps} ({result.StopReason})";
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

// Second order, off the race: Newton on the exact Hessian (generated: SecondOrder = true) next to L-BFGS, to the
// race's loss and to a gradient norm below 1e-10.
var second = new Table().AddColumns("from (−1.2, 1)", "goal", "epochs", "iterations", "evaluations", "final ‖g‖", "final loss");
foreach (SecondOrderRun run in Race.SecondOrder())
{
    bool reached = run.Result.StopReason is StopReason.TargetLoss or StopReason.GradientTolerance;
    second.AddRow(run.Optimizer, run.Goal, reached ? run.Result.Epochs.ToString() : $"not in {run.Result.Epochs} ({run.Result.StopReason})",
        run.Iterations.ToString(), run.Evaluations.ToString(), G(run.Result.FinalGradientNorm), G(run.Result.FinalLoss));
}

AnsiConsole.Write(second);
AnsiConsole.MarkupLine("A Newton iteration evaluates the loss, gradient and Hessian; L-BFGS's evaluations are of the loss and gradient.");

// The paths: one panel per racer over the valley, up to its first 3000 steps, a marker every 250 steps.
string race = Path.Combine(images, "optimizer-race.png");
PlotFiles.SaveGrid(Race.PathPanels(results.Select(r => (r.Name, r.Result)).ToList()), columns: 4, race, width: 1600, height: 820);
PlotFiles.Save(Race.AdamLoss(results.First(r => r.Name.StartsWith("Adam(")).Result), Path.Combine(images, "adam-rosenbrock-loss.png"), 800, 450);

// The learning rate on E = ½(w·x − t)² with x = t = 1 from w = 0: the error w − 1 is multiplied by 1 − η each step.
string rates = Path.Combine(images, "learning-rates.png");
DescentPlots.SaveWalks(rates, Race.WalkLoss, -1.5, 3.5, Race.LearningRateWalks(), width: 1600, height: 420);
AnsiConsole.MarkupLine($"Pictures: [blue]{Markup.Escape(race)}[/], [blue]{Markup.Escape(rates)}[/]");

static string G(double value) => value.ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture);

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
