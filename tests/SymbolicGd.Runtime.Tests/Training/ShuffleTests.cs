using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.Training;

public sealed class ShuffleTests
{
    [Fact]
    public void The_same_seed_repeats_the_run_exactly()
    {
        Line.Sample[] samples = LineData.Make(30, noise: 0.5, seed: 5);
        (TrainingResult first, Line firstModel) = Run(samples, seed: 42);
        (TrainingResult second, Line secondModel) = Run(samples, seed: 42);

        Assert.Equal(first.History.Count, second.History.Count);
        for (int i = 0; i < first.History.Count; i++)
        {
            Assert.Equal(first.History[i].Loss, second.History[i].Loss);
            Assert.Equal(first.History[i].GradientNorm, second.History[i].GradientNorm);
            Assert.Equal(first.History[i].LearningRate, second.History[i].LearningRate);
        }

        Assert.Equal(firstModel.a, secondModel.a);
        Assert.Equal(firstModel.b, secondModel.b);
    }

    [Fact]
    public void Different_seeds_give_different_runs()
    {
        Line.Sample[] samples = LineData.Make(30, noise: 0.5, seed: 5);
        (TrainingResult first, Line firstModel) = Run(samples, seed: 1);
        (TrainingResult second, Line secondModel) = Run(samples, seed: 2);

        Assert.NotEqual(first.History[0].Loss, second.History[0].Loss);
        Assert.NotEqual(firstModel.a, secondModel.a);
    }

    [Fact]
    public void Each_epoch_visits_every_sample_once_in_the_documented_Fisher_Yates_order()
    {
        const int n = 10;
        var model = new VisitRecorder();
        Trainer.Fit(model, VisitRecorder.Indices(n), new GradientDescent(0.5),
            new TrainingOptions { BatchSize = 3, MaxEpochs = 2, Seed = 123 });

        // Two epochs, then the final evaluation of the loss over the data set, in data-set order.
        Assert.Equal(3 * n, model.Visits.Count);
        Assert.Equal(Enumerable.Range(0, n), model.Visits.Skip(2 * n).Select(v => v.Sample));
        int[] epoch1 = model.Visits.Take(n).Select(v => v.Sample).ToArray();
        int[] epoch2 = model.Visits.Skip(n).Take(n).Select(v => v.Sample).ToArray();
        Assert.Equal(Enumerable.Range(0, n), epoch1.Order());
        Assert.Equal(Enumerable.Range(0, n), epoch2.Order());

        // new Random(seed), then a Fisher–Yates pass over the previous epoch's order before every epoch.
        var random = new Random(123);
        int[] expected = Enumerable.Range(0, n).ToArray();
        FisherYates(expected, random);
        Assert.Equal(expected, epoch1);
        FisherYates(expected, random);
        Assert.Equal(expected, epoch2);
    }

    [Fact]
    public void Batches_of_3_over_10_samples_are_3_3_3_and_a_final_short_batch_of_1()
    {
        var model = new VisitRecorder();
        Trainer.Fit(model, VisitRecorder.Indices(10), new GradientDescent(0.5),
            new TrainingOptions { BatchSize = 3, MaxEpochs = 1, Shuffle = false });

        // The samples of a batch share the w the step started from; w halves at every step (∂E/∂w = w, η = 0.5).
        double[] expectedW = { 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125 };
        Assert.Equal(Enumerable.Range(0, 10), model.Visits.Take(10).Select(v => v.Sample));
        Assert.Equal(expectedW, model.Visits.Take(10).Select(v => v.W));
        Assert.Equal(0.0625, model.w);
    }

    [Fact]
    public void Without_shuffling_stochastic_descent_takes_the_data_in_order_like_the_step_trace()
    {
        Line.Sample[] samples = LineData.Make(12, noise: 0.5, seed: 9);
        var trained = new Line();
        Trainer.Fit(trained, samples, new GradientDescent(0.1),
            new TrainingOptions { BatchSize = 1, MaxEpochs = 1, Shuffle = false });
        var traced = new Line();
        StepTrace.Record(traced, samples, new GradientDescent(0.1), steps: 12, batchSize: 1);

        Assert.Equal(traced.a, trained.a);
        Assert.Equal(traced.b, trained.b);
    }

    [Fact]
    public void A_full_batch_is_taken_in_data_set_order_even_with_shuffling_on()
    {
        var model = new VisitRecorder();
        Trainer.Fit(model, VisitRecorder.Indices(6), new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 2 });

        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5 }, model.Visits.Take(12).Select(v => v.Sample));
    }

    [Fact]
    public void A_batch_size_larger_than_the_data_set_is_one_full_batch()
    {
        var model = new VisitRecorder();
        Trainer.Fit(model, VisitRecorder.Indices(4), new GradientDescent(0.5), new TrainingOptions { BatchSize = 100, MaxEpochs = 1 });

        Assert.Equal(new[] { 0, 1, 2, 3 }, model.Visits.Take(4).Select(v => v.Sample));
        Assert.Equal(new[] { 1.0, 1.0, 1.0, 1.0 }, model.Visits.Take(4).Select(v => v.W));
        Assert.Equal(0.5, model.w);
    }

    private static (TrainingResult Result, Line Model) Run(Line.Sample[] samples, int seed)
    {
        var model = new Line();
        TrainingResult result = Trainer.Fit(model, samples, new Adam(0.05),
            new TrainingOptions { BatchSize = 4, MaxEpochs = 25, Seed = seed });
        return (result, model);
    }

    private static void FisherYates(int[] order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
