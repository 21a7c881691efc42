using System;
using System.Collections.Generic;
using System.Threading;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>
/// On E = ½(w·x − t)² with x = t = 1, w from 0 and η = 0.5, epoch k's loss is ½·0.25^(k−1) and its gradient
/// −0.5^(k−1), both taken before the epoch's step, so the epoch each rule fires in is known exactly.
/// </summary>
public sealed class StoppingTests
{
    private static OneWeight.Sample[] OneSample => new OneWeight.Sample[] { new(1.0, 1.0) }; // a fresh array per use: no shared mutable state

    [Fact]
    public void A_target_loss_stops_in_the_first_epoch_whose_loss_is_at_most_it()
    {
        // ½·0.25⁹ ≈ 1.9e−6 > 1e−6 ≥ ½·0.25¹⁰ ≈ 4.8e−7: epoch 11.
        TrainingResult result = Fit(new TrainingOptions { TargetLoss = 1e-6 });

        Assert.Equal(StopReason.TargetLoss, result.StopReason);
        Assert.Equal(11, result.Epochs);
        Assert.Equal(0.5 * Math.Pow(0.25, 10), result.History[10].Loss);
        Assert.StartsWith("Converged in epoch 11: the loss 4.768e−7 is ≤ the target loss 1e−6", result.Message, StringComparison.Ordinal);
        // The final loss is taken after the last step: ½·0.25¹¹.
        Assert.Equal(0.5 * Math.Pow(0.25, 11), result.FinalLoss);
    }

    [Fact]
    public void A_gradient_tolerance_stops_in_the_first_epoch_whose_gradient_norm_is_at_most_it()
    {
        // 0.5⁶ = 0.0156 > 0.01 ≥ 0.5⁷ = 0.0078: epoch 8.
        TrainingResult result = Fit(new TrainingOptions { GradientTolerance = 0.01 });

        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        Assert.Equal(8, result.Epochs);
        Assert.Equal(0.0078125, result.History[7].GradientNorm);
        Assert.Equal(0.00390625, result.FinalGradientNorm);
        Assert.Contains("gradient tolerance 0.01", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_epochs_stops_after_exactly_that_many_epochs()
    {
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, OneSample, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 5 });

        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        Assert.Equal(5, result.Epochs);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, Epochs(result.History));
        Assert.Equal(1.0 - Math.Pow(0.5, 5), model.w);
        Assert.Equal("Ran the maximum of 5 epochs; final loss 0.0004883, gradient norm 0.03125.", result.Message);
    }

    [Fact]
    public void A_token_cancelled_from_the_progress_callback_stops_after_that_epoch()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(record =>
        {
            if (record.Epoch == 3)
            {
                cancellation.Cancel();
            }
        });
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, OneSample, new GradientDescent(0.5),
            new TrainingOptions { MaxEpochs = 100, Progress = progress, CancellationToken = cancellation.Token });

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(3, result.Epochs);
        Assert.Equal(0.875, model.w);
        Assert.Equal(new[] { 0.875 }, result.Parameters);
        Assert.StartsWith("Cancelled after 3 epochs of at most 100", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_cancelled_before_training_returns_at_once_without_touching_the_model()
    {
        var model = new OneWeight(0.25);
        TrainingResult result = Trainer.Fit(model, OneSample, new GradientDescent(0.5),
            new TrainingOptions { CancellationToken = new CancellationToken(canceled: true) });

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(0, result.Epochs);
        Assert.Empty(result.History);
        Assert.Equal(0.25, model.w);
        Assert.Equal(0.5 * 0.75 * 0.75, result.FinalLoss);
    }

    [Fact]
    public void Progress_and_the_callback_are_told_about_every_epoch_once_in_order_progress_first()
    {
        var calls = new List<string>();
        TrainingResult result = Fit(new TrainingOptions
        {
            MaxEpochs = 4,
            Progress = new SynchronousProgress(r => calls.Add("progress " + r.Epoch)),
            EpochCompleted = r => calls.Add("callback " + r.Epoch),
        });

        Assert.Equal(
            new[] { "progress 1", "callback 1", "progress 2", "callback 2", "progress 3", "callback 3", "progress 4", "callback 4" },
            calls);
        Assert.Equal(4, result.History.Count);
    }

    [Fact]
    public void The_callback_receives_the_record_that_enters_the_history()
    {
        var seen = new List<EpochRecord>();
        TrainingResult result = Fit(new TrainingOptions { MaxEpochs = 3, EpochCompleted = seen.Add });

        Assert.Equal(result.History, seen);
        Assert.Equal(new[] { 0.5, 0.125, 0.03125 }, Array.ConvertAll(seen.ToArray(), r => r.Loss));
        Assert.Equal(new[] { 1.0, 0.5, 0.25 }, Array.ConvertAll(seen.ToArray(), r => r.GradientNorm));
        Assert.All(seen, r => Assert.Equal(0.5, r.LearningRate));
        for (int i = 1; i < seen.Count; i++)
        {
            Assert.True(seen[i].Elapsed >= seen[i - 1].Elapsed);
        }
    }

    [Fact]
    public void Tolerances_are_checked_before_max_epochs()
    {
        TrainingResult result = Fit(new TrainingOptions { MaxEpochs = 11, TargetLoss = 1e-6 });

        Assert.Equal(StopReason.TargetLoss, result.StopReason);
    }

    [Fact]
    public void A_data_free_model_takes_one_exact_gradient_step_per_epoch()
    {
        // The same steps as the step trace, which calls the optimizer directly.
        var trained = new RosenbrockModel(-1.2, 1.0);
        TrainingResult result = Trainer.Fit(trained, new Adam(0.01), new TrainingOptions { MaxEpochs = 200 });
        var traced = new RosenbrockModel(-1.2, 1.0);
        StepTrace trace = StepTrace.Record(traced, new Adam(0.01), steps: 200);

        Assert.Equal(traced.a, trained.a);
        Assert.Equal(traced.b, trained.b);
        Assert.Equal(200, result.Epochs);
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(trace.Steps[i].Loss, result.History[i].Loss);
        }

        Assert.True(result.FinalLoss < result.History[0].Loss / 2);
    }

    private static TrainingResult Fit(TrainingOptions options) =>
        Trainer.Fit(new OneWeight(0.0), OneSample, new GradientDescent(0.5), options);

    private static int[] Epochs(TrainingHistory history)
    {
        var epochs = new int[history.Count];
        for (int i = 0; i < epochs.Length; i++)
        {
            epochs[i] = history[i].Epoch;
        }

        return epochs;
    }

    /// <summary>
    /// Reports on the calling thread, at once (unlike <see cref="Progress{T}"/>, which posts to a synchronization
    /// context).
    /// </summary>
    private sealed class SynchronousProgress(Action<EpochRecord> report) : IProgress<EpochRecord>
    {
        public void Report(EpochRecord value) => report(value);
    }
}
