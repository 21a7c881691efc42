using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// float32 layer stacks (<see cref="Precision.Single"/>): the generated float code against PyTorch float32
/// (tools/reference/float32_networks.py), training that reaches the float64 network's accuracy, checkpoints that
/// resume bit for bit, the gradient check at a float step, every optimizer's float step, and no allocation per batch.
/// </summary>
public sealed class SingleNetworkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symbolicgd-float32-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Cases() => new() { "classifier", "large_logits", "swish", "binary" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_batch_loss_and_every_gradient_element_match_PyTorch_float32(string name)
    {
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "float32-networks.json")));
        JsonElement @case = reference.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        float[] parameters = Floats(@case, "parameters");
        float[] inputs = Floats(@case, "inputs");
        double[] expected = @case.GetProperty("gradient").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double expectedLoss = @case.GetProperty("loss").GetDouble();
        int inputCount = @case.GetProperty("sizes")[0].GetInt32();
        int rows = inputs.Length / inputCount;
        float[] Row(int r) => inputs.AsSpan(r * inputCount, inputCount).ToArray();

        (double Loss, float[] Gradient, double PerSampleLoss, float[] PerSampleGradient) result = name switch
        {
            "classifier" => Run(new SingleClassifierNet(), Enumerable.Range(0, rows).Select(r => new SingleClassifierNet.Sample(Row(r), Labels(@case)[r])).ToArray(), parameters),
            "large_logits" => Run(new SingleLogitsNet(), Enumerable.Range(0, rows).Select(r => new SingleLogitsNet.Sample(Row(r), Labels(@case)[r])).ToArray(), parameters),
            "swish" => Run(new SingleSwishNet(), Enumerable.Range(0, rows).Select(r => new SingleSwishNet.Sample(Row(r), Targets(@case, r, 2))).ToArray(), parameters),
            _ => Run(new SingleBinaryNet(), Enumerable.Range(0, rows).Select(r => new SingleBinaryNet.Sample(Row(r), Targets(@case, r, 2))).ToArray(), parameters),
        };

        double largest = expected.Max(Math.Abs);
        Assert.True(largest > 0.1, $"the reference's largest gradient element is {largest}");
        Assert.Equal(expectedLoss, result.Loss, 1e-5 * Math.Abs(expectedLoss));
        Assert.Equal(expectedLoss, result.PerSampleLoss, 1e-5 * Math.Abs(expectedLoss));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(result.Gradient[i] - expected[i]) <= 1e-5 * largest, $"∂E/∂θ[{i}]: {result.Gradient[i]:R} in the batch, PyTorch {expected[i]:R}");
            Assert.True(Math.Abs(result.PerSampleGradient[i] - expected[i]) <= 1e-5 * largest, $"∂E/∂θ[{i}]: {result.PerSampleGradient[i]:R} per sample, PyTorch {expected[i]:R}");
        }
    }

    [Fact]
    public void Logits_beyond_100_give_a_finite_loss_and_softmax_probabilities_that_sum_to_1()
    {
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "float32-networks.json")));
        JsonElement @case = reference.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "large_logits");
        var net = new SingleLogitsNet();
        net.SetParameters(Floats(@case, "parameters"));
        float[] inputs = Floats(@case, "inputs");
        float[] logits = Floats(@case, "logits");
        Assert.True(logits.Max() > 100 && logits.Min() < -90, "the reference's logits reach beyond ±100");

        var probabilities = new float[inputs.Length / 3 * 4];
        net.PredictBatch(inputs, probabilities);

        for (int r = 0; r < inputs.Length / 3; r++)
        {
            Span<float> row = probabilities.AsSpan(r * 4, 4);
            Assert.All(row.ToArray(), p => Assert.True(float.IsFinite(p) && p >= 0));
            Assert.Equal(1.0, row.ToArray().Sum(p => (double)p), 1e-6);
            int largest = Array.IndexOf(logits, logits.Skip(r * 4).Take(4).Max(), r * 4) - r * 4;
            Assert.Equal(largest, net.Classify(inputs.AsSpan(r * 3, 3)));
        }
    }

    [Fact]
    public void A_float32_digits_run_reaches_the_float64_runs_accuracy_within_one_point()
    {
        DigitsNet.Sample[] digits = DataSets.Digits;
        SingleDigitsNet.Sample[] singles = digits.Select(s => new SingleDigitsNet.Sample(s.Input.Select(v => (float)v).ToArray(), s.Label)).ToArray();
        var options = new TrainingOptions { BatchSize = 32, MaxEpochs = 10, Seed = 1, MeasureAccuracy = true };
        var doubles = new DigitsNet();
        doubles.Initialize(seed: 42);
        var floats = new SingleDigitsNet();
        floats.Initialize(seed: 42);

        TrainingResult inDouble = Trainer.Fit(doubles, digits, new GradientDescent(0.1), options);
        TrainingResult inFloat = Trainer.Fit(floats, singles, new GradientDescent(0.1), options);

        double doubleAccuracy = Trainer.Score(doubles, digits).Accuracy!.Value;
        double floatAccuracy = Trainer.Score(floats, singles).Accuracy!.Value;
        Assert.InRange(doubleAccuracy, 0.95, 1.0);
        Assert.InRange(floatAccuracy - doubleAccuracy, -0.01, 0.01);
        Assert.Equal(inDouble.FinalLoss, inFloat.FinalLoss, 0.02 * inDouble.FinalLoss);
        Assert.NotNull(inFloat.History[^1].Accuracy);
    }

    [Fact]
    public void A_checkpointed_float32_run_resumes_bit_for_bit_and_its_floats_round_trip_exactly()
    {
        SingleDigitsNet.Sample[] singles = Singles(256);
        TrainingOptions Options(int epochs, Checkpoint? resume = null, CheckpointOptions? checkpoint = null) =>
            new() { BatchSize = 32, MaxEpochs = epochs, Seed = 3, ResumeFrom = resume, Checkpoint = checkpoint, EarlyStopping = new EarlyStopping(patience: 10) };

        var straight = new SingleDigitsNet();
        straight.Initialize(seed: 7);
        Trainer.Fit(straight, singles, new Adam(0.01), Options(4));

        string path = Path.Combine(_folder, "float32.json");
        var first = new SingleDigitsNet();
        first.Initialize(seed: 7);
        Trainer.Fit(first, singles, new Adam(0.01), Options(2, checkpoint: new CheckpointOptions(path)));
        Checkpoint checkpoint = Checkpoint.Load(path);
        float[] saved = new float[first.ParameterCount];
        first.CopyParametersTo(saved);
        Assert.Equal(saved.Length, checkpoint.Parameters.Count);
        for (int i = 0; i < saved.Length; i++)
        {
            // Widened exactly on the way out, so the double in the file is the float itself.
            Assert.Equal(BitConverter.SingleToInt32Bits(saved[i]), BitConverter.SingleToInt32Bits((float)checkpoint.Parameters[i]));
            Assert.Equal((double)saved[i], checkpoint.Parameters[i]);
        }

        var resumed = new SingleDigitsNet();
        Trainer.Fit(resumed, singles, new Adam(0.01), Options(4, resume: checkpoint));

        AssertSameBits(straight, resumed);
    }

    [Fact]
    public void The_gradient_check_at_the_float_step_agrees_with_the_generated_gradient()
    {
        var net = new SingleClassifierNet();
        net.Initialize(seed: 5);
        var sample = new SingleClassifierNet.Sample([0.5f, -1.25f, 2f, 0.75f, -0.3f, 1.1f], 2);

        GradientCheck check = GradientCheck.Run(net, sample, GradientCheck.SingleRelativeStep);

        Assert.Equal(net.ParameterCount, check.Entries.Count);
        Assert.True(check.WorstRelativeError < 1e-2, check.ToString());

        // At the double step (6e−6) the float rounding of the loss, about 1e−7 of it, is a large part of the difference
        // of the two probes: why a float network takes the float step.
        GradientCheck tooFine = GradientCheck.Run(net, sample);
        Assert.True(tooFine.WorstRelativeError > 0.1, tooFine.ToString());
    }

    public static TheoryData<string> Optimizers() => new() { "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop-momentum", "adam", "adamw" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_first_order_optimizer_steps_floats_by_its_double_rule(string name)
    {
        static IStatefulOptimizer Make(string name) => name switch
        {
            "sgd" => new GradientDescent(0.1, weightDecay: 0.01),
            "momentum" => new GradientDescent(0.1, momentum: 0.9),
            "nesterov" => new GradientDescent(0.1, momentum: 0.9, nesterov: true),
            "adagrad" => new AdaGrad(0.1),
            "rmsprop" => new RmsProp(0.01),
            "rmsprop-momentum" => new RmsProp(0.01, momentum: 0.5),
            "adam" => new Adam(0.01),
            _ => new AdamW(0.01, weightDecay: 0.1),
        };

        var random = new Random(9);
        float[] floats = Enumerable.Range(0, 37).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        double[] doubles = floats.Select(f => (double)f).ToArray();
        IStatefulOptimizer inFloat = Make(name), inDouble = Make(name);
        for (int step = 0; step < 5; step++)
        {
            float[] gradient = Enumerable.Range(0, 37).Select(i => (float)Math.Sin(step + i * 0.7)).ToArray();
            ((IOptimizer<float>)inFloat).Step(floats, gradient);
            inDouble.Step(doubles, gradient.Select(g => (double)g).ToArray());
        }

        for (int i = 0; i < floats.Length; i++)
        {
            Assert.Equal(doubles[i], floats[i], 1e-5 * Math.Max(1.0, Math.Abs(doubles[i])));
        }

        // The state is saved as doubles, the floats exactly.
        OptimizerState state = inFloat.SaveState();
        foreach (var buffer in state.Buffers.Values)
        {
            Assert.All(buffer, v => Assert.Equal(v, (double)(float)v));
        }
    }

    [Fact]
    public void An_optimizer_that_steps_only_doubles_is_refused_before_anything_changes()
    {
        var net = new SingleDigitsNet();
        net.Initialize(seed: 1);
        float[] before = new float[net.ParameterCount];
        net.CopyParametersTo(before);

        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(net, Singles(8), new DoublesOnly(), new TrainingOptions { MaxEpochs = 1 }));

        Assert.Equal("optimizer", error.ParamName);
        Assert.Contains("DoublesOnly steps double parameters only", error.Message);
        Assert.Contains("IOptimizer<float>", error.Message);
        float[] after = new float[net.ParameterCount];
        net.CopyParametersTo(after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void L_BFGS_trains_a_float32_network_through_its_float_batch_gradient()
    {
        SingleDigitsNet.Sample[] singles = Singles(200);
        var net = new SingleDigitsNet();
        net.Initialize(seed: 2);
        double before = Trainer.Score(net, singles).Loss;

        TrainingResult result = Trainer.Fit(net, singles, new Lbfgs(), new TrainingOptions { MaxEpochs = 30 });

        Assert.True(result.FinalLoss < before / 4, $"loss {before} before, {result.FinalLoss} after 30 L-BFGS iterations");
        Assert.Equal(result.FinalLoss, Trainer.Score(net, singles).Loss, 1e-5 * result.FinalLoss);
        float[] parameters = new float[net.ParameterCount];
        net.CopyParametersTo(parameters);
        Assert.Equal(parameters.Select(p => (double)p), result.Parameters);
    }

    [Fact]
    public void A_batch_step_in_float32_allocates_nothing_after_the_first()
    {
        var net = new SingleDigitsNet();
        SingleDigitsNet.Sample[] singles = Singles(400);
        int[] order = Enumerable.Range(0, singles.Length).Reverse().ToArray();
        float[] parameters = new float[net.ParameterCount];
        float[] gradient = new float[net.ParameterCount];
        float[] output = new float[net.OutputCount];
        var adam = new Adam(0.01);

        void Batches()
        {
            for (int start = 0; start < singles.Length; start += 100)
            {
                Array.Clear(gradient);
                net.BackwardBatch(singles, order.AsSpan(start, 100), gradient, out _);
                net.CopyParametersTo(parameters);
                adam.Step(parameters, gradient);
                net.SetParameters(parameters);
            }

            net.Backward(singles[0], gradient);
            net.Predict(singles[0].Input, output);
            net.Classify(singles[0].Input);
        }

        Assert.Equal(0, Allocations.Fewest(Batches));
    }

    private static (double, float[], double, float[]) Run<TSample>(INetwork<TSample, float> net, TSample[] samples, float[] parameters)
        where TSample : struct
    {
        net.SetParameters(parameters);
        var batchGradient = new float[net.ParameterCount];
        double loss = net.BackwardBatch(samples, Enumerable.Range(0, samples.Length).ToArray(), batchGradient);
        var perSample = new float[net.ParameterCount];
        double perSampleLoss = 0;
        foreach (TSample sample in samples)
        {
            perSampleLoss += net.Backward(sample, perSample);
        }

        return (loss, batchGradient, perSampleLoss, perSample);
    }

    private static float[] Floats(JsonElement @case, string name) =>
        @case.GetProperty(name).EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

    private static int[] Labels(JsonElement @case) => @case.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static float[] Targets(JsonElement @case, int row, int width) => Floats(@case, "targets").AsSpan(row * width, width).ToArray();

    private static SingleDigitsNet.Sample[] Singles(int count) =>
        DataSets.Digits.Take(count).Select(s => new SingleDigitsNet.Sample(s.Input.Select(v => (float)v).ToArray(), s.Label)).ToArray();

    private static void AssertSameBits(SingleDigitsNet expected, SingleDigitsNet actual)
    {
        float[] a = new float[expected.ParameterCount], b = new float[actual.ParameterCount];
        expected.CopyParametersTo(a);
        actual.CopyParametersTo(b);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(b[i]), $"θ[{i}]: {a[i]:R} straight, {b[i]:R} resumed");
        }
    }

    private sealed class DoublesOnly : IStatefulOptimizer
    {
        public double LearningRate { get; set; } = 0.1;

        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) => throw new InvalidOperationException("never stepped");

        public void Reset()
        {
        }

        public OptimizerState SaveState() => throw new InvalidOperationException();

        public void LoadState(OptimizerState state) => throw new InvalidOperationException();
    }
}
