using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>
/// Thousands of randomly generated losses never crash the generator: each gives compiling code or an SGD error,
/// every model written in the supported language generates, and its Backward agrees with finite differences.
/// </summary>
/// <remarks>
/// The seeds are fixed, so a failure reproduces: it names its model, R&lt;seed&gt;_&lt;i&gt;, whose seed
/// <c>SYMBOLICGD_FUZZ_SEED=&lt;seed&gt; dotnet test --filter RandomLossTests</c> runs alone (and
/// <c>SYMBOLICGD_FUZZ_MODEL=&lt;name&gt;</c> keeps one model of it). Each seed gives <see cref="ModelsPerBatch"/>
/// models; the models of <see cref="SeedsPerCompilation"/> seeds are compiled together, so the generator and the
/// compiler run once per group, and the groups run in parallel: a compilation's cost is mostly fixed (its references,
/// its assembly), and the models of one seed are the same whichever group they are in.
/// </remarks>
public class RandomLossTests
{
    public const int FirstSeed = 1_000;
    public const int Batches = 20;
    public const int ModelsPerBatch = 60;
    public const int SeedsPerCompilation = 5;

    /// <summary>Models with a double as a condition (SGD0033), in a compilation of their own.</summary>
    public const int DoubleConditionModels = 30;

    private readonly ITestOutputHelper _output;

    public RandomLossTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Random_losses_generate_or_report_and_their_gradients_match_finite_differences()
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        // One more compilation: models whose loss uses a double as a condition, which is not C# (CS0029), so they
        // cannot share a compilation whose models' gradients are checked. Each must be SGD0033 on the condition.
        var groups = Seeds(FirstSeed, Batches).Chunk(SeedsPerCompilation).Select(seeds => (Seeds: seeds, DoubleConditions: false)).ToList();
        groups.Add((new[] { FirstSeed + Batches }, true));
        var report = RunInParallel(groups, group =>
        {
            var models = group.Seeds.SelectMany(seed =>
            {
                var random = new Random(seed);
                return group.DoubleConditions
                    ? Enumerable.Range(0, DoubleConditionModels).Select(i => LossGenerator.Generate(random, $"D{seed}_{i}", doubleCondition: true)).ToList()
                    : Enumerable.Range(0, ModelsPerBatch).Select(i => LossGenerator.Generate(random, $"R{seed}_{i}")).ToList();
            }).Where(OnlyModel).ToList();
            var batch = new FuzzReport();
            FuzzRunner.RunBatch(models, group.Seeds[0], batch, new Random(group.Seeds[0] * 7919));
            return batch;
        });

        _output.WriteLine($"{report} in {clock.Elapsed.TotalSeconds:F1} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of CPU)");
        foreach (var (injected, (count, ids)) in report.Injections)
        {
            _output.WriteLine($"injected {injected}: {count}× [{string.Join(",", ids)}]");
        }

        AssertNoFailures(report, _output);
        if (Environment.GetEnvironmentVariable("SYMBOLICGD_FUZZ_MODEL") is null)
        {
            Assert.True(report.Injections.GetValueOrDefault("double condition").Count >= DoubleConditionModels / 2, "too few models with a double as a condition");
        }

        // The checker must not be vacuous: most supported models get their gradient compared at a point.
        Assert.True(report.PointsChecked >= report.Supported / 2, $"only {report.PointsChecked} of {report.Supported} supported models were checked numerically");
        Assert.True(report.DerivativesChecked >= report.PointsChecked, $"only {report.DerivativesChecked} derivatives checked at {report.PointsChecked} points");
    }

    /// <summary>Runs the batches on all cores, each with a report of its own, and sums the reports in batch order.</summary>
    internal static FuzzReport RunInParallel<TBatch>(IReadOnlyList<TBatch> batches, Func<TBatch, FuzzReport> run)
    {
        var reports = new FuzzReport[batches.Count];
        Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => reports[i] = run(batches[i]));
        var total = new FuzzReport();
        foreach (var report in reports)
        {
            total.Add(report);
        }

        return total;
    }

    internal static IEnumerable<int> Seeds(int first, int count)
    {
        string? only = Environment.GetEnvironmentVariable("SYMBOLICGD_FUZZ_SEED");
        return only is null ? Enumerable.Range(first, count) : new[] { int.Parse(only, CultureInfo.InvariantCulture) };
    }

    /// <summary><c>SYMBOLICGD_FUZZ_MODEL=R1003_17</c> keeps one model of the batch, to reproduce a failure alone.</summary>
    internal static bool OnlyModel(FuzzModel model) =>
        Environment.GetEnvironmentVariable("SYMBOLICGD_FUZZ_MODEL") is not { } only ||
        only.Split(',').Contains(model.Name, StringComparer.Ordinal);

    internal static void AssertNoFailures(FuzzReport report, ITestOutputHelper output)
    {
        foreach (string failure in report.Failures.Take(3))
        {
            output.WriteLine(failure);
            output.WriteLine(string.Empty);
        }

        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} failures; the first: {report.Failures.FirstOrDefault()}");
    }
}
