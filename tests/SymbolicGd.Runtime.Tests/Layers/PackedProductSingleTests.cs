using System;
using System.Runtime.Intrinsics.X86;
using SymbolicGd.Layers;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// <see cref="PackedProductTests"/> in float32: the same generic kernel over float, whose register tile is twice as
/// wide (8 rows × 48 columns with AVX-512, 4 × 24 with AVX2), so its edges are at other columns: the narrower edge
/// kernels (16 and 32 columns), the tile (48), the block of the sum (112), of columns (1,032) and of rows (256), each at
/// r − 1, r and r + 1. Every element is summed in the plain loop's order with one fused multiply-add each, in float,
/// so the plain loop written with <see cref="MathF.FusedMultiplyAdd"/> gives the same bits. The per-sample kernels
/// (dot products and rank-1 updates, another order of sums) agree with a plain double loop to float's rounding.
/// </summary>
public sealed class PackedProductSingleTests
{
    /// <summary>(m, n, k) of C = A·B: rows of C, columns of C, length of the sum.</summary>
    public static TheoryData<int, int, int> Products()
    {
        var data = new TheoryData<int, int, int>();
        int[] rowEdges = [1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 255, 256, 257];
        int[] columnEdges = [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 95, 96, 97, 1031, 1032, 1033, 1081];
        int[] depthEdges = [1, 2, 15, 16, 17, 111, 112, 113, 224, 225];
        foreach (int m in rowEdges)
        {
            data.Add(m, 49, 9);
        }

        foreach (int n in columnEdges)
        {
            data.Add(9, n, 5);
        }

        foreach (int k in depthEdges)
        {
            data.Add(10, 50, k);
        }

        data.Add(257, 1033, 113);
        data.Add(17, 97, 225);
        data.Add(64, 256, 784);
        data.Add(64, 128, 256);
        data.Add(64, 10, 128);
        return data;
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Forward_batch_is_the_plain_float_loop_from_the_bias(int m, int n, int k)
    {
        int rows = m, outputs = n, inputs = k;
        var random = new Random(m * 10007 + n * 101 + k);
        float[] w = Values(random, outputs * inputs), b = Values(random, outputs), x = Values(random, rows * inputs);
        float[] z = Values(random, rows * outputs);

        Dense.ForwardBatch(w, b, x, z, rows);

        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < outputs; j++)
            {
                float sum = b[j];
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
    public void Backpropagation_batch_is_the_plain_float_loop_from_zero(int m, int n, int k)
    {
        int rows = m, inputs = n, outputs = k;
        var random = new Random(m * 7919 + n * 31 + k);
        float[] w = Values(random, outputs * inputs), deltas = Values(random, rows * outputs);
        float[] back = Values(random, rows * inputs);

        Dense.BackpropagateBatch(w, deltas, back, rows);

        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < inputs; i++)
            {
                float sum = 0f;
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
    public void Gradient_batch_adds_the_plain_float_loop_to_what_was_there(int m, int n, int k)
    {
        int outputs = m, inputs = n, rows = k;
        var random = new Random(m * 1009 + n * 17 + k);
        float[] deltas = Values(random, rows * outputs), x = Values(random, rows * inputs);
        float[] dw = Values(random, outputs * inputs), db = Values(random, outputs);
        float[] startW = (float[])dw.Clone(), startB = (float[])db.Clone();

        Dense.AccumulateGradientBatch(deltas, x, dw, db, rows);

        for (int j = 0; j < outputs; j++)
        {
            float bias = startB[j];
            for (int r = 0; r < rows; r++)
            {
                bias += deltas[r * outputs + j];
            }

            AssertSame(bias, db[j], -1, j);
            for (int i = 0; i < inputs; i++)
            {
                float sum = startW[j * inputs + i];
                for (int r = 0; r < rows; r++)
                {
                    sum = MultiplyAdd(deltas[r * outputs + j], x[r * inputs + i], sum);
                }

                AssertSame(sum, dw[j * inputs + i], j, i);
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(15, 17)]
    [InlineData(16, 16)]
    [InlineData(17, 33)]
    [InlineData(49, 64)]
    [InlineData(10, 784)]
    public void The_per_sample_kernels_agree_with_a_double_loop_to_float_rounding(int outputs, int inputs)
    {
        var random = new Random(outputs * 31 + inputs);
        float[] w = Values(random, outputs * inputs), b = Values(random, outputs), x = Values(random, inputs), delta = Values(random, outputs);
        float[] z = new float[outputs], back = new float[inputs], dw = Values(random, outputs * inputs), db = Values(random, outputs);
        float[] startW = (float[])dw.Clone(), startB = (float[])db.Clone();

        Dense.Forward(w, b, x, z);
        Dense.Backpropagate(w, delta, back);
        Dense.AccumulateGradient(delta, x, dw, db);

        for (int j = 0; j < outputs; j++)
        {
            double sum = b[j], magnitude = Math.Abs(b[j]);
            for (int i = 0; i < inputs; i++)
            {
                sum += (double)w[j * inputs + i] * x[i];
                magnitude += Math.Abs((double)w[j * inputs + i] * x[i]);
            }

            Assert.Equal(sum, z[j], 1e-6 * magnitude);
            Assert.Equal(startB[j] + (double)delta[j], db[j], 1e-6 * (Math.Abs(startB[j]) + Math.Abs(delta[j])));
            for (int i = 0; i < inputs; i++)
            {
                Assert.Equal(startW[j * inputs + i] + (double)delta[j] * x[i], dw[j * inputs + i], 1e-6);
            }
        }

        for (int i = 0; i < inputs; i++)
        {
            double sum = 0, magnitude = 0;
            for (int j = 0; j < outputs; j++)
            {
                sum += (double)w[j * inputs + i] * delta[j];
                magnitude += Math.Abs((double)w[j * inputs + i] * delta[j]);
            }

            Assert.Equal(sum, back[i], 1e-6 * magnitude + 1e-30);
        }
    }

    /// <summary>What the kernel's vector multiply-add does on this machine: fused where the hardware has FMA.</summary>
    private static float MultiplyAdd(float a, float b, float addend) =>
        Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, addend) : a * b + addend;

    private static float[] Values(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    private static void AssertSame(float expected, float actual, int row, int column)
    {
        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
        {
            Assert.Fail($"C[{row}, {column}]: expected {expected:R}, got {actual:R}");
        }
    }
}
