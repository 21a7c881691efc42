using System;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace SymbolicGd.Benchmarks;

/// <summary>
/// Runs the benchmarks BenchmarkDotNet's arguments select, e.g. <c>--filter '*'</c> or <c>--filter '*Backward*'</c>;
/// <c>--probe Family n [file]</c> instead runs the generator three times on a scale loss (after one warm-up run on a small
/// one), each time after binding the loss alone, and prints its time, allocation and the generated file's size (and writes the file when one is named): a quick look,
/// not a measurement.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length is 3 or 4 && args[0] == "--probe")
        {
            Probe(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args.Length == 4 ? args[3] : null);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void Probe(string family, int n, string? outputPath)
    {
        if (Environment.GetEnvironmentVariable("PROBE_TRACE") == "1")
        {
            System.Diagnostics.Trace.Listeners.Add(new System.Diagnostics.TextWriterTraceListener(Console.Error));
        }

        var warmUp = new GeneratorBenchmarks { Loss = $"{family}(10)" };
        warmUp.Setup();
        warmUp.Generate();

        // Three rounds, each binding the loss alone and then generating: the first pays for jitting Roslyn's and the
        // generator's code on a large input (a command-line build's cost), the later ones are what a warm compiler
        // server pays. Binding alone is the floor: the generator reads the loss through GetOperation, which binds it.
        var benchmark = new GeneratorBenchmarks { Loss = $"{family}({n})" };
        benchmark.Setup();
        string generated = "";
        for (int round = 1; round <= 3; round++)
        {
            long bindingAllocated = GC.GetTotalAllocatedBytes(precise: true);
            double binding = benchmark.BindLossBody().TotalSeconds;
            bindingAllocated = GC.GetTotalAllocatedBytes(precise: true) - bindingAllocated;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            generated = benchmark.GenerateText();
            stopwatch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine(FormattableString.Invariant(
                $"{family}({n}) round {round}: loss {benchmark.LossOperations} operations, generator {stopwatch.Elapsed.TotalSeconds:F2} s, {allocated / 1e6:F0} MB allocated, generated {generated.Length / 1e6:F2} MB; of which Roslyn binding the loss ≈ {binding:F2} s, {bindingAllocated / 1e6:F0} MB (measured alone)"));
        }

        if (outputPath is not null)
        {
            System.IO.File.WriteAllText(outputPath, generated);
        }
    }
}
