using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Digits;
using SymbolicGd.Layers;

namespace SymbolicGd.Benchmarks;

/// <summary>The 784-256-128-10 relu network of issue 16's targets, trained on synthetic data.</summary>
[Network(Inputs = 784, Loss = NetworkLoss.SoftmaxCrossEntropy)]
[Dense(256, Activation.Relu)]
[Dense(128, Activation.Relu)]
[Dense(10)]
public partial class Mnist784Net
{
}

/// <summary>The same network in float32 (issue 16's float32 target).</summary>
[Network(Inputs = 784, Loss = NetworkLoss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(256, Activation.Relu)]
[Dense(128, Activation.Relu)]
[Dense(10)]
public partial class Mnist784SingleNet
{
}

/// <summary>
/// Stopwatch runs for bench/side-by-side.py, each a plain console command so that a cold run is a fresh process:
/// <c>--speed peak</c> (the machine's FMA rate from a register-only loop), <c>--speed gemm</c> (every product of
/// the two benchmark networks, as GFLOP/s and % of that peak), <c>--speed digits-cold</c> (the first 10-epoch Fit
/// of the process), <c>--speed digits-warm</c> (best epoch of a 40-epoch Fit), <c>--speed mnist</c> (best epoch of
/// the 784-256-128-10 network over 10,000 synthetic samples; <c>mnist32</c> the same in float32), <c>--speed tax</c> (the best epoch of Trainer.Fit against
/// the best of the bare loop PyTorch's users write, for both networks), <c>--speed gemm-threads</c> (the large
/// network's big products on 1 and 2 threads), <c>--speed bare [--threads n]</c> (that bare loop on n threads, or
/// automatic). <c>--speed mnist --threads n</c> trains with MaxDegreeOfParallelism = n and prints a hash of the trained
/// parameters' bits. Each prints one line <c>name value unit</c> per figure.
/// </summary>
public static class SpeedRuns
{
    public static void Run(string what, int? threads = null)
    {
        if (threads is not null && what is not ("mnist" or "bare"))
        {
            throw new ArgumentException($"--threads applies to the mnist and bare runs only, not to '{what}'.", nameof(threads));
        }

        switch (what)
        {
            case "peak": Print("peak", PeakGflops(), "GFLOP/s"); break;
            case "gemm": Gemm(PeakGflops()); break;
            case "gemm-threads": GemmThreads(PeakGflops()); break;
            case "bare": Bare(threads); break;
            case "digits-cold": DigitsCold(); break;
            case "digits-warm": DigitsWarm(); break;
            case "mnist": Mnist(threads ?? 1); break;
            case "mnist32": MnistSingle(); break;
            case "tax": Tax(); break;
            default: throw new ArgumentException($"Unknown speed run '{what}': peak, gemm, gemm-threads, digits-cold, digits-warm, mnist, mnist32, bare or tax.", nameof(what));
        }
    }

    private static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:F3} {unit}"));

    // ---- Peak --------------------------------------------------------------------------------------------------

    /// <summary>The best of several runs of <see cref="FmaLoop512"/> (or the 256-bit loop without AVX-512), in GFLOP/s.</summary>
    public static double PeakGflops()
    {
        // Short runs, the best of many: on a machine shared with other work, some runs get the core to themselves.
        const long iterations = 50_000;
        double best = 0;
        for (int run = 0; run < 400; run++)
        {
            long start = Stopwatch.GetTimestamp();
            double sink = Vector512.IsHardwareAccelerated ? FmaLoop512(iterations) : FmaLoop256(iterations);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            int lanes = Vector512.IsHardwareAccelerated ? 8 : 4;
            best = Math.Max(best, iterations * 12.0 * lanes * 2 / seconds / 1e9);
            if (sink == 42)
            {
                Console.WriteLine();
            }
        }

        return best;
    }

    /// <summary>12 independent chains of fused multiply-adds on registers: enough to cover 2 FMA units × 4 cycles of latency.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double FmaLoop512(long iterations)
    {
        Vector512<double> m = Vector512.Create(0.999999), d = Vector512.Create(1e-9);
        Vector512<double> s0 = Vector512.Create(1.0), s1 = s0 + d, s2 = s1 + d, s3 = s2 + d, s4 = s3 + d, s5 = s4 + d;
        Vector512<double> s6 = s5 + d, s7 = s6 + d, s8 = s7 + d, s9 = s8 + d, s10 = s9 + d, s11 = s10 + d;
        for (long i = 0; i < iterations; i++)
        {
            s0 = Avx512F.FusedMultiplyAdd(s0, m, d); s1 = Avx512F.FusedMultiplyAdd(s1, m, d); s2 = Avx512F.FusedMultiplyAdd(s2, m, d);
            s3 = Avx512F.FusedMultiplyAdd(s3, m, d); s4 = Avx512F.FusedMultiplyAdd(s4, m, d); s5 = Avx512F.FusedMultiplyAdd(s5, m, d);
            s6 = Avx512F.FusedMultiplyAdd(s6, m, d); s7 = Avx512F.FusedMultiplyAdd(s7, m, d); s8 = Avx512F.FusedMultiplyAdd(s8, m, d);
            s9 = Avx512F.FusedMultiplyAdd(s9, m, d); s10 = Avx512F.FusedMultiplyAdd(s10, m, d); s11 = Avx512F.FusedMultiplyAdd(s11, m, d);
        }

        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double FmaLoop256(long iterations)
    {
        Vector256<double> m = Vector256.Create(0.999999), d = Vector256.Create(1e-9);
        Vector256<double> s0 = Vector256.Create(1.0), s1 = s0 + d, s2 = s1 + d, s3 = s2 + d, s4 = s3 + d, s5 = s4 + d;
        Vector256<double> s6 = s5 + d, s7 = s6 + d, s8 = s7 + d, s9 = s8 + d, s10 = s9 + d, s11 = s10 + d;
        for (long i = 0; i < iterations; i++)
        {
            s0 = Fma.MultiplyAdd(s0, m, d); s1 = Fma.MultiplyAdd(s1, m, d); s2 = Fma.MultiplyAdd(s2, m, d);
            s3 = Fma.MultiplyAdd(s3, m, d); s4 = Fma.MultiplyAdd(s4, m, d); s5 = Fma.MultiplyAdd(s5, m, d);
            s6 = Fma.MultiplyAdd(s6, m, d); s7 = Fma.MultiplyAdd(s7, m, d); s8 = Fma.MultiplyAdd(s8, m, d);
            s9 = Fma.MultiplyAdd(s9, m, d); s10 = Fma.MultiplyAdd(s10, m, d); s11 = Fma.MultiplyAdd(s11, m, d);
        }

        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    // ---- Products ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Every product of a training step of both networks, through the public Dense kernels the generated code calls, on
    /// one thread: the figures are a share of one core's peak (outside <c>Trainer.Fit</c> the kernels' thread count is
    /// automatic, which split the large products over both cores and reported up to 132% of one core's peak).
    /// <c>--speed gemm-threads</c> measures them on two.
    /// </summary>
    private static void Gemm(double peak)
    {
        using var oneThread = KernelThreads.Limit(1);
        Print("peak", peak, "GFLOP/s");
        (string Network, int Rows, int[] Widths)[] networks = [("784-256-128-10", 64, [784, 256, 128, 10]), ("64-32-10", 32, [64, 32, 10])];
        foreach (var (network, rows, widths) in networks)
        {
            for (int layer = 0; layer + 1 < widths.Length; layer++)
            {
                int inputs = widths[layer], outputs = widths[layer + 1];
                double[] w = Values(outputs * inputs), bias = Values(outputs), x = Values(rows * inputs);
                double[] z = new double[rows * outputs], delta = Values(rows * outputs), dw = new double[w.Length], db = new double[outputs];
                double[] back = new double[rows * inputs];
                double flops = 2.0 * rows * inputs * outputs;
                string name = $"{network} layer {layer + 1}";
                Report($"{name} forward Z = X·Wᵀ + b (m={rows}, n={outputs}, k={inputs})", flops, peak, () => Dense.ForwardBatch(w, bias, x, z, rows));
                if (layer > 0)
                {
                    Report($"{name} backward ΔA = Δ·W (m={rows}, n={inputs}, k={outputs})", flops, peak, () => Dense.BackpropagateBatch(w, delta, back, rows));
                }

                Report($"{name} gradient ΔW += Δᵀ·X (m={outputs}, n={inputs}, k={rows})", flops, peak, () => Dense.AccumulateGradientBatch(delta, x, dw, db, rows));
            }
        }
    }

    /// <summary>
    /// The bare loop of <see cref="Tax"/> on the 784-256-128-10 network, its products on <paramref name="threads"/> threads
    /// (automatic when null), and how many products were split and how many parts the workers ran.
    /// </summary>
    private static void Bare(int? threads)
    {
        using (KernelThreads.Limit(threads))
        {
            long splits = KernelThreads.SplitProductsRun, helped = KernelThreads.PartsRunByWorkers;
            Print("mnist-bare-epoch", BareEpochs(new Mnist784Net(), MnistSamples(), 64, 0.01, 4), "ms");
            Print("split-products", KernelThreads.SplitProductsRun - splits, "products");
            Print("parts-run-by-workers", KernelThreads.PartsRunByWorkers - helped, "parts");
        }
    }

    /// <summary>The products of the 784-256-128-10 network's first two layers on 1 and on 2 threads, interleaved.</summary>
    private static void GemmThreads(double peak)
    {
        Print("peak", peak, "GFLOP/s (one core)");
        int[] widths = [784, 256, 128];
        const int rows = 64;
        for (int layer = 0; layer + 1 < widths.Length; layer++)
        {
            int inputs = widths[layer], outputs = widths[layer + 1];
            double[] w = Values(outputs * inputs), bias = Values(outputs), x = Values(rows * inputs);
            double[] z = new double[rows * outputs], delta = Values(rows * outputs), dw = new double[w.Length], db = new double[outputs];
            double flops = 2.0 * rows * inputs * outputs;
            foreach (int threads in new[] { 1, 2, 1, 2 })
            {
                long jobs = KernelThreads.SplitProductsRun, helped = KernelThreads.PartsRunByWorkers;
                using (KernelThreads.Limit(threads))
                {
                    Report($"{threads} thread(s) layer {layer + 1} forward (m={rows}, n={outputs}, k={inputs})", flops, peak, () => Dense.ForwardBatch(w, bias, x, z, rows));
                    Report($"{threads} thread(s) layer {layer + 1} gradient (m={outputs}, n={inputs}, k={rows})", flops, peak, () => Dense.AccumulateGradientBatch(delta, x, dw, db, rows));
                }

                Console.WriteLine($"split products {KernelThreads.SplitProductsRun - jobs}, parts run by workers {KernelThreads.PartsRunByWorkers - helped}");
            }
        }
    }

    /// <summary>The best time of many short rounds (about 0.3 ms each), for the reason <see cref="PeakGflops"/> gives.</summary>
    private static void Report(string name, double flops, double peak, Action product)
    {
        for (int i = 0; i < 20; i++)
        {
            product();
        }

        long start = Stopwatch.GetTimestamp();
        product();
        double once = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int calls = Math.Max(1, (int)(0.0003 / Math.Max(once, 1e-9)));
        double best = double.MaxValue;
        for (int round = 0; round < 300; round++)
        {
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                product();
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / calls);
        }

        double gflops = flops / best / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gemm {gflops:F2} GFLOP/s {100 * gflops / peak:F0} % {best * 1e6:F2} us {name}"));
    }

    private static double[] Values(int count)
    {
        var random = new Random(count);
        return Enumerable.Range(0, count).Select(_ => random.NextDouble() - 0.5).ToArray();
    }

    // ---- Training ----------------------------------------------------------------------------------------------

    private static readonly TrainingOptions DigitsOptions = new() { BatchSize = 32, Seed = 1, MaxEpochs = 10 };

    /// <summary>The first Fit of the process: data loaded first, then the 10 epochs timed, as digits.py times its loop.</summary>
    private static void DigitsCold()
    {
        DigitsNet.Sample[] digits = DigitsData.Load();
        var network = new DigitsNet();
        network.Initialize(seed: 1);
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
        long methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var watch = Stopwatch.StartNew();
        var result = Trainer.Fit(network, digits, new GradientDescent(0.1), DigitsOptions);
        double ms = watch.Elapsed.TotalMilliseconds;
        Print("digits-cold-fit", ms, "ms");
        Print("digits-cold-cpu", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds, "ms");
        Print("digits-cold-jit", (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds, "ms");
        Print("digits-cold-jitted", System.Runtime.JitInfo.GetCompiledMethodCount() - methods, "methods");
        Print("digits-cold-epochs", result.History[^1].Elapsed.TotalMilliseconds, "ms");
    }

    private static void DigitsWarm()
    {
        DigitsNet.Sample[] digits = DigitsData.Load();
        var network = new DigitsNet();
        network.Initialize(seed: 1);
        var result = Trainer.Fit(network, digits, new GradientDescent(0.1), new TrainingOptions { BatchSize = 32, Seed = 1, MaxEpochs = 40 });
        Print("digits-warm-epoch", BestEpoch(result), "ms");
        double accuracy = digits.Count(s => network.Classify(s.Input) == s.Label) / (double)digits.Length;
        Print("digits-accuracy", 100 * accuracy, "%");
    }

    /// <summary>
    /// The best of 4 epochs with <see cref="TrainingOptions.MaxDegreeOfParallelism"/> = <paramref name="threads"/>, and a
    /// hash of the trained parameters' bits, which must not depend on the thread count.
    /// </summary>
    private static void Mnist(int threads)
    {
        var samples = MnistSamples();
        var network = new Mnist784Net();
        network.Initialize(seed: 1);
        var options = new TrainingOptions { BatchSize = 64, Seed = 1, MaxEpochs = 4, MaxDegreeOfParallelism = threads };
        var result = Trainer.Fit(network, samples, new GradientDescent(0.01), options);
        Print("mnist-epoch", BestEpoch(result), "ms");
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        Console.WriteLine($"mnist-parameter-bits {BitHash(parameters):x16} fnv1a");
    }

    /// <summary>FNV-1a over the bits of every value: equal hashes after equal runs, different after any bit differs.</summary>
    private static ulong BitHash(ReadOnlySpan<double> values)
    {
        ulong hash = 14695981039346656037;
        foreach (double value in values)
        {
            hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(value)) * 1099511628211;
        }

        return hash;
    }

    private static void MnistSingle()
    {
        // The same draws as MnistSamples, rounded to float: PyTorch's float32 run takes its own torch.rand, as the double one.
        var samples = MnistSamples().Select(s => new Mnist784SingleNet.Sample(s.Input.Select(v => (float)v).ToArray(), s.Label)).ToArray();
        var network = new Mnist784SingleNet();
        network.Initialize(seed: 1);
        var result = Trainer.Fit(network, samples, new GradientDescent(0.01), new TrainingOptions { BatchSize = 64, Seed = 1, MaxEpochs = 4 });
        Print("mnist32-epoch", BestEpoch(result), "ms");
    }

    private static Mnist784Net.Sample[] MnistSamples()
    {
        var random = new Random(3);
        var samples = new Mnist784Net.Sample[10_000];
        for (int i = 0; i < samples.Length; i++)
        {
            var input = new double[784];
            for (int j = 0; j < input.Length; j++)
            {
                input[j] = random.NextDouble();
            }

            samples[i] = new Mnist784Net.Sample(input, random.Next(10));
        }

        return samples;
    }

    /// <summary>What Trainer.Fit's bookkeeping costs: its best epoch against the best epoch of the bare loop.</summary>
    private static void Tax()
    {
        DigitsNet.Sample[] digits = DigitsData.Load();
        var small = new DigitsNet();
        var smallFit = Trainer.Fit(small, digits, new GradientDescent(0.1), new TrainingOptions { BatchSize = 32, Seed = 1, MaxEpochs = 40 });
        Print("digits-fit-epoch", BestEpoch(smallFit), "ms");
        Print("digits-bare-epoch", BareEpochs(small, digits, 32, 0.1, 40), "ms");
        Mnist784Net.Sample[] samples = MnistSamples();
        var large = new Mnist784Net();
        var largeFit = Trainer.Fit(large, samples, new GradientDescent(0.01), new TrainingOptions { BatchSize = 64, Seed = 1, MaxEpochs = 4 });
        Print("mnist-fit-epoch", BestEpoch(largeFit), "ms");
        Print("mnist-bare-epoch", BareEpochs(large, samples, 64, 0.01, 4), "ms");
    }

    /// <summary>The loop of bench/pytorch/speed.py: shuffle; per batch clear the gradient, BackwardBatch, mean, SGD step.</summary>
    private static double BareEpochs<TSample>(INetwork<TSample> network, TSample[] samples, int batchSize, double rate, int epochs)
        where TSample : struct
    {
        double[] gradient = new double[network.ParameterCount], parameters = new double[network.ParameterCount];
        int[] order = Enumerable.Range(0, samples.Length).ToArray();
        var shuffle = new Random(1);
        var descent = new GradientDescent(rate);
        double best = double.MaxValue, bestBackward = double.MaxValue, bestStep = double.MaxValue;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            long start = Stopwatch.GetTimestamp();
            shuffle.Shuffle(order);
            network.CopyParametersTo(parameters);
            for (int first = 0; first < order.Length; first += batchSize)
            {
                ReadOnlySpan<int> batch = order.AsSpan(first, Math.Min(batchSize, order.Length - first));
                long backward = Stopwatch.GetTimestamp();
                Array.Clear(gradient);
                network.BackwardBatch(samples, batch, gradient);
                long step = Stopwatch.GetTimestamp();
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] /= batch.Length;
                }

                descent.Step(parameters, gradient);
                network.SetParameters(parameters);
                long end = Stopwatch.GetTimestamp();
                if (batch.Length == batchSize)
                {
                    bestBackward = Math.Min(bestBackward, (step - backward) * 1e3 / Stopwatch.Frequency);
                    bestStep = Math.Min(bestStep, (end - step) * 1e3 / Stopwatch.Frequency);
                }
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        // The least time of one batch's BackwardBatch and of its step, over every batch: near the unloaded figures.
        Print("best-batch-backward", bestBackward, "ms");
        Print("best-batch-step", bestStep, "ms");
        return best;
    }

    private static double BestEpoch(TrainingResult result)
    {
        var epochs = result.History;
        double best = epochs[0].Elapsed.TotalMilliseconds;
        for (int i = 1; i < epochs.Count; i++)
        {
            best = Math.Min(best, (epochs[i].Elapsed - epochs[i - 1].Elapsed).TotalMilliseconds);
        }

        return best;
    }
}
