using System;
using System.Collections.Generic;
using System.Globalization;

namespace SymbolicGd.Runtime.Tests.Training;

/// <summary>Every invalid argument throws, naming the argument and showing the value.</summary>
public sealed class TrainingValidationTests
{
    private static OneWeight.Sample[] OneSample => new OneWeight.Sample[] { new(1.0, 1.0) }; // a fresh array per use: no shared mutable state

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void MaxEpochs_below_1_is_rejected(int value) =>
        AssertRejected("MaxEpochs", value.ToString(CultureInfo.InvariantCulture), () => new TrainingOptions { MaxEpochs = value });

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void BatchSize_below_1_is_rejected(int value) =>
        AssertRejected("BatchSize", value.ToString(CultureInfo.InvariantCulture), () => new TrainingOptions { BatchSize = value });

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void A_non_finite_TargetLoss_is_rejected(double value, string shown) =>
        AssertRejected("TargetLoss", shown, () => new TrainingOptions { TargetLoss = value });

#pragma warning disable CS0618 // the obsolete name must keep working
    [Fact]
    public void The_obsolete_LossTolerance_forwards_to_TargetLoss()
    {
        var options = new TrainingOptions { LossTolerance = 0.25 };
        Assert.Equal(0.25, options.TargetLoss);
        Assert.Equal(0.25, options.LossTolerance);
        AssertRejected("TargetLoss", "NaN", () => new TrainingOptions { LossTolerance = double.NaN });
    }
#pragma warning restore CS0618

