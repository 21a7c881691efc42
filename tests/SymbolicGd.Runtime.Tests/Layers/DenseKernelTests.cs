using System;
using SymbolicGd.Layers;
using SymbolicGd.Testing;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// The dense-layer kernels against plain loops, on the shapes where a vectorised kernel goes wrong: widths below,
/// at and just past each vector width (2, 4, 8 doubles) and each register tile (4 rows × 4 vectors), one row, one
/// column, and a batch that does not fill a tile.
/// </summary>
public sealed class DenseKernelTests
{
    /// <summary>
    /// The README's "about 1e-15 relative": the worst of these shapes is 1.2e-15 (relative, floor 1), from the
    /// kernels' different order of summation.
    /// </summary>
    private const double Tolerance = 2e-15;

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        int[] widths = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 65];
        var random = new Random(7);
        foreach (int outputs in widths)
        {
            int inputs = widths[random.Next(widths.Length)];
            int rows = random.Next(1, 11);
            data.Add(outputs, inputs, rows);
        }

        data.Add(130, 1, 1);
        data.Add(1, 130, 3);
        data.Add(10, 64, 32);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Batch_forward_is_W_times_x_plus_b_for_every_row(int outputs, int inputs, int rows)
    {
        var random = new Random(outputs * 1000 + inputs * 10 + rows);
        double[] w = Values(random, outputs * inputs), b = Values(random, outputs), x = Values(random, rows * inputs);
        double[] y = new double[rows * outputs];

        Dense.ForwardBatch(w, b, x, y, rows);

        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < outputs; j++)
            {
                double expected = b[j];
                for (int i = 0; i < inputs; i++)
                {
                    expected += w[j * inputs + i] * x[r * inputs + i];
                }

                AssertClose(expected, y[r * outputs + j]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Single_sample_forward_equals_the_batch_of_one(int outputs, int inputs, int rows)
    {
        // Each against W·x + b summed in a plain loop: the two entry points may share a kernel today, so comparing
        // them with each other alone would not fail if that kernel were wrong.
        var random = new Random(rows);
        double[] w = Values(random, outputs * inputs), b = Values(random, outputs), x = Values(random, inputs);
        double[] single = new double[outputs], batch = new double[outputs];

        Dense.Forward(w, b, x, single);
        Dense.ForwardBatch(w, b, x, batch, 1);

        for (int j = 0; j < outputs; j++)
        {
            double expected = b[j];
            for (int i = 0; i < inputs; i++)
            {
                expected += w[j * inputs + i] * x[i];
            }

            AssertClose(expected, single[j]);
            AssertClose(expected, batch[j]);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Batch_weight_gradient_adds_the_sum_of_delta_times_input_transposed(int outputs, int inputs, int rows)
    {
        var random = new Random(outputs + inputs + rows);
        double[] deltas = Values(random, rows * outputs), x = Values(random, rows * inputs);
        double[] start = Values(random, outputs * inputs), startBias = Values(random, outputs);
        double[] dw = (double[])start.Clone(), db = (double[])startBias.Clone();

        Dense.AccumulateGradientBatch(deltas, x, dw, db, rows);

        for (int j = 0; j < outputs; j++)
        {
            double bias = startBias[j];
            for (int r = 0; r < rows; r++)
            {
                bias += deltas[r * outputs + j];
            }

            AssertClose(bias, db[j]);
            for (int i = 0; i < inputs; i++)
            {
                double expected = start[j * inputs + i];
                for (int r = 0; r < rows; r++)
                {
                    expected += deltas[r * outputs + j] * x[r * inputs + i];
                }

                AssertClose(expected, dw[j * inputs + i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Batch_backpropagation_overwrites_with_W_transposed_times_delta(int outputs, int inputs, int rows)
    {
        var random = new Random(outputs * inputs + rows);
        double[] w = Values(random, outputs * inputs), deltas = Values(random, rows * outputs);
        double[] back = Values(random, rows * inputs); // stale values that must be overwritten, not added to

        Dense.BackpropagateBatch(w, deltas, back, rows);

        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < inputs; i++)
            {
                double expected = 0;
                for (int j = 0; j < outputs; j++)
                {
                    expected += w[j * inputs + i] * deltas[r * outputs + j];
                }

                AssertClose(expected, back[r * inputs + i]);
            }
        }
    }

    [Fact]
    public void Single_sample_gradient_and_backpropagation_agree_with_the_batch_of_one()
    {
        var random = new Random(11);
        const int outputs = 9, inputs = 17;
        double[] w = Values(random, outputs * inputs), delta = Values(random, outputs), x = Values(random, inputs);
        double[] dw1 = new double[w.Length], db1 = new double[outputs], dw2 = new double[w.Length], db2 = new double[outputs];
        double[] back1 = new double[inputs], back2 = new double[inputs];

        Dense.AccumulateGradient(delta, x, dw1, db1);
        Dense.AccumulateGradientBatch(delta, x, dw2, db2, 1);
        Dense.Backpropagate(w, delta, back1);
        Dense.BackpropagateBatch(w, delta, back2, 1);

        for (int k = 0; k < w.Length; k++)
        {
            AssertClose(dw2[k], dw1[k]);
        }

        for (int j = 0; j < outputs; j++)
        {
            AssertClose(db2[j], db1[j]);
        }

        for (int i = 0; i < inputs; i++)
        {
            AssertClose(back2[i], back1[i]);
        }
    }

    [Fact]
    public void Shapes_that_do_not_fit_name_the_argument_and_the_lengths()
    {
        double[] w = new double[6], b = new double[2];

        var wrongInput = Assert.Throws<ArgumentException>(() => Dense.ForwardBatch(w, b, new double[7], new double[4], 2));
        Assert.Equal("inputs", wrongInput.ParamName);
        Assert.Contains("length 7", wrongInput.Message);
        Assert.Contains("2 × 3", wrongInput.Message);

        var wrongOutput = Assert.Throws<ArgumentException>(() => Dense.ForwardBatch(w, b, new double[6], new double[5], 2));
        Assert.Equal("outputs", wrongOutput.ParamName);

        var wrongWeights = Assert.Throws<ArgumentException>(() => Dense.ForwardBatch(new double[5], b, new double[6], new double[4], 2));
        Assert.Equal("weights", wrongWeights.ParamName);

        var wrongDeltas = Assert.Throws<ArgumentException>(() => Dense.AccumulateGradientBatch(new double[3], new double[6], w, b, 2));
        Assert.Equal("deltas", wrongDeltas.ParamName);
    }

    private static double[] Values(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.NextDouble() * 2 - 1;
        }

        return values;
    }

    private static void AssertClose(double expected, double actual) => Close.Assert(expected, actual, Tolerance, "the kernel against a plain loop");
}
