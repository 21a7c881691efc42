using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.Training;

public sealed class DivergenceTests
{
    private static OneWeight.Sample[] OneSample => new OneWeight.Sample[] { new(1.0, 1.0) }; // a fresh array per use: no shared mutable state

    [Fact]
    public void A_loss_that_becomes_NaN_stops_training_and_restores_the_last_finite_parameters()
    {
        // E = w² − ln w, ∂E/∂w = 2w − 1/w, η = 1 from w = 0.1:
        // epoch 1: ∂E/∂w = 0.2 − 10 = −9.8, w ← 9.9; epoch 2: ∂E/∂w = 19.8 − 1/9.9 ≈ 19.7, w ← ≈ −9.8;
        // epoch 3: ln(−9.8) is NaN. The last parameters with a finite loss and gradient are w = 9.9.
        double w1 = 0.1 - (2 * 0.1 - 1 / 0.1);
        var model = new LogBarrier(0.1);
        TrainingResult result = Trainer.Fit(model, new GradientDescent(1.0));

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Equal(2, result.Epochs);
        Assert.True(result.ParametersRestored);
        Assert.Equal(w1, model.w);
        Assert.Equal(new[] { w1 }, result.Parameters);
        Assert.Equal(w1 * w1 - Math.Log(w1), result.FinalLoss);
        Assert.Equal(
            "Diverged in epoch 3 at learning rate 1: the loss E became NaN. The parameters were restored to the last " +
            "ones at which the loss and gradient were finite. A smaller learning rate may help.",
            result.Message);
    }

