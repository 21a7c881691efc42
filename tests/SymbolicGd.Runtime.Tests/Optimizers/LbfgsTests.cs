using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SymbolicGd.Runtime.Tests.Training;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>y ≈ A·e^(−k·t) + c: the curve fit of the L-BFGS reference runs, E = ½(A·e^(−k·t) + c − y)².</summary>
[Differentiable]
public partial class ExponentialDecay
{
    [Param] public double A, k, c;

    [Loss]
    public double E(double t, double y)
    {
        double r = A * Math.Exp(-k * t) + c - y;
        return 0.5 * r * r;
    }
}

/// <summary>
/// <see cref="Lbfgs"/> against torch.optim.LBFGS float64 runs in Reference/lbfgs.json (written by
/// tools/reference/lbfgs.py): every objective evaluation's point, and after every step the returned loss, the
/// parameters and PyTorch's func_evals and n_iter counters.
/// </summary>
public sealed class LbfgsTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string> RunNames() => new()
    {
        "rosenbrock_strong_wolfe", "rosenbrock_strong_wolfe_history3", "rosenbrock_fixed_step", "curve_fit_strong_wolfe",
        "rosenbrock_fixed_step_history1", "rosenbrock_strong_wolfe_max_eval", "rosenbrock_strong_wolfe_tolerance_change",
        "rosenbrock_strong_wolfe_to_the_optimum", "rosenbrock_strong_wolfe_far",
    };

    [Theory]
    [MemberData(nameof(RunNames))]
    public void Reproduces_the_pytorch_trajectory_step_for_step(string name)
    {
        using JsonDocument reference = Load();
        JsonElement run = reference.RootElement.GetProperty("runs").GetProperty(name);
        Lbfgs lbfgs = Create(run.GetProperty("kwargs"));
        double[] p = Doubles(run.GetProperty("start"));
        var evaluations = new List<double[]>();
        LbfgsObjective inner = Objective(name, run);
        LbfgsObjective objective = (point, gradient) =>
        {
            evaluations.Add(point.ToArray());
            return inner(point, gradient);
        };

        int stepNumber = 0;
        foreach (JsonElement step in run.GetProperty("steps").EnumerateArray())
        {
            stepNumber++;
            double returned = lbfgs.Step(p, objective);
            Close.Assert(step.GetProperty("returned_loss").GetDouble(), returned, Tolerance, $"{name}: loss returned by step {stepNumber}");
            double[] expected = Doubles(step.GetProperty("parameters"));
            for (int i = 0; i < p.Length; i++)
            {
                Close.Assert(expected[i], p[i], Tolerance, $"{name}: parameter {i} after step {stepNumber}");
            }

            Assert.Equal(step.GetProperty("func_evals").GetInt32(), lbfgs.FunctionEvaluations);
            Assert.Equal(step.GetProperty("n_iter").GetInt32(), lbfgs.Iterations);
        }

        double[][] expectedEvaluations = run.GetProperty("evaluations").EnumerateArray().Select(Doubles).ToArray();
        Assert.Equal(expectedEvaluations.Length, evaluations.Count);
        for (int e = 0; e < evaluations.Count; e++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                Close.Assert(expectedEvaluations[e][i], evaluations[e][i], Tolerance, $"{name}: coordinate {i} of evaluation {e + 1}");
            }
        }
    }

    [Fact]
    public void The_trainer_takes_one_lbfgs_step_per_epoch_on_the_full_batch()
    {
        using JsonDocument reference = Load();
        JsonElement run = reference.RootElement.GetProperty("runs").GetProperty("curve_fit_strong_wolfe");
        ExponentialDecay.Sample[] data = CurveData(run);
        var model = new ExponentialDecay { A = 1.0, k = 0.5, c = 0.0 };
        TrainingResult result = Trainer.Fit(model, data, new Lbfgs(), new TrainingOptions { MaxEpochs = 3, RecordParameters = true });

        JsonElement[] steps = run.GetProperty("steps").EnumerateArray().ToArray();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            double[] expected = Doubles(steps[epoch].GetProperty("parameters"));
            for (int i = 0; i < 3; i++)
            {
                Close.Assert(expected[i], result.History[epoch].Parameters![i], Tolerance, $"parameter {i} after epoch {epoch + 1}");
            }

            Close.Assert(steps[epoch].GetProperty("returned_loss").GetDouble(), result.History[epoch].Loss, Tolerance, $"loss of epoch {epoch + 1}");
        }

        Close.Assert(run.GetProperty("final_loss").GetDouble(), result.FinalLoss, Tolerance, "final loss");
    }

    [Fact]
    public void The_trainer_minimises_rosenbrock_with_lbfgs_in_three_epochs()
    {
        // Two steps reach 4.2e−10 (epoch 3 measures it before its step); after that L-BFGS, as PyTorch's, stalls: its
        // directional derivative is below tolerance_change, so a step changes nothing.
        var model = new RosenbrockModel(-1.2, 1.0);
        TrainingResult result = Trainer.Fit(model, new Lbfgs(), new TrainingOptions { MaxEpochs = 50, TargetLoss = 1e-9 });
        Assert.Equal(StopReason.TargetLoss, result.StopReason);
        Assert.Equal(3, result.Epochs);
        Assert.Equal(1.0, model.a, 4);
        Assert.Equal(1.0, model.b, 4);

        var stalled = new RosenbrockModel(-1.2, 1.0);
        TrainingResult early = Trainer.Fit(stalled, new Lbfgs(), new TrainingOptions { EarlyStopping = new EarlyStopping(patience: 2) });
        Assert.Equal(StopReason.EarlyStopping, early.StopReason);
        Assert.Equal(3, early.BestEpoch);
        Assert.Equal(5, early.Epochs);
    }

    [Fact]
    public void Options_that_do_not_apply_to_lbfgs_are_rejected()
    {
        Line.Sample[] data = LineData.Make(8, 0.1, 1);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new Line(), data, new Lbfgs(), new TrainingOptions { BatchSize = 4 }));
        Assert.Equal("options", error.ParamName);
        Assert.StartsWith("L-BFGS trains on the whole data set; BatchSize must be null or >= 8", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Trainer.Fit(new Line(), data, new Lbfgs(), new TrainingOptions { MaxGradientNorm = 1 }));
        Assert.Throws<ArgumentException>(() => Trainer.Fit(new RosenbrockModel(0, 0), new Lbfgs(), new TrainingOptions { StepSchedule = StepSchedule.LinearWarmup(3) }));
    }

    [Fact]
    public void The_defaults_are_pytorchs_and_arguments_are_checked()
    {
        var lbfgs = new Lbfgs();
        Assert.Equal((1.0, 20, 25, 1e-7, 1e-9, 100, true),
            (lbfgs.LearningRate, lbfgs.MaxIterations, lbfgs.MaxEvaluations, lbfgs.ToleranceGradient, lbfgs.ToleranceChange, lbfgs.HistorySize, lbfgs.StrongWolfe));
        Assert.Equal(12, new Lbfgs(maxIterations: 10).MaxEvaluations);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgs(learningRate: 0)).ParamName);
        Assert.Equal("historySize", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgs(historySize: 0)).ParamName);
        Assert.Equal("maxEvaluations", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgs(maxEvaluations: 0)).ParamName);
    }

    [Fact]
    public void A_point_that_is_already_optimal_costs_one_evaluation_and_no_iteration()
    {
        var lbfgs = new Lbfgs();
        double[] p = { 1.0, 1.0 };
        double loss = lbfgs.Step(p, RosenbrockObjective);
        Assert.Equal(0.0, loss);
        Assert.Equal((1, 0), (lbfgs.FunctionEvaluations, lbfgs.Iterations));
        Assert.Equal(new[] { 1.0, 1.0 }, p);
    }

    [Fact]
    public void Reset_forgets_the_history_and_allows_another_size()
    {
        var lbfgs = new Lbfgs();
        double[] p = { -1.2, 1.0 };
        lbfgs.Step(p, RosenbrockObjective);
        Assert.Throws<ArgumentException>(() => lbfgs.Step(new double[3], (x, g) => 0.0));
        lbfgs.Reset();
        Assert.Equal((0, 0), (lbfgs.FunctionEvaluations, lbfgs.Iterations));
        lbfgs.Step(new double[3], (x, g) => 0.0);
    }

    [Fact]
    public void A_checkpoint_resumes_lbfgs_exactly()
    {
        using JsonDocument reference = Load();
        ExponentialDecay.Sample[] data = CurveData(reference.RootElement.GetProperty("runs").GetProperty("curve_fit_strong_wolfe"));
        static Lbfgs Create() => new(maxIterations: 2, historySize: 3);

        var straight = new ExponentialDecay { A = 1.0, k = 0.5, c = 0.0 };
        var straightLbfgs = Create();
        Trainer.Fit(straight, data, straightLbfgs, new TrainingOptions { MaxEpochs = 6 });

        var first = new ExponentialDecay { A = 1.0, k = 0.5, c = 0.0 };
        var firstLbfgs = Create();
        Trainer.Fit(first, data, firstLbfgs, new TrainingOptions { MaxEpochs = 3 });
        Checkpoint checkpoint = Checkpoint.FromJson(Checkpoint.Capture(first, firstLbfgs, epoch: 3).ToJson());
        int pairs = checkpoint.OptimizerState!.Buffers.Count(b => b.Key.StartsWith("old_dirs.", StringComparison.Ordinal));
        Assert.InRange(pairs, 1, 3);
        Assert.Equal(pairs, checkpoint.OptimizerState.Values["history"]);

        var resumed = new ExponentialDecay();
        var resumedLbfgs = Create();
        checkpoint.Restore(resumed, resumedLbfgs);
        Trainer.Fit(resumed, data, resumedLbfgs, new TrainingOptions { MaxEpochs = 6, InitialEpoch = 3 });

        Assert.Equal(
            new[] { straight.A, straight.k, straight.c }.Select(BitConverter.DoubleToInt64Bits),
            new[] { resumed.A, resumed.k, resumed.c }.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal((straightLbfgs.FunctionEvaluations, straightLbfgs.Iterations), (resumedLbfgs.FunctionEvaluations, resumedLbfgs.Iterations));

        // The history matters: the parameters alone, with a fresh optimizer, go elsewhere.
        var forgetful = new ExponentialDecay();
        checkpoint.Restore(forgetful);
        Trainer.Fit(forgetful, data, Create(), new TrainingOptions { MaxEpochs = 6, InitialEpoch = 3 });
        Assert.NotEqual(straight.k, forgetful.k);

        var other = new Lbfgs(maxIterations: 2, historySize: 5);
        var error = Assert.Throws<ArgumentException>(() => checkpoint.Restore(new ExponentialDecay { A = 9 }, other));
        Assert.StartsWith("The Lbfgs state was saved with history_size = 3; this optimizer has history_size = 5.", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (other.FunctionEvaluations, other.Iterations));
    }

    private static double RosenbrockObjective(ReadOnlySpan<double> p, Span<double> g)
    {
        var model = new RosenbrockModel(p[0], p[1]);
        return model.Backward(g);
    }

    private static LbfgsObjective Objective(string name, JsonElement run)
    {
        if (name.StartsWith("rosenbrock", StringComparison.Ordinal))
        {
            return RosenbrockObjective;
        }

        ExponentialDecay.Sample[] data = CurveData(run);
        var model = new ExponentialDecay();
        return (p, g) =>
        {
            model.SetParameters(p);
            double loss = 0.0;
            foreach (ExponentialDecay.Sample sample in data)
            {
                loss += model.Backward(in sample, g);
            }

            for (int i = 0; i < g.Length; i++)
            {
                g[i] /= data.Length;
            }

            return loss / data.Length;
        };
    }

    private static ExponentialDecay.Sample[] CurveData(JsonElement run)
    {
        double[] t = Doubles(run.GetProperty("t")), y = Doubles(run.GetProperty("y"));
        return t.Select((ti, i) => new ExponentialDecay.Sample(ti, y[i])).ToArray();
    }

    private static Lbfgs Create(JsonElement kwargs)
    {
        double lr = kwargs.TryGetProperty("lr", out JsonElement l) ? l.GetDouble() : 1.0;
        int maxIter = kwargs.TryGetProperty("max_iter", out JsonElement m) ? m.GetInt32() : 20;
        int history = kwargs.TryGetProperty("history_size", out JsonElement h) ? h.GetInt32() : 100;
        bool wolfe = kwargs.TryGetProperty("line_search_fn", out JsonElement s) && s.GetString() == "strong_wolfe";
        int? maxEval = kwargs.TryGetProperty("max_eval", out JsonElement e) ? e.GetInt32() : null;
        double toleranceGrad = kwargs.TryGetProperty("tolerance_grad", out JsonElement tg) ? tg.GetDouble() : 1e-7;
        double toleranceChange = kwargs.TryGetProperty("tolerance_change", out JsonElement tc) ? tc.GetDouble() : 1e-9;
        return new Lbfgs(
            learningRate: lr, maxIterations: maxIter, maxEvaluations: maxEval, toleranceGradient: toleranceGrad,
            toleranceChange: toleranceChange, historySize: history, strongWolfe: wolfe);
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static JsonDocument Load() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "lbfgs.json")));
}
