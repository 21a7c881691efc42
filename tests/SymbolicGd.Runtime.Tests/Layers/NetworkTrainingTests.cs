using System.Linq;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// The trainer fits the classic problems with generated layer stacks and their batch kernels: XOR to 100%, iris to
/// at least 95%, and the digits to PyTorch's training accuracy after 10 epochs of its benchmark's settings.
/// </summary>
public sealed class NetworkTrainingTests
{
    private static double Accuracy<TSample>(IClassifier<TSample> network, TSample[] samples)
        where TSample : struct =>
        samples.Count(s => network.IsCorrect(s)) / (double)samples.Length;

    [Fact]
    public void Xor_is_learned_to_every_case()
    {
        XorNet.Sample[] xor =
        [
            new([0, 0], [0]),
            new([0, 1], [1]),
            new([1, 0], [1]),
            new([1, 1], [0]),
        ];
        var net = new XorNet();
        net.Initialize(seed: 3);

        TrainingResult result = Trainer.Fit(net, xor, new Adam(0.05), new TrainingOptions { MaxEpochs = 500 });

        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        Assert.Equal(1.0, Accuracy(net, xor));
        Assert.True(result.FinalLoss < 0.05, result.ToString());
        Assert.Equal([0, 1, 1, 0], xor.Select(s => net.Classify(s.Input)));
    }

    [Fact]
    public void Iris_is_classified_to_at_least_95_percent()
    {
        IrisNet.Sample[] iris = DataSets.Iris;
        var net = new IrisNet();
        net.Initialize(seed: 1);

        Trainer.Fit(net, iris, new GradientDescent(0.1), new TrainingOptions { BatchSize = 16, MaxEpochs = 100, Seed = 1 });

        Assert.InRange(Accuracy(net, iris), 0.95, 1.0);
    }

    [Fact]
    public void Digits_reach_PyTorchs_training_accuracy_in_10_epochs()
    {
        // bench/pytorch/digits.py, the same network, SGD η = 0.1, batches of 32 shuffled each epoch: 96.1% after 10.
        DigitsNet.Sample[] digits = DataSets.Digits;
        Assert.Equal(1797, digits.Length);
        var net = new DigitsNet();
        net.Initialize(seed: 42);
        double before = Trainer.Fit(net, digits, new GradientDescent(0.1), new TrainingOptions { MaxEpochs = 1, BatchSize = 32 }).History[0].Loss;

        TrainingResult result = Trainer.Fit(net, digits, new GradientDescent(0.1), new TrainingOptions { BatchSize = 32, MaxEpochs = 9, Seed = 1 });

        Assert.InRange(Accuracy(net, digits), 0.95, 1.0);
        Assert.True(result.FinalLoss < before / 5, $"loss {before} after the first epoch, {result.FinalLoss} after ten");
    }

    [Fact]
    public void An_infinite_pixel_stops_training_and_names_the_first_derivative_that_became_NaN()
    {
        // x[37] = ∞ saturates every tanh unit, so δ1 = 0 and ∂E/∂W1[j,37] = δ1[j]·x[37] = 0·∞ = NaN while the loss
        // stays finite: the first non-finite element of the 2,410 is W1[0,37], inside the tenth 4-wide vector.
        DigitsNet.Sample[] digits = DataSets.Digits[..64].Select(s => new DigitsNet.Sample((double[])s.Input.Clone(), s.Label)).ToArray();
        digits[40].Input[37] = double.PositiveInfinity;
        var net = new DigitsNet();
        net.Initialize(seed: 1);

        TrainingResult result = Trainer.Fit(net, digits, new GradientDescent(0.1), new TrainingOptions { BatchSize = 32, MaxEpochs = 3, Shuffle = false });

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Contains("/∂W1[0,37] became NaN", result.Message);
    }
}
