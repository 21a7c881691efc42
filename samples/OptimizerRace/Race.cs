using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;
using SymbolicGd;
using SymbolicGd.Plotting;

namespace OptimizerRace;

/// <summary>
/// The race and its pictures, apart from the console so that the tests of SymbolicGd.Plotting draw the same pictures
/// the sample writes to docs/images and check that they read.
/// </summary>
public static class Race
{
    /// <summary>The loss every racer must reach.</summary>
    public const double Target = 1e-6;

    /// <summary>The most steps a racer gets.</summary>
    public const int MaxSteps = 60_000;

    /// <summary>The steps of each path the pictures show.</summary>
    public const int StepsDrawn = 3000;

    /// <summary>The steps between the markers on every path, the same for all so that their pace compares.</summary>
    public const int MarkerEvery = 250;

    /// <summary>The racers, by name; L-BFGS has no <see cref="IOptimizer"/> (null) and runs through <see cref="Lbfgs"/>.</summary>
    public static IReadOnlyList<(string Name, Func<IOptimizer?> Optimizer)> Racers { get; } = new (string, Func<IOptimizer?>)[]
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

    /// <summary>Runs one racer from (−1.2, 1) until the loss is at most <see cref="Target"/> or <see cref="MaxSteps"/> steps.</summary>
    /// <param name="optimizer">The racer's optimizer; null for L-BFGS.</param>
    /// <param name="epochCompleted">Called after every epoch, for a progress bar; may be null.</param>
    public static TrainingResult Run(IOptimizer? optimizer, Action<EpochRecord>? epochCompleted = null)
    {
        var options = new TrainingOptions { MaxEpochs = MaxSteps, TargetLoss = Target, RecordParameters = true, EpochCompleted = epochCompleted };
        return optimizer is null
            ? Trainer.Fit(new Rosenbrock(), new Lbfgs(), options)
            : Trainer.Fit(new Rosenbrock(), optimizer, options);
    }

    /// <summary>
    /// Newton and L-BFGS from (−1.2, 1), off the race (whose pictures have one panel per first-order racer): to the race's
    /// loss of 10⁻⁶, and to a gradient norm below 10⁻¹⁰ (at most <paramref name="maxEpochs"/> epochs). A Newton iteration
    /// evaluates the exact Hessian once; an L-BFGS epoch is one <see cref="Lbfgs.Step"/> of up to 20 iterations with a
    /// line search.
    /// </summary>
    public static IReadOnlyList<SecondOrderRun> SecondOrder(int maxEpochs = 100)
    {
        var runs = new List<SecondOrderRun>();
        foreach (var (goal, options) in new[]
        {
            ("loss ≤ 1e-6", new TrainingOptions { MaxEpochs = maxEpochs, TargetLoss = Target }),
            ("‖g‖ < 1e-10", new TrainingOptions { MaxEpochs = maxEpochs, GradientTolerance = 1e-10 }),
        })
        {
            var newton = new Newton();
            TrainingResult newtonResult = Trainer.Fit(new Rosenbrock(), newton, options);
            runs.Add(new SecondOrderRun("Newton", goal, newtonResult, newton.Iterations, newton.Evaluations));

            // To the race's loss, the race's L-BFGS; below 1e-10, one that does not stop itself first (PyTorch's
            // defaults end a step once the loss changes by less than 1e-9 or max|g| ≤ 1e-7).
            var lbfgs = options.TargetLoss is null ? new Lbfgs(toleranceGradient: 1e-12, toleranceChange: 1e-20) : new Lbfgs();
            TrainingResult lbfgsResult = Trainer.Fit(new Rosenbrock(), lbfgs, options);
            runs.Add(new SecondOrderRun("L-BFGS", goal, lbfgsResult, lbfgs.Iterations, lbfgs.FunctionEvaluations));
        }

        return runs;
    }

    /// <summary>The panel title of a racer: its name and how many steps it needed.</summary>
    public static string Label(string name, TrainingResult result) =>
        result.StopReason == StopReason.TargetLoss
            ? $"{name}: {result.Epochs} {(name.StartsWith("L-BFGS", StringComparison.Ordinal) ? "epochs" : "steps")}"
            : $"{name}: not in {MaxSteps}";

    /// <summary>
    /// One panel per racer over the valley's contour lines (small multiples, so that the paths along the valley floor,
    /// which nearly coincide, do not hide one another), with the axes named after the parameters a and b.
    /// </summary>
    public static Plot[] PathPanels(IReadOnlyList<(string Name, TrainingResult Result)> results) =>
        DescentPlots.ContourPanels(
            Rosenbrock.At, -1.6, 1.6, -0.6, 1.8,
            results.Select(r => Truncate(DescentPath.FromHistory(Label(r.Name, r.Result), r.Result.History), StepsDrawn)).ToArray(),
            xLabel: "a", yLabel: "b", markerEvery: MarkerEvery);

    /// <summary>Adam's loss per step on a log axis.</summary>
    public static Plot AdamLoss(TrainingResult adam) =>
        TrainingPlots.LossCurves(adam.History, title: "Adam on Rosenbrock: the loss per step");

    /// <summary>The four regimes of the learning rate on E = ½(w·x − t)² with x = t = 1 from w = 0: the error w − 1 is multiplied by 1 − η each step.</summary>
    public static DescentPath[] LearningRateWalks()
    {
        var walks = new List<DescentPath>();
        foreach (double eta in new[] { 0.1, 0.5, 1.5, 2.5 })
        {
            TrainingResult walk = Trainer.Fit(
                new OneWeight(), new[] { new OneWeight.Sample(1.0, 1.0) }, new GradientDescent(eta),
                new TrainingOptions { MaxEpochs = 8, RecordParameters = true, DivergenceBound = double.PositiveInfinity });
            string regime = eta switch { 0.1 => "slow", 0.5 => "good", 1.5 => "oscillating", _ => "diverging" };
            walks.Add(DescentPath.Walk($"η = {eta}: {regime}", walk.History, WalkLoss));
        }

        return walks.ToArray();
    }

    /// <summary>The loss of the walks: ½(w − 1)².</summary>
    public static double WalkLoss(double w) => 0.5 * (w - 1.0) * (w - 1.0);

    private static DescentPath Truncate(DescentPath path, int steps) =>
        path.X.Count <= steps + 1 ? path : new DescentPath(path.Label, path.X.Take(steps + 1).ToArray(), path.Y.Take(steps + 1).ToArray());
}

/// <summary>One run of <see cref="Race.SecondOrder"/>: the optimizer, the goal, the result and the optimizer's own counts.</summary>
public sealed record SecondOrderRun(string Optimizer, string Goal, TrainingResult Result, int Iterations, int Evaluations);
