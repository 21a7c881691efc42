using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>
/// Training allocates a bounded amount per Fit that does not grow with the data set, nothing per sample, and
/// nothing per epoch beyond its history entry. Each measurement first runs the same Fit once, so that JIT-time
/// allocations and the shared array pool's first rentals are out of the way, and counts only this thread's bytes.
/// </summary>
public sealed class TrainingAllocationTests
{
    // Slack for the runtime's own bookkeeping: repeated identical Fits measure within ±40 bytes of each other,
    // whatever the data-set size (100 to 100,000 samples). One allocation per sample would add at least
    // 9,900 × 5 × 24 ≈ 1.2 MB to the 10,000-sample run.
    private const long SmallConstant = 256;

    [Theory]
    [InlineData(null)] // batch descent
    [InlineData(1)] // stochastic, shuffled
    [InlineData(10)] // mini-batch, shuffled
    public void Training_on_10000_samples_allocates_what_training_on_100_does(int? batchSize)
    {
        var options = new TrainingOptions { BatchSize = batchSize, MaxEpochs = 5 };
        long small = Measure(LineData.Make(100, 0.1, 1), options);
        long large = Measure(LineData.Make(10_000, 0.1, 1), options);

        Assert.InRange(large - small, -SmallConstant, SmallConstant);
        Assert.InRange(small, 1, 10_000); // it does allocate: buffers, history, result
    }

    [Fact]
    public void A_list_that_is_neither_an_array_nor_a_List_is_copied_into_a_pooled_array()
    {
        var options = new TrainingOptions { BatchSize = 10, MaxEpochs = 5 };
        long small = Measure(new ReadOnlyCollection<Line.Sample>(LineData.Make(100, 0.1, 1)), options);
        long large = Measure(new ReadOnlyCollection<Line.Sample>(LineData.Make(10_000, 0.1, 1)), options);

        Assert.InRange(large - small, -SmallConstant, SmallConstant);
    }

    [Fact]
    public void An_epoch_allocates_no_more_than_its_history_entry()
    {
        // 20 more epochs over 10,000 samples, i.e. 200,000 more Backward calls and 20,000 more steps, may cost at
        // most the 20 history entries (an EpochRecord is 48 bytes).
        Line.Sample[] samples = LineData.Make(10_000, 0.1, 1);
        long shorter = Measure(samples, new TrainingOptions { BatchSize = 10, MaxEpochs = 10 });
        long longer = Measure(samples, new TrainingOptions { BatchSize = 10, MaxEpochs = 30 });

        Assert.InRange(longer - shorter, 0, 20 * 48 + SmallConstant);
    }

    [Fact]
    public void A_data_free_epoch_allocates_no_more_than_its_history_entry()
    {
        long shorter = Measure(() => Trainer.Fit(new RosenbrockModel(-1.2, 1), new Adam(0.01), new TrainingOptions { MaxEpochs = 100 }));
        long longer = Measure(() => Trainer.Fit(new RosenbrockModel(-1.2, 1), new Adam(0.01), new TrainingOptions { MaxEpochs = 600 }));

        Assert.InRange(longer - shorter, 0, 500 * 48 + SmallConstant);
    }

    private static long Measure(Line.Sample[] samples, TrainingOptions options) =>
        Measure(() => Trainer.Fit(new Line(), samples, new GradientDescent(0.01), options));

    private static long Measure(IReadOnlyList<Line.Sample> samples, TrainingOptions options) =>
        Measure(() => Trainer.Fit(new Line(), samples, new GradientDescent(0.01), options));

    /// <summary>
    /// Bytes this thread allocates in a run of <paramref name="fit"/> after a first identical run
    /// (<see cref="Allocations.Fewest"/>). The count includes creating the model and the optimizer, which costs the same
    /// for every data-set size (and GradientDescent without momentum has no state to allocate).
    /// </summary>
    private static long Measure(Func<TrainingResult> fit) => Allocations.Fewest(() => fit());
}
