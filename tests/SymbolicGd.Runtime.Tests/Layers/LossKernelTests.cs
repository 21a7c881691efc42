using System;
using SymbolicGd.Layers;
using SymbolicGd.Testing;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// The losses of a layer stack against their textbook forms written as plain loops over <see cref="Math"/>: the value
/// and δ of every sample of a batch, the loss-only overloads, the single-sample overloads, and the shapes that are
/// refused.
/// </summary>
public sealed class LossKernelTests
{
    /// <summary>Vectorised exponentials and a different order of summation: a few ulps of the result, relative.</summary>
    private const double Ulps = 1e-15;

    // Row 1's largest logit is not the first, so the running maximum has to move; row 2 is a thousand apart.
    private static readonly double[] Logits = [0.5, 2.0, -1.0, /* row 2 */ -1000.0, 1000.0, 998.0];
    private static readonly int[] Labels = [0, 2];

    [Fact]
    public void Softmax_cross_entropy_sums_minus_log_softmax_of_each_label_and_delta_is_softmax_minus_onehot()
    {
        double[] delta = new double[Logits.Length];

        double loss = Losses.SoftmaxCrossEntropy(Logits, Labels, delta);

        (double expectedLoss, double[] expectedDelta) = PlainSoftmaxCrossEntropy(Logits, Labels, classes: 3);
        Close.Assert(expectedLoss, loss, Ulps, "E");
        for (int k = 0; k < delta.Length; k++)
        {
            Close.Assert(expectedDelta[k], delta[k], Ulps, $"δ[{k}]");
        }

        Close.Assert(expectedLoss, Losses.SoftmaxCrossEntropyLoss(Logits, Labels), Ulps, "E alone");
    }

    [Fact]
    public void Softmax_cross_entropy_of_one_sample_is_the_batch_of_one()
    {
        double[] logits = [0.5, 2.0, -1.0];
        double[] delta = new double[3];

        double loss = Losses.SoftmaxCrossEntropy(logits, 1, delta);

        (double expectedLoss, double[] expectedDelta) = PlainSoftmaxCrossEntropy(logits, [1], classes: 3);
        Close.Assert(expectedLoss, loss, Ulps, "E");
        Close.Assert(expectedLoss, Losses.SoftmaxCrossEntropyLoss(logits, 1), Ulps, "E alone");
        for (int k = 0; k < 3; k++)
        {
            Close.Assert(expectedDelta[k], delta[k], Ulps, $"δ[{k}]");
        }
    }

    [Fact]
    public void Softmax_cross_entropy_of_equal_logits_is_log_of_the_class_count()
    {
        double[] delta = new double[4];

        double loss = Losses.SoftmaxCrossEntropy([3.0, 3.0, 3.0, 3.0], 3, delta);

        Close.Assert(Math.Log(4.0), loss, Ulps, "E");
        Assert.Equal([0.25, 0.25, 0.25, -0.75], delta);
    }

    [Fact]
    public void Binary_cross_entropy_is_the_stable_form_and_delta_is_sigma_minus_target()
    {
        double[] z = [-2.0, 0.0, 3.0, 1000.0, -1000.0, 0.5];
        double[] t = [0.0, 1.0, 1.0, 0.0, 0.0, 0.3];
        double[] delta = new double[z.Length];

        double loss = Losses.BinaryCrossEntropy(z, t, delta);

        double expected = 0.0;
        for (int k = 0; k < z.Length; k++)
        {
            // −t·log σ(z) − (1 − t)·log(1 − σ(z)), written with log1p so that it is exact far out.
            double term = Math.Max(z[k], 0.0) - z[k] * t[k] + Math.Log(1.0 + Math.Exp(-Math.Abs(z[k])));
            expected += term;
            Close.Assert(1.0 / (1.0 + Math.Exp(-z[k])) - t[k], delta[k], Ulps, $"δ[{k}]");
        }

        Close.Assert(expected, loss, Ulps, "E");
        Close.Assert(expected, Losses.BinaryCrossEntropyLoss(z, t), Ulps, "E alone");
        Assert.Equal(1000.0, Losses.BinaryCrossEntropyLoss([1000.0], [0.0]));
        Assert.Equal(0.5 - 1.0, delta[1]);
    }

    [Fact]
    public void Squared_error_is_half_the_sum_of_squares_and_delta_is_y_minus_t()
    {
        double[] y = [1.5, -2.0, 4.0], t = [0.5, 1.0, 4.0];
        double[] delta = [9.0, 9.0, 9.0];

        double loss = Losses.SquaredError(y, t, delta);

        Assert.Equal(5.0, loss);
        Assert.Equal([1.0, -3.0, 0.0], delta);
        Assert.Equal(5.0, Losses.SquaredErrorLoss(y, t));
    }

    [Theory]
    [InlineData(6, 0, 6)] // no labels
    [InlineData(5, 2, 5)] // not whole rows
    [InlineData(6, 2, 4)] // δ of another length
    public void Softmax_cross_entropy_refuses_logits_that_are_not_one_row_per_label(int logits, int labels, int delta)
    {
        var error = Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(new double[logits], new int[labels], new double[delta]));
        Assert.Equal("logits", error.ParamName);
        Assert.Contains($"logits ({logits}) and delta ({delta}) are not {labels} equal rows", error.Message);
    }

    [Fact]
    public void Loss_only_softmax_cross_entropy_refuses_logits_that_are_not_whole_rows()
    {
        Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropyLoss(new double[5], new int[2]));
        Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropyLoss(new double[5], ReadOnlySpan<int>.Empty));
    }

    [Theory]
    [InlineData(3, 2, 3)]
    [InlineData(3, 3, 2)]
    public void Elementwise_losses_refuse_targets_or_delta_of_another_length(int outputs, int targets, int delta)
    {
        foreach (Action call in new Action[]
        {
            () => Losses.SquaredError(new double[outputs], new double[targets], new double[delta]),
            () => Losses.BinaryCrossEntropy(new double[outputs], new double[targets], new double[delta]),
        })
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Contains($"outputs ({outputs}), targets ({targets}) and delta ({delta})", error.Message);
        }

        Assert.Throws<ArgumentException>(() => Losses.SquaredErrorLoss(new double[3], new double[2]));
        Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropyLoss(new double[3], new double[2]));
    }

    private static (double Loss, double[] Delta) PlainSoftmaxCrossEntropy(double[] logits, int[] labels, int classes)
    {
        double loss = 0.0;
        var delta = new double[logits.Length];
        for (int r = 0; r < labels.Length; r++)
        {
            double max = double.NegativeInfinity;
            for (int k = 0; k < classes; k++)
            {
                max = Math.Max(max, logits[r * classes + k]);
            }

            double sum = 0.0;
            for (int k = 0; k < classes; k++)
            {
                sum += Math.Exp(logits[r * classes + k] - max);
            }

            // z − max first: log(sum) + max would round at the size of max (1000 here), dozens of ulps of the loss.
            loss += Math.Log(sum) - (logits[r * classes + labels[r]] - max);
            for (int k = 0; k < classes; k++)
            {
                delta[r * classes + k] = Math.Exp(logits[r * classes + k] - max) / sum - (k == labels[r] ? 1.0 : 0.0);
            }
        }

        return (loss, delta);
    }
}
