using System;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// The README's "one epoch of training (1,797 samples, 57 batches): 0 B allocated", at that strength: the bytes this
/// thread allocates between the end of one epoch and the end of a later one of the same run, counted by the trainer's
/// own epoch callback, are zero. (The history's storage is sized for MaxEpochs when the run starts.)
/// </summary>
public sealed class EpochAllocationTests
{
    [Fact]
    public void The_epochs_of_mini_batch_training_on_the_digits_allocate_zero_bytes()
    {
        DigitsNet.Sample[] digits = DataSets.Digits;
        long[] allocatedAtEnd = new long[5];
        var options = new TrainingOptions
        {
            BatchSize = 32,
            MaxEpochs = allocatedAtEnd.Length,
            EpochCompleted = record => allocatedAtEnd[record.Epoch - 1] = GC.GetAllocatedBytesForCurrentThread(),
        };
        // Epochs 3, 4 and 5 (57 batches of 32 each, shuffled): not one byte.
        Assert.Equal(0, FewestInEpochsThreeToFive(() => Trainer.Fit(new DigitsNet(), digits, new GradientDescent(0.1), options), allocatedAtEnd));
    }

    [Fact]
    public void The_epochs_of_float32_training_with_Adam_allocate_zero_bytes()
    {
        // The float path: float parameter and gradient buffers, the network's float batch kernel, Adam's float step.
        SingleDigitsNet.Sample[] digits = Array.ConvertAll(DataSets.Digits, s => new SingleDigitsNet.Sample(Array.ConvertAll(s.Input, v => (float)v), s.Label));
        long[] allocatedAtEnd = new long[5];
        var options = new TrainingOptions
        {
            BatchSize = 32,
            MaxEpochs = allocatedAtEnd.Length,
            EpochCompleted = record => allocatedAtEnd[record.Epoch - 1] = GC.GetAllocatedBytesForCurrentThread(),
        };
        Assert.Equal(0, FewestInEpochsThreeToFive(() => Trainer.Fit(new SingleDigitsNet(), digits, new Adam(0.01), options), allocatedAtEnd));
    }

    /// <summary>
    /// What epochs 3 to 5 allocate, the fewest of three runs after one that puts JIT and first rentals out of the way
    /// (the reason for the fewest: <see cref="Allocations.Fewest"/>).
    /// </summary>
    private static long FewestInEpochsThreeToFive(Func<TrainingResult> fit, long[] allocatedAtEnd)
    {
        fit();
        long fewest = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            fit();
            fewest = Math.Min(fewest, allocatedAtEnd[4] - allocatedAtEnd[1]);
        }

        return fewest;
    }
}
