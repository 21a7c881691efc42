using System;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary><see cref="Trainer.Score{TSample}(IDifferentiableLoss{TSample}, ReadOnlySpan{TSample})"/> and accuracy per epoch.</summary>
public sealed class ScoreAndAccuracyTests
{
    [Fact]
    public void Score_is_the_mean_loss_and_no_accuracy_for_a_model_that_does_not_classify()
    {
        var line = new Line { a = 2.0, b = -3.0 };
        var samples = new Line.Sample[] { new(0.0, -3.0), new(1.0, 0.0), new(2.0, 3.0) }; // residuals 0, −1, −2
        DataSetScore score = Trainer.Score(line, samples);

        Assert.Equal((0.0 + 0.5 + 2.0) / 3.0, score.Loss);
        Assert.Null(score.Accuracy);
        Assert.Equal(3, score.Count);
        Assert.Equal(2.0, line.a); // not changed
    }

    [Fact]
    public void Score_of_a_classifier_has_its_accuracy()
    {
        TwoClassNet net = Identity();
        // Logits = the input: class 0 when x0 > x1. Three right, one wrong.
        var samples = new TwoClassNet.Sample[]
        {
            new(new[] { 1.0, 0.0 }, 0), new(new[] { 0.0, 1.0 }, 1), new(new[] { 2.0, 0.0 }, 0), new(new[] { 0.0, 1.0 }, 0),
        };
        DataSetScore score = Trainer.Score(net, samples);

        Assert.Equal(0.75, score.Accuracy);
        double right = Math.Log(1.0 + Math.Exp(-1.0)), rightBy2 = Math.Log(1.0 + Math.Exp(-2.0)), wrong = Math.Log(1.0 + Math.Exp(1.0));
        Assert.Equal((right + right + rightBy2 + wrong) / 4.0, score.Loss, 14);
        Assert.Equal(0.75, Trainer.Score(net, samples.ToList()).Accuracy);
    }

    [Fact]
    public void Score_rejects_an_empty_data_set()
    {
        var error = Assert.Throws<ArgumentException>(() => Trainer.Score(new Line(), Array.Empty<Line.Sample>()));
        Assert.Equal("samples", error.ParamName);
    }

    [Fact]
    public void Accuracy_is_measured_per_epoch_for_training_and_validation()
    {
        var random = new Random(3);
        TwoClassNet.Sample Make()
        {
            double x0 = random.NextDouble() * 2 - 1, x1 = random.NextDouble() * 2 - 1;
            return new TwoClassNet.Sample(new[] { x0, x1 }, x0 + 0.5 * x1 > 0 ? 0 : 1);
        }

        TwoClassNet.Sample[] train = Enumerable.Range(0, 64).Select(_ => Make()).ToArray();
        TwoClassNet.Sample[] validation = Enumerable.Range(0, 32).Select(_ => Make()).ToArray();
        var net = new TwoClassNet();
        net.Initialize(seed: 1);
        var options = new TrainingOptions { MaxEpochs = 30, BatchSize = 16, MeasureAccuracy = true };
        TrainingResult result = Trainer.Fit(net, train, new Adam(0.05), options, validation);

        Assert.All(result.History, r => Assert.InRange(r.Accuracy!.Value, 0.0, 1.0));
        Assert.All(result.History, r => Assert.InRange(r.ValidationAccuracy!.Value, 0.0, 1.0));
        // Accuracy counts are multiples of 1/64 and 1/32; the last epoch's validation accuracy is that of the final model.
        Assert.All(result.History, r => Assert.Equal(0.0, r.Accuracy!.Value * 64 % 1.0));
        Assert.Equal(Trainer.Score(net, validation).Accuracy, result.History[^1].ValidationAccuracy);
        Assert.True(result.History[^1].ValidationAccuracy >= 0.9, $"validation accuracy {result.History[^1].ValidationAccuracy}");
    }

    [Fact]
    public void The_training_accuracy_of_a_full_batch_epoch_is_that_of_the_parameters_it_started_from()
    {
        TwoClassNet net = Identity();
        var samples = new TwoClassNet.Sample[] { new(new[] { 1.0, 0.0 }, 0), new(new[] { 0.0, 1.0 }, 0) };
        TrainingResult result = Trainer.Fit(
            net, samples, new GradientDescent(0.0), new TrainingOptions { MaxEpochs = 1, MeasureAccuracy = true });
        Assert.Equal(0.5, result.History[0].Accuracy);
    }

    [Fact]
    public void Measuring_accuracy_of_a_model_that_does_not_classify_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Trainer.Fit(new Line(), LineData.Make(4, 0.0, 1), new GradientDescent(0.1), new TrainingOptions { MeasureAccuracy = true }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("MeasureAccuracy needs a model that classifies", error.Message, StringComparison.Ordinal);
    }

    /// <summary>W = I, b = 0: the logits are the input.</summary>
    private static TwoClassNet Identity()
    {
        var net = new TwoClassNet();
        var values = new double[net.ParameterCount];
        for (int i = 0; i < values.Length; i++)
        {
            string name = net.ParameterNames[i];
            values[i] = name.Contains("[0,0]", StringComparison.Ordinal) || name.Contains("[1,1]", StringComparison.Ordinal) ? 1.0 : 0.0;
        }

        net.SetParameters(values);
        return net;
    }
}
