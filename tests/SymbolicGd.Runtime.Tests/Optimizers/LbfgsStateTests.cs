using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>
/// L-BFGS's saved state (the direction, the previous gradient, the history pairs and its scalars) and what loading
/// refuses, each refusal naming what is missing or out of range and leaving the optimizer as it was.
/// </summary>
public sealed class LbfgsStateTests
{
    [Fact]
    public void The_state_holds_the_history_the_step_length_and_the_counters_and_resumes_exactly()
    {
        var straight = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2);
        double[] p = [-1.2, 1.0];
        straight.Step(p, Objective);
        OptimizerState state = straight.SaveState();

        Assert.Equal("Lbfgs", state.Optimizer);
        Assert.Equal(straight.Iterations, state.Step);
        Assert.Equal(2, state.ParameterCount);
        Assert.Equal(2.0, state.Values["history"]); // four iterations make three pairs; the oldest is dropped
        Assert.Equal(["d", "old_dirs.0", "old_dirs.1", "old_stps.0", "old_stps.1", "prev_flat_grad"], state.Buffers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(straight.FunctionEvaluations, state.Values["func_evals"]);
        Assert.Equal(["H_diag", "func_evals", "history", "t"], state.Values.Keys.Order(StringComparer.Ordinal));

        var resumed = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2);
        resumed.LoadState(state);
        double[] q = (double[])p.Clone();
        straight.Step(p, Objective);
        resumed.Step(q, Objective);

