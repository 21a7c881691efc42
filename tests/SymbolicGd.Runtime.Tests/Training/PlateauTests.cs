using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>
/// <see cref="ReduceOnPlateau"/> step by step on a data-free model whose epoch losses are scripted, so that every
/// comparison of PyTorch's <c>ReduceLROnPlateau</c> (mode min, relative threshold, patience, cooldown, the 1e-8 eps)
/// decides one epoch's learning rate.
/// </summary>
public sealed class PlateauTests
{
    [Fact]
    public void An_improvement_counts_only_below_best_times_one_minus_threshold()
    {
        // 95 is below 100 − 0.1 (an absolute threshold) but not below 100·(1 − 0.1) = 90: a bad epoch, so with
        // patience 0 epoch 3 runs at half the rate. The best stays 100, so 89 < 90 is an improvement: epoch 4 keeps it.
        double[] rates = Rates([100.0, 95.0, 89.0, 89.0], new ReduceOnPlateau(factor: 0.5, patience: 0, threshold: 0.1));

        Assert.Equal([0.8, 0.8, 0.4, 0.4], rates);
    }

    [Fact]
    public void More_than_patience_bad_epochs_in_a_row_reduce_and_an_improvement_restarts_the_count()
    {
        // Patience 1: epoch 2 bad (1), epoch 3 better (0), epochs 4 and 5 bad (1, 2 > 1: reduce after epoch 5).
        double[] rates = Rates([10.0, 10.0, 5.0, 5.0, 5.0, 5.0], new ReduceOnPlateau(factor: 0.5, patience: 1));

        Assert.Equal([0.8, 0.8, 0.8, 0.8, 0.8, 0.4], rates);
    }

    [Fact]
    public void Cooldown_ignores_that_many_epochs_after_each_reduction()
    {
        // Never better after epoch 1, patience 0: without cooldown every epoch from the second reduces; with
        // cooldown 2 the two epochs after a reduction count no bad epoch (PyTorch: num_bad_epochs = 0 in cooldown).
        double[] losses = Enumerable.Repeat(10.0, 9).ToArray();

        Assert.Equal(
            [0.8, 0.8, 0.4, 0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625],
            Rates(losses, new ReduceOnPlateau(factor: 0.5, patience: 0, cooldown: 0)));
        Assert.Equal(
            [0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1],
            Rates(losses, new ReduceOnPlateau(factor: 0.5, patience: 0, cooldown: 2)));
    }

    [Fact]
    public void The_floor_holds_and_a_reduction_smaller_than_1e_minus_8_is_not_made()
    {
        // 0.8 → 0.3 (the floor, not 0.08), then nothing: 0.3 − max(0.03, 0.3) = 0 ≤ 1e-8.
        Assert.Equal(
            [0.8, 0.8, 0.3, 0.3, 0.3],
            Rates([1.0, 1.0, 1.0, 1.0, 1.0], new ReduceOnPlateau(factor: 0.1, patience: 0, minLearningRate: 0.3)));

        // A rate of 1e-8: a tenth of it is a change of 9e-9, below PyTorch's eps, so it stays.
        Assert.Equal(
            [1e-8, 1e-8, 1e-8],
            Rates([1.0, 1.0, 1.0], new ReduceOnPlateau(factor: 0.1, patience: 0), learningRate: 1e-8));
    }

    [Fact]
    public void An_exception_in_a_callback_leaves_the_optimizer_at_its_own_rate_not_the_schedules()
    {
        var optimizer = new GradientDescent(0.8);
        var options = new TrainingOptions
        {
            MaxEpochs = 5,
            Schedule = LearningRateSchedule.Exponential(0.5),
            EpochCompleted = record =>
            {
                if (record.Epoch == 2)
                {
                    throw new InvalidOperationException("stop here");
                }
            },
        };

        var error = Assert.Throws<InvalidOperationException>(() => Trainer.Fit(new ScriptedLoss([3.0, 2.0, 1.0]), optimizer, options));

        Assert.Equal("stop here", error.Message);
        Assert.Equal(0.8, optimizer.LearningRate); // the schedule had set 0.4 for epoch 2
    }

    [Fact]
    public void An_exception_in_a_callback_of_a_run_over_samples_restores_the_rate_too()
    {
        var optimizer = new GradientDescent(0.8);
        var options = new TrainingOptions
        {
            MaxEpochs = 5,
            StepSchedule = StepSchedule.LinearWarmup(100, startFactor: 0.25),
            BatchCompleted = _ => throw new InvalidOperationException("stop here"),
        };

        Assert.Throws<InvalidOperationException>(() =>
            Trainer.Fit(new OneWeight(), new[] { new OneWeight.Sample(1.0, 1.0) }, optimizer, options));

        Assert.Equal(0.8, optimizer.LearningRate); // the warm-up had set 0.2 for step 0
    }

    private static double[] Rates(double[] losses, ReduceOnPlateau plateau, double learningRate = 0.8)
    {
        var options = new TrainingOptions { MaxEpochs = losses.Length, ReduceOnPlateau = plateau };
        var optimizer = new GradientDescent(learningRate);
        TrainingResult result = Trainer.Fit(new ScriptedLoss(losses), optimizer, options);

        Assert.Equal(learningRate, optimizer.LearningRate); // Fit gives the optimizer its own rate back
        return result.History.Select(r => r.LearningRate).ToArray();
    }

    /// <summary>A data-free loss of one parameter whose value at the n-th call is the n-th of a script, gradient 0.</summary>
    private sealed class ScriptedLoss(double[] losses) : IDifferentiableLoss
    {
        private int _calls;

        public int ParameterCount => 1;

        public IReadOnlyList<string> ParameterNames { get; } = ["w"];

        public IReadOnlyList<string> IntermediateNames { get; } = [];

        public IReadOnlyList<Derivative> Derivatives { get; } = [new Derivative("L", "w", "0")];

        public void CopyParametersTo(Span<double> destination) => destination[0] = 0.0;

        public void SetParameters(ReadOnlySpan<double> values)
        {
        }

        public double Loss() => losses[Math.Min(_calls, losses.Length - 1)];

        public double Backward(Span<double> gradient) => losses[Math.Min(_calls++, losses.Length - 1)];

        public double Evaluate(Span<double> intermediates) => Loss();
    }
}
