using System;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;
using SymbolicGd.Layers;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// A 50-70-33-10 stack: its products have 3 tiles of columns in the first layer (70 = 24 + 24 + 22 with AVX-512),
/// so 2 and 3 threads cut it at tile edges and leave a narrow last part; tanh and relu on the way.
/// </summary>
[Network(Inputs = 50, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(70, Activation.Tanh)]
[Dense(33, Activation.Relu)]
[Dense(10)]
public partial class SplitNet
{
}

/// <summary>The tests that use the shared worker pool, run alone so that no other test holds it meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelThreadsCollection
{
    public const string Name = "Kernel threads";
}

/// <summary>
/// <see cref="TrainingOptions.MaxDegreeOfParallelism"/>: products split over threads are the plain loop's bits at every
/// part edge, the pool really runs two parts at once, training gives the same parameters bit for bit with 1, 2 and 3
/// threads and automatically, and a split batch allocates nothing.
/// </summary>
[Collection(KernelThreadsCollection.Name)]
public sealed unsafe class ParallelProductTests
{
    /// <summary>(m, n, k, threads): column splits (n ≥ m) and row splits (m &gt; n), with more threads than tiles too.</summary>
    public static TheoryData<int, int, int, int> SplitProducts()
    {
        var data = new TheoryData<int, int, int, int>();
        (int M, int N, int K)[] shapes =
        [
            (9, 77, 13),    // 4 column tiles of 24 (7 of 12 with AVX2), the last one 5 wide
            (5, 48, 113),   // exactly 2 tiles; the sum crosses a depth block
            (43, 10, 31),   // rows: 6 tiles of 8, the last 3 rows
            (17, 16, 7),    // rows: 3 tiles, 1 row in the last
            (4, 30, 9),     // 2 column tiles for 3 threads
            (64, 256, 784), // the 784-256-128-10 network's first product
            (256, 784, 64), // and its weight gradient
        ];
        foreach (var (m, n, k) in shapes)
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                data.Add(m, n, k, threads);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SplitProducts))]
    public void A_split_product_is_the_plain_loop_at_every_part_edge(int m, int n, int k, int threads)
    {
        var random = new Random(m * 7919 + n * 31 + k);
        double[] a = Values(random, m * k), b = Values(random, k * n), bias = Values(random, n);
        double[] fromBias = Values(random, m * n), added = Values(random, m * n);
        double[] old = (double[])added.Clone();
        PackedProduct.Partition partition;
        long splitsBefore = KernelThreads.SplitProductsRun;
        using (KernelThreads.Limit(threads))
        {
            partition = PartitionOf(m, n, k);
            MatrixKernels.PackedMultiply(m, n, k, a, k, 1, b, n, 1, fromBias, n, bias, accumulate: false);
            MatrixKernels.PackedMultiply(m, n, k, a, k, 1, b, n, 1, added, n, default, accumulate: true);
        }

        Assert.Equal(m > n, partition.Rows);
        Assert.Equal(Math.Min(threads, partition.Units), partition.Parts);
        Assert.Equal(partition.Parts > 1 ? 2 : 0, KernelThreads.SplitProductsRun - splitsBefore);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = bias[j], sumAdded = old[i * n + j];
                for (int p = 0; p < k; p++)
                {
                    sum = MultiplyAdd(a[i * k + p], b[p * n + j], sum);
                    sumAdded = MultiplyAdd(a[i * k + p], b[p * n + j], sumAdded);
                }

                Assert.True(BitConverter.DoubleToInt64Bits(sum) == BitConverter.DoubleToInt64Bits(fromBias[i * n + j]), $"C[{i}, {j}] = {fromBias[i * n + j]:R}, the loop gives {sum:R} ({partition})");
                Assert.True(BitConverter.DoubleToInt64Bits(sumAdded) == BitConverter.DoubleToInt64Bits(added[i * n + j]), $"C[{i}, {j}] += gave {added[i * n + j]:R}, the loop gives {sumAdded:R} ({partition})");
            }
        }
    }

    [Fact]
    public void Parts_are_runs_of_whole_tiles_that_cover_the_side_once()
    {
        // 11 tiles over 3 parts: 3, 4 and 4 tiles; the last part ends at the matrix, not at its last tile's end.
        var partition = new PackedProduct.Partition(Rows: false, Unit: 24, Units: 11, Parts: 3);

        Assert.Equal((0, 72), partition.Range(0, 256));
        Assert.Equal((72, 168), partition.Range(1, 256));
        Assert.Equal((168, 256), partition.Range(2, 256));
    }

    [Fact]
    public void Automatic_splits_the_large_networks_products_and_not_the_digits_ones()
    {
        using (KernelThreads.Limit(null))
        {
            // The digits network at batch 32: 32·32·64 = 65,536 multiply-adds and less, far below 2^20 per thread.
            Assert.Equal(1, PartitionOf(32, 32, 64).Parts);
            Assert.Equal(1, PartitionOf(32, 10, 32).Parts);
            Assert.Equal(1, PartitionOf(32, 64, 32).Parts);

            // 784-256-128-10 at batch 64: 12.8 M multiply-adds, 11 (or 22) column tiles: every core, up to 12.
            Assert.Equal(Math.Min(Environment.ProcessorCount, 11), PartitionOf(64, 256, 784).Parts);
            Assert.Equal(Math.Min(Environment.ProcessorCount, 2), PartitionOf(64, 128, 256).Parts);

            // Its last layer, 64·10·128 = 81,920: one thread.
            Assert.Equal(1, PartitionOf(64, 10, 128).Parts);
        }
    }

    [Fact]
    public void The_pool_runs_two_parts_at_the_same_time_on_two_threads()
    {
        // Part 0 and part 1 each wait (up to 10 s) until both have started: only two threads at once get through.
        s_started = 0;
        s_threads = new int[2];
        var job = default(ProductJob);

        Assert.True(KernelThreads.TryRun(&MeetAndRecord, in job, 2));

        Assert.Equal(2, s_started);
        Assert.NotEqual(s_threads[0], s_threads[1]);
        Assert.Contains(Environment.CurrentManagedThreadId, s_threads);
    }

    private static int s_started;
    private static int[] s_threads = [];

    private static void MeetAndRecord(in ProductJob job, int part)
    {
        s_threads[part] = Environment.CurrentManagedThreadId;
        Interlocked.Increment(ref s_started);
        SpinWait.SpinUntil(() => Volatile.Read(ref s_started) == 2, TimeSpan.FromSeconds(10));
    }

    /// <summary>Every option of a run that reaches the kernels: shuffled mini-batches, a validation split, accuracy.</summary>
    private static TrainingResult Train(int? threads, int epochs, out double[] parameters)
    {
        SplitNet.Sample[] samples = SplitSamples();
        var net = new SplitNet();
        net.Initialize(seed: 5);
        var options = new TrainingOptions
        {
            BatchSize = 40,
            MaxEpochs = epochs,
            Seed = 2,
            ValidationSplit = 0.2,
            MeasureAccuracy = true,
            MaxDegreeOfParallelism = threads,
        };
        TrainingResult result = Trainer.Fit(net, samples, new Adam(0.01), options);
        parameters = new double[net.ParameterCount];
        net.CopyParametersTo(parameters);
        return result;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Training_gives_the_same_bits_with_1_2_and_3_threads_and_automatically(int epochs)
    {
        TrainingResult one = Train(1, epochs, out double[] expected);
        Assert.Equal(epochs, one.History.Count);

        foreach (int? threads in new int?[] { 2, 3, null })
        {
            long splitsBefore = KernelThreads.SplitProductsRun;
            TrainingResult other = Train(threads, epochs, out double[] actual);

            Assert.Equal(BitsOf(expected), BitsOf(actual));
            Assert.Equal(one.History.Select(e => BitConverter.DoubleToInt64Bits(e.Loss)), other.History.Select(e => BitConverter.DoubleToInt64Bits(e.Loss)));
            Assert.Equal(one.History.Select(e => e.ValidationLoss), other.History.Select(e => e.ValidationLoss));
            Assert.Equal(one.History.Select(e => e.Accuracy), other.History.Select(e => e.Accuracy));

            // Explicit threads split the products (5 batches of 40 an epoch, at least the 3 forward products of each
            // split); automatic leaves products this small (40·70·50 = 140,000 multiply-adds at most) on one thread.
            long splits = KernelThreads.SplitProductsRun - splitsBefore;
            if (threads is null)
            {
                Assert.Equal(0, splits);
            }
            else
            {
                Assert.True(splits >= 5 * 3 * epochs, $"{splits} split products with {threads} threads");
            }
        }
    }

    [Fact]
    public void Batched_inference_gives_the_same_bits_on_1_2_and_3_threads()
    {
        SplitNet.Sample[] samples = SplitSamples();
        var net = new SplitNet();
        net.Initialize(seed: 9);
        double[] inputs = samples.SelectMany(s => s.Input).ToArray();
        int[] all = Enumerable.Range(0, samples.Length).ToArray();
        long[]? expected = null;
        int[]? expectedClasses = null;
        (long Loss, int Correct)? expectedScore = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            double[] outputs = new double[samples.Length * 10];
            int[] classes = new int[samples.Length];
            long splitsBefore = KernelThreads.SplitProductsRun;
            double loss;
            int correct;
            using (KernelThreads.Limit(threads))
            {
                // 250 inputs: 64 at a time, then 58, whose products split at other edges.
                net.PredictBatch(inputs, outputs);
                net.ClassifyBatch(inputs, classes);
                loss = net.ScoreBatch(samples, all, out correct);
            }

            Assert.Equal(threads == 1 ? 0 : 3 * 3 * 4, KernelThreads.SplitProductsRun - splitsBefore);
            expected ??= BitsOf(outputs);
            expectedClasses ??= classes;
            expectedScore ??= (BitConverter.DoubleToInt64Bits(loss), correct);
            Assert.Equal(expected, BitsOf(outputs));
            Assert.Equal(expectedClasses, classes);
            Assert.Equal(expectedScore, (BitConverter.DoubleToInt64Bits(loss), correct));
        }

        // And the rows agree with one Predict each, to the rounding of the products' order.
        double[] one = new double[10];
        net.Predict(samples[249].Input, one);
        double[] batched = expected!.Skip(249 * 10).Take(10).Select(BitConverter.Int64BitsToDouble).ToArray();
        for (int j = 0; j < 10; j++)
        {
            Assert.InRange(Math.Abs(one[j] - batched[j]), 0, 1e-12);
        }
    }

    [Fact]
    public void A_split_batch_allocates_nothing_after_the_first()
    {
        SplitNet.Sample[] samples = SplitSamples();
        var net = new SplitNet();
        double[] gradient = new double[net.ParameterCount];
        int[] order = Enumerable.Range(0, samples.Length).ToArray();
        using (KernelThreads.Limit(2))
        {
            long splitsBefore = KernelThreads.SplitProductsRun;
            for (int i = 0; i < 40; i++)
            {
                net.BackwardBatch(samples, order.AsSpan(i % 5 * 40, 40), gradient);
            }

            Assert.True(KernelThreads.SplitProductsRun - splitsBefore >= 40 * 3);

            // The bytes the whole process allocates over 10 batches, the least of 5 tries: the test host's own
            // threads may allocate now and then; a split that allocated would do so in every try.
            long least = long.MaxValue;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                for (int i = 0; i < 10; i++)
                {
                    net.BackwardBatch(samples, order.AsSpan(i % 5 * 40, 40), gradient);
                }

                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }

            Assert.Equal(0, least);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_degree_below_1_is_rejected_with_its_name_and_value(int value)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { MaxDegreeOfParallelism = value });

        Assert.Equal(nameof(TrainingOptions.MaxDegreeOfParallelism), exception.ParamName);
        Assert.Contains($"MaxDegreeOfParallelism must be null (automatic) or >= 1; it was {value}.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_one_and_large_degrees_are_kept()
    {
        Assert.Null(new TrainingOptions().MaxDegreeOfParallelism);
        Assert.Null(new TrainingOptions { MaxDegreeOfParallelism = null }.MaxDegreeOfParallelism);
        Assert.Equal(1, new TrainingOptions { MaxDegreeOfParallelism = 1 }.MaxDegreeOfParallelism);
        Assert.Equal(1000, new TrainingOptions { MaxDegreeOfParallelism = 1000 }.MaxDegreeOfParallelism);

        // A product uses at most 64, however many are allowed.
        using (KernelThreads.Limit(1000))
        {
            Assert.Equal(KernelThreads.MaxThreads, KernelThreads.ThreadsFor(1L << 40, 10_000, PackedProduct.WorkPerThread));
        }
    }

    [Fact]
    public void The_limit_belongs_to_the_thread_and_its_scope()
    {
        using (KernelThreads.Limit(3))
        {
            Assert.Equal(3, KernelThreads.Current);
            int? elsewhere = 0;
            var other = new Thread(() => elsewhere = KernelThreads.Current);
            other.Start();
            other.Join();
            Assert.Null(elsewhere);
            using (KernelThreads.Limit(1))
            {
                Assert.Equal(1, KernelThreads.Current);
            }

            Assert.Equal(3, KernelThreads.Current);
        }

        Assert.Null(KernelThreads.Current);
    }

    private static PackedProduct.Partition PartitionOf(int m, int n, int k) =>
        Vector512.IsHardwareAccelerated ? PackedProduct.Split<Simd512<double>, Vector512<double>, double>(m, n, k)
        : Vector256.IsHardwareAccelerated ? PackedProduct.Split<Simd256<double>, Vector256<double>, double>(m, n, k)
        : PackedProduct.Split<Simd128<double>, Vector128<double>, double>(m, n, k);

    private static SplitNet.Sample[] SplitSamples()
    {
        var random = new Random(11);
        return Enumerable.Range(0, 250).Select(_ => new SplitNet.Sample(Values(random, 50), random.Next(10))).ToArray();
    }

    private static long[] BitsOf(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static double[] Values(Random random, int count) => Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    /// <summary>What the kernel does per step: one rounding where the machine has FMA, two where it does not.</summary>
    private static double MultiplyAdd(double x, double y, double addend) =>
        Fma.IsSupported ? Math.FusedMultiplyAdd(x, y, addend) : x * y + addend;
}
