using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Testing;
using Xunit.Abstractions;

namespace SymbolicGd.Generator.Tests.Scale;

/// <summary>
/// Generated gradient code grows linearly with the loss, never exponentially: for a loss of n operations the
/// Backward body has at most about 4n operations (the forward pass, and for each operation its local derivative
/// and one product with the adjoint per operand), also for deep compositions, long sums, relu/max chains,
/// branches and many parameters. Speed is measured by the benchmarks, not here: the only time limit is a
/// generous guard against a hang.
/// </summary>
public class ScaleTests
{
    /// <summary>Backward ≤ 4n + this: the length check and a few constants' worth of slack.</summary>
    private const int Slack = 16;

    private static readonly TimeSpan s_hangGuard = TimeSpan.FromMinutes(2);

    // Both theories measure the same losses: each is generated once.
    private static readonly ConcurrentDictionary<(string, int), Lazy<Task<Measurement>>> s_measured = new();

    private readonly ITestOutputHelper _output;

    public ScaleTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, int> Families => new()
    {
        { nameof(ScaleLosses.NestedTanh), 500 },
        { nameof(ScaleLosses.TanhStatements), 500 },
        { nameof(ScaleLosses.SumOfProducts), 3000 },
        { nameof(ScaleLosses.ReluMaxChain), 400 },
        { nameof(ScaleLosses.ManyParameters), 1000 },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Backward_has_at_most_four_operations_per_loss_operation(string family, int n)
    {
        var (lossOperations, backwardOperations, _) = await Measure(family, n);

        _output.WriteLine($"{family}({n}): loss {lossOperations} operations, Backward {backwardOperations} ({(double)backwardOperations / lossOperations:F2} per loss operation)");
        Assert.True(lossOperations >= n, $"the loss of {family}({n}) has only {lossOperations} operations");
        Assert.True(backwardOperations <= 4 * lossOperations + Slack, $"{family}({n}): Backward has {backwardOperations} operations for a loss of {lossOperations}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Doubling_the_loss_at_most_doubles_Backward(string family, int n)
    {
        var small = await Measure(family, n / 2);
        var large = await Measure(family, n);

        double ratio = (double)large.Backward / small.Backward;
        double sourceRatio = (double)large.SourceLength / small.SourceLength;
        _output.WriteLine($"{family}: {n / 2} → {small}, {n} → {large}: ratio {ratio:F3} in operations, {sourceRatio:F3} in characters");
        Assert.True(ratio < 2.5, $"{family}: doubling n from {n / 2} to {n} took Backward from {small.Backward} to {large.Backward} operations");
        Assert.True(sourceRatio < 2.5, $"{family}: doubling n from {n / 2} to {n} took the generated file from {small.SourceLength} to {large.SourceLength} characters");
    }

    [Theory]
    [InlineData(200)]
    public async Task Branch_chain_Backward_has_at_most_four_operations_per_loss_operation(int n) =>
        await Backward_has_at_most_four_operations_per_loss_operation(nameof(ScaleLosses.BranchChain), n);

    [Theory]
    [InlineData(200)]
    public async Task Branch_chain_doubling_at_most_doubles_Backward(int n) =>
        await Doubling_the_loss_at_most_doubles_Backward(nameof(ScaleLosses.BranchChain), n);

    [Theory]
    [InlineData(400)]
    public async Task Else_if_chain_doubling_at_most_doubles_the_generated_file(int n) =>
        await Doubling_the_loss_at_most_doubles_Backward(nameof(ScaleLosses.ElseIfChain), n);

    [Fact]
    public async Task Nested_tanh_gradient_matches_finite_differences()
    {
        var run = await Generate(ScaleLosses.NestedTanh(500));
        var model = (IDifferentiableLoss)Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;

        // At p0 = 0.9, p1 = 0.1 the composition converges to the fixed point u* = tanh(0.9·u* + 0.1) and
        // the derivatives to those of the fixed point: finite, of order one, and smooth, so central differences
        // with h = 1e-6 are good to about h² · |L'''| + ε·|L|/h ≈ 1e-10; 1e-7 leaves room for the sum over 500
        // levels.
        AssertGradientMatchesFiniteDifferences(model, step: 1e-6, tolerance: 1e-7);
    }

    [Fact]
    public async Task Branch_chain_gradient_matches_finite_differences()
    {
        var run = await Generate(ScaleLosses.BranchChain(200));
        var model = (IDifferentiableLoss)Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;

        // Each branch is smooth; a step of 1e-7 must not flip any of the 200 comparisons, which the loss
        // reaching the same value on both sides of each parameter (to first order) confirms below.
        AssertGradientMatchesFiniteDifferences(model, step: 1e-7, tolerance: 1e-5);
    }

    private static void AssertGradientMatchesFiniteDifferences(IDifferentiableLoss model, double step, double tolerance)
    {
        int count = model.ParameterCount;
        var gradient = new double[count];
        double value = model.Backward(gradient);
        Assert.Equal(model.Loss(), value);

        for (int i = 0; i < count; i++)
        {
            double estimate = CentralDifference.Partial(model, model.Loss, i, step);
            Assert.True(
                Math.Abs(estimate - gradient[i]) <= tolerance * Math.Max(1, Math.Abs(estimate)),
                $"∂L/∂{model.ParameterNames[i]}: Backward {gradient[i]:R}, central difference {estimate:R}");
        }
    }

    private static Task<Measurement> Measure(string family, int n) =>
        s_measured.GetOrAdd((family, n), key => new Lazy<Task<Measurement>>(() => MeasureOnce(key.Item1, key.Item2))).Value;

    private static async Task<Measurement> MeasureOnce(string family, int n)
    {
        string source = family switch
        {
            nameof(ScaleLosses.NestedTanh) => ScaleLosses.NestedTanh(n),
            nameof(ScaleLosses.TanhStatements) => ScaleLosses.TanhStatements(n),
            nameof(ScaleLosses.SumOfProducts) => ScaleLosses.SumOfProducts(n),
            nameof(ScaleLosses.ReluMaxChain) => ScaleLosses.ReluMaxChain(n),
            nameof(ScaleLosses.BranchChain) => ScaleLosses.BranchChain(n),
            nameof(ScaleLosses.ManyParameters) => ScaleLosses.ManyParameters(n),
            nameof(ScaleLosses.ElseIfChain) => ScaleLosses.ElseIfChain(n),
            _ => throw new ArgumentOutOfRangeException(nameof(family)),
        };
        var run = await Generate(source);
        return new Measurement(OperationCounter.LossOperations(source), OperationCounter.BackwardOperations(run.Source), run.Source.Length);
    }

    /// <summary>Runs the generator on a thread of its own, failing if it hangs; asserts a clean result.</summary>
    private static async Task<GeneratorRun> Generate(string source)
    {
        var work = Task.Run(() => GeneratorHarness.Run(source));
        var finished = await Task.WhenAny(work, Task.Delay(s_hangGuard));
        Assert.True(finished == work, $"the generator did not finish within {s_hangGuard}");
        var run = await work;
        Assert.Null(run.Result.Exception);
        Assert.Empty(run.GeneratorDiagnostics.Select(d => d.ToString()));
        Assert.Empty(run.GeneratedFileProblems.Select(d => d.ToString()));
        Assert.Empty(run.CompilationErrors.Select(d => d.ToString()));
        return run;
    }
}

public sealed record Measurement(int Loss, int Backward, int SourceLength);
