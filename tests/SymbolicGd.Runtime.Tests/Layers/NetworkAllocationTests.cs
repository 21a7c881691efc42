using System;
using System.Linq;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// A generated layer stack allocates nothing per sample, per batch or per epoch: its single-sample scratch is on the
/// stack and its batch scratch is owned by the network, allocated on the first batch. Each measurement warms the
/// same call first, so JIT-time allocations are out of the way, and counts only this thread's bytes (<see cref="Allocations.Fewest"/>). An epoch of
/// training is <see cref="EpochAllocationTests"/>.
/// </summary>
public sealed class NetworkAllocationTests
{
    [Fact]
    public void Backward_Loss_Predict_and_Classify_allocate_nothing()
    {
        var net = new DigitsNet();
        DigitsNet.Sample sample = DataSets.Digits[0];
        double[] gradient = new double[net.ParameterCount];
        double[] output = new double[net.OutputCount];

        void Calls()
        {
            net.Backward(sample, gradient);
            net.Loss(sample);
            net.Predict(sample.Input, output);
            net.Classify(sample.Input);
        }

        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                Calls();
            }
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void BackwardBatch_allocates_nothing_after_the_first_batch()
    {
        var net = new DigitsNet();
        DigitsNet.Sample[] digits = DataSets.Digits;
        int[] order = Enumerable.Range(0, digits.Length).Reverse().ToArray();
        double[] gradient = new double[net.ParameterCount];
        // Batches of every size up to the whole set, larger than the 64-row chunk the scratch holds. The first pass
        // meets each size once: what it allocates (statics of a kernel path first taken, such as the kernels' thread
        // pool, 7,920 B once in a full solution run) is a first batch's; the second pass must allocate nothing.
        void Pass()
        {
            for (int start = 0; start < digits.Length; start += 200)
            {
                net.BackwardBatch(digits, order.AsSpan(start, Math.Min(200, digits.Length - start)), gradient);
            }
        }

        Assert.Equal(0, Allocations.Fewest(Pass));
    }
}