    [Theory]
    [InlineData(-1e-3, "-0.001")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void A_negative_or_non_finite_GradientTolerance_is_rejected(double value, string shown) =>
        AssertRejected("GradientTolerance", shown, () => new TrainingOptions { GradientTolerance = value });

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void A_NaN_or_minus_infinite_DivergenceBound_is_rejected(double value, string shown) =>
        AssertRejected("DivergenceBound", shown, () => new TrainingOptions { DivergenceBound = value });

    [Fact]
    public void The_defaults_are_documented_values_and_the_edge_values_are_accepted()
    {
        var defaults = new TrainingOptions();
        Assert.Equal(1000, defaults.MaxEpochs);
        Assert.Null(defaults.BatchSize);
        Assert.True(defaults.Shuffle);
        Assert.Equal(0, defaults.Seed);
        Assert.Null(defaults.Schedule);
        Assert.Null(defaults.TargetLoss);
        Assert.Null(defaults.GradientTolerance);
        Assert.Null(defaults.DivergenceBound);
        Assert.Null(defaults.Progress);
        Assert.Null(defaults.EpochCompleted);
        Assert.False(defaults.CancellationToken.CanBeCanceled);

        var edges = new TrainingOptions
        {
            MaxEpochs = 1, BatchSize = 1, TargetLoss = -5, GradientTolerance = 0, DivergenceBound = double.PositiveInfinity,
            Seed = -7,
        };
        Assert.Equal(-5, edges.TargetLoss);
        Assert.Equal(0, edges.GradientTolerance);
    }

    [Fact]
    public void Null_arguments_are_named()
    {
        var model = new OneWeight();
        var optimizer = new GradientDescent(0.1);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => Trainer.Fit(null!, OneSample, optimizer)).ParamName);
        Assert.Equal("optimizer", Assert.Throws<ArgumentNullException>(() => Trainer.Fit(model, OneSample, (IOptimizer)null!)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentNullException>(() => Trainer.Fit(model, (OneWeight.Sample[])null!, optimizer)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentNullException>(() => Trainer.Fit(model, (IReadOnlyList<OneWeight.Sample>)null!, optimizer)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => Trainer.Fit((IDifferentiableLoss)null!, optimizer)).ParamName);
        Assert.Equal("optimizer", Assert.Throws<ArgumentNullException>(() => Trainer.Fit(new LogBarrier(1), (IOptimizer)null!)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => StepTrace.Record(null!, OneSample, optimizer, 1)).ParamName);
        Assert.Equal("optimizer", Assert.Throws<ArgumentNullException>(() => StepTrace.Record(model, OneSample, null!, 1)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentNullException>(() => StepTrace.Record(model, (OneWeight.Sample[])null!, optimizer, 1)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => StepTrace.Record((IDifferentiableLoss)null!, optimizer, 1)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => GradientCheck.Run((IDifferentiableLoss)null!)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => GradientCheck.Run<OneWeight.Sample>(null!, OneSample[0])).ParamName);
        Assert.Equal("writer", Assert.Throws<ArgumentNullException>(() =>
            Trainer.Fit(model, OneSample, optimizer, new TrainingOptions { MaxEpochs = 1 }).History.WriteCsv(null!)).ParamName);
    }

    [Fact]
    public void An_empty_data_set_is_rejected_by_name()
    {
        var optimizer = new GradientDescent(0.1);
        AssertArgument("samples", "samples is empty", () => Trainer.Fit(new OneWeight(), Array.Empty<OneWeight.Sample>(), optimizer));
        AssertArgument("samples", "samples is empty", () => Trainer.Fit(new OneWeight(), new List<OneWeight.Sample>(), optimizer));
        AssertArgument("samples", "samples is empty", () => Trainer.Fit(new OneWeight(), ReadOnlySpan<OneWeight.Sample>.Empty, optimizer));
        AssertArgument("samples", "samples is empty", () => StepTrace.Record(new OneWeight(), Array.Empty<OneWeight.Sample>(), optimizer, 1));
    }

    [Fact]
    public void A_model_without_parameters_is_rejected()
    {
        var model = new Misdeclared(parameterCount: 0, nameCount: 0, derivativeCount: 0);
        AssertArgument("model", "model.ParameterCount must be >= 1; it was 0.", () => Trainer.Fit(model, OneSample, new GradientDescent(0.1)));
        AssertArgument("model", "model.ParameterCount must be >= 1; it was 0.", () => Trainer.Fit((IDifferentiableLoss)model, new GradientDescent(0.1)));
    }

    [Fact]
    public void A_model_whose_names_disagree_with_its_parameter_count_or_without_derivatives_is_rejected()
    {
        var fewerNames = new Misdeclared(parameterCount: 2, nameCount: 1, derivativeCount: 2);
        var noDerivatives = new Misdeclared(parameterCount: 2, nameCount: 2, derivativeCount: 0);
        const string names = "model.ParameterNames has 1 name, but model.ParameterCount is 2; they must be equal.";
        const string derivatives = "model.Derivatives must hold at least one closed form; it was empty.";
        var optimizer = new GradientDescent(0.1);

        AssertArgument("model", names, () => Trainer.Fit(fewerNames, OneSample, optimizer));
        AssertArgument("model", names, () => StepTrace.Record(fewerNames, OneSample, optimizer, 1));
        AssertArgument("model", names, () => StepTrace.Record((IDifferentiableLoss)fewerNames, optimizer, 1));
        AssertArgument("model", names, () => GradientCheck.Run(fewerNames, OneSample[0]));
        AssertArgument("model", derivatives, () => Trainer.Fit((IDifferentiableLoss)noDerivatives, optimizer));
        AssertArgument("model", derivatives, () => GradientCheck.Run((IDifferentiableLoss)noDerivatives));
    }

    [Fact]
    public void A_model_with_one_closed_form_per_tensor_rather_than_per_parameter_trains()
    {
        // A layer stack lists ∂E/∂W and ∂E/∂b per layer, and the δ they use: fewer or more entries than scalars.
        var model = new Misdeclared(parameterCount: 2, nameCount: 2, derivativeCount: 3);
        var result = Trainer.Fit((IDifferentiableLoss)model, new GradientDescent(0.1), new TrainingOptions { MaxEpochs = 2 });
        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        Assert.Equal(2, result.Epochs);
    }

    [Fact]
    public void An_optimizer_sized_for_another_parameter_count_fails_on_the_first_step_and_keeps_its_rate()
    {
        // Adam's state is sized by its first step (3 parameters); the line has 2. The warm-up sets 0.0025 before that
        // first step, so the rate after the failure says whether Fit put 0.01 back.
        var adam = new Adam(0.01);
        adam.Step(new double[3], new double[3]);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new Line(), LineData.Make(5, 0, 1), adam,
            new TrainingOptions { StepSchedule = StepSchedule.LinearWarmup(10, startFactor: 0.25) }));

        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("parameters.Length is 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("sized for 3 parameters", error.Message, StringComparison.Ordinal);
        Assert.Equal(0.01, adam.LearningRate);
    }

    [Fact]
    public void The_trace_hands_Evaluate_exactly_IntermediateNames_Count_values_and_a_model_that_disagrees_says_so()
    {
        // A model declaring two intermediates whose Evaluate writes one: its own length check (as generated code has)
        // names the span and shows both lengths.
        var error = Assert.Throws<ArgumentException>(() =>
            StepTrace.Record(new TwoNamesOneLocal(), OneSample, new GradientDescent(0.1), 1));

        Assert.Equal("intermediates", error.ParamName);
        Assert.StartsWith("intermediates has length 2; OneWeight has 1 named local.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Trace_steps_below_1_are_rejected(int steps)
    {
        AssertRejected("steps", steps.ToString(CultureInfo.InvariantCulture),
            () => StepTrace.Record(new OneWeight(), OneSample, new GradientDescent(0.1), steps));
        AssertRejected("steps", steps.ToString(CultureInfo.InvariantCulture),
            () => StepTrace.Record(new LogBarrier(1), new GradientDescent(0.1), steps));
    }

    [Fact]
    public void A_trace_batch_size_below_1_is_rejected() =>
        AssertRejected("batchSize", "0", () => StepTrace.Record(new OneWeight(), OneSample, new GradientDescent(0.1), 1, batchSize: 0));

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-1e-6, "-1E-06")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void A_gradient_check_step_that_is_not_a_positive_finite_number_is_rejected(double step, string shown)
    {
        AssertRejected("relativeStep", shown, () => GradientCheck.Run(new OneWeight(), OneSample[0], step));
        AssertRejected("relativeStep", shown, () => GradientCheck.Run(new LogBarrier(1), step));
    }

    private static void AssertRejected(string name, string shownValue, Action action)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => action());
        Assert.Equal(name, error.ParamName);
        Assert.StartsWith(name + " must be", error.Message, StringComparison.Ordinal);
        Assert.Contains("it was " + shownValue + ".", error.Message, StringComparison.Ordinal);
    }

    private static void AssertArgument(string name, string message, Action action)
    {
        var error = Assert.Throws<ArgumentException>(() => action());
        Assert.Equal(name, error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Like <see cref="OneWeight"/>, but it declares the intermediates f and g while its Evaluate writes f alone.</summary>
    private sealed class TwoNamesOneLocal : IDifferentiableLoss<OneWeight.Sample>
    {
        private readonly OneWeight _inner = new();

        public int ParameterCount => 1;

        public IReadOnlyList<string> ParameterNames => _inner.ParameterNames;

        public IReadOnlyList<string> IntermediateNames { get; } = new[] { "f", "g" };

        public IReadOnlyList<Derivative> Derivatives => OneWeight.Derivatives;

        public void CopyParametersTo(Span<double> destination) => _inner.CopyParametersTo(destination);

        public void SetParameters(ReadOnlySpan<double> values) => _inner.SetParameters(values);

        public double Loss(in OneWeight.Sample sample) => _inner.Loss(in sample);

        public double Backward(in OneWeight.Sample sample, Span<double> gradient) => _inner.Backward(in sample, gradient);

        public double Evaluate(in OneWeight.Sample sample, Span<double> intermediates) => _inner.Evaluate(in sample, intermediates);
    }
}
