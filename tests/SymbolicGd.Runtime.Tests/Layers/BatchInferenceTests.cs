using System;
using System.Linq;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>A deep stack with every built-in hidden activation: 5-7-6-6-4-3.</summary>
[Network(Inputs = 5, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(7, Activation.Relu)]
[Dense(6, Activation.LeakyRelu, NegativeSlope = 0.1)]
[Dense(6, Activation.Softplus)]
[Dense(4, Activation.Tanh)]
[Dense(3)]
public partial class MixedDeepNet
{
}

/// <summary>Multi-label binary cross-entropy: 6-9-3, sigmoid hidden layer.</summary>
[Network(Inputs = 6, Loss = NetworkLoss.BinaryCrossEntropy)]
[Dense(9, Activation.Sigmoid)]
[Dense(3)]
public partial class MultiLabelNet
{
}

/// <summary>One squared-error output with an activation on it: 4-8-1, tanh then sigmoid.</summary>
[Network(Inputs = 4)]
[Dense(8, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class SingleOutputNet
{
}

/// <summary>Softmax on the last layer under the squared error: 3-5-4.</summary>
[Network(Inputs = 3)]
[Dense(5, Activation.Sigmoid)]
[Dense(4, Activation.Softmax)]
public partial class SoftmaxOutputNet
{
}

/// <summary>
/// The batched inference of a layer stack (PredictBatch, ClassifyBatch, ScoreBatch) against the single-sample
/// methods on random networks and inputs, batch sizes below, at and past the 64-row chunk (so the last chunk is
/// ragged), and the trainer's figures it feeds.
/// </summary>
public sealed class BatchInferenceTests
{
    // Both paths run the same products in another order of additions (a packed GEMM against a row's dot products),
    // so a value agrees to a few units in the last place, not always bit for bit: to 1e-15 of its size, or of 1 for a
    // value below 1 (a raw output of 0.06 differs by 1e-16, two units in its last place).
    private const double Relative = 1e-15;

    private static double Tolerance(double expected) => Math.Max(1.0, Math.Abs(expected)) * Relative;

    public static TheoryData<int, int> SeedsAndCounts() => new()
    {
        { 1, 1 }, { 2, 5 }, { 3, 63 }, { 4, 64 }, { 5, 65 }, { 6, 130 }, { 7, 0 },
    };

    [Theory]
    [MemberData(nameof(SeedsAndCounts))]
    public void Batched_inference_equals_one_call_per_sample_on_every_network(int seed, int count)
    {
        var random = new Random(seed);
        Check(new MixedDeepNet(), seed, count, random, x => new MixedDeepNet.Sample(x, random.Next(3)));
        Check(new DigitsNet(), seed, count, random, x => new DigitsNet.Sample(x, random.Next(10)));
        Check(new XorNet(), seed, count, random, x => new XorNet.Sample(x, new double[] { random.Next(2) }));
        Check(new MultiLabelNet(), seed, count, random, x => new MultiLabelNet.Sample(x, Enumerable.Range(0, 3).Select(_ => (double)random.Next(2)).ToArray()));
        Check(new RegressionNet(), seed, count, random, x => new RegressionNet.Sample(x, new[] { random.NextDouble(), random.NextDouble() - 0.5 }));
        Check(new SoftmaxOutputNet(), seed, count, random, x => new SoftmaxOutputNet.Sample(x, new[] { 0.1, 0.2, 0.3, 0.4 }));
        Check(new SingleOutputNet(), seed, count, random, x => new SingleOutputNet.Sample(x, new[] { random.NextDouble() }));
    }

    private static void Check<TSample>(INetwork<TSample> net, int seed, int count, Random random, Func<double[], TSample> sample)
        where TSample : struct
    {
        net.Initialize(seed);
        var predictor = (IBatchPredictor<TSample>)net;
        int inputs = net.InputCount, outputs = net.OutputCount;

        // Inputs of a few units' size, so that hidden units saturate on both sides and classes are not all alike.
        double[] x = Enumerable.Range(0, count * inputs).Select(_ => 6 * random.NextDouble() - 3).ToArray();
        double[] batchOutputs = new double[count * outputs];
        predictor.PredictBatch(x, batchOutputs);
        int[] classes = Enumerable.Repeat(-1, count).ToArray();
        predictor.ClassifyBatch(x, classes);

        double[] output = new double[outputs];
        for (int r = 0; r < count; r++)
        {
            ReadOnlySpan<double> row = x.AsSpan(r * inputs, inputs);
            net.Predict(row, output);
            for (int k = 0; k < outputs; k++)
            {
                Assert.Equal(output[k], batchOutputs[r * outputs + k], Tolerance(output[k]));
            }

            Assert.Equal(net.Classify(row), classes[r]);
        }

        // Scoring by index: a shuffled order with repeats, as the trainer's batches and a validation set give it.
        TSample[] samples = Enumerable.Range(0, count).Select(r => sample(x.AsSpan(r * inputs, inputs).ToArray())).ToArray();
        int[] batch = Enumerable.Range(0, count).Select(_ => random.Next(count)).ToArray();
        double loss = predictor.ScoreBatch(samples, batch, out int correct);

        double expectedLoss = 0.0;
        int expectedCorrect = 0;
        foreach (int index in batch)
        {
            expectedLoss += net.Loss(in samples[index]);
            if (net is IClassifier<TSample> classifier && classifier.IsCorrect(in samples[index]))
            {
                expectedCorrect++;
            }
        }

        Assert.Equal(expectedLoss, loss, Tolerance(expectedLoss));
        Assert.Equal(expectedCorrect, correct);

        // The training step's count comes from its own forward pass; its loss and gradient are BackwardBatch's, bit for bit.
        double[] gradient = new double[net.ParameterCount];
        double[] counted = new double[net.ParameterCount];
        double plainLoss = net.BackwardBatch(samples, batch, gradient);
        Assert.Equal(plainLoss, predictor.BackwardBatch(samples, batch, counted, out int stepCorrect));
        Assert.Equal(gradient, counted);
        Assert.Equal(expectedCorrect, stepCorrect);
        if (net is IClassifier<TSample> && count >= 63)
        {
            // The random labels make some samples right and some wrong, so the count is not vacuous.
            Assert.InRange(correct, 1, count - 1);
        }
    }

    [Fact]
    public void Score_gives_the_single_sample_mean_loss_and_accuracy()
    {
        var net = new DigitsNet();
        net.Initialize(11);
        DigitsNet.Sample[] digits = DataSets.Digits;

        DataSetScore score = Trainer.Score(net, digits);

        double loss = 0.0;
        int correct = 0;
        foreach (var digit in digits)
        {
            loss += net.Loss(digit);
            correct += net.IsCorrect(digit) ? 1 : 0;
        }

        Assert.Equal(loss / digits.Length, score.Loss, Tolerance(loss / digits.Length));
        Assert.Equal((double)correct / digits.Length, score.Accuracy);
        Assert.Equal(digits.Length, score.Count);
    }

    [Fact]
    public void Validation_figures_and_training_accuracy_equal_the_single_sample_figures()
    {
        DigitsNet.Sample[] digits = DataSets.Digits;
        DigitsNet.Sample[] training = digits[..1000];
        DigitsNet.Sample[] validation = digits[1000..];
        var net = new DigitsNet();
        net.Initialize(4);

        // One full batch: the training accuracy is measured before the only step, at the initial parameters.
        int correctAtStart = training.Count(s => net.IsCorrect(s));
        int epochsChecked = 0;
        var options = new TrainingOptions
        {
            MaxEpochs = 3,
            MeasureAccuracy = true,
            EpochCompleted = record =>
            {
                // Nothing has changed the parameters since the validation pass that filled this record.
                double loss = validation.Sum(v => net.Loss(v));
                Assert.Equal(loss / validation.Length, record.ValidationLoss!.Value, Tolerance(loss / validation.Length));
                Assert.Equal((double)validation.Count(v => net.IsCorrect(v)) / validation.Length, record.ValidationAccuracy);
                epochsChecked++;
            },
        };

        var result = Trainer.Fit(net, training, new GradientDescent(0.05), options, validation);

        Assert.Equal(3, epochsChecked);
        Assert.Equal((double)correctAtStart / training.Length, result.History[0].Accuracy);
    }

    [Fact]
    public void Fit_with_accuracy_and_validation_gives_the_figures_of_one_IsCorrect_and_one_Loss_per_sample()
    {
        DigitsNet.Sample[] digits = DataSets.Digits;
        var options = new TrainingOptions { BatchSize = 50, MaxEpochs = 3, Shuffle = true, Seed = 2, MeasureAccuracy = true };
        var batched = new DigitsNet();
        var expected = Trainer.Fit(new SingleSampleScoring(), digits[..1200], new GradientDescent(0.1), options, digits[1200..]);
        var actual = Trainer.Fit(batched, digits[..1200], new GradientDescent(0.1), options, digits[1200..]);

        Assert.Equal(expected.Parameters, actual.Parameters);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(expected.History[epoch].Loss, actual.History[epoch].Loss);
            Assert.Equal(expected.History[epoch].Accuracy, actual.History[epoch].Accuracy);
            Assert.Equal(expected.History[epoch].ValidationAccuracy, actual.History[epoch].ValidationAccuracy);
            double validationLoss = expected.History[epoch].ValidationLoss!.Value;
            Assert.Equal(validationLoss, actual.History[epoch].ValidationLoss!.Value, Tolerance(validationLoss));
        }

        // Training that classified everything the same would not tell the paths apart.
        Assert.InRange(actual.History[0].Accuracy!.Value, 0.3, 0.99);
    }

    /// <summary>A digits network seen only through the interfaces the trainer had before batched inference.</summary>
    private sealed class SingleSampleScoring : IBatchDifferentiableLoss<DigitsNet.Sample>, IClassifier<DigitsNet.Sample>
    {
        private readonly DigitsNet _net = new();

        public int ParameterCount => _net.ParameterCount;

        public int InputCount => _net.InputCount;

        public int OutputCount => _net.OutputCount;

        public System.Collections.Generic.IReadOnlyList<string> ParameterNames => _net.ParameterNames;

        public System.Collections.Generic.IReadOnlyList<string> IntermediateNames => _net.IntermediateNames;

        public System.Collections.Generic.IReadOnlyList<Derivative> Derivatives => DigitsNet.Derivatives;

        public void CopyParametersTo(Span<double> destination) => _net.CopyParametersTo(destination);

        public void SetParameters(ReadOnlySpan<double> values) => _net.SetParameters(values);

        public double Loss(in DigitsNet.Sample sample) => _net.Loss(sample);

        public double Backward(in DigitsNet.Sample sample, Span<double> gradient) => _net.Backward(sample, gradient);

        public double Evaluate(in DigitsNet.Sample sample, Span<double> intermediates) => _net.Evaluate(sample, intermediates);

        public double BackwardBatch(ReadOnlySpan<DigitsNet.Sample> samples, ReadOnlySpan<int> batch, Span<double> gradient) =>
            _net.BackwardBatch(samples, batch, gradient);

        public int Classify(ReadOnlySpan<double> input) => _net.Classify(input);

        public bool IsCorrect(in DigitsNet.Sample sample) => _net.IsCorrect(sample);
    }

    [Fact]
    public void Batched_inference_and_Score_allocate_nothing_after_the_first_call()
    {
        var net = new DigitsNet();
        DigitsNet.Sample[] digits = DataSets.Digits;
        double[] inputs = digits.Take(100).SelectMany(d => d.Input).ToArray();
        double[] outputs = new double[100 * net.OutputCount];
        int[] classes = new int[100];
        int[] order = Enumerable.Range(0, digits.Length).Reverse().ToArray();

        void Calls()
        {
            net.PredictBatch(inputs, outputs);
            net.ClassifyBatch(inputs, classes);
            net.ScoreBatch(digits, order, out _);
            Trainer.Score(net, digits);
        }

        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                Calls();
            }
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Lengths_that_do_not_fit_are_refused_naming_the_argument_and_the_lengths()
    {
        var net = new IrisNet();

        var inputs = Assert.Throws<ArgumentException>(() => net.PredictBatch(new double[10], new double[6]));
        Assert.Equal("inputs", inputs.ParamName);
        Assert.StartsWith("inputs has length 10, not a multiple of the 4 inputs of IrisNet.", inputs.Message);

        var outputs = Assert.Throws<ArgumentException>(() => net.PredictBatch(new double[8], new double[7]));
        Assert.Equal("outputs", outputs.ParamName);
        Assert.StartsWith("outputs has length 7; 2 inputs of IrisNet need 6.", outputs.Message);

        var classes = Assert.Throws<ArgumentException>(() => net.ClassifyBatch(new double[12], new int[2]));
        Assert.Equal("classes", classes.ParamName);
        Assert.StartsWith("classes has length 2; 3 inputs of IrisNet need 3.", classes.Message);

        var index = Assert.Throws<ArgumentException>(() => net.ScoreBatch(DataSets.Iris, new[] { 0, 150 }, out _));
        Assert.Equal("batch", index.ParamName);

        var label = Assert.Throws<ArgumentException>(() => net.ScoreBatch(new[] { new IrisNet.Sample(new double[4], 3) }, new[] { 0 }, out _));
        Assert.Contains("samples[0]", label.Message);
    }
}
