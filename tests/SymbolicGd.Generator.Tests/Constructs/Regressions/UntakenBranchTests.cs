using System;
using System.Diagnostics;
using System.Linq;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs.Regressions;

/// <summary>A value used under several conditions: no NaN from a branch not taken, through sums and choices of adjoints.</summary>
public class UntakenBranchTests
{
    [Theory]
    [InlineData(-1.0, 1.0)]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 1.0)] // Log(0.5)·w on one branch
    [InlineData(2.0, 1.0)] // on both
    public void A_value_under_two_conditions_keeps_the_untaken_NaN_out(double x, double expectedOverLog)
    {
        var (_, g) = new RegSharedUnderTwoConditions { w = 0.75 }.ValueAndGradient(x);
        double expected = x > 1 ? 2 * Math.Log(x) + 1 : x > 0 ? Math.Log(x) + 1 : expectedOverLog;
        Assert.Equal(expected, g.w, 15);
        Check(new RegSharedUnderTwoConditions { w = 0.75 }, new RegSharedUnderTwoConditions.Sample(x), m => m.ValueAndGradient(x));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void A_logarithm_under_two_conditions(double x)
    {
        var (_, g) = new RegSharedLogUnderTwoConditions { w = 0.75 }.ValueAndGradient(x);
        Assert.Equal(x > 1 ? 2 / 0.75 : x > 0 ? 1 / 0.75 : 1, g.w, 15);
        Check(new RegSharedLogUnderTwoConditions { w = 0.75 }, new RegSharedLogUnderTwoConditions.Sample(x), m => m.ValueAndGradient(x));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void A_value_used_twice_on_the_branch_not_taken(double x)
    {
        var (_, g) = new RegTwiceOnOneBranch { w = 0.75 }.ValueAndGradient(x);
        Assert.Equal(x > 0 ? 2 * Math.Log(x) : 1, g.w, 15);
    }

    [Theory]
    [InlineData(-1.0, 1.0, 1.0)]
    [InlineData(0.0, 1.0, 1.0)]
    [InlineData(0.5, 1.0, 1.0)]
    [InlineData(3.0, -1.0, 1.0)]
    public void A_choice_of_choices_keeps_the_untaken_NaN_out(double x, double y, double expected)
    {
        var (_, g) = new RegChoiceOfChoices { w = 0.75 }.ValueAndGradient(x, y);
        Assert.Equal(expected, g.w);
        Check(new RegChoiceOfChoices { w = 0.75 }, new RegChoiceOfChoices.Sample(3, 1), m => m.ValueAndGradient(3, 1));
        Check(new RegChoiceOfChoices { w = 0.75 }, new RegChoiceOfChoices.Sample(0.5, -1), m => m.ValueAndGradient(0.5, -1));
    }

    [Fact]
    public void Forty_successive_branches_keep_the_generated_code_linear()
    {
        // Each if reads the last value on both branches: a derivative distributed over the branches as a tree
        // would double in size at each one.
        string Body(int n) => string.Join("\n", Enumerable.Range(0, n).Select(k =>
            $"        s = x > {k} ? a * s + (x < {k + 2} ? a : s) : s + a * (y > {k} ? s : a);"));
        string Source(int n) => $$"""
                [Param] public double w = 0.5, b = -0.25;

                [Loss]
                public double L(double x, double y)
                {
                    double a = Math.Log(x) * w;
                    double s = w;
            {{Body(n)}}
                    return s * b;
                }
            """;

        int small = GeneratorHarness.Run(GeneratorHarness.Model(Source(10))).AssertClean().Source.Length;
        var watch = Stopwatch.StartNew();
        var run = GeneratorHarness.Run(GeneratorHarness.Model(Source(40))).AssertClean();
        Assert.True(run.Source.Length < 8 * small, $"10 branches: {small} characters; 40: {run.Source.Length}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"generation took {watch.Elapsed}");

        var model = Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;
        foreach (var (x, y) in new[] { (0.5, 3.0), (2.5, 1.5), (10.5, 20.0), (41.5, -1.0) })
        {
            CheckLoaded(model, new[] { x, y });
        }
    }
}
