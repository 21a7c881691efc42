using System;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>The mean-loss convention and the learning-rate schedule, checked by hand.</summary>
public sealed class ConventionTests
{
    [Fact]
    public void A_batch_steps_on_the_mean_of_its_gradients()
    {
        // E = ½(w·x − t)² at w = 0 on (x, t) = (1, 1) and (2, 0): gradients 1·(0 − 1) = −1 and 2·(0 − 0) = 0,
        // mean −0.5; w ← 0 − 1·(−0.5) = 0.5 (a sum would give 1). Losses 0.5 and 0: epoch loss 0.25.
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, new OneWeight.Sample[] { new(1, 1), new(2, 0) }, new GradientDescent(1.0),
            new TrainingOptions { MaxEpochs = 1 });

        Assert.Equal(0.5, model.w);
        Assert.Equal(0.25, result.History[0].Loss);
        Assert.Equal(0.5, result.History[0].GradientNorm);
    }

    [Fact]
    public void The_epoch_loss_is_the_mean_of_the_sample_losses_each_taken_before_its_batchs_step()
    {
        // Three samples (1, 1), batches of 2 then 1, no shuffle, η = 0.5, w from 0.
        // Batch 1 at w = 0: losses 0.5 + 0.5, mean gradient −1, w ← 0.5.
        // Batch 2 at w = 0.5: loss ½·0.25 = 0.125, gradient −0.5, w ← 0.75.
        // Epoch loss (0.5 + 0.5 + 0.125)/3 = 0.375; epoch gradient (−1 − 1 − 0.5)/3 = −5/6.
        var model = new OneWeight(0.0);
        OneWeight.Sample[] samples = { new(1, 1), new(1, 1), new(1, 1) };
        TrainingResult result = Trainer.Fit(model, samples, new GradientDescent(0.5),
            new TrainingOptions { MaxEpochs = 1, BatchSize = 2, Shuffle = false });

        Assert.Equal(0.75, model.w);
        Assert.Equal(0.375, result.History[0].Loss);
        Assert.Equal(2.5 / 3.0, result.History[0].GradientNorm, 1e-15);
        // The final loss is at w = 0.75 over all three samples: ½·0.0625.
        Assert.Equal(0.03125, result.FinalLoss);
    }

    [Fact]
    public void A_schedule_sets_the_rate_of_every_epoch_from_the_starting_rate_and_Fit_restores_it()
    {
        var optimizer = new GradientDescent(0.8);
        TrainingResult result = Trainer.Fit(new OneWeight(0.0), new OneWeight.Sample[] { new(1, 1) }, optimizer,
            new TrainingOptions { MaxEpochs = 5, Schedule = LearningRateSchedule.StepDecay(2, 0.5) });

        Assert.Equal(new[] { 0.8, 0.8, 0.4, 0.4, 0.2 }, Array.ConvertAll(ToArray(result.History), r => r.LearningRate));
        Assert.Equal(0.8, optimizer.LearningRate);
    }

    [Fact]
    public void Without_a_schedule_the_optimizers_own_rate_is_used_and_recorded()
    {
        var optimizer = new GradientDescent(0.3);
        TrainingResult result = Trainer.Fit(new OneWeight(0.0), new OneWeight.Sample[] { new(1, 1) }, optimizer,
            new TrainingOptions { MaxEpochs = 4, EpochCompleted = r => optimizer.LearningRate = 0.1 });

        Assert.Equal(new[] { 0.3, 0.1, 0.1, 0.1 }, Array.ConvertAll(ToArray(result.History), r => r.LearningRate));
        Assert.Equal(0.1, optimizer.LearningRate);
    }

    [Fact]
    public void A_callback_that_sets_the_parameters_is_respected_by_the_next_epoch()
    {
        var model = new OneWeight(0.0);
        Trainer.Fit(model, new OneWeight.Sample[] { new(1, 1) }, new GradientDescent(0.5),
            new TrainingOptions { MaxEpochs = 2, EpochCompleted = r => model.w = r.Epoch == 1 ? 3.0 : model.w });

        // Epoch 2 starts from w = 3: gradient 2, w ← 3 − 1 = 2.
        Assert.Equal(2.0, model.w);
    }

    [Fact]
    public void The_optimizer_is_not_reset_between_two_Fits()
    {
        // Momentum carries over: two Fits of 3 epochs equal one Fit of 6 epochs.
        OneWeight.Sample[] sample = { new(1, 1) };
        var once = new OneWeight(0.0);
        Trainer.Fit(once, sample, new GradientDescent(0.1, momentum: 0.9), new TrainingOptions { MaxEpochs = 6 });
        var twice = new OneWeight(0.0);
        var optimizer = new GradientDescent(0.1, momentum: 0.9);
        Trainer.Fit(twice, sample, optimizer, new TrainingOptions { MaxEpochs = 3 });
        Trainer.Fit(twice, sample, optimizer, new TrainingOptions { MaxEpochs = 3 });

        Assert.Equal(once.w, twice.w);
    }

    private static EpochRecord[] ToArray(TrainingHistory history)
    {
        var records = new EpochRecord[history.Count];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = history[i];
        }

        return records;
    }
}
