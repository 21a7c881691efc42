using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Running;

namespace SymbolicGd.Benchmarks;

/// <summary>
/// Runs the benchmarks BenchmarkDotNet's arguments select, e.g. <c>--filter '*'</c> or <c>--filter '*Backward*'</c>;
/// <c>--probe Family n [--nullable] [--rounds r] [file]</c> instead runs the generator r times (3 unless told) on
/// a scale loss (after one warm-up run on a small one), each time after binding the loss alone, and prints its time,
/// allocation and the generated file's size (and writes the file when one is named): a quick look, not a measurement.
/// <c>--nullable</c> compiles the loss with nullable reference types enabled; <c>--second-order</c> marks the model
/// <c>[Differentiable(SecondOrder = true)]</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--second-order")
        {
            SecondOrderSpeed.Run();
            return;
        }

        if (args.Length == 2 && args[0] == "--speed")
        {
            SpeedRuns.Run(args[1]);
            return;
        }

        if (args.Length == 4 && args[0] == "--speed" && args[2] == "--threads")
        {
            SpeedRuns.Run(args[1], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        if (args.Length == 5 && args[0] == "--probe-locals")
        {
            // --probe-locals Family n maxLocals file: the file generated with a lower limit on a method's locals.
            var small = new GeneratorBenchmarks { Loss = $"{args[1]}({args[2]})" };
            small.Setup();
            var model = SymbolicGd.Generator.Scalar.ScalarPipeline.Generate(small.ParseSpec(), default, int.Parse(args[3], CultureInfo.InvariantCulture));
            System.IO.File.WriteAllText(args[4], model.Source ?? string.Join("\n", model.Findings.Select(f => f.Id + " " + string.Join(", ", f.MessageArguments))));
            return;
        }

        if (args.Length >= 3 && args[0] == "--probe")
        {
            var rest = args.Skip(3).ToList();
            bool nullable = rest.Remove("--nullable");
            bool secondOrder = rest.Remove("--second-order");
            int rounds = 3;
            int roundsAt = rest.IndexOf("--rounds");
            if (roundsAt >= 0 && roundsAt + 1 < rest.Count)
            {
                rounds = int.Parse(rest[roundsAt + 1], CultureInfo.InvariantCulture);
                rest.RemoveRange(roundsAt, 2);
            }

            Probe(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), nullable, secondOrder, rounds, rest.SingleOrDefault());
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void Probe(string family, int n, bool nullable, bool secondOrder, int rounds, string? outputPath)
    {
        if (Environment.GetEnvironmentVariable("PROBE_TRACE") == "1")
        {
            System.Diagnostics.Trace.Listeners.Add(new System.Diagnostics.TextWriterTraceListener(Console.Error));
        }

        var warmUp = new GeneratorBenchmarks { Loss = $"{family}(10)" };
        warmUp.Setup();
        warmUp.Generate();

        // Rounds, each binding the loss alone and then generating: the first pays for jitting Roslyn's and the
        // generator's code on a large input (a command-line build's cost), the later ones are what a warm compiler
        // server pays. Binding alone is the floor: the generator reads the loss through GetOperation, which binds it.
        var benchmark = new GeneratorBenchmarks { Loss = $"{family}({n})" + (nullable ? " nullable" : "") + (secondOrder ? " second-order" : "") };
        benchmark.Setup();
        string generated = "";
        for (int round = 1; round <= rounds; round++)
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
                $"{benchmark.Loss} round {round}: loss {benchmark.LossOperations} operations, generator {stopwatch.Elapsed.TotalSeconds:F2} s, {allocated / 1e6:F0} MB allocated, generated {generated.Length / 1e6:F2} MB; of which Roslyn binding the loss ≈ {binding:F2} s, {bindingAllocated / 1e6:F0} MB (measured alone)"));
        }

        // The generator's own share alone, on the parsed model: no Roslyn, so its minimum over rounds is steady
        // enough to compare two versions of the generator on this noisy machine.
        var spec = benchmark.ParseSpec();
        var own = new System.Collections.Generic.List<double>();
        var ownCpu = new System.Collections.Generic.List<double>();
        var process = Process.GetCurrentProcess();
        for (int round = 1; round <= Math.Max(rounds, 5); round++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            GeneratorBenchmarks.GenerateFromSpec(spec);
            own.Add(stopwatch.Elapsed.TotalSeconds);
            process.Refresh();
            ownCpu.Add((process.TotalProcessorTime - cpu).TotalSeconds);
        }

        own.Sort();
        ownCpu.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"{benchmark.Loss} own share (lowering, differentiation, writing) over {own.Count} rounds: min {own[0]:F3} s, median {own[own.Count / 2]:F3} s; CPU time (all threads, the collector's included) min {ownCpu[0]:F3} s, median {ownCpu[ownCpu.Count / 2]:F3} s ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)"));

        if (outputPath is not null)
        {
            System.IO.File.WriteAllText(outputPath, generated);
        }
    }
}
