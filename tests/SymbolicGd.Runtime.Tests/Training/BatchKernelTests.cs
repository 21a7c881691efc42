using System;
using System.Collections.Generic;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>The trainer hands whole batches to a model that has a batch kernel, in the order it would have used.</summary>
public sealed class BatchKernelTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(1, true)]
    public void A_batch_kernel_sees_the_same_batches_and_gives_the_same_training_as_one_backward_per_sample(int? batchSize, bool shuffle)
    {
        var data = LineData.Make(7, noise: 0.5, seed: 3);
        var options = new TrainingOptions { BatchSize = batchSize, Shuffle = shuffle, MaxEpochs = 6, Seed = 5 };

        var plain = new Line();
        var expected = Trainer.Fit(plain, data, new GradientDescent(0.05), options);
        var batched = new BatchedLine();
        var actual = Trainer.Fit(batched, data, new GradientDescent(0.05), options);

        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.FinalLoss, actual.FinalLoss);
        Assert.Equal(0, batched.SingleSampleCalls);
        int steps = (7 - 1) / (batchSize ?? 7) + 1;
        Assert.Equal(6 * steps + 1, batched.Batches.Count);

        // The last call is the final evaluation: every sample once, in data-set order.
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6 }, batched.Batches[^1]);
        for (int epoch = 0; epoch < 6; epoch++)
        {
            var seen = new List<int>();
            for (int step = 0; step < steps; step++)
            {
                seen.AddRange(batched.Batches[epoch * steps + step]);
            }

            seen.Sort();
            Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6 }, seen);
        }
    }

    /// <summary><see cref="Line"/> with a batch kernel that records the batches it is given.</summary>
    private sealed class BatchedLine : IBatchDifferentiableLoss<Line.Sample>
    {
        private readonly Line _line = new();

        public List<int[]> Batches { get; } = new();

        public int SingleSampleCalls { get; private set; }

        public int ParameterCount => _line.ParameterCount;

        public IReadOnlyList<string> ParameterNames => _line.ParameterNames;

        public IReadOnlyList<string> IntermediateNames => _line.IntermediateNames;

        public IReadOnlyList<Derivative> Derivatives => Line.Derivatives;

        public void CopyParametersTo(Span<double> destination) => _line.CopyParametersTo(destination);

        public void SetParameters(ReadOnlySpan<double> values) => _line.SetParameters(values);

        public double Loss(in Line.Sample sample) => _line.Loss(sample);

        public double Backward(in Line.Sample sample, Span<double> gradient)
        {
            SingleSampleCalls++;
            return _line.Backward(sample, gradient);
        }

        public double Evaluate(in Line.Sample sample, Span<double> intermediates) => _line.Evaluate(sample, intermediates);

        public double BackwardBatch(ReadOnlySpan<Line.Sample> samples, ReadOnlySpan<int> batch, Span<double> gradient)
        {
            Batches.Add(batch.ToArray());
            double loss = 0.0;
            foreach (int index in batch)
            {
                loss += _line.Backward(samples[index], gradient);
            }

            return loss;
        }
    }
}
