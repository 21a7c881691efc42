using System;
using System.Collections.Generic;
using System.Threading;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>
/// E = ½(w·x − t)² on the one sample x = 1, t = 1, from w = 0: gradient descent multiplies the error w − 1 by
/// (1 − η) each epoch, so η &lt; 1 approaches monotonically, 1 &lt; η &lt; 2 overshoots and oscillates but converges,
/// and η &gt; 2 diverges.
/// </summary>
public sealed class LearningRateBehaviourTests
{
    private static OneWeight.Sample[] OneSample => new OneWeight.Sample[] { new(1.0, 1.0) }; // a fresh array per use: no shared mutable state

    [Fact]
    public void Eta_1_5_overshoots_and_oscillates_around_1_then_converges()
    {
        var model = new OneWeight(0.0);
        var visited = new List<double>();
        TrainingResult result = Trainer.Fit(
            model,
            OneSample,
            new GradientDescent(1.5),
            new TrainingOptions { MaxEpochs = 60, EpochCompleted = _ => visited.Add(model.w) });

        // The error is multiplied by −0.5: 0 → 1.5 → 0.75 → 1.125 → 0.9375 → 1.03125, exactly.
        Assert.Equal(new[] { 1.5, 0.75, 1.125, 0.9375, 1.03125 }, visited.GetRange(0, 5));
        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        // After 60 epochs the error is 0.5⁶⁰ ≈ 8.7e−19, below half an ulp of 1: w is 1 to the last bit.
        Assert.Equal(1.0, model.w);
        Assert.Equal(1.0, result.Parameters[0]);
        Assert.Equal(0.0, result.FinalLoss);
    }

    [Fact]
    public void Eta_2_5_diverges_and_the_trainer_says_so()
    {
        // The error is multiplied by −1.5, so epoch k's loss is ½·2.25^(k−1). Without an explicit bound, the bound
        // is 10⁶ × max(1, loss of epoch 1 = 0.5) = 10⁶; ½·2.25¹⁷ ≈ 4.9e5 is below it, ½·2.25¹⁸ ≈ 1.09e6 above:
        // training must stop as diverged in epoch 19.
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, OneSample, new GradientDescent(2.5));

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Equal(19, result.Epochs);
        Assert.Equal(0.5 * Math.Pow(2.25, 18), result.History[18].Loss, 1e-6);
        Assert.StartsWith("Diverged in epoch 19 at learning rate 2.5: the loss 1.092e6 grew past the divergence bound 1e6",
            result.Message, StringComparison.Ordinal);
        Assert.True(double.IsFinite(model.w));
        Assert.True(double.IsFinite(result.Parameters[0]));
        Assert.False(result.ParametersRestored);
        // The error after 19 steps is −(−1.5)¹⁹, so w = 1 + 1.5¹⁹: finite and exactly that.
        Assert.Equal(1.0 + Math.Pow(1.5, 19), model.w);
    }

    [Fact]
    public void Eta_0_1_needs_more_epochs_than_eta_0_5_to_come_within_1e_minus_6()
    {
        // |w − 1| = (1 − η)^k: 0.5^k < 1e−6 first at k = 20; 0.9^k < 1e−6 first at k = 132.
        Assert.Equal(20, EpochsToReach(0.5));
        Assert.Equal(132, EpochsToReach(0.1));
    }

    private static int EpochsToReach(double learningRate)
    {
        var model = new OneWeight(0.0);
        using var stop = new CancellationTokenSource();
        TrainingResult result = Trainer.Fit(
            model,
            OneSample,
            new GradientDescent(learningRate),
            new TrainingOptions
            {
                MaxEpochs = 10_000,
                CancellationToken = stop.Token,
                EpochCompleted = _ =>
                {
                    if (Math.Abs(model.w - 1.0) < 1e-6)
                    {
                        stop.Cancel();
                    }
                },
            });
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        return result.Epochs;
    }
}
