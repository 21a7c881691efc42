using System;
using SymbolicGd.Runtime.Tests.Optimizers;

namespace SymbolicGd.Runtime.Tests.Schedules;

/// <summary>Looking up a learning rate allocates nothing, alone or in the trainer's loop with an optimizer.</summary>
public sealed class ScheduleAllocationTests
{
    public static TheoryData<LearningRateSchedule> AllKinds() => ScheduleValidationTests.AllKinds();

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void A_thousand_lookups_allocate_nothing(LearningRateSchedule schedule)
    {
        double sum = 0;
        long allocated = Allocations.Fewest(() =>
        {
            for (int epoch = 0; epoch < 1000; epoch++)
            {
                sum += schedule.LearningRateAt(epoch, 0.1);
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sum));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void The_trainers_loop_of_schedule_and_step_allocates_nothing(LearningRateSchedule schedule)
    {
        foreach (string kind in OptimizerKinds.All)
        {
            IOptimizer optimizer = OptimizerKinds.Create(kind);
            double[] p = { -1.2, 1.0 };
            double[] g = new double[2];
            Rosenbrock.Gradient(p, g);
            long allocated = Allocations.Fewest(() =>
            {
                for (int epoch = 0; epoch < 1000; epoch++)
                {
                    optimizer.LearningRate = schedule.LearningRateAt(epoch, 1e-4);
                    Rosenbrock.Gradient(p, g);
                    optimizer.Step(p, g);
                }
            });
            Assert.Equal(0, allocated);
        }
    }
}
