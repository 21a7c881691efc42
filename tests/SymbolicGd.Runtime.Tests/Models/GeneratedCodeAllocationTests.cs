using System;
using SymbolicGd.Runtime.Tests.Training;

namespace SymbolicGd.Runtime.Tests.Models;

/// <summary>
/// Generated code allocates nothing per call: Backward, ValueAndGradient (its gradient lives on the stack),
/// Evaluate, and the per-sample interface members the trainer calls.
/// </summary>
public class GeneratedCodeAllocationTests
{
    private const int Calls = 1000;

    private static long Allocated(Action action) => Allocations.Fewest(() =>
    {
        for (int i = 0; i < Calls; i++)
        {
            action();
        }
    });

    [Fact]
    public void Backward_allocates_nothing()
    {
        var line = new Line { a = 0.5, b = -1 };
        var rosenbrock = new RosenbrockModel(-1.2, 1);
        var gradient = new double[2];

        Assert.Equal(0, Allocated(() => line.Backward(2.0, 3.0, gradient)));
        Assert.Equal(0, Allocated(() => rosenbrock.Backward(gradient)));
    }

    [Fact]
    public void The_interface_members_the_trainer_calls_allocate_nothing()
    {
        IDifferentiableLoss<Line.Sample> model = new Line { a = 0.5, b = -1 };
        var sample = new Line.Sample(2.0, 3.0);
        var gradient = new double[2];
        var intermediates = new double[1];
        var parameters = new double[2];

        Assert.Equal(0, Allocated(() => model.Backward(in sample, gradient)));
        Assert.Equal(0, Allocated(() => model.Loss(in sample)));
        Assert.Equal(0, Allocated(() => model.Evaluate(in sample, intermediates)));
        Assert.Equal(0, Allocated(() => model.CopyParametersTo(parameters)));
        Assert.Equal(0, Allocated(() => model.SetParameters(parameters)));
        Assert.Equal(0, Allocated(() => _ = model.ParameterNames.Count + model.IntermediateNames.Count + model.Derivatives.Count));
    }

    [Fact]
    public void ValueAndGradient_keeps_its_gradient_on_the_stack()
    {
        var line = new Line { a = 0.5, b = -1 };

        Assert.Equal(0, Allocated(() => line.ValueAndGradient(2.0, 3.0)));
    }
}
