using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>
/// <see cref="OptimizerState"/>: what it copies, what it refuses, what an optimizer saves into it and what loading
/// checks, each refusal naming the first difference.
/// </summary>
public sealed class OptimizerStateTests
{
    private static readonly Dictionary<string, double> AdamSettings = new() { ["beta1"] = 0.9, ["beta2"] = 0.999, ["epsilon"] = 1e-8 };

    [Fact]
    public void The_state_copies_its_arguments_so_later_changes_to_them_do_not_reach_it()
    {
        double[] first = [1.0, 2.0];
        var settings = new Dictionary<string, double>(AdamSettings);
        var buffers = new Dictionary<string, double[]> { ["exp_avg"] = first, ["exp_avg_sq"] = [3.0, 4.0] };
        var values = new Dictionary<string, double> { ["t"] = 5.0 };

        var state = new OptimizerState("Adam", 0.01, 7, 2, settings, buffers, values);
        first[0] = 99.0;
        settings["beta1"] = 0.5;
        buffers.Remove("exp_avg_sq");
        values["t"] = 6.0;

        Assert.Equal("Adam", state.Optimizer);
        Assert.Equal(0.01, state.LearningRate);
        Assert.Equal(7, state.Step);
        Assert.Equal(2, state.ParameterCount);
        Assert.Equal([1.0, 2.0], state.Buffers["exp_avg"]);
        Assert.Equal([3.0, 4.0], state.Buffers["exp_avg_sq"]);
        Assert.Equal(0.9, state.Settings["beta1"]);
        Assert.Equal(5.0, state.Values["t"]);
        Assert.Equal("Adam state: step 7, 2 parameters, buffers exp_avg, exp_avg_sq", state.ToString());
    }

    [Fact]
    public void Without_values_the_values_are_empty_and_an_unstepped_state_says_so()
    {
        var state = new OptimizerState("Adam", 0.01, 0, null, AdamSettings, new Dictionary<string, double[]>());

        Assert.Empty(state.Values);
        Assert.Empty(state.Buffers);
        Assert.Null(state.ParameterCount);
        Assert.Equal("Adam state: step 0, not stepped, buffers ", state.ToString());
    }

    [Theory]
    [InlineData(2, 3, "Buffer 'exp_avg' has 3 values; the state is for 2 parameters.")]
    [InlineData(null, 1, "Buffer 'exp_avg' has 1 values; the state is for 0 parameters.")]
    public void A_buffer_of_another_length_than_the_parameter_count_is_refused(int? count, int length, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new OptimizerState(
            "Adam", 0.01, 1, count, AdamSettings, new Dictionary<string, double[]> { ["exp_avg"] = new double[length] }));