    [Fact]
    public void A_NaN_loss_at_the_initial_parameters_leaves_them_as_they_were()
    {
        var model = new LogBarrier(-1.0);
        TrainingResult result = Trainer.Fit(model, new GradientDescent(0.1));

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Equal(0, result.Epochs);
        Assert.False(result.ParametersRestored);
        Assert.Equal(-1.0, model.w);
        Assert.Contains("Diverged in epoch 1 at learning rate 0.1: the loss E became NaN. No step was taken", result.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_NaN_gradient_with_a_finite_loss_is_divergence_too()
    {
        // E = √(w²) = |w| with the textbook derivative w/√(w²), which is 0/0 = NaN at w = 0; η = 0.5 from 0.5 steps
        // straight onto 0. Epoch 2 sees loss 0 but ∂E/∂w = NaN.
        var model = new Absolute(0.5);
        TrainingResult result = Trainer.Fit(model, new GradientDescent(0.5));

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Equal(0.5, model.w);
        Assert.True(result.ParametersRestored);
        Assert.StartsWith("Diverged in epoch 2 at learning rate 0.5: ∂E/∂w became NaN.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_that_overflows_a_parameter_is_undone()
    {
        // x = t = 1e5 at w = 0: ∂E/∂w = 1e5·(0 − 1e5) = −1e10 (finite), and η = 1e300 makes w = 1e310 = ∞.
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, new OneWeight.Sample[] { new(1e5, 1e5) }, new GradientDescent(1e300));

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Equal(0.0, model.w);
        Assert.True(result.ParametersRestored);
        Assert.StartsWith("Diverged in epoch 1 at learning rate 1e300: the step took w to ∞.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Divergence_inside_an_epoch_names_the_step_and_keeps_the_earlier_epochs()
    {
        // Stochastic descent over three samples; the third sample has x = 1e200, so its loss ½·(w·1e200 − 0)²
        // overflows to ∞ once w ≠ 0, i.e. in step 3 of epoch 1 (w moved in steps 1 and 2).
        OneWeight.Sample[] samples = { new(1, 1), new(1, 1), new(1e200, 0) };
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, samples, new GradientDescent(0.5),
            new TrainingOptions { BatchSize = 1, Shuffle = false });

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Equal(0, result.Epochs);
        Assert.StartsWith("Diverged in epoch 1 at learning rate 0.5: the loss E became ∞ in step 3 of 3.", result.Message,
            StringComparison.Ordinal);
        // Step 1: w ← 0.5; step 2 (at w = 0.5, finite loss): w ← 0.75; step 3 diverges: back to 0.5.
        Assert.Equal(0.5, model.w);
    }

    [Fact]
    public void An_explicit_bound_stops_when_the_epoch_loss_first_exceeds_it()
    {
        // η = 2.5: epoch k's loss is ½·2.25^(k−1): 6.4 in epoch 4, 14.4 in epoch 5 > 10.
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, OneSample, new GradientDescent(2.5), new TrainingOptions { DivergenceBound = 10 });

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Equal(5, result.Epochs);
        Assert.False(result.ParametersRestored);
        Assert.StartsWith("Diverged in epoch 5 at learning rate 2.5: the loss 12.81 grew past the divergence bound 10.",
            result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_infinite_bound_turns_the_growth_check_off()
    {
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, OneSample, new GradientDescent(2.5),
            new TrainingOptions { MaxEpochs = 40, DivergenceBound = double.PositiveInfinity });

        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        // The error w − 1 = −1 is multiplied by −1.5 forty times: w = 1 − 1.5⁴⁰.
        // 1.5⁴⁰ ≈ 1.1e7 needs 64 significant bits, so the forty rounded steps agree with it to about 1e−9.
        Assert.Equal(1.0 - Math.Pow(1.5, 40), model.w, 1e-6);
    }

    [Fact]
    public void The_diverging_epochs_learning_rate_is_the_scheduled_one()
    {
        // Exponential(2) doubles η every epoch from 0.3. The error w − 1 starts at −1 and is multiplied by 1 − η:
        // 0.7, 0.4, −0.2, −1.4, −3.8, −8.6, −18.2, so at the start of epoch 8 it is 46.63 and the loss ½·46.63²
        // ≈ 1087.2 is the first above the bound 100; epoch 8 runs at η = 0.3·2⁷ = 38.4.
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, OneSample, new GradientDescent(0.3),
            new TrainingOptions { Schedule = LearningRateSchedule.Exponential(2.0), DivergenceBound = 100 });

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.Equal(8, result.Epochs);
        Assert.Equal(38.4, result.History[7].LearningRate);
        Assert.StartsWith("Diverged in epoch 8 at learning rate 38.4: the loss 1087 grew past", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_prints_the_message_and_the_parameters()
    {
        TrainingResult result = Trainer.Fit(new OneWeight(0.0), OneSample, new GradientDescent(2.5), new TrainingOptions { DivergenceBound = 10 });

        string text = result.ToString();
        Assert.StartsWith(result.Message + "\nepochs: 5, final loss: ", text, StringComparison.Ordinal);
        // Five steps multiply the error −1 by (−1.5)⁵: w = 1 + 7.59375.
        Assert.EndsWith("\nw = 8.59375\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Divergence_after_steps_in_two_epochs_restores_every_parameter_of_the_last_finite_evaluation(int batchCount)
    {
        // Thirteen parameters (past a vector of every width, with a scalar tail), three steps an epoch, η = 1, driven
        // through the trainer's run directly so that each step's gradient is chosen: w = i, then the mean gradients
        // 1, 2 (epoch 1) and 4, 8 (epoch 2) take w to i − 1, i − 3, i − 7, i − 15. The loss at i − 15 is NaN: back
        // to i − 7, the last parameters whose loss and gradient were finite. The first step of an epoch copies the
        // parameters it starts from (the epoch re-reads the model); a later one reuses the previous step's copy.
        var model = new Thirteen();
        var run = new TrainingRun<double>(model, new GradientDescent(1.0), new TrainingOptions { MaxEpochs = 5 }, sampleCount: 3, stepsPerEpoch: 3);

        Assert.True(run.BeginEpoch());
        Assert.True(StepWith(run, 1.0 * batchCount, batchCount));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => i - 1.0), model.W);
        Assert.True(StepWith(run, 2.0 * batchCount, batchCount));
        Assert.True(run.EndEpoch());
        Assert.True(run.BeginEpoch());
        Assert.True(StepWith(run, 4.0 * batchCount, batchCount));
        Assert.True(StepWith(run, 8.0 * batchCount, batchCount));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => i - 15.0), model.W);

        Assert.False(run.Step(double.NaN, batchCount));

        Assert.Equal(Enumerable.Range(0, 13).Select(i => i - 7.0), model.W);
        Assert.Contains("the loss E became NaN in step 3 of 3. The parameters were restored", run.Finish(1.0, 1).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(12)]
    public void A_step_that_overflows_one_of_many_parameters_names_it_and_is_undone(int index)
    {
        var model = new Thirteen();
        model.W[index] = double.MaxValue;
        var run = new TrainingRun<double>(model, new GradientDescent(1.0), new TrainingOptions(), sampleCount: 2, stepsPerEpoch: 2);
        Assert.True(run.BeginEpoch());
        Assert.True(StepWith(run, 0.5, 1));
        double[] beforeOverflow = (double[])model.W.Clone();

        run.Gradient.AsSpan().Fill(0.0);
        run.Gradient[index] = -double.MaxValue;
        Assert.False(run.Step(1.0, 1));

        Assert.Equal(beforeOverflow, model.W);
        TrainingResult result = run.Finish(1.0, 1);
        Assert.StartsWith($"Diverged in epoch 1 at learning rate 1: the step took w{index} to ∞ in step 2 of 2.", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, double.NaN, "NaN")]
    [InlineData(8, double.NegativeInfinity, "−∞")]
    [InlineData(12, double.PositiveInfinity, "∞")]
    public void A_non_finite_gradient_element_among_many_is_named_with_its_value(int index, double bad, string text)
    {
        var model = new Thirteen();
        var run = new TrainingRun<double>(model, new GradientDescent(1.0), new TrainingOptions(), sampleCount: 4, stepsPerEpoch: 1);
        Assert.True(run.BeginEpoch());
        run.Gradient.AsSpan().Fill(2.0);
        run.Gradient[index] = bad;

        Assert.False(run.Step(1.0, 4));

        Assert.Equal(Enumerable.Range(0, 13).Select(i => (double)i), model.W);
        Assert.StartsWith($"Diverged in epoch 1 at learning rate 1: ∂E/∂w{index} became {text}.", run.Finish(1.0, 4).Message, StringComparison.Ordinal);
    }

    private static bool StepWith(TrainingRun<double> run, double summedGradient, int batchCount)
    {
        run.Gradient.AsSpan().Fill(summedGradient);
        return run.Step(1.0, batchCount);
    }

    /// <summary>Thirteen parameters w0 … w12, starting at w_i = i: only their storage matters to these tests.</summary>
    private sealed class Thirteen : IDifferentiable
    {
        public double[] W { get; } = Enumerable.Range(0, 13).Select(i => (double)i).ToArray();

        public int ParameterCount => 13;

        public IReadOnlyList<string> ParameterNames { get; } = Enumerable.Range(0, 13).Select(i => $"w{i}").ToArray();

        public IReadOnlyList<string> IntermediateNames { get; } = Array.Empty<string>();

        public IReadOnlyList<Derivative> Derivatives { get; } = new[] { new Derivative("E", "w0", "1") };

        public void CopyParametersTo(Span<double> destination) => W.CopyTo(destination);

        public void SetParameters(ReadOnlySpan<double> values) => values.CopyTo(W);
    }

    /// <summary>E = √(w·w) with ∂E/∂w written w/√(w·w): NaN at w = 0. Data-free; the generated shape.</summary>
    private sealed class Absolute(double w) : IDifferentiableLoss
    {
        public double w = w;

        public int ParameterCount => 1;

        public IReadOnlyList<string> ParameterNames { get; } = new[] { "w" };

        public IReadOnlyList<string> IntermediateNames { get; } = Array.Empty<string>();

        public IReadOnlyList<Derivative> Derivatives { get; } = new[] { new Derivative("E", "w", "w/√(w·w)") };

        public void CopyParametersTo(Span<double> destination) => destination[0] = w;

        public void SetParameters(ReadOnlySpan<double> values) => w = values[0];

        public double Loss() => Math.Sqrt(w * w);

        public double Backward(Span<double> gradient)
        {
            gradient[0] += w / Math.Sqrt(w * w);
            return Math.Sqrt(w * w);
        }

        public double Evaluate(Span<double> intermediates) => Math.Sqrt(w * w);
    }
}
