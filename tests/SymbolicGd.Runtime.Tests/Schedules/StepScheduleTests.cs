using System;
using SymbolicGd.Testing;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Schedules;

/// <summary>
/// The per-step schedules at the steps where their formulas change branch: the first and last warm-up steps, the
/// peak of a one cycle, its last step and the steps past it; the edge arguments each factory accepts or refuses; and
/// what <c>ToString</c> reports.
/// </summary>
public sealed class StepScheduleTests
{
    [Theory]
    [InlineData(0, 0.25)]
    [InlineData(1, 0.4375)] // 0.25 + 0.75·1/4
    [InlineData(3, 0.8125)]
    [InlineData(4, 1.0)]
    [InlineData(1000, 1.0)]
    public void Linear_warmup_rises_from_the_start_factor_over_the_duration_then_holds(long step, double factor) =>
        Assert.Equal(0.5 * factor, StepSchedule.LinearWarmup(4, startFactor: 0.25).LearningRateAt(step, 0.5));

    [Fact]
    public void A_one_step_warmup_starts_at_the_factor_and_a_factor_of_one_is_flat()
    {
        Assert.Equal(0.1, StepSchedule.LinearWarmup(1, 0.1).LearningRateAt(0, 1.0));
        Assert.Equal(1.0, StepSchedule.LinearWarmup(1, 0.1).LearningRateAt(1, 1.0));
        Assert.Equal(2.0, StepSchedule.LinearWarmup(5, 1.0).LearningRateAt(2, 2.0));
        Assert.Equal((1.0 / 3.0) * 3.0, StepSchedule.LinearWarmup(5).LearningRateAt(0, 3.0));
    }

    [Fact]
    public void One_cycle_starts_at_eta_over_div_peaks_at_eta_and_ends_at_the_final_rate_which_it_holds()
    {
        // 11 steps, pct_start 0.5: the rise ends at step 0.5·11 − 1 = 4.5, the fall at step 10.
        StepSchedule cycle = StepSchedule.OneCycle(11, pctStart: 0.5, divFactor: 4.0, finalDivFactor: 10.0);
        double initial = 2.0 / 4.0, final = initial / 10.0;

        Assert.Equal(initial, cycle.LearningRateAt(0, 2.0));
        Assert.Equal(final, cycle.LearningRateAt(10, 2.0));
        Assert.Equal(final, cycle.LearningRateAt(11, 2.0));
        Assert.Equal(final, cycle.LearningRateAt(1_000_000, 2.0));

        // Rising: cosine from initial to 2 over 4.5 steps; falling: from 2 to final over 10 − 4.5 = 5.5 steps.
        Close.Assert(Cosine(initial, 2.0, 2.0 / 4.5), cycle.LearningRateAt(2, 2.0), 1e-15, "step 2");
        Close.Assert(Cosine(initial, 2.0, 4.0 / 4.5), cycle.LearningRateAt(4, 2.0), 1e-15, "step 4");
        Close.Assert(Cosine(2.0, final, 0.5 / 5.5), cycle.LearningRateAt(5, 2.0), 1e-15, "step 5");
        Close.Assert(Cosine(2.0, final, 4.5 / 5.5), cycle.LearningRateAt(9, 2.0), 1e-15, "step 9");
    }

    [Fact]
    public void One_cycle_whose_rise_ends_at_step_zero_starts_at_the_peak()
    {
        // pct_start·total − 1 = 0.25·4 − 1 = 0: PyTorch's phase end at 0 gives the peak at step 0.
        StepSchedule cycle = StepSchedule.OneCycle(4, pctStart: 0.25, divFactor: 10.0, finalDivFactor: 2.0);

        Assert.Equal(1.0, cycle.LearningRateAt(0, 1.0));
        Close.Assert(Cosine(1.0, 0.05, 1.0 / 3.0), cycle.LearningRateAt(1, 1.0), 1e-15, "step 1");
        Assert.Equal(0.05, cycle.LearningRateAt(3, 1.0));
    }

    [Fact]
    public void A_base_rate_of_zero_gives_zero_and_bad_rates_are_refused()
    {
        Assert.Equal(0.0, StepSchedule.OneCycle(10).LearningRateAt(3, 0.0));
        Assert.Equal(0.0, StepSchedule.LinearWarmup(3).LearningRateAt(1, 0.0));
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.LinearWarmup(3).LearningRateAt(0, -1.0)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.LinearWarmup(3).LearningRateAt(0, double.NaN)).ParamName);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.LinearWarmup(3).LearningRateAt(-2, 1.0));
        Assert.Equal("step", negative.ParamName);
        Assert.Contains("step must be >= 0; it was -2.", negative.Message);
        Assert.Equal(1.0 / 3.0, StepSchedule.LinearWarmup(3).LearningRateAt(0, 1.0)); // step 0 is allowed
    }

    [Fact]
    public void The_factories_accept_their_smallest_arguments_and_refuse_the_next_below()
    {
        // Two steps rising for half of them: the rise ends at step 0.5·2 − 1 = 0, so step 0 is the peak.
        Assert.Equal(1.0, StepSchedule.OneCycle(2, pctStart: 0.5, divFactor: 2.0).LearningRateAt(0, 1.0));
        var tooShort = Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(1));
        Assert.Contains("totalSteps must be >= 2; it was 1.", tooShort.Message);
        Assert.Equal("pctStart", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(10, pctStart: 1.0)).ParamName);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(10, pctStart: 0.0));
        Assert.Contains("pctStart must be in (0, 1); it was 0.", zero.Message);
        Assert.Equal("divFactor", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(10, divFactor: 0.0)).ParamName);
        Assert.Equal("finalDivFactor", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.OneCycle(10, finalDivFactor: -1.0)).ParamName);
        Assert.Equal("startFactor", Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedule.LinearWarmup(3, 0.0)).ParamName);
    }

    [Fact]
    public void ToString_says_what_the_schedule_is()
    {
        Assert.Equal("linear warm-up from ×0.25 over 4 steps (LinearLR per iteration)", StepSchedule.LinearWarmup(4, 0.25).ToString());
        Assert.Equal("linear warm-up from ×0.5 over 1 step (LinearLR per iteration)", StepSchedule.LinearWarmup(1, 0.5).ToString());
        Assert.Equal(
            "one cycle over 100 steps, rising for 0.3 of them (div 25, final div 10000, momentum 0.95 → 0.85 → 0.95; OneCycleLR)",
            StepSchedule.OneCycle(100).ToString());
    }

    private static double Cosine(double start, double end, double pct) => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1.0);
}