        Assert.Equal("buffers", error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_arguments_are_refused_by_name()
    {
        var none = new Dictionary<string, double[]>();
        Assert.Equal("optimizer", Assert.ThrowsAny<ArgumentException>(() => new OptimizerState("", 0.1, 0, null, AdamSettings, none)).ParamName);
        Assert.Equal("optimizer", Assert.ThrowsAny<ArgumentException>(() => new OptimizerState(null!, 0.1, 0, null, AdamSettings, none)).ParamName);
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => new OptimizerState("Adam", 0.1, 0, null, null!, none)).ParamName);
        Assert.Equal("buffers", Assert.Throws<ArgumentNullException>(() => new OptimizerState("Adam", 0.1, 0, null, AdamSettings, null!)).ParamName);
    }

    [Fact]
    public void Adam_saves_its_step_count_and_both_moments_after_one_step()
    {
        var adam = new Adam(0.01);
        adam.Step(new double[] { 0.0, 0.0 }, new double[] { 2.0, -4.0 });

        OptimizerState state = adam.SaveState();

        Assert.Equal("Adam", state.Optimizer);
        Assert.Equal(1, state.Step);
        Assert.Equal(2, state.ParameterCount);
        Assert.Equal([(1.0 - 0.9) * 2.0, (1.0 - 0.9) * -4.0], state.Buffers["exp_avg"]);
        Assert.Equal([(1.0 - 0.999) * 2.0 * 2.0, (1.0 - 0.999) * -4.0 * -4.0], state.Buffers["exp_avg_sq"]);
        Assert.Equal(AdamSettings, state.Settings);
    }

    [Fact]
    public void An_optimizer_stepped_on_no_parameters_saves_a_state_for_zero_parameters_not_an_unstepped_one()
    {
        var adam = new Adam();
        adam.Step(Span<double>.Empty, ReadOnlySpan<double>.Empty);

        OptimizerState state = adam.SaveState();

        Assert.Equal(0, state.ParameterCount);
        Assert.Equal(1, state.Step);
        Assert.Equal(["exp_avg", "exp_avg_sq"], state.Buffers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Gradient_descent_without_momentum_saves_no_buffer_and_with_momentum_its_buffer()
    {
        var plain = new GradientDescent(0.1);
        plain.Step(new double[2], new double[] { 1.0, 2.0 });
        var heavy = new GradientDescent(0.1, momentum: 0.5);
        heavy.Step(new double[2], new double[] { 1.0, 2.0 });

        Assert.Empty(plain.SaveState().Buffers);
        Assert.Equal(2, plain.SaveState().ParameterCount);
        Assert.Equal([1.0, 2.0], heavy.SaveState().Buffers["momentum_buffer"]);
    }

    [Fact]
    public void Loading_checks_the_kind_every_setting_the_step_the_rate_and_the_buffers()
    {
        var buffers = new Dictionary<string, double[]> { ["exp_avg"] = [0.0], ["exp_avg_sq"] = [0.0] };

        AssertRefused(new OptimizerState("AdamW", 0.01, 1, 1, AdamSettings, buffers), "The state is of a AdamW optimizer; it cannot be loaded into Adam.");
        AssertRefused(
            new OptimizerState("Adam", 0.01, 1, 1, new Dictionary<string, double> { ["beta1"] = 0.9, ["beta2"] = 0.999 }, buffers),
            "The Adam state has no setting 'epsilon'.");
        AssertRefused(
            new OptimizerState("Adam", 0.01, 1, 1, new Dictionary<string, double>(AdamSettings) { ["beta2"] = 0.99 }, buffers),
            "The Adam state was saved with beta2 = 0.99; this optimizer has beta2 = 0.999.");
        AssertRefused(new OptimizerState("Adam", 0.01, -1, 1, AdamSettings, buffers), "The Adam state's step count must be >= 0; it was -1.");
        AssertRefused(
            new OptimizerState("Adam", 0.01, 1, 1, AdamSettings, new Dictionary<string, double[]> { ["exp_avg"] = [0.0] }),
            "The Adam state has no buffer 'exp_avg_sq'.");
        var negativeRate = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam().LoadState(new OptimizerState("Adam", -0.5, 1, 1, AdamSettings, buffers)));
        Assert.Equal("state.LearningRate", negativeRate.ParamName);
    }

    [Fact]
    public void A_state_saved_before_the_first_step_needs_no_buffers_and_a_step_count_of_zero_is_allowed()
    {
        var adam = new Adam(0.5);

        adam.LoadState(new OptimizerState("Adam", 0.02, 0, null, AdamSettings, new Dictionary<string, double[]>()));

        Assert.Equal(0.02, adam.LearningRate);
        Assert.Null(adam.SaveState().ParameterCount);
    }

    [Fact]
    public void A_loaded_state_continues_the_run_exactly()
    {
        var straight = new Adam(0.01);
        double[] p = [1.0, -1.0];
        straight.Step(p, new double[] { 0.5, 0.25 });
        OptimizerState saved = straight.SaveState();
        straight.Step(p, new double[] { -0.5, 1.0 });

        var resumed = new Adam(0.3);
        resumed.LoadState(saved);
        double[] q = [1.0, -1.0];
        new Adam(0.01).Step(q, new double[] { 0.5, 0.25 }); // the same first step, on a fresh optimizer
        resumed.Step(q, new double[] { -0.5, 1.0 });

        Assert.Equal(p, q);
        Assert.Equal(2, resumed.SaveState().Step);
    }

    private static void AssertRefused(OptimizerState state, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new Adam().LoadState(state));
        Assert.Equal("state", error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
