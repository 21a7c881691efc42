using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SymbolicGd.Runtime.Tests.Training;

namespace SymbolicGd.Runtime.Tests.Checkpoints;

/// <summary>
/// <see cref="TrainingOptions.Checkpoint"/> writes at the epochs it says, and <see cref="TrainingOptions.ResumeFrom"/>
/// continues a run with early stopping and reduce-on-plateau bit for bit; checkpoints that do not fit fail naming
/// what differs, changing nothing.
/// </summary>
public sealed class TrainingCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symbolicgd-training-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    // Trained on y = 2x − 3 with noise, validated on y = 1.6x − 2.5: the validation loss falls, then rises and
    // wobbles, so early stopping counts bad epochs and the plateau rule halves the rate, before and after epoch 5.
    private static readonly Line.Sample[] Train = LineData.Make(16, 0.3, seed: 5);

    private static readonly Line.Sample[] Validation =
        Enumerable.Range(0, 6).Select(i => new Line.Sample(-1.5 + 0.6 * i, 1.6 * (-1.5 + 0.6 * i) - 2.5)).ToArray();

    private static TrainingOptions Rules(int maxEpochs, Checkpoint? resumeFrom = null, CheckpointOptions? checkpoint = null, int initialEpoch = 0) => new()
    {
        MaxEpochs = maxEpochs,
        BatchSize = 4,
        Seed = 11,
        EarlyStopping = new EarlyStopping(patience: 6),
        ReduceOnPlateau = new ReduceOnPlateau(factor: 0.5, patience: 1),
        Schedule = LearningRateSchedule.CosineAnnealing(duration: 30, minLearningRate: 0.01),
        ResumeFrom = resumeFrom,
        Checkpoint = checkpoint,
        InitialEpoch = initialEpoch,
    };

    [Fact]
    public void Ten_epochs_with_early_stopping_and_plateau_equal_five_a_checkpoint_and_the_rest_bit_for_bit()
    {
        var straight = new Line();
        TrainingResult all = Trainer.Fit(straight, Train, new Adam(0.3), Rules(20), Validation);

        string path = PathOf("run.json");
        Trainer.Fit(new Line(), Train, new Adam(0.3), Rules(5, checkpoint: new CheckpointOptions(path)), Validation);
        Checkpoint checkpoint = Checkpoint.Load(path);
        Assert.Equal(5, checkpoint.Epoch);

        var resumed = new Line { a = 100, b = -100 }; // ResumeFrom sets the parameters
        var resumedAdam = new Adam(0.3);
        TrainingResult rest = Trainer.Fit(resumed, Train, resumedAdam, Rules(20, resumeFrom: checkpoint), Validation);

        // What makes the comparison mean something: both rules acted on both sides of the checkpoint.
        Assert.Contains(all.History.Take(5), r => r.LearningRate < 0.3 * 0.9);
        Assert.True(all.History.Select(r => r.LearningRate).Distinct().Count() > 6);
        Assert.Equal(StopReason.EarlyStopping, all.StopReason);
        Assert.True(all.BestParametersRestored);

        Assert.Equal(all.StopReason, rest.StopReason);
        Assert.Equal(all.Epochs - 5, rest.Epochs);
        Assert.Equal(all.History.Skip(5).Select(r => r.Epoch), rest.History.Select(r => r.Epoch));
        Assert.Equal(all.History.Skip(5).Select(r => r.Loss), rest.History.Select(r => r.Loss));
        Assert.Equal(all.History.Skip(5).Select(r => r.ValidationLoss), rest.History.Select(r => r.ValidationLoss));
        Assert.Equal(all.History.Skip(5).Select(r => r.LearningRate), rest.History.Select(r => r.LearningRate));
        Assert.Equal(all.BestEpoch, rest.BestEpoch);
        Assert.Equal(all.BestLoss, rest.BestLoss);
        Assert.Equal(all.BestParametersRestored, rest.BestParametersRestored);
        Assert.Equal(Bits(straight.a, straight.b), Bits(resumed.a, resumed.b));
        Assert.Equal(0.3, resumedAdam.LearningRate); // η₀ again after Fit, as after an uninterrupted run

        // Restore and InitialEpoch alone start the rules afresh, and the run goes elsewhere: the counters matter.
        var afresh = new Line();
        var afreshAdam = new Adam(0.3);
        checkpoint.Restore(afresh, afreshAdam);
        TrainingResult fresh = Trainer.Fit(afresh, Train, afreshAdam, Rules(20, initialEpoch: 5), Validation);
        Assert.NotEqual(all.History.Skip(5).Select(r => r.LearningRate), fresh.History.Select(r => r.LearningRate));
    }

    [Fact]
    public void A_data_free_run_and_an_lbfgs_run_resume_exactly_too()
    {
        var options = new Func<int, Checkpoint?, CheckpointOptions?, TrainingOptions>((max, from, write) => new TrainingOptions
        {
            MaxEpochs = max,
            EarlyStopping = new EarlyStopping(patience: 6, minDelta: 1e-3),
            ReduceOnPlateau = new ReduceOnPlateau(factor: 0.5, patience: 0, threshold: 1e-2),
            ResumeFrom = from,
            Checkpoint = write,
        });
        // Gradient descent with momentum on Rosenbrock: the best loss is at epoch 7, the rate halves from epoch 4 on,
        // and early stopping ends the run after epoch 13; the checkpoint is of epoch 10, three bad epochs in.
        var straight = new RosenbrockModel(-1.2, 1.0);
        TrainingResult all = Trainer.Fit(straight, new GradientDescent(1e-3, momentum: 0.9), options(60, null, null));
        Trainer.Fit(new RosenbrockModel(-1.2, 1.0), new GradientDescent(1e-3, momentum: 0.9), options(10, null, new CheckpointOptions(PathOf("gd.json"))));
        var resumed = new RosenbrockModel(0, 0);
        TrainingResult rest = Trainer.Fit(resumed, new GradientDescent(1e-3, momentum: 0.9), options(60, Checkpoint.Load(PathOf("gd.json")), null));
        Assert.Equal((13, StopReason.EarlyStopping, 7), (all.Epochs, all.StopReason, all.BestEpoch));
        Assert.Contains(all.History.Take(10), r => r.LearningRate < 1e-3);
        Assert.Equal(all.History.Skip(10).Select(r => r.LearningRate), rest.History.Select(r => r.LearningRate));
        Assert.Equal((3, StopReason.EarlyStopping, 7), (rest.Epochs, rest.StopReason, rest.BestEpoch));
        Assert.Equal(Bits(straight.a, straight.b), Bits(resumed.a, resumed.b));

        var lbfgsStraight = new RosenbrockModel(-1.2, 1.0);
        Trainer.Fit(lbfgsStraight, new Lbfgs(maxIterations: 3), new TrainingOptions { MaxEpochs = 6 });
        Trainer.Fit(new RosenbrockModel(-1.2, 1.0), new Lbfgs(maxIterations: 3), new TrainingOptions { MaxEpochs = 3, Checkpoint = new CheckpointOptions(PathOf("lbfgs.json")) });
        var lbfgsResumed = new RosenbrockModel(0, 0);
        TrainingResult lbfgsRest = Trainer.Fit(lbfgsResumed, new Lbfgs(maxIterations: 3), new TrainingOptions { MaxEpochs = 6, ResumeFrom = Checkpoint.Load(PathOf("lbfgs.json")) });
        Assert.Equal(3, lbfgsRest.Epochs);
        Assert.Equal(Bits(lbfgsStraight.a, lbfgsStraight.b), Bits(lbfgsResumed.a, lbfgsResumed.b));

        // A run rate L-BFGS refuses (it needs one > 0) fails before the model or the optimizer changes.
        string json = File.ReadAllText(PathOf("lbfgs.json"));
        int run = json.IndexOf("\"run\": {", StringComparison.Ordinal);
        int rate = json.IndexOf("\"learning_rate\": ", run, StringComparison.Ordinal) + "\"learning_rate\": ".Length;
        string zero = json[..rate] + "0" + json[json.IndexOfAny(new[] { ',', '\n' }, rate)..];
        var untouched = new RosenbrockModel(0.5, 0.5);
        var fresh = new Lbfgs(maxIterations: 3);
        Assert.Throws<ArgumentOutOfRangeException>(
            () => Trainer.Fit(untouched, fresh, new TrainingOptions { MaxEpochs = 6, ResumeFrom = Checkpoint.FromJson(zero) }));
        Assert.Equal((0.5, 0.5), (untouched.a, untouched.b));
        Assert.Null(fresh.SaveState().ParameterCount);
    }

    [Fact]
    public void Every_n_epochs_writes_after_epochs_n_2n_and_so_on_counted_over_the_whole_run()
    {
        string path = PathOf("every3.json");
        var seen = new List<int?>();
        void Look(EpochRecord _) => seen.Add(File.Exists(path) ? Checkpoint.Load(path).Epoch : null);
        var checkpoint = new CheckpointOptions(path) { EveryEpochs = 3 };

        // The callback runs before the epoch's checkpoint is written: it sees the one of an earlier epoch.
        var first = new TrainingOptions { MaxEpochs = 7, Checkpoint = checkpoint, EpochCompleted = Look };
        Trainer.Fit(new OneWeight(), new OneWeight.Sample[] { new(1.0, 1.0) }, new GradientDescent(0.5), first);
        Assert.Equal(new int?[] { null, null, null, 3, 3, 3, 6 }, seen);

        // Resumed after epoch 6, it writes after epochs 9 and 12: multiples of 3 counted over the whole run.
        seen.Clear();
        var resumed = new TrainingOptions { MaxEpochs = 13, Checkpoint = checkpoint, EpochCompleted = Look, ResumeFrom = Checkpoint.Load(path) };
        Trainer.Fit(new OneWeight(), new OneWeight.Sample[] { new(1.0, 1.0) }, new GradientDescent(0.5), resumed);
        Assert.Equal(new int?[] { 6, 6, 6, 9, 9, 9, 12 }, seen);
        Assert.Equal(12, Checkpoint.Load(path).Epoch);
        Assert.Equal(1.0 - Math.Pow(0.5, 12), Checkpoint.Load(path).Parameters[0]); // w after epoch k is 1 − 0.5ᵏ
    }

    [Fact]
    public void Only_when_improved_keeps_the_best_epoch_of_the_monitored_loss()
    {
        // E = ½(w·x − t)² on (1, 1) from w = 0 with η = 0.5: w after epoch k is 1 − 0.5ᵏ. The validation sample
        // (2, 1) is best fitted by w = ½: its loss is 0 after epoch 1 and grows after that.
        string path = PathOf("best.json");
        var options = new TrainingOptions { MaxEpochs = 4, Checkpoint = new CheckpointOptions(path) { OnlyWhenImproved = true } };
        Trainer.Fit(new OneWeight(), new OneWeight.Sample[] { new(1.0, 1.0) }, new GradientDescent(0.5), options, new OneWeight.Sample[] { new(2.0, 1.0) });
        Checkpoint best = Checkpoint.Load(path);
        Assert.Equal(1, best.Epoch);
        Assert.Equal(0.5, best.Parameters[0]);

        // On the training loss, which falls every epoch, every epoch is an improvement.
        Trainer.Fit(new OneWeight(), new OneWeight.Sample[] { new(1.0, 1.0) }, new GradientDescent(0.5), options);
        Assert.Equal(4, Checkpoint.Load(path).Epoch);
        Assert.Equal(0.9375, Checkpoint.Load(path).Parameters[0]);

        // A resumed run knows the best so far: epochs 2 and 3 validate worse than epoch 1, so nothing is written.
        Trainer.Fit(new OneWeight(), new OneWeight.Sample[] { new(1.0, 1.0) }, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 1, Checkpoint = options.Checkpoint }, new OneWeight.Sample[] { new(2.0, 1.0) });
        string once = File.ReadAllText(path);
        var resumed = new TrainingOptions { MaxEpochs = 3, Checkpoint = options.Checkpoint, ResumeFrom = Checkpoint.Load(path) };
        Trainer.Fit(new OneWeight(), new OneWeight.Sample[] { new(1.0, 1.0) }, new GradientDescent(0.5), resumed, new OneWeight.Sample[] { new(2.0, 1.0) });
        Assert.Equal(once, File.ReadAllText(path));
    }

    [Fact]
    public void The_trainer_saves_the_base_learning_rate_so_a_resumed_schedule_starts_from_it()
    {
        string path = PathOf("base.json");
        var adam = new Adam(0.2);
        Trainer.Fit(new Line(), Train, adam, new TrainingOptions { MaxEpochs = 3, Schedule = LearningRateSchedule.Exponential(0.5), Checkpoint = new CheckpointOptions(path) });
        Checkpoint checkpoint = Checkpoint.Load(path);
        Assert.Equal(0.2, checkpoint.OptimizerState!.LearningRate); // not 0.05, the rate of epoch 3
        Assert.Equal("Line", checkpoint.ModelName);
        Assert.Contains("\"version\": 2", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("\"precision\": \"float64\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_with_other_rules_fails_naming_them_and_changes_nothing()
    {
        string path = PathOf("rules.json");
        Trainer.Fit(new Line(), Train, new Adam(0.3), Rules(3, checkpoint: new CheckpointOptions(path)), Validation);
        Checkpoint checkpoint = Checkpoint.Load(path);
        var model = new Line { a = 7, b = 8 };
        var adam = new Adam(0.3);

        TrainingOptions otherPatience = new()
        {
            MaxEpochs = 10,
            ResumeFrom = checkpoint,
            EarlyStopping = new EarlyStopping(patience: 7),
            ReduceOnPlateau = new ReduceOnPlateau(factor: 0.5, patience: 1),
        };
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, Train, adam, otherPatience, Validation));
        Assert.StartsWith(
            "The checkpoint's run used EarlyStopping(patience: 6, minDelta: 0, restoreBestParameters: true); these options have " +
            "EarlyStopping(patience: 7, minDelta: 0, restoreBestParameters: true). ResumeFrom continues the run",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);

        var noPlateau = new TrainingOptions { MaxEpochs = 10, ResumeFrom = checkpoint, EarlyStopping = new EarlyStopping(patience: 6) };
        Assert.StartsWith(
            "The checkpoint's run used ReduceOnPlateau(factor: 0.5, patience: 1, threshold: 0.0001, cooldown: 0, minLearningRate: 0); these options have no ReduceOnPlateau.",
            Assert.Throws<ArgumentException>(() => Trainer.Fit(model, Train, adam, noPlateau, Validation)).Message,
            StringComparison.Ordinal);

        var otherEpoch = Rules(10, resumeFrom: checkpoint, initialEpoch: 2);
        Assert.StartsWith(
            "InitialEpoch is 2 but the checkpoint to resume from was taken after epoch 3",
            Assert.Throws<ArgumentException>(() => Trainer.Fit(model, Train, adam, otherEpoch, Validation)).Message,
            StringComparison.Ordinal);

        var otherOptimizer = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, Train, new AdamW(0.3), Rules(10, resumeFrom: checkpoint), Validation));
        Assert.StartsWith("The state is of a Adam optimizer; it cannot be loaded into AdamW.", otherOptimizer.Message, StringComparison.Ordinal);

        var otherModel = Assert.Throws<ArgumentException>(() => Trainer.Fit(new LineMc(), new LineMc.Sample[] { new(1, 2) }, new Adam(0.3), Rules(10, resumeFrom: checkpoint)));
        Assert.StartsWith("The checkpoint of Line does not fit the model LineMc: parameter 0 is 'a' in the checkpoint but 'm' in the model.", otherModel.Message, StringComparison.Ordinal);

        Assert.Equal((7.0, 8.0), (model.a, model.b));
        Assert.Null(adam.SaveState().ParameterCount);
        Assert.Equal(0.3, adam.LearningRate);
    }

    [Fact]
    public void A_checkpoint_option_needs_a_stateful_optimizer_and_an_existing_folder()
    {
        var plain = new TrainingOptions { MaxEpochs = 2, Checkpoint = new CheckpointOptions(PathOf("x.json")) };
        var stateless = Assert.Throws<ArgumentException>(() => Trainer.Fit(new Line(), Train, new StatelessDescent(), plain));
        Assert.StartsWith("Checkpoint needs an optimizer whose state can be saved (IStatefulOptimizer", stateless.Message, StringComparison.Ordinal);

        string missing = Path.Combine(_folder, "no-such-folder", "x.json");
        var folder = Assert.Throws<ArgumentException>(
            () => Trainer.Fit(new Line(), Train, new Adam(), new TrainingOptions { Checkpoint = new CheckpointOptions(missing) }));
        Assert.StartsWith($"The checkpoint's folder '{Path.GetDirectoryName(missing)}' does not exist", folder.Message, StringComparison.Ordinal);

        Assert.Equal("EveryEpochs", Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointOptions("x") { EveryEpochs = 0 }).ParamName);
        Assert.Throws<ArgumentException>(() => new CheckpointOptions(""));
    }

    [Fact]
    public void A_version_1_checkpoint_still_loads_and_other_versions_and_precisions_fail_naming_them()
    {
        const string Version1 = """
            {"format": "SymbolicGd.Checkpoint", "version": 1, "epoch": 4, "parameters": {"a": 1.5, "b": -2},
             "optimizer": {"type": "Adam", "learning_rate": 0.1, "step": 8, "parameter_count": 2,
                           "settings": {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-08},
                           "buffers": {"exp_avg": [0.5, 0.25], "exp_avg_sq": [1, 2]}}}
            """;
        Checkpoint old = Checkpoint.FromJson(Version1);
        Assert.Equal(4, old.Epoch);
        Assert.Null(old.ModelName);
        var line = new Line();
        var adam = new Adam(0.1);
        old.Restore(line, adam);
        Assert.Equal((1.5, -2.0), (line.a, line.b));
        Assert.Equal(8, adam.SaveState().Step);
        Assert.Contains("\"version\": 2", old.ToJson(), StringComparison.Ordinal); // written back in the current layout

        string newer = Version1.Replace("\"version\": 1", "\"version\": 3", StringComparison.Ordinal);
        Assert.Equal(
            "The checkpoint is of version 3; this runtime reads versions 1 to 2.",
            Assert.Throws<FormatException>(() => Checkpoint.FromJson(newer)).Message);

        string single = Version1.Replace("\"version\": 1", "\"version\": 2, \"precision\": \"float32\"", StringComparison.Ordinal);
        Assert.Equal(
            "The checkpoint holds float32 values; this runtime's models and optimizers are float64.",
            Assert.Throws<FormatException>(() => Checkpoint.FromJson(single)).Message);

        string noPrecision = Version1.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal);
        Assert.Equal("The checkpoint has no \"precision\".", Assert.Throws<FormatException>(() => Checkpoint.FromJson(noPrecision)).Message);
    }

    private static long[] Bits(params double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>An optimizer of the user's own that keeps no state to save.</summary>
    private sealed class StatelessDescent : IOptimizer
    {
        public double LearningRate { get; set; } = 0.1;

        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= LearningRate * gradient[i];
            }
        }

        public void Reset()
        {
        }
    }
}
