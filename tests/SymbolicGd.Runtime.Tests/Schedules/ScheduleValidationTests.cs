using System;
using System.Globalization;

namespace SymbolicGd.Runtime.Tests.Schedules;

/// <summary>Every invalid schedule argument throws, and the message names the argument and shows its value.</summary>
public sealed class ScheduleValidationTests
{
    public static TheoryData<LearningRateSchedule> AllKinds() => new(
        LearningRateSchedule.Constant(),
        LearningRateSchedule.StepDecay(3),
        LearningRateSchedule.Exponential(0.9),
        LearningRateSchedule.CosineAnnealing(10),
        LearningRateSchedule.LinearWarmup(5),
        LearningRateSchedule.LinearWarmup(5, then: LearningRateSchedule.CosineAnnealing(10)));

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_step_size_below_one_is_rejected(int stepSize) =>
        AssertRejected("stepSize", stepSize.ToString(CultureInfo.InvariantCulture), () => LearningRateSchedule.StepDecay(stepSize));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_gamma_that_is_not_finite_and_positive_is_rejected(double gamma)
    {
        AssertRejected("gamma", Format(gamma), () => LearningRateSchedule.StepDecay(3, gamma));
        AssertRejected("gamma", Format(gamma), () => LearningRateSchedule.Exponential(gamma));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    public void A_T_max_below_one_is_rejected(int maxEpochs) =>
        AssertRejected("duration", maxEpochs.ToString(CultureInfo.InvariantCulture), () => LearningRateSchedule.CosineAnnealing(maxEpochs));

    [Theory]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_bad_eta_min_is_rejected(double minLearningRate) =>
        AssertRejected("minLearningRate", Format(minLearningRate), () => LearningRateSchedule.CosineAnnealing(10, minLearningRate));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_warm_up_shorter_than_one_epoch_is_rejected(int warmupEpochs) =>
        AssertRejected("duration", warmupEpochs.ToString(CultureInfo.InvariantCulture), () => LearningRateSchedule.LinearWarmup(warmupEpochs));

    [Theory]
    [InlineData(0.0)]      // LinearLR: start_factor must be > 0
    [InlineData(-0.2)]
    [InlineData(1.5)]      // LinearLR: start_factor must be <= 1
    [InlineData(double.NaN)]
    public void A_start_factor_outside_zero_to_one_is_rejected(double startFactor) =>
        AssertRejected("startFactor", Format(startFactor), () => LearningRateSchedule.LinearWarmup(5, startFactor));

    [Fact]
    public void A_start_factor_of_one_is_a_flat_warm_up() =>
        Assert.Equal(0.3, LearningRateSchedule.LinearWarmup(5, 1.0).LearningRateAt(2, 0.3));

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Every_schedule_rejects_a_negative_epoch(LearningRateSchedule schedule) =>
        AssertRejected("epoch", "-1", () => schedule.LearningRateAt(-1, 0.1));

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Every_schedule_rejects_a_bad_base_learning_rate(LearningRateSchedule schedule)
    {
        foreach (double bad in new[] { -0.1, double.NaN, double.PositiveInfinity })
        {
            AssertRejected("baseLearningRate", Format(bad), () => schedule.LearningRateAt(0, bad));
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void AssertRejected(string argument, string valueText, Func<object> action)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(action);
        Assert.Equal(argument, error.ParamName);
        Assert.StartsWith(argument + " must be ", error.Message, StringComparison.Ordinal);
        Assert.Contains("it was " + valueText + ".", error.Message, StringComparison.Ordinal);
    }
}
