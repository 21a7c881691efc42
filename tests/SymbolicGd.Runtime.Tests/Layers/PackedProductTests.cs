using System;
using System.Runtime.Intrinsics.X86;
using SymbolicGd.Layers;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// The batch products of a dense layer (the packed, cache-blocked kernel behind <see cref="Dense"/>'s batch methods)
/// against plain loops, on shapes at every edge of its blocking: the register tile (8 rows × 24 columns with AVX-512,
/// 4 × 12 with AVX2), its narrower edge kernels (1 and 2 vectors, 4 rows), the block of the sum (112), the block of
/// columns (1,032) and of rows (256), each at r − 1, r and r + 1, and the networks' own shapes.
/// </summary>
/// <remarks>
/// The kernel adds every element's products in the plain loop's order, p = 0, 1, …, k − 1, one fused multiply-add
/// each, starting from the bias, the old value or zero, whichever tile or block the element falls in. So the plain
/// loop written with <see cref="Math.FusedMultiplyAdd"/> (or, on a machine without FMA, with a·b + c, which is what
/// the kernel then does) gives the same bits, and these tests ask for equality, not a tolerance.
/// </remarks>
public sealed class PackedProductTests
{
    /// <summary>(m, n, k) of C = A·B: rows of C, columns of C, length of the sum.</summary>
    public static TheoryData<int, int, int> Products()
    {
        var data = new TheoryData<int, int, int>();
        int[] rowEdges = [1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 255, 256, 257];
        int[] columnEdges = [1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 23, 24, 25, 47, 48, 49, 1031, 1032, 1033, 1057];
        int[] depthEdges = [1, 2, 7, 8, 9, 111, 112, 113, 223, 224, 225];
        foreach (int m in rowEdges)
        {
            data.Add(m, 25, 9);
        }

        foreach (int n in columnEdges)
        {
            data.Add(9, n, 5);
        }

        foreach (int k in depthEdges)
        {
            data.Add(10, 26, k);
        }

        // Edges together, and the products of the 784-256-128-10 network at batch 64 and of the digits network.
        data.Add(257, 1033, 113);
        data.Add(17, 49, 225);
        data.Add(64, 256, 784);
        data.Add(64, 10, 128);
        data.Add(10, 128, 64);
        data.Add(32, 10, 32);
        data.Add(10, 32, 32);
        return data;
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Forward_batch_is_the_plain_loop_from_the_bias(int m, int n, int k)
    {
        int rows = m, outputs = n, inputs = k;
        var random = new Random(m * 10007 + n * 101 + k);
        double[] w = Values(random, outputs * inputs), b = Values(random, outputs), x = Values(random, rows * inputs);
        double[] z = Values(random, rows * outputs); // stale values that must be overwritten

        Dense.ForwardBatch(w, b, x, z, rows);

        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < outputs; j++)
            {
                double sum = b[j];
                for (int i = 0; i < inputs; i++)
                {
                    sum = MultiplyAdd(x[r * inputs + i], w[j * inputs + i], sum);
                }

                AssertSame(sum, z[r * outputs + j], r, j);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Backpropagation_batch_is_the_plain_loop_from_zero(int m, int n, int k)
    {
        int rows = m, inputs = n, outputs = k;
        var random = new Random(m * 7919 + n * 31 + k);
        double[] w = Values(random, outputs * inputs), deltas = Values(random, rows * outputs);
        double[] back = Values(random, rows * inputs);

        Dense.BackpropagateBatch(w, deltas, back, rows);

        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < inputs; i++)
            {
                double sum = 0.0;
                for (int j = 0; j < outputs; j++)
                {
                    sum = MultiplyAdd(deltas[r * outputs + j], w[j * inputs + i], sum);
                }

                AssertSame(sum, back[r * inputs + i], r, i);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Gradient_batch_adds_the_plain_loop_to_what_was_there(int m, int n, int k)
    {
        int outputs = m, inputs = n, rows = k;
        var random = new Random(m * 1009 + n * 17 + k);
        double[] deltas = Values(random, rows * outputs), x = Values(random, rows * inputs);
        double[] dw = Values(random, outputs * inputs), db = Values(random, outputs);
        double[] startW = (double[])dw.Clone(), startB = (double[])db.Clone();

        Dense.AccumulateGradientBatch(deltas, x, dw, db, rows);

        for (int j = 0; j < outputs; j++)
        {
            double bias = startB[j];
            for (int r = 0; r < rows; r++)
            {
                bias += deltas[r * outputs + j];
            }

            AssertSame(bias, db[j], -1, j);
            for (int i = 0; i < inputs; i++)
            {
                double sum = startW[j * inputs + i];
                for (int r = 0; r < rows; r++)
                {
                    sum = MultiplyAdd(deltas[r * outputs + j], x[r * inputs + i], sum);
                }

                AssertSame(sum, dw[j * inputs + i], j, i);
            }
        }
    }

    [Fact]
    public void A_product_allocates_nothing_once_its_packing_buffers_have_grown()
    {
        const int rows = 64, inputs = 784, outputs = 256;
        var random = new Random(5);
        double[] w = Values(random, outputs * inputs), b = Values(random, outputs), x = Values(random, rows * inputs);
        double[] z = new double[rows * outputs], back = new double[rows * inputs], dw = new double[w.Length], db = new double[outputs];

        void Products()
        {
            Dense.ForwardBatch(w, b, x, z, rows);
            Dense.BackpropagateBatch(w, z, back, rows);
            Dense.AccumulateGradientBatch(z, x, dw, db, rows);
        }

        Assert.Equal(0, Allocations.Fewest(Products, rounds: 40));
    }

    [Fact]
    public void Infinities_and_NaN_reach_the_elements_they_are_summed_into_and_no_others()
    {
        const int rows = 9, inputs = 113, outputs = 25;
        var random = new Random(9);
        double[] w = Values(random, outputs * inputs), b = Values(random, outputs), x = Values(random, rows * inputs);
        x[4 * inputs + 50] = double.PositiveInfinity;
        w[20 * inputs + 7] = double.NaN;
        double[] z = new double[rows * outputs];

        Dense.ForwardBatch(w, b, x, z, rows);

        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < outputs; j++)
            {
                double value = z[r * outputs + j];
                if (j == 20)
                {
                    Assert.True(double.IsNaN(value), $"z[{r}, {j}] = {value}");
                }
                else if (r == 4)
                {
                    Assert.True(double.IsInfinity(value) || double.IsNaN(value), $"z[{r}, {j}] = {value}");
                }
                else
                {
                    Assert.True(double.IsFinite(value), $"z[{r}, {j}] = {value}");
                }
            }
        }
    }

    /// <summary>What the kernel's vector multiply-add does on this machine: fused where the hardware has FMA.</summary>
    private static double MultiplyAdd(double a, double b, double addend) =>
        Fma.IsSupported ? Math.FusedMultiplyAdd(a, b, addend) : a * b + addend;

    private static double[] Values(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.NextDouble() * 2 - 1;
        }

        return values;
    }

    private static void AssertSame(double expected, double actual, int row, int column)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            Assert.Fail($"C[{row}, {column}]: expected {expected:R}, got {actual:R}");
        }
    }
}
