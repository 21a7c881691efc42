using System;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>Reset, and the lengths an optimizer accepts, for every kind of optimizer.</summary>
public sealed class StateTests
{
    public static TheoryData<string> AllKinds() => OptimizerKinds.AllData();

    public static TheoryData<string> StatefulKinds() => OptimizerKinds.StatefulData();

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void After_Reset_the_trajectory_repeats_from_the_start(string kind)
    {
        IOptimizer optimizer = OptimizerKinds.Create(kind);
        double[] first = Rosenbrock.Trajectory(optimizer, 20);
        optimizer.Reset();
        double[] again = Rosenbrock.Trajectory(optimizer, 20);
        Assert.Equal(first, again);
    }

    [Theory]
    [MemberData(nameof(StatefulKinds))]
    public void Without_Reset_the_state_carries_over(string kind)
    {
        // Shows that the Reset test above can fail: the state left by a run changes the next run.
        IOptimizer optimizer = OptimizerKinds.Create(kind);
        double[] first = Rosenbrock.Trajectory(optimizer, 20);
        double[] carriedOver = Rosenbrock.Trajectory(optimizer, 20);
        Assert.NotEqual(first, carriedOver);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Reset_keeps_the_learning_rate(string kind)
    {
        IOptimizer optimizer = OptimizerKinds.Create(kind);
        optimizer.LearningRate = 0.125;
        Rosenbrock.Trajectory(optimizer, 3);
        optimizer.Reset();
        Assert.Equal(0.125, optimizer.LearningRate);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Mismatched_lengths_throw_naming_both_and_change_nothing(string kind)
    {
        IOptimizer optimizer = OptimizerKinds.Create(kind);
        double[] p = { 1.0, 2.0, 3.0 };
        var error = Assert.Throws<ArgumentException>(() => optimizer.Step(p, new[] { 1.0, 1.0 }));
        Assert.Equal("gradient", error.ParamName);
        Assert.Contains("parameters.Length (3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("gradient.Length (2)", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, p);

        // The failed call sized no state: a two-parameter run afterwards is a normal first run.
        double[] expected = Rosenbrock.Trajectory(OptimizerKinds.Create(kind), 5);
        Assert.Equal(expected, Rosenbrock.Trajectory(optimizer, 5));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void A_later_step_with_another_parameter_count_throws(string kind)
    {
        IOptimizer optimizer = OptimizerKinds.Create(kind);
        optimizer.Step(new double[2], new[] { 1.0, 1.0 });
        var error = Assert.Throws<ArgumentException>(() => optimizer.Step(new double[3], new double[3]));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("parameters.Length is 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("sized for 2 parameters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void After_Reset_another_parameter_count_starts_afresh(string kind)
    {
        IOptimizer optimizer = OptimizerKinds.Create(kind);
        optimizer.Step(new double[3], new[] { 1.0, 2.0, 3.0 });
        optimizer.Reset();
        double[] expected = Rosenbrock.Trajectory(OptimizerKinds.Create(kind), 10);
        Assert.Equal(expected, Rosenbrock.Trajectory(optimizer, 10));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Each_optimizer_keeps_its_own_state(string kind)
    {
        // Two instances interleaved step by step follow the same trajectory as one alone: no shared state.
        IOptimizer a = OptimizerKinds.Create(kind), b = OptimizerKinds.Create(kind);
        double[] pa = { -1.2, 1.0 }, pb = { -1.2, 1.0 }, g = new double[2];
        for (int step = 0; step < 10; step++)
        {
            Rosenbrock.Gradient(pa, g);
            a.Step(pa, g);
            Rosenbrock.Gradient(pb, g);
            b.Step(pb, g);
        }

        double[] alone = Rosenbrock.Trajectory(OptimizerKinds.Create(kind), 10);
        Assert.Equal(new[] { alone[18], alone[19] }, pa);
        Assert.Equal(pa, pb);
    }
}
