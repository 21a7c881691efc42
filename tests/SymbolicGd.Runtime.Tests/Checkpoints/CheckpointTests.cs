using System;
using System.IO;
using System.Linq;
using SymbolicGd.Runtime.Tests.Training;

namespace SymbolicGd.Runtime.Tests.Checkpoints;

/// <summary>Checkpoints: exact resume, exact JSON round trips, and mismatches that fail before changing anything.</summary>
public sealed class CheckpointTests
{
    private static TrainingOptions Options(int maxEpochs, int initialEpoch = 0) => new()
    {
        MaxEpochs = maxEpochs,
        InitialEpoch = initialEpoch,
        BatchSize = 4,
        Seed = 11,
        Schedule = LearningRateSchedule.CosineAnnealing(duration: 10, minLearningRate: 0.001),
        StepSchedule = StepSchedule.LinearWarmup(duration: 7),
    };

    [Fact]
    public void Ten_epochs_equal_five_then_a_checkpoint_then_five_more_bit_for_bit()
    {
        Line.Sample[] data = LineData.Make(18, 0.3, seed: 5);

        var straight = new Line();
        var straightAdam = new Adam(0.05);
        TrainingResult all = Trainer.Fit(straight, data, straightAdam, Options(10));

        var first = new Line();
        var firstAdam = new Adam(0.05);
        Trainer.Fit(first, data, firstAdam, Options(5));
        string path = Path.Combine(Path.GetTempPath(), $"symbolicgd-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            Checkpoint.Capture(first, firstAdam, epoch: 5).Save(path);
            Checkpoint loaded = Checkpoint.Load(path);
            Assert.Equal(5, loaded.Epoch);

            var resumed = new Line();
            var resumedAdam = new Adam(0.05);
            loaded.Restore(resumed, resumedAdam);
            TrainingResult rest = Trainer.Fit(resumed, data, resumedAdam, Options(10, initialEpoch: loaded.Epoch));

            Assert.Equal(5, rest.Epochs);
            Assert.Equal(new[] { 6, 7, 8, 9, 10 }, rest.History.Select(r => r.Epoch));
            Assert.Equal(BitConverter.DoubleToInt64Bits(straight.a), BitConverter.DoubleToInt64Bits(resumed.a));
            Assert.Equal(BitConverter.DoubleToInt64Bits(straight.b), BitConverter.DoubleToInt64Bits(resumed.b));
            Assert.Equal(all.History.Skip(5).Select(r => r.Loss), rest.History.Select(r => r.Loss));
            Assert.Equal(all.History.Skip(5).Select(r => r.LearningRate), rest.History.Select(r => r.LearningRate));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_layer_stack_resumes_exactly_too()
    {
        var random = new Random(2);
        TwoClassNet.Sample[] data = Enumerable.Range(0, 24)
            .Select(_ => new TwoClassNet.Sample(new[] { random.NextDouble() - 0.5, random.NextDouble() - 0.5 }, random.Next(2)))
            .ToArray();
        var options = new TrainingOptions { MaxEpochs = 6, BatchSize = 5, Seed = 3 };

        var straight = new TwoClassNet();
        straight.Initialize(7);
        Trainer.Fit(straight, data, new GradientDescent(0.3, momentum: 0.9), options);

        var first = new TwoClassNet();
        first.Initialize(7);
        var momentum = new GradientDescent(0.3, momentum: 0.9);
        Trainer.Fit(first, data, momentum, new TrainingOptions { MaxEpochs = 3, BatchSize = 5, Seed = 3 });
        Checkpoint checkpoint = Checkpoint.FromJson(Checkpoint.Capture(first, momentum, 3).ToJson());

        var resumed = new TwoClassNet();
        var resumedMomentum = new GradientDescent(0.3, momentum: 0.9);
        checkpoint.Restore(resumed, resumedMomentum);
        Trainer.Fit(resumed, data, resumedMomentum, new TrainingOptions { MaxEpochs = 6, BatchSize = 5, Seed = 3, InitialEpoch = 3 });

        Assert.Equal(Parameters(straight), Parameters(resumed));
    }

    public static TheoryData<string> OptimizerNames() => new() { "sgd", "momentum", "nesterov", "adam", "adamw", "adagrad", "rmsprop", "rmsprop-momentum" };

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Every_optimizer_continues_exactly_from_its_saved_state(string name)
    {
        double[] p = { -1.2, 1.0 }, q = new double[2], g = new double[2];
        IStatefulOptimizer original = Create(name);
        for (int i = 0; i < 3; i++)
        {
            Gradient(p, g);
            original.Step(p, g);
        }

        IStatefulOptimizer copy = Create(name);
        Checkpoint json = Checkpoint.FromJson(CheckpointOf(p, original).ToJson());
        copy.LoadState(json.OptimizerState!);
        p.CopyTo(q, 0);
        for (int i = 0; i < 4; i++)
        {
            Gradient(p, g);
            original.Step(p, g);
            Gradient(q, g);
            copy.Step(q, g);
        }

        Assert.Equal(p, q);
    }

    [Fact]
    public void An_optimizer_that_has_not_stepped_saves_an_empty_state()
    {
        OptimizerState state = new Adam().SaveState();
        Assert.Null(state.ParameterCount);
        Assert.Empty(state.Buffers);
        Assert.Equal(0, state.Step);
        var adam = new Adam();
        adam.LoadState(state);
        double[] p = { 1.0 };
        adam.Step(p, new[] { 2.0 });
        Assert.Equal(1.0 - 0.001 * 2.0 / (2.0 + 1e-8), p[0]);
    }

    [Fact]
    public void The_json_keeps_every_bit_and_writes_non_finite_values_as_strings()
    {
        var line = new Line { a = 0.1 + 0.2, b = double.NaN };
        string json = Checkpoint.Capture(line, epoch: 2).ToJson();
        Assert.Contains("\"b\": \"NaN\"", json, StringComparison.Ordinal);
        Assert.Contains("\"format\": \"SymbolicGd.Checkpoint\"", json, StringComparison.Ordinal);

        Checkpoint back = Checkpoint.FromJson(json);
        Assert.Equal(new[] { "a", "b" }, back.ParameterNames);
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(back.Parameters[0]));
        Assert.True(double.IsNaN(back.Parameters[1]));
        Assert.Null(back.OptimizerState);
    }

    [Fact]
    public void A_checkpoint_with_another_parameter_count_is_rejected_naming_the_first_mismatch()
    {
        Checkpoint checkpoint = Checkpoint.Capture(new Line { a = 1, b = 2 });
        var model = new OneWeight(0.25);
        var error = Assert.Throws<ArgumentException>(() => checkpoint.Restore(model));
        Assert.Equal("model", error.ParamName);
        Assert.StartsWith(
            "The checkpoint of Line holds 2 parameters; the model OneWeight has 1. The first difference: parameter 0 is 'a' in the checkpoint but 'w' in the model.",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(0.25, model.w);
    }

    [Fact]
    public void A_checkpoint_with_other_names_is_rejected_and_nothing_is_applied()
    {
        var adam = new Adam(0.1);
        var line = new Line { a = 1, b = 2 };
        Trainer.Fit(line, LineData.Make(4, 0.1, 1), adam, new TrainingOptions { MaxEpochs = 2 });
        Checkpoint checkpoint = Checkpoint.Capture(line, adam, 2);

        var other = new LineMc { m = 5, c = 6 };
        var fresh = new Adam(0.1);
        var error = Assert.Throws<ArgumentException>(() => checkpoint.Restore(other, fresh));
        Assert.Equal("The checkpoint of Line does not fit the model LineMc: parameter 0 is 'a' in the checkpoint but 'm' in the model. (Parameter 'model')", error.Message);
        Assert.Equal((5.0, 6.0), (other.m, other.c));
        Assert.Null(fresh.SaveState().ParameterCount);
    }

    [Fact]
    public void An_optimizer_state_that_does_not_fit_leaves_model_and_optimizer_unchanged()
    {
        var adam = new Adam(0.1);
        var line = new Line { a = 1, b = 2 };
        Trainer.Fit(line, LineData.Make(4, 0.1, 1), adam, new TrainingOptions { MaxEpochs = 2 });
        Checkpoint checkpoint = Checkpoint.Capture(line, adam, 2);

        var target = new Line { a = 7, b = 8 };
        var adamW = new AdamW(0.1);
        var kind = Assert.Throws<ArgumentException>(() => checkpoint.Restore(target, adamW));
        Assert.StartsWith("The state is of a Adam optimizer; it cannot be loaded into AdamW.", kind.Message, StringComparison.Ordinal);

        var otherBeta = new Adam(0.1, beta1: 0.8);
        var setting = Assert.Throws<ArgumentException>(() => checkpoint.Restore(target, otherBeta));
        Assert.StartsWith("The Adam state was saved with beta1 = 0.9; this optimizer has beta1 = 0.8.", setting.Message, StringComparison.Ordinal);

        Assert.Equal((7.0, 8.0), (target.a, target.b));
        Assert.Null(adamW.SaveState().ParameterCount);
        Assert.Null(otherBeta.SaveState().ParameterCount);

        var noState = Assert.Throws<ArgumentException>(() => Checkpoint.Capture(line).Restore(target, new Adam()));
        Assert.Equal("optimizer", noState.ParamName);
    }

    [Fact]
    public void Json_that_is_not_a_checkpoint_fails_with_a_format_error()
    {
        Assert.Contains("\"format\" must be \"SymbolicGd.Checkpoint\"", Assert.Throws<FormatException>(() => Checkpoint.FromJson("{}")).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<FormatException>(() => Checkpoint.FromJson("{")).Message, StringComparison.Ordinal);
        string twice = "{\"format\":\"SymbolicGd.Checkpoint\",\"version\":1,\"epoch\":0,\"parameters\":{\"a\":1,\"a\":2}}";
        Assert.Contains("names the parameter 'a' twice", Assert.Throws<FormatException>(() => Checkpoint.FromJson(twice)).Message, StringComparison.Ordinal);
        string version = "{\"format\":\"SymbolicGd.Checkpoint\",\"version\":9,\"epoch\":0,\"parameters\":{}}";
        Assert.Contains("version 9", Assert.Throws<FormatException>(() => Checkpoint.FromJson(version)).Message, StringComparison.Ordinal);
    }

    private static Checkpoint CheckpointOf(double[] p, IStatefulOptimizer optimizer)
    {
        var model = new RosenbrockModel(p[0], p[1]);
        return Checkpoint.Capture(model, optimizer);
    }

    private static IStatefulOptimizer Create(string name) => name switch
    {
        "sgd" => new GradientDescent(1e-3),
        "momentum" => new GradientDescent(1e-3, momentum: 0.9),
        "nesterov" => new GradientDescent(1e-3, momentum: 0.9, nesterov: true),
        "adam" => new Adam(0.01),
        "adamw" => new AdamW(0.01, weightDecay: 0.1),
        "adagrad" => new AdaGrad(0.1),
        "rmsprop" => new RmsProp(1e-3),
        "rmsprop-momentum" => new RmsProp(1e-3, momentum: 0.5),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static void Gradient(double[] p, double[] g)
    {
        double x = p[0], y = p[1];
        g[0] = -2.0 * (1.0 - x) - 400.0 * x * (y - x * x);
        g[1] = 200.0 * (y - x * x);
    }

    private static double[] Parameters(IDifferentiable model)
    {
        var values = new double[model.ParameterCount];
        model.CopyParametersTo(values);
        return values;
    }
}
