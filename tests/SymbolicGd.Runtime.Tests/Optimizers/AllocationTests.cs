using System;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>After the first step, stepping allocates nothing.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> AllKinds() => OptimizerKinds.AllData();

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void A_thousand_steps_after_the_first_allocate_nothing(string kind)
    {
        IOptimizer optimizer = OptimizerKinds.Create(kind);
        double[] p = new double[64];
        double[] g = new double[64];
        for (int i = 0; i < g.Length; i++)
        {
            p[i] = i * 0.01;
            g[i] = (i % 7) - 3.0;
        }

        // The uncounted first run sizes the state.
        long allocated = Allocations.Fewest(() =>
        {
            for (int step = 0; step < 1000; step++)
            {
                optimizer.Step(p, g);
            }
        });
        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Reset_and_stepping_again_with_the_same_count_allocates_nothing(string kind)
    {
        IOptimizer optimizer = OptimizerKinds.Create(kind);
        double[] p = new double[16];
        double[] g = new double[16];
        g.AsSpan().Fill(0.5);
        optimizer.Step(p, g);
        long allocated = Allocations.Fewest(() =>
        {
            for (int run = 0; run < 100; run++)
            {
                optimizer.Reset();
                optimizer.Step(p, g);
                optimizer.Step(p, g);
            }
        });
        Assert.Equal(0, allocated);
    }
}
