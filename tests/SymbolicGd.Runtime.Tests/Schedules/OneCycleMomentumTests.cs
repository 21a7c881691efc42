using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SymbolicGd.Runtime.Tests.Training;

namespace SymbolicGd.Runtime.Tests.Schedules;

/// <summary>
/// <see cref="StepSchedule.OneCycle"/> cycles momentum as PyTorch's <c>OneCycleLR</c> does by default: β₁ of Adam and
/// AdamW, the momentum of SGD, step by step as in PyTorch's float64 runs; a run with it resumes exactly.
/// </summary>
public sealed class OneCycleMomentumTests
{
    [Fact]
    public void The_momentum_falls_from_max_to_base_while_the_rate_rises_and_climbs_back()
    {
        // total 10, pct_start 0.3: phase 1 ends at step 2, phase 2 at step 9.
        StepSchedule cycle = StepSchedule.OneCycle(totalSteps: 10);
        Assert.Equal(0.95, cycle.MomentumAt(0));
        Assert.Equal(0.9, cycle.MomentumAt(1)!.Value, 15);
        Assert.Equal(0.85, cycle.MomentumAt(2));
        Assert.Equal(0.95 + (0.85 - 0.95) / 2.0 * (Math.Cos(Math.PI * 3.0 / 7.0) + 1.0), cycle.MomentumAt(5));
        Assert.Equal(0.95, cycle.MomentumAt(9));
        Assert.Equal(0.95, cycle.MomentumAt(500)); // held after the last step, like the rate

        Assert.Null(StepSchedule.OneCycle(10, cycleMomentum: false).MomentumAt(3));
        Assert.Null(StepSchedule.LinearWarmup(4).MomentumAt(3));
        Assert.Equal("baseMomentum", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(10, baseMomentum: 1.0)).ParamName);
        Assert.Equal("maxMomentum", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(10, maxMomentum: -0.1)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => cycle.MomentumAt(-1)).ParamName);
        Assert.EndsWith("momentum 0.95 → 0.85 → 0.95; OneCycleLR)", cycle.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> Trajectories() => new() { "adam", "adamw", "sgd_momentum", "sgd_nesterov" };

    [Theory]
    [MemberData(nameof(Trajectories))]
    public void Training_under_one_cycle_follows_pytorchs_trajectory_step_by_step(string name)
    {
        // Reference/one-cycle.json: Rosenbrock from (−1.2, 1), float64, one step per epoch of a data-free Fit. Adam and
        // AdamW agree to the bit, SGD with momentum to one rounding (2.8e−16).
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "one-cycle.json")));
        JsonElement run = reference.RootElement.GetProperty("trajectories").GetProperty(name);
        int total = run.GetProperty("total_steps").GetInt32();
        double maxLr = run.GetProperty("max_lr").GetDouble();
        IOptimizer optimizer = name switch
        {
            "adam" => new Adam(maxLr),
            "adamw" => new AdamW(maxLr, weightDecay: 0.1),
            "sgd_momentum" => new GradientDescent(maxLr, momentum: 0.9),
            _ => new GradientDescent(maxLr, momentum: 0.9, nesterov: true),
        };
        StepSchedule cycle = StepSchedule.OneCycle(total);
        Assert.Equal(
            run.GetProperty("momenta").EnumerateArray().Select(e => e.GetDouble()),
            Enumerable.Range(0, total).Select(step => cycle.MomentumAt(step)!.Value),
            (a, b) => Math.Abs(a - b) <= 1e-15);

        TrainingResult result = Trainer.Fit(
            new RosenbrockModel(-1.2, 1.0), optimizer,
            new TrainingOptions { MaxEpochs = total, StepSchedule = cycle, RecordParameters = true, DivergenceBound = double.PositiveInfinity });

        double[][] points = run.GetProperty("points").EnumerateArray().Select(p => p.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.Equal(total, result.History.Count);
        for (int step = 0; step < total; step++)
        {
            for (int i = 0; i < 2; i++)
            {
                double expected = points[step][i], actual = result.History[step].Parameters![i];
                Assert.True(
                    Math.Abs(actual - expected) <= 1e-15 * Math.Max(1.0, Math.Abs(expected)),
                    $"{name}: parameter {i} after step {step + 1}: {actual:R}, PyTorch {expected:R}");
            }
        }

        // The constructed momentum is back when Fit returns, and it is what the state saves.
        Assert.Null(((IMomentumCycling)optimizer).MomentumOverride);
    }

    [Fact]
    public void Without_cycling_the_trajectory_is_another_so_the_replay_tests_the_momentum()
    {
        var cycled = new RosenbrockModel(-1.2, 1.0);
        Trainer.Fit(cycled, new Adam(0.05), new TrainingOptions { MaxEpochs = 5, StepSchedule = StepSchedule.OneCycle(40) });
        var plain = new RosenbrockModel(-1.2, 1.0);
        Trainer.Fit(plain, new Adam(0.05), new TrainingOptions { MaxEpochs = 5, StepSchedule = StepSchedule.OneCycle(40, cycleMomentum: false) });
        Assert.NotEqual(cycled.a, plain.a);
    }

    [Fact]
    public void An_optimizer_without_momentum_is_rejected_unless_cycling_is_off()
    {
        var cycle = new TrainingOptions { MaxEpochs = 3, StepSchedule = StepSchedule.OneCycle(3) };
        var model = new RosenbrockModel(-1.2, 1.0);

        var adaGrad = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, new AdaGrad(0.1), cycle));
        Assert.Equal("options", adaGrad.ParamName);
        Assert.Contains(
            "and AdaGrad has none to cycle (Adam and AdamW cycle β1, GradientDescent and RmsProp their momentum). Pass cycleMomentum: false",
            adaGrad.Message,
            StringComparison.Ordinal);

        var plain = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, new GradientDescent(1e-3), cycle));
        Assert.StartsWith("GradientDescent has momentum 0, so there is no momentum to cycle", plain.Message, StringComparison.Ordinal);
        Assert.StartsWith("RmsProp has momentum 0", Assert.Throws<ArgumentException>(() => Trainer.Fit(model, new RmsProp(1e-3), cycle)).Message, StringComparison.Ordinal);
        Assert.Equal((-1.2, 1.0), (model.a, model.b));

        var rateOnly = new TrainingOptions { MaxEpochs = 3, StepSchedule = StepSchedule.OneCycle(3, cycleMomentum: false) };
        Assert.Equal(3, Trainer.Fit(model, new AdaGrad(0.1), rateOnly).Epochs);
    }

    [Fact]
    public void A_run_with_cycled_momentum_resumes_from_its_checkpoint_bit_for_bit()
    {
        Line.Sample[] data = LineData.Make(18, 0.3, seed: 5);
        string folder = Directory.CreateTempSubdirectory("symbolicgd-one-cycle-").FullName;
        try
        {
            TrainingOptions Options(int max, Checkpoint? from = null, CheckpointOptions? write = null) => new()
            {
                MaxEpochs = max, BatchSize = 4, Seed = 2, StepSchedule = StepSchedule.OneCycle(8 * 5), ResumeFrom = from, Checkpoint = write,
            };
            var straight = new Line();
            var straightAdam = new AdamW(0.1);
            TrainingResult all = Trainer.Fit(straight, data, straightAdam, Options(8));

            string path = Path.Combine(folder, "cycle.json");
            Trainer.Fit(new Line(), data, new AdamW(0.1), Options(4, write: new CheckpointOptions(path)));
            Checkpoint checkpoint = Checkpoint.Load(path);
            Assert.Equal(0.9, checkpoint.OptimizerState!.Settings["beta1"]); // the constructed β1, not the cycled one

            var resumed = new Line();
            var resumedAdam = new AdamW(0.1); // β1 = 0.9: the checkpoint fits, though the run used 0.85 … 0.95
            TrainingResult rest = Trainer.Fit(resumed, data, resumedAdam, Options(8, from: checkpoint));

            Assert.Equal(all.History.Skip(4).Select(r => r.Loss), rest.History.Select(r => r.Loss));
            Assert.Equal(BitConverter.DoubleToInt64Bits(straight.a), BitConverter.DoubleToInt64Bits(resumed.a));
            Assert.Equal(BitConverter.DoubleToInt64Bits(straight.b), BitConverter.DoubleToInt64Bits(resumed.b));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
