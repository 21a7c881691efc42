using System;

namespace SymbolicGd.Runtime.Tests.Schedules;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Constant_returns_the_base_rate(int epoch) =>
        Assert.Equal(0.05, LearningRateSchedule.Constant().LearningRateAt(epoch, 0.05));

    [Theory]
    [InlineData(0, 0.8)]
    [InlineData(2, 0.8)]
    [InlineData(3, 0.4)]
    [InlineData(5, 0.4)]
    [InlineData(6, 0.2)]
    [InlineData(9, 0.1)]
    [InlineData(30, 0.8 / 1024)]
    public void StepDecay_multiplies_by_gamma_every_step_size_epochs(int epoch, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.StepDecay(3, 0.5).LearningRateAt(epoch, 0.8));

    [Fact]
    public void StepDecay_defaults_to_gamma_one_tenth_like_StepLR()
    {
        LearningRateSchedule schedule = LearningRateSchedule.StepDecay(10);
        Assert.Equal(1.0, schedule.LearningRateAt(9, 1.0));
        Assert.Equal(0.1, schedule.LearningRateAt(10, 1.0), 1e-17);
        Assert.Equal(0.01, schedule.LearningRateAt(25, 1.0), 1e-17);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 0.5)]
    [InlineData(3, 0.125)]
    [InlineData(10, 1.0 / 1024)]
    public void Exponential_multiplies_by_gamma_every_epoch(int epoch, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.Exponential(0.5).LearningRateAt(epoch, 1.0));

    [Fact]
    public void Exponential_with_a_decimal_gamma()
    {
        LearningRateSchedule schedule = LearningRateSchedule.Exponential(0.9);
        Assert.Equal(0.1 * 0.81, schedule.LearningRateAt(2, 0.1), 1e-17);
        Assert.Equal(0.1 * Math.Pow(0.9, 50), schedule.LearningRateAt(50, 0.1));
    }

    [Fact]
    public void Exponential_growth_is_allowed_for_range_tests() =>
        Assert.Equal(1e-3 * 8, LearningRateSchedule.Exponential(2.0).LearningRateAt(3, 1e-3), 1e-18);

    [Theory]
    [InlineData(0, 1.1)]   // η₀
    [InlineData(5, 0.6)]   // η_min + (η₀ − η_min)·(1 + cos(π/2))/2 = 0.1 + 1·1/2
    [InlineData(10, 0.1)]  // T_max: η_min
    [InlineData(11, 0.1)]  // held; PyTorch's periodic closed form would start to climb back
    [InlineData(15, 0.1)]  // held; the periodic form would be back at 0.6
    [InlineData(20, 0.1)]  // held; the periodic form would be back at η₀
    [InlineData(1000, 0.1)]
    public void CosineAnnealing_falls_to_eta_min_at_T_max_and_holds(int epoch, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.CosineAnnealing(10, 0.1).LearningRateAt(epoch, 1.1), 1e-15);

    [Fact]
    public void CosineAnnealing_between_the_ends()
    {
        // T_max = 6, η_min = 0: epoch 2 gives (1 + cos(π/3))/2 = 0.75, epoch 4 gives (1 + cos(2π/3))/2 = 0.25.
        LearningRateSchedule schedule = LearningRateSchedule.CosineAnnealing(6);
        Assert.Equal(0.75 * 0.2, schedule.LearningRateAt(2, 0.2), 1e-15);
        Assert.Equal(0.25 * 0.2, schedule.LearningRateAt(4, 0.2), 1e-15);
        Assert.Equal(0.0, schedule.LearningRateAt(6, 0.2));
    }

    [Theory]
    [InlineData(0, 0.2)]    // 0.8·0.25
    [InlineData(1, 0.35)]   // 0.8·(0.25 + 0.75·1/4)
    [InlineData(2, 0.5)]    // 0.8·(0.25 + 0.75·2/4)
    [InlineData(3, 0.65)]   // 0.8·(0.25 + 0.75·3/4)
    [InlineData(4, 0.8)]    // warm-up over: η₀
    [InlineData(100, 0.8)]
    public void LinearWarmup_rises_linearly_from_the_start_factor_to_the_base_rate(int epoch, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.LinearWarmup(4, 0.25).LearningRateAt(epoch, 0.8), 1e-15);

    [Fact]
    public void LinearWarmup_defaults_to_a_start_factor_of_one_third_like_LinearLR()
    {
        LearningRateSchedule schedule = LearningRateSchedule.LinearWarmup(5);
        Assert.Equal(0.3 / 3.0, schedule.LearningRateAt(0, 0.3), 1e-17);
        Assert.Equal(0.3 * (1.0 / 3.0 + 2.0 / 3.0 * 2.0 / 5.0), schedule.LearningRateAt(2, 0.3), 1e-16);
        Assert.Equal(0.3, schedule.LearningRateAt(5, 0.3));
    }

    [Theory]
    [InlineData(0, 0.5)]             // warm-up: 0.5
    [InlineData(1, 2.0 / 3.0)]       // warm-up: 0.5 + 0.5·1/3
    [InlineData(2, 5.0 / 6.0)]       // warm-up: 0.5 + 0.5·2/3
    [InlineData(3, 1.0)]             // step decay's epoch 0
    [InlineData(4, 1.0)]             // step decay's epoch 1
    [InlineData(5, 0.1)]             // step decay's epoch 2: first decay
    [InlineData(7, 0.01)]            // step decay's epoch 4
    public void LinearWarmup_hands_over_to_the_next_schedule_whose_epochs_start_at_zero(int epoch, double expected)
    {
        LearningRateSchedule schedule = LearningRateSchedule.LinearWarmup(3, 0.5, then: LearningRateSchedule.StepDecay(2, 0.1));
        Assert.Equal(expected, schedule.LearningRateAt(epoch, 1.0), 1e-15);
    }

    [Fact]
    public void LinearWarmup_then_cosine_annealing()
    {
        LearningRateSchedule schedule = LearningRateSchedule.LinearWarmup(5, then: LearningRateSchedule.CosineAnnealing(10));
        Assert.Equal(0.1 * (1.0 / 3.0 + 2.0 / 3.0 * 4.0 / 5.0), schedule.LearningRateAt(4, 0.1), 1e-16);
        Assert.Equal(0.1, schedule.LearningRateAt(5, 0.1));              // cosine's epoch 0: η₀
        Assert.Equal(0.05, schedule.LearningRateAt(10, 0.1), 1e-16);     // cosine's epoch 5: half way
        Assert.Equal(0.0, schedule.LearningRateAt(15, 0.1));             // cosine's T_max
        Assert.Equal(0.0, schedule.LearningRateAt(500, 0.1));
    }

    [Fact]
    public void A_schedule_drives_an_optimizer_epoch_by_epoch()
    {
        // The trainer's loop: one step per epoch at the scheduled rate. With g = 1, θ falls by the sum of the rates.
        LearningRateSchedule schedule = LearningRateSchedule.StepDecay(2, 0.5);
        var sgd = new GradientDescent(123.0);
        double[] p = { 0.0 };
        for (int epoch = 0; epoch < 6; epoch++)
        {
            sgd.LearningRate = schedule.LearningRateAt(epoch, 0.4);
            sgd.Step(p, new[] { 1.0 });
        }

        Assert.Equal(-(0.4 + 0.4 + 0.2 + 0.2 + 0.1 + 0.1), p[0], 1e-15);
    }

    [Fact]
    public void A_schedule_of_ones_own_gets_validated_arguments()
    {
        var halving = new HalvingSchedule();
        Assert.Equal(0.25, halving.LearningRateAt(2, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => halving.LearningRateAt(-1, 1.0));
        Assert.Equal("halving", halving.ToString());
    }

    [Fact]
    public void ToString_says_what_each_schedule_is()
    {
        Assert.Equal("constant learning rate", LearningRateSchedule.Constant().ToString());
        Assert.Equal("step decay: ×0.5 every 3 epochs (StepLR)", LearningRateSchedule.StepDecay(3, 0.5).ToString());
        Assert.Equal("step decay: ×0.1 every 1 epoch (StepLR)", LearningRateSchedule.StepDecay(1).ToString());
        Assert.Equal("exponential decay: ×0.95 per epoch (ExponentialLR)", LearningRateSchedule.Exponential(0.95).ToString());
        Assert.Equal(
            "cosine annealing to 0.001 over 100 epochs, then held (CosineAnnealingLR)",
            LearningRateSchedule.CosineAnnealing(100, 0.001).ToString());
        Assert.Equal(
            "linear warm-up from ×0.25 over 4 epochs (LinearLR), then constant",
            LearningRateSchedule.LinearWarmup(4, 0.25).ToString());
        Assert.Equal(
            "linear warm-up from ×0.5 over 1 epoch (LinearLR), then cosine annealing to 0 over 10 epochs, then held (CosineAnnealingLR)",
            LearningRateSchedule.LinearWarmup(1, 0.5, LearningRateSchedule.CosineAnnealing(10)).ToString());
    }

    private sealed class HalvingSchedule : LearningRateSchedule
    {
        protected override double LearningRateAtCore(int epoch, double baseLearningRate)
        {
            Assert.True(epoch >= 0);
            return baseLearningRate / (1 << epoch);
        }

        public override string ToString() => "halving";
    }
}
