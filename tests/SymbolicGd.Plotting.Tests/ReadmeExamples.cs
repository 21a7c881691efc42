using System;
using System.Linq;
// README usings
using SymbolicGd;            // [Differentiable], [Param], [Loss], Trainer, the optimizers, Checkpoint
using SymbolicGd.Plotting;   // TrainingPlots, DescentPlots, DescentPath, PlotFiles: package SymbolicGd.Plotting
// END README usings

// The README's examples of validation, early stopping, checkpoints, L-BFGS and pictures, verbatim between the
// "README name" markers: ReadmeTests checks that the README's blocks are these regions, and runs them.

namespace SymbolicGd.Plotting.Tests.Readme;

// README models
[Differentiable]
public partial class Line
{
    [Param] public double a, b;
    [Loss] public double E(double x, double y) => 0.5 * Functions.Square(a * x + b - y);
}

[Differentiable]
public partial class Rosenbrock
{
    [Param] public double a = -1.2, b = 1;
    [Loss] public double L() => Functions.Square(1 - a) + 100 * Functions.Square(b - a * a);

    public static double At(double a, double b) => (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
}
// END README models

// README residual
[Differentiable]
public partial class Decay
{
    [Param] public double A = 1, k = 0.1, c = 0;
    [Residual] public double R(double t, double y) => A * Math.Exp(-k * t) + c - y;   // one sample's residual
}
// END README residual

public static class ReadmeExamples
{
    public static (TrainingResult Result, Line Again) Validation()
    {
        // README validation
        Line.Sample[] train = { new(0, 1), new(1, 3), new(2, 5), new(3, 7) }, validation = { new(4, 9), new(5, 11) };
        var line = new Line();
        var adam = new Adam(learningRate: 0.1);
        var options = new TrainingOptions
        {
            MaxEpochs = 2000,
            EarlyStopping = new EarlyStopping(patience: 100),                    // on the validation loss; keeps the best epoch
            MaxGradientNorm = 10,                                              // torch.nn.utils.clip_grad_norm_
            RecordParameters = true,                                           // for the pictures
            Checkpoint = new CheckpointOptions("best.json") { OnlyWhenImproved = true },   // crash-safe, Keras's ModelCheckpoint
        };
        TrainingResult result = Trainer.Fit(line, train, adam, options, validation);
        Console.WriteLine(result.Message);                  // why it stopped, and which epoch was best
        Console.WriteLine(Trainer.Score(line, validation)); // mean loss (and accuracy, for a classifier)

        Checkpoint.Capture(line, adam, epoch: result.Epochs).Save("line.json");   // by hand: parameters by name, Adam's state, epoch
        var again = new Line();
        var againAdam = new Adam(learningRate: 0.1);
        Checkpoint.Load("best.json").Restore(again, againAdam);   // the best epoch; checks everything first, fails changing nothing
        // To train on from it, early stopping's counters and all: new TrainingOptions { ResumeFrom = Checkpoint.Load("best.json"), … }
        // END README validation
        return (result, again);
    }

    public static TrainingResult Lbfgs()
    {
        // README lbfgs
        var valley = new Rosenbrock();   // from (−1.2, 1)
        TrainingResult fit = Trainer.Fit(valley, new Lbfgs(), new TrainingOptions { TargetLoss = 1e-9 });
        Console.WriteLine(fit.Epochs);   // 3: one Lbfgs.Step (up to 20 iterations, strong-Wolfe line search) per epoch
        // END README lbfgs
        return fit;
    }

    public static (TrainingResult Fit, Decay Model) LeastSquaresFit()
    {
        // README leastsquares
        Decay.Sample[] samples =
        {
            new(0, 2.93), new(0.5, 1.68), new(1, 1.10), new(1.5, 0.74),
            new(2, 0.60), new(2.5, 0.49), new(3, 0.44), new(4, 0.42),
        };
        var decay = new Decay();
        TrainingResult fit = Trainer.Fit(decay, samples, new LevenbergMarquardt());
        Console.WriteLine(fit.Message);                                          // which tolerance stopped it
        Console.WriteLine(LeastSquares.Statistics(decay, samples, s => s.y));   // like R's summary(nls)
        foreach (Derivative d in Decay.Derivatives) Console.WriteLine(d);       // ∂Loss/∂θ, then ∂R/∂θ
        // END README leastsquares
        return (fit, decay);
    }

    public static void Pictures(TrainingResult result)
    {
        // README pictures
        TrainingPlots.SaveLossCurves(result.History, "loss.png");   // training and validation loss, log scale

        var paths = new[] { 0.001, 0.002 }.Select(eta => DescentPath.FromHistory($"momentum, η = {eta}",
            Trainer.Fit(new Rosenbrock(), new GradientDescent(eta, momentum: 0.9),
                new TrainingOptions { MaxEpochs = 2000, RecordParameters = true }).History));
        DescentPlots.SaveContours("valley.svg", Rosenbrock.At, -2, 2, -1, 3, paths);   // PNG or SVG, by the extension
        // END README pictures
    }
}
