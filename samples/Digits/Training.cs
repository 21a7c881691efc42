using System;
using ScottPlot;
using SymbolicGd;
using SymbolicGd.Plotting;

namespace Digits;

/// <summary>
/// The sample's training run and its picture, apart from the console so that the tests of SymbolicGd.Plotting draw
/// the same picture the sample writes to docs/images and check that it reads.
/// </summary>
public static class Training
{
    public const int Epochs = 20;

    /// <summary>The name of the held-out 20%, in the console and the picture alike.</summary>
    public const string HeldOutName = "test";

    /// <summary>
    /// SGD η = 0.1 in batches of 32 for <see cref="Epochs"/> epochs. The test set is the trainer's validation set:
    /// scored after every epoch, never trained on.
    /// </summary>
    public static TrainingResult Run(DigitsNet net, DigitsNet.Sample[] train, DigitsNet.Sample[] test, Action<EpochRecord>? epochCompleted = null) =>
        Trainer.Fit(net, train, new GradientDescent(0.1), new TrainingOptions
        {
            BatchSize = 32,
            MaxEpochs = Epochs,
            Seed = 1,
            MeasureAccuracy = true,
            EpochCompleted = epochCompleted,
        }, validation: test);

    /// <summary>The training and test accuracy per epoch.</summary>
    public static Plot AccuracyPicture(TrainingHistory history) =>
        TrainingPlots.AccuracyCurves(history, title: $"Digits 64-32-10: training and {HeldOutName} accuracy", validationLabel: HeldOutName);
}
