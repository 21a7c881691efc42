using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>
/// Validation, early stopping, reduce-on-plateau, clipping, callbacks, per-step schedules and recorded parameters on
/// E = ½(w·x − t)² trained on the one sample (1, 1) from w = 0 with η = 0.5, where w after epoch k is 1 − 0.5ᵏ and
/// the epoch's training loss is ½·0.25^(k−1). The validation sample (2, 1) is fitted best by w = ½, reached after
/// epoch 1: its loss ½(2w − 1)² is 0, 0.125, 0.28125, … after epochs 1, 2, 3.
/// </summary>
public sealed class ValidationAndCallbackTests
{
    private static OneWeight.Sample[] Train => new OneWeight.Sample[] { new(1.0, 1.0) };

    private static OneWeight.Sample[] Validation => new OneWeight.Sample[] { new(2.0, 1.0) };

    [Fact]
    public void The_history_records_the_validation_loss_of_every_epoch_at_its_end()
    {
        TrainingResult result = Trainer.Fit(new OneWeight(), Train, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 3 }, Validation);

        Assert.Equal(new double?[] { 0.0, 0.125, 0.28125 }, result.History.Select(r => r.ValidationLoss));
        Assert.Equal(new[] { 0.5, 0.125, 0.03125 }, result.History.Select(r => r.Loss));
        Assert.Null(result.History[0].Accuracy);
        Assert.Null(result.History[0].ValidationAccuracy);
    }

    [Fact]
    public void The_csv_gets_a_validation_loss_column_when_every_epoch_has_one()
    {
        TrainingResult result = Trainer.Fit(new OneWeight(), Train, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 2 }, Validation);
        string[] lines = result.History.ToCsv().Split('\n');
        Assert.Equal(TrainingHistory.CsvHeader + ",validation_loss", lines[0]);
        Assert.EndsWith(",0", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",0.125", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_validation_set_the_validation_loss_is_null()
    {
        TrainingResult result = Trainer.Fit(new OneWeight(), Train, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 2 });
        Assert.All(result.History, r => Assert.Null(r.ValidationLoss));
    }

    [Fact]
    public void Early_stopping_on_the_validation_loss_stops_after_patience_epochs_and_restores_the_best()
    {
        var model = new OneWeight();
        var options = new TrainingOptions { MaxEpochs = 100, EarlyStopping = new EarlyStopping(patience: 2) };
        TrainingResult result = Trainer.Fit(model, Train, new GradientDescent(0.5), options, Validation);

        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.Equal(3, result.Epochs);
        Assert.Equal(1, result.BestEpoch);
        Assert.Equal(0.0, result.BestLoss);
        Assert.True(result.BestParametersRestored);
        Assert.Equal(0.5, model.w);
        Assert.Equal(new[] { 0.5 }, result.Parameters);
        Assert.Equal(0.125, result.FinalLoss); // the training loss at w = ½
        Assert.StartsWith(
            "Stopped early in epoch 3: the monitored loss has not improved for 2 epochs since epoch 1 (0)",
            result.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("The parameters of epoch 1, the best (monitored loss 0), were restored.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Early_stopping_on_the_training_loss_counts_only_drops_larger_than_min_delta()
    {
        // Drops: 0.375, 0.094, 0.023, then 0.0059 < 0.01 in epoch 5.
        var model = new OneWeight();
        var options = new TrainingOptions { MaxEpochs = 100, EarlyStopping = new EarlyStopping(patience: 1, minDelta: 0.01) };
        TrainingResult result = Trainer.Fit(model, Train, new GradientDescent(0.5), options);

        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.Equal(5, result.Epochs);
        Assert.Equal(4, result.BestEpoch);
        Assert.Equal(0.5 * Math.Pow(0.25, 3), result.BestLoss);
        Assert.Equal(0.9375, model.w); // the end of epoch 4
        Assert.Equal(0.5 * 0.0625 * 0.0625, result.FinalLoss);
    }

    [Fact]
    public void Early_stopping_without_restoring_keeps_the_last_parameters()
    {
        var model = new OneWeight();
        var options = new TrainingOptions { EarlyStopping = new EarlyStopping(patience: 2, restoreBestParameters: false) };
        TrainingResult result = Trainer.Fit(model, Train, new GradientDescent(0.5), options, Validation);

        Assert.Equal(1, result.BestEpoch);
        Assert.False(result.BestParametersRestored);
        Assert.Equal(0.875, model.w);
    }

    [Fact]
    public void Early_stopping_works_for_data_free_models_on_their_loss()
    {
        // Gradient descent with η = 0.01 on Rosenbrock decreases every step: early stopping never fires.
        var options = new TrainingOptions { MaxEpochs = 20, EarlyStopping = new EarlyStopping(patience: 1) };
        TrainingResult result = Trainer.Fit(new RosenbrockModel(-1.2, 1.0), new GradientDescent(1e-4), options);
        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        Assert.Equal(20, result.BestEpoch);
        Assert.False(result.BestParametersRestored);
    }

    [Fact]
    public void Reduce_on_plateau_multiplies_the_rate_after_more_than_patience_bad_epochs_and_fit_restores_it()
    {
        // Validation losses 0, 0.125, 0.28125, …: epochs 2 and 3 are bad; 2 > patience 1 after epoch 3.
        var optimizer = new GradientDescent(0.5);
        var options = new TrainingOptions { MaxEpochs = 6, ReduceOnPlateau = new ReduceOnPlateau(factor: 0.5, patience: 1) };
        TrainingResult result = Trainer.Fit(new OneWeight(), Train, optimizer, options, Validation);

        Assert.Equal(new[] { 0.5, 0.5, 0.5, 0.25, 0.25, 0.125 }, result.History.Select(r => r.LearningRate));
        Assert.Equal(0.5, optimizer.LearningRate);
    }

    [Fact]
    public void Reduce_on_plateau_scales_a_schedule_and_respects_the_floor()
    {
        var options = new TrainingOptions
        {
            MaxEpochs = 6,
            Schedule = LearningRateSchedule.Exponential(0.5),
            ReduceOnPlateau = new ReduceOnPlateau(factor: 0.1, patience: 0, minLearningRate: 0.004),
        };
        TrainingResult result = Trainer.Fit(new OneWeight(), Train, new GradientDescent(0.8), options, Validation);

        // Epoch 1: 0.8 (best), epoch 2: 0.4 and worse, so epoch 3 gets 0.2·0.1 = 0.02; later epochs hold the floor.
        double[] rates = result.History.Select(r => r.LearningRate).ToArray();
        Assert.Equal(0.8, rates[0]);
        Assert.Equal(0.4, rates[1]);
        Assert.Equal(0.2 * 0.1, rates[2], 15);
        Assert.All(rates.Skip(2), rate => Assert.True(rate >= 0.004));
    }

    [Fact]
    public void Gradient_clipping_scales_the_step_as_clip_grad_norm()
    {
        // ∂E/∂w = (w − 1) = −1 at w = 0: norm 1 > 0.5, so the step uses −1 · 0.5 / (1 + 1e−6).
        var model = new OneWeight();
        TrainingResult result = Trainer.Fit(
            model, Train, new GradientDescent(1.0), new TrainingOptions { MaxEpochs = 1, MaxGradientNorm = 0.5 });

        Assert.Equal(0.5 / (1.0 + 1e-6), model.w);
        Assert.Equal(1.0, result.History[0].GradientNorm); // recorded before clipping
    }

    [Fact]
    public void A_gradient_below_the_clipping_norm_is_left_alone()
    {
        var model = new OneWeight();
        Trainer.Fit(model, Train, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 1, MaxGradientNorm = 2.0 });
        Assert.Equal(0.5, model.w);
    }

    [Fact]
    public void A_should_stop_callback_ends_training_after_the_epoch_it_returns_true()
    {
        var seen = new List<int>();
        var options = new TrainingOptions
        {
            ShouldStop = record =>
            {
                seen.Add(record.Epoch);
                return record.Loss < 0.05;
            },
        };
        TrainingResult result = Trainer.Fit(new OneWeight(), Train, new GradientDescent(0.5), options);

        Assert.Equal(StopReason.Callback, result.StopReason);
        Assert.Equal(3, result.Epochs); // 0.5, 0.125, 0.03125
        Assert.Equal(new[] { 1, 2, 3 }, seen);
        Assert.StartsWith("Stopped by the ShouldStop callback after epoch 3", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_progress_reports_every_step_with_its_mean_loss_and_rate()
    {
        var samples = new OneWeight.Sample[] { new(1.0, 1.0), new(1.0, 1.0), new(1.0, 3.0) };
        var batches = new List<BatchProgress>();
        var options = new TrainingOptions { MaxEpochs = 1, BatchSize = 2, Shuffle = false, BatchCompleted = batches.Add };
        Trainer.Fit(new OneWeight(), samples, new GradientDescent(0.5), options);

        // Batch 1 at w = 0: mean of ½·1 and ½·1 = 0.5; the step takes w to 0.5. Batch 2 at w = 0.5: ½(0.5 − 3)² = 3.125.
        Assert.Equal(new[] { new BatchProgress(1, 1, 2, 0.5, 0.5), new BatchProgress(1, 2, 2, 3.125, 0.5) }, batches);
    }

    [Fact]
    public void A_per_step_linear_warm_up_sets_the_rate_of_every_batch()
    {
        var samples = new OneWeight.Sample[] { new(1.0, 1.0), new(1.0, 1.0) };
        var rates = new List<double>();
        var options = new TrainingOptions
        {
            MaxEpochs = 3, BatchSize = 1, StepSchedule = StepSchedule.LinearWarmup(duration: 4, startFactor: 0.25),
            BatchCompleted = b => rates.Add(b.LearningRate),
        };
        var optimizer = new GradientDescent(0.8);
        TrainingResult result = Trainer.Fit(new OneWeight(), samples, optimizer, options);

        Assert.Equal(new[] { 0.2, 0.35, 0.5, 0.65, 0.8, 0.8 }, rates.Select(r => Math.Round(r, 12)));
        Assert.Equal(0.35, result.History[0].LearningRate, 12); // the epoch's last step
        Assert.Equal(0.8, optimizer.LearningRate);
    }

    [Fact]
    public void One_cycle_follows_the_closed_form_of_OneCycleLR()
    {
        // total 10, pct_start 0.3, max_lr 1: initial 1/25, minimum 1/25/1e4; phase ends at steps 2 and 9.
        StepSchedule cycle = StepSchedule.OneCycle(totalSteps: 10);
        Assert.Equal(0.04, cycle.LearningRateAt(0, 1.0), 15);
        Assert.Equal(0.52, cycle.LearningRateAt(1, 1.0), 15);
        Assert.Equal(1.0, cycle.LearningRateAt(2, 1.0), 15);
        Assert.Equal(4e-6, cycle.LearningRateAt(9, 1.0), 15);
        Assert.Equal(4e-6, cycle.LearningRateAt(50, 1.0), 15);
        // Step 5: pct = 3/7 of the way down by cosine.
        Assert.Equal(4e-6 + (1.0 - 4e-6) / 2.0 * (Math.Cos(Math.PI * 3.0 / 7.0) + 1.0), cycle.LearningRateAt(5, 1.0), 15);
    }

    [Fact]
    public void One_cycle_agrees_with_pytorchs_OneCycleLR_at_every_step()
    {
        // Reference/one-cycle.json, written by tools/reference/one_cycle.py: the rate and the momentum of every step.
        using var reference = System.Text.Json.JsonDocument.Parse(
            System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Reference", "one-cycle.json")));
        int runs = 0;
        foreach (System.Text.Json.JsonProperty run in reference.RootElement.GetProperty("runs").EnumerateObject())
        {
            System.Text.Json.JsonElement kwargs = run.Value.GetProperty("kwargs");
            double Get(string name, double fallback) => kwargs.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
            int total = kwargs.GetProperty("total_steps").GetInt32();
            StepSchedule cycle = StepSchedule.OneCycle(
                total, Get("pct_start", 0.3), Get("div_factor", 25), Get("final_div_factor", 1e4),
                baseMomentum: Get("base_momentum", 0.85), maxMomentum: Get("max_momentum", 0.95));
            double[] expected = run.Value.GetProperty("learning_rates").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double[] momenta = run.Value.GetProperty("momenta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(total, expected.Length);
            Assert.Equal(total, momenta.Length);
            for (int step = 0; step < total; step++)
            {
                double actual = cycle.LearningRateAt(step, kwargs.GetProperty("max_lr").GetDouble());
                Assert.True(Math.Abs(actual - expected[step]) <= 1e-15 * Math.Max(1, expected[step]), $"{run.Name} step {step}: {actual:R} vs {expected[step]:R}");
                double momentum = cycle.MomentumAt(step)!.Value;
                Assert.True(Math.Abs(momentum - momenta[step]) <= 1e-15, $"{run.Name} step {step}: momentum {momentum:R} vs {momenta[step]:R}");
            }

            runs++;
        }

        Assert.Equal(3, runs);
    }

    [Fact]
    public void Step_schedule_arguments_are_checked()
    {
        Assert.Equal("duration", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.LinearWarmup(0)).ParamName);
        Assert.Equal("totalSteps", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(1)).ParamName);
        Assert.Equal("pctStart", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(10, pctStart: 0.0)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(10).LearningRateAt(-1, 1.0)).ParamName);
        Assert.Equal("MaxGradientNorm", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { MaxGradientNorm = 0.0 }).ParamName);
        Assert.Equal("patience", Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: 0)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(factor: 1.0)).ParamName);
        Assert.Equal("InitialEpoch", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { InitialEpoch = -1 }).ParamName);
    }

    [Fact]
    public void Recorded_parameters_are_the_path_of_the_optimizer()
    {
        TrainingResult result = Trainer.Fit(
            new OneWeight(), Train, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 3, RecordParameters = true });

        Assert.Equal(new[] { 0.0 }, result.History.InitialParameters);
        Assert.Equal(new[] { 0.5, 0.75, 0.875 }, result.History.Select(r => r.Parameters![0]));
    }

    [Fact]
    public void Parameters_are_not_recorded_by_default()
    {
        TrainingResult result = Trainer.Fit(new OneWeight(), Train, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 2 });
        Assert.Null(result.History.InitialParameters);
        Assert.All(result.History, r => Assert.Null(r.Parameters));
    }
}