        Assert.Equal(p, q);
        Assert.Equal((straight.FunctionEvaluations, straight.Iterations), (resumed.FunctionEvaluations, resumed.Iterations));
    }

    [Fact]
    public void A_state_saved_before_the_first_step_resets_and_takes_the_rate()
    {
        var used = new Lbfgs(learningRate: 0.5);
        used.Step(new double[] { -1.2, 1.0 }, Objective);

        used.LoadState(new Lbfgs(learningRate: 0.25).SaveState());

        Assert.Equal(0.25, used.LearningRate);
        Assert.Equal((0, 0), (used.FunctionEvaluations, used.Iterations));
        Assert.Null(used.SaveState().ParameterCount);
    }

    [Theory]
    [InlineData("t", "The Lbfgs state has no value 't'.")]
    [InlineData("H_diag", "The Lbfgs state has no value 'H_diag'.")]
    [InlineData("func_evals", "The Lbfgs state has no value 'func_evals'.")]
    [InlineData("history", "The Lbfgs state has no value 'history'.")]
    public void A_state_without_one_of_its_values_is_refused(string value, string message)
    {
        OptimizerState state = Stepped();
        var values = state.Values.Where(v => v.Key != value).ToDictionary(v => v.Key, v => v.Value);

        AssertRefused(With(state, values: values), message);
    }

    [Theory]
    [InlineData(-1.0, "The Lbfgs state holds -1 history pairs; this optimizer keeps at most 2.")]
    [InlineData(3.0, "The Lbfgs state holds 3 history pairs; this optimizer keeps at most 2.")]
    public void A_history_count_outside_zero_to_the_history_size_is_refused(double history, string message)
    {
        OptimizerState state = Stepped();
        var values = state.Values.ToDictionary(v => v.Key, v => v.Value);
        values["history"] = history;

        AssertRefused(With(state, values: values), message);
    }

    [Fact]
    public void A_missing_history_pair_or_a_rate_that_is_not_positive_is_refused()
    {
        OptimizerState state = Stepped();
        var buffers = state.Buffers.Where(b => b.Key != "old_stps.1").ToDictionary(b => b.Key, b => b.Value.ToArray());
        AssertRefused(With(state, buffers: buffers), "The Lbfgs state has no buffer 'old_stps.1'.");

        var lbfgs = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => lbfgs.LoadState(With(state, learningRate: 0.0)));
        Assert.Equal("state.LearningRate", zero.ParamName);
        var unstepped = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2).SaveState();
        Assert.Throws<ArgumentOutOfRangeException>(() => lbfgs.LoadState(With(unstepped, learningRate: 0.0)));
        Assert.Equal(1.0, lbfgs.LearningRate);
    }

    [Fact]
    public void The_settings_are_saved_under_pytorchs_names_and_must_match()
    {
        OptimizerState state = Stepped();
        Assert.Equal(
            new Dictionary<string, double>
            {
                ["history_size"] = 2, ["max_eval"] = 100, ["max_iter"] = 4, ["strong_wolfe"] = 1, ["tolerance_change"] = 1e-9, ["tolerance_grad"] = 1e-7,
            },
            state.Settings.ToDictionary(s => s.Key, s => s.Value));
        Assert.Equal(0.0, new Lbfgs(strongWolfe: false).SaveState().Settings["strong_wolfe"]);

        var fixedStep = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2, strongWolfe: false);
        var error = Assert.Throws<ArgumentException>(() => fixedStep.LoadState(state));
        Assert.Contains("strong_wolfe", error.Message, StringComparison.Ordinal);
        Assert.Equal("state", Assert.Throws<ArgumentNullException>(() => fixedStep.LoadState(null!)).ParamName);
    }

    [Fact]
    public void A_state_without_history_pairs_loads_and_resumes_exactly()
    {
        // One iteration stores no pair (a pair is the change over an iteration).
        var straight = new Lbfgs(maxIterations: 1, maxEvaluations: 100, historySize: 2);
        double[] p = [-1.2, 1.0];
        straight.Step(p, Objective);
        OptimizerState state = straight.SaveState();
        Assert.Equal(0.0, state.Values["history"]);

        var resumed = new Lbfgs(maxIterations: 1, maxEvaluations: 100, historySize: 2);
        resumed.LoadState(state);
        double[] q = (double[])p.Clone();
        straight.Step(p, Objective);
        resumed.Step(q, Objective);
        Assert.Equal(p, q);
    }

    [Fact]
    public void Loading_into_a_used_optimizer_replaces_its_history()
    {
        var straight = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2);
        double[] p = [-1.2, 1.0];
        straight.Step(p, Objective);
        OptimizerState state = straight.SaveState();

        // Two pairs of its own, from another start: loading must not keep them (nor their ρ) beside the loaded ones.
        var used = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2);
        used.Step(new double[] { 0.3, -0.4 }, Objective);
        Assert.Equal(2.0, used.SaveState().Values["history"]);
        used.LoadState(state);

        double[] q = (double[])p.Clone();
        straight.Step(p, Objective);
        used.Step(q, Objective);
        Assert.Equal(p, q);
    }

    [Fact]
    public void A_missing_direction_of_a_history_pair_is_refused()
    {
        OptimizerState state = Stepped();
        var buffers = state.Buffers.Where(b => b.Key != "old_dirs.0").ToDictionary(b => b.Key, b => b.Value.ToArray());
        AssertRefused(With(state, buffers: buffers), "The Lbfgs state has no buffer 'old_dirs.0'.");

        // A state saved before any step with a rate of 0 (which the state itself allows): refused, and the optimizer
        // keeps its history.
        var unstepped = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2).SaveState();
        var lbfgs = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2);
        lbfgs.Step(new double[] { -1.2, 1.0 }, Objective);
        (int evaluations, int iterations) = (lbfgs.FunctionEvaluations, lbfgs.Iterations);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => lbfgs.LoadState(With(unstepped, learningRate: 0.0)));
        Assert.Equal("state.LearningRate", error.ParamName);
        Assert.Equal((evaluations, iterations), (lbfgs.FunctionEvaluations, lbfgs.Iterations));
        Assert.Equal(2.0, lbfgs.SaveState().Values["history"]);
    }

    [Fact]
    public void ToString_lists_every_setting()
    {
        Assert.Equal(
            "Lbfgs(learningRate: 0.5, maxIterations: 7, maxEvaluations: 8, toleranceGradient: 1E-05, toleranceChange: 0.001, historySize: 3, strongWolfe: false)",
            new Lbfgs(0.5, 7, 8, 1e-5, 1e-3, 3, strongWolfe: false).ToString());
        Assert.EndsWith("strongWolfe: true)", new Lbfgs().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_learning_rate_must_stay_positive()
    {
        var lbfgs = new Lbfgs();
        lbfgs.LearningRate = 0.125;
        Assert.Equal(0.125, lbfgs.LearningRate);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => lbfgs.LearningRate = 0.0).ParamName);
        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => lbfgs.Step(new double[1], null!)).ParamName);
    }

    private static OptimizerState Stepped()
    {
        var lbfgs = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2);
        lbfgs.Step(new double[] { -1.2, 1.0 }, Objective);
        return lbfgs.SaveState();
    }

    private static OptimizerState With(
        OptimizerState state, Dictionary<string, double>? values = null, Dictionary<string, double[]>? buffers = null, double? learningRate = null) =>
        new(
            state.Optimizer, learningRate ?? state.LearningRate, state.Step, state.ParameterCount,
            state.Settings.ToDictionary(s => s.Key, s => s.Value),
            buffers ?? state.Buffers.ToDictionary(b => b.Key, b => b.Value.ToArray()),
            values ?? state.Values.ToDictionary(v => v.Key, v => v.Value));

    private static void AssertRefused(OptimizerState state, string message)
    {
        var lbfgs = new Lbfgs(maxIterations: 4, maxEvaluations: 100, historySize: 2);
        var error = Assert.Throws<ArgumentException>(() => lbfgs.LoadState(state));
        Assert.Equal("state", error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (lbfgs.FunctionEvaluations, lbfgs.Iterations));
    }

    private static double Objective(ReadOnlySpan<double> p, Span<double> gradient)
    {
        Rosenbrock.Gradient(p, gradient);
        return Rosenbrock.Value(p);
    }
}
