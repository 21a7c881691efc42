using System;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace SymbolicGd.Benchmarks;

/// <summary>
/// Runs the benchmarks BenchmarkDotNet's arguments select, e.g. <c>--filter '*'</c> or <c>--filter '*Backward*'</c>;
/// <c>--probe Family n</c> instead runs the generator once on a scale loss (after one warm-up run on a small one)
/// and prints its time, allocation and the generated file's size: a quick look, not a measurement.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "--probe")
        {
            Probe(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void Probe(string family, int n)
    {
        if (Environment.GetEnvironmentVariable("PROBE_TRACE") == "1")
        {
            System.Diagnostics.Trace.Listeners.Add(new System.Diagnostics.TextWriterTraceListener(Console.Error));
        }

        var warmUp = new GeneratorBenchmarks { Loss = $"{family}(10)" };
        warmUp.Setup();
        warmUp.Generate();

        var benchmark = new GeneratorBenchmarks { Loss = $"{family}({n})" };
        benchmark.Setup();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        int length = benchmark.GenerateLength();
        stopwatch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Console.WriteLine(FormattableString.Invariant(
            $"{family}({n}): loss {benchmark.LossOperations} operations, {stopwatch.Elapsed.TotalSeconds:F2} s, {allocated / 1e6:F0} MB allocated, generated {length / 1e6:F2} MB"));
    }
}
