using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Collections.ObjectModel;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>
/// Fit accepts the usual shapes of a data set without ceremony, and every call below compiles to exactly one
/// overload (an ambiguity would be a compile error): an array binds to the array overload, a span to the span
/// overload, a list to the list overload, a collection expression to the span overload. Each must train the same.
/// </summary>
public sealed class OverloadTests
{
    private static readonly TrainingOptions Options = new() { BatchSize = 3, MaxEpochs = 4, Seed = 8 };

    [Fact]
    public void Arrays_lists_spans_and_collection_expressions_train_identically()
    {
        Line.Sample[] array = LineData.Make(10, noise: 0.2, seed: 2);
        double expected = Train(model => Trainer.Fit(model, array, new GradientDescent(0.1), Options));

        var list = new List<Line.Sample>(array);
        IReadOnlyList<Line.Sample> readOnlyList = new ReadOnlyCollection<Line.Sample>(array);
        ImmutableArray<Line.Sample> immutable = ImmutableArray.Create(array);
        Assert.Equal(expected, Train(model => Trainer.Fit(model, list, new GradientDescent(0.1), Options)));
        Assert.Equal(expected, Train(model => Trainer.Fit(model, readOnlyList, new GradientDescent(0.1), Options)));
        Assert.Equal(expected, Train(model => Trainer.Fit(model, immutable, new GradientDescent(0.1), Options)));
        Assert.Equal(expected, Train(model => Trainer.Fit(model, array.AsSpan(), new GradientDescent(0.1), Options)));
        Assert.Equal(expected, Train(model => Trainer.Fit(model, (ReadOnlySpan<Line.Sample>)array, new GradientDescent(0.1), Options)));
        Assert.Equal(expected, Train(model => Trainer.Fit(model,
            [array[0], array[1], array[2], array[3], array[4], array[5], array[6], array[7], array[8], array[9]],
            new GradientDescent(0.1), Options)));
    }

    [Fact]
    public void Options_may_be_left_out_for_the_defaults()
    {
        // Defaults: 1000 epochs of batch gradient descent.
        var model = new OneWeight(0.0);
        TrainingResult result = Trainer.Fit(model, new OneWeight.Sample[] { new(1, 1) }, new GradientDescent(0.5));
        Assert.Equal(1000, result.Epochs);

        var bowl = new RosenbrockModel(0.5, 0.5);
        Assert.Equal(1000, Trainer.Fit(bowl, new Adam()).Epochs);
    }

    [Fact]
    public void The_trace_takes_arrays_lists_and_spans_too()
    {
        Line.Sample[] array = LineData.Make(4, noise: 0.2, seed: 2);
        string expected = StepTrace.Record(new Line(), array, new GradientDescent(0.1), 3, batchSize: 1).ToMarkdown();

        Assert.Equal(expected, StepTrace.Record(new Line(), new List<Line.Sample>(array), new GradientDescent(0.1), 3, 1).ToMarkdown());
        Assert.Equal(expected, StepTrace.Record(new Line(), array.AsSpan(), new GradientDescent(0.1), 3, 1).ToMarkdown());
        Assert.Equal(expected, StepTrace.Record(new Line(), [array[0], array[1], array[2], array[3]], new GradientDescent(0.1), 3, 1).ToMarkdown());
    }

    private static double Train(Func<Line, TrainingResult> fit)
    {
        var model = new Line();
        TrainingResult result = fit(model);
        Assert.Equal(4, result.Epochs);
        return model.a + 1000 * model.b;
    }
}
