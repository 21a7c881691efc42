using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>
/// <see cref="TrainingOptions.ValidationSplit"/> holds out the last fraction of the samples, before shuffling, as
/// Keras's <c>validation_split</c>: the run is the one with that split made by hand.
/// </summary>
public sealed class ValidationSplitTests
{
    private static readonly Line.Sample[] Data = LineData.Make(20, 0.3, seed: 7);

    private static TrainingOptions Options(double split) => new()
    {
        MaxEpochs = 8,
        BatchSize = 4,
        Seed = 3,
        ValidationSplit = split,
        EarlyStopping = new EarlyStopping(patience: 3),
        ReduceOnPlateau = new ReduceOnPlateau(factor: 0.5, patience: 1),
    };

    [Fact]
    public void A_quarter_of_twenty_samples_gives_the_history_of_the_last_five_passed_as_the_validation_set()
    {
        var split = new Line();
        TrainingResult bySplit = Trainer.Fit(split, Data, new Adam(0.1), Options(0.25));

        var manual = new Line();
        TrainingResult byHand = Trainer.Fit(manual, Data[..15], new Adam(0.1), Options(0.0), Data[15..]);

        AssertSameRun(byHand, bySplit);
        Assert.Equal((manual.a, manual.b), (split.a, split.b));
        Assert.All(bySplit.History, r => Assert.NotNull(r.ValidationLoss));

        // The list overload splits the same way.
        TrainingResult fromList = Trainer.Fit(new Line(), new List<Line.Sample>(Data), new Adam(0.1), Options(0.25));
        AssertSameRun(byHand, fromList);
    }

    [Fact]
    public void The_training_count_is_kerass_floor_of_n_times_one_minus_the_split()
    {
        // floor(10·0.67) = 6 trained on, 4 held out; floor(3·0.5) = 1 trained on, 2 held out.
        Line.Sample[] ten = Data[..10];
        AssertSameRun(
            Trainer.Fit(new Line(), ten[..6], new Adam(0.1), Options(0.0), ten[6..]),
            Trainer.Fit(new Line(), ten, new Adam(0.1), Options(0.33)));
        Line.Sample[] three = Data[..3];
        AssertSameRun(
            Trainer.Fit(new Line(), three[..1], new Adam(0.1), Options(0.0), three[1..]),
            Trainer.Fit(new Line(), three, new Adam(0.1), Options(0.5)));
    }

    [Fact]
    public void Lbfgs_splits_before_its_line_search_sees_the_data()
    {
        var options = new TrainingOptions { MaxEpochs = 3, ValidationSplit = 0.25 };
        var split = new Line();
        TrainingResult bySplit = Trainer.Fit(split, Data, new Lbfgs(), options);
        var manual = new Line();
        TrainingResult byHand = Trainer.Fit(manual, Data[..15], new Lbfgs(), new TrainingOptions { MaxEpochs = 3 }, Data[15..]);

        AssertSameRun(byHand, bySplit);
        Assert.Equal((manual.a, manual.b), (split.a, split.b));
    }

    [Theory]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1.0, "1")]
    [InlineData(double.NaN, "NaN")]
    public void A_split_outside_zero_to_one_is_rejected_naming_it(double value, string shown)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { ValidationSplit = value });
        Assert.Equal("ValidationSplit", error.ParamName);
        Assert.StartsWith(
            $"ValidationSplit must be in [0, 1), the fraction of the samples held out for validation; it was {shown}.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_that_leaves_one_side_empty_is_rejected_saying_which()
    {
        var none = Assert.Throws<ArgumentException>(() => Trainer.Fit(new Line(), Data[..1], new Adam(), new TrainingOptions { ValidationSplit = 0.5 }));
        Assert.Equal("samples", none.ParamName);
        Assert.StartsWith(
            "ValidationSplit = 0.5 of 1 samples leaves no sample to train on (the first floor(n·(1 − ValidationSplit)) = 0 are trained on)",
            none.Message,
            StringComparison.Ordinal);

        // 1 − 1e−20 rounds to 1: nothing is held out.
        var all = Assert.Throws<ArgumentException>(() => Trainer.Fit(new Line(), Data, new Adam(), new TrainingOptions { ValidationSplit = 1e-20 }));
        Assert.Contains("leaves no sample for validation", all.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_and_a_validation_set_together_are_ambiguous_and_rejected()
    {
        var line = new Line { a = 1, b = 2 };
        var error = Assert.Throws<ArgumentException>(
            () => Trainer.Fit(line, Data, new Adam(), new TrainingOptions { ValidationSplit = 0.2 }, Data[..2]));
        Assert.Equal("validation", error.ParamName);
        Assert.StartsWith(
            "ValidationSplit = 0.2 holds samples out for validation, and a validation set of 2 samples was passed too; pass one or the other.",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal((1.0, 2.0), (line.a, line.b));
    }

    [Fact]
    public void A_data_free_model_has_nothing_to_split()
    {
        var options = new TrainingOptions { ValidationSplit = 0.2 };
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => Trainer.Fit(new RosenbrockModel(-1.2, 1), new Adam(), options)).ParamName);
        Assert.Contains("a data-free model has none", Assert.Throws<ArgumentException>(() => Trainer.Fit(new RosenbrockModel(-1.2, 1), new Lbfgs(), options)).Message, StringComparison.Ordinal);
    }

    private static void AssertSameRun(TrainingResult expected, TrainingResult actual)
    {
        Assert.Equal(expected.Epochs, actual.Epochs);
        Assert.Equal(expected.History.Select(r => r.Loss), actual.History.Select(r => r.Loss));
        Assert.Equal(expected.History.Select(r => r.ValidationLoss), actual.History.Select(r => r.ValidationLoss));
        Assert.Equal(expected.History.Select(r => r.GradientNorm), actual.History.Select(r => r.GradientNorm));
        Assert.Equal(expected.History.Select(r => r.LearningRate), actual.History.Select(r => r.LearningRate));
        Assert.Equal(expected.FinalLoss, actual.FinalLoss);
        Assert.Equal(expected.Parameters, actual.Parameters);
    }
}
