using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Xunit.Abstractions;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>
/// Thousands of randomly generated losses never crash the generator: each gives compiling code or an SGD error,
/// every model written in the supported language generates, and its Backward agrees with finite differences.
/// </summary>
/// <remarks>
/// The seeds are fixed, so a failure reproduces: it names its batch seed, which
/// <c>SYMBOLICGD_FUZZ_SEED=&lt;seed&gt; dotnet test --filter RandomLossTests</c> runs alone (and
/// <c>SYMBOLICGD_FUZZ_MODEL=&lt;name&gt;</c> keeps one model of it). Models are compiled
/// <see cref="ModelsPerBatch"/> to a compilation, so the generator and the compiler run once per batch.
/// </remarks>
public class RandomLossTests
{
    public const int FirstSeed = 1_000;
    public const int Batches = 20;
    public const int ModelsPerBatch = 60;

    private readonly ITestOutputHelper _output;

    public RandomLossTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Random_losses_generate_or_report_and_their_gradients_match_finite_differences()
    {
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        foreach (int seed in Seeds(FirstSeed, Batches))
        {
            var random = new Random(seed);
            var models = Enumerable.Range(0, ModelsPerBatch).Select(i => LossGenerator.Generate(random, $"R{seed}_{i}")).Where(OnlyModel).ToList();
            FuzzRunner.RunBatch(models, seed, report, new Random(seed * 7919));
        }

        _output.WriteLine($"{report} in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var (injected, (count, ids)) in report.Injections)
        {
            _output.WriteLine($"injected {injected}: {count}× [{string.Join(",", ids)}]");
        }

        AssertNoFailures(report, _output);

        // The checker must not be vacuous: most supported models get their gradient compared at a point.
        Assert.True(report.PointsChecked >= report.Supported / 2, $"only {report.PointsChecked} of {report.Supported} supported models were checked numerically");
        Assert.True(report.DerivativesChecked >= report.PointsChecked, $"only {report.DerivativesChecked} derivatives checked at {report.PointsChecked} points");
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
