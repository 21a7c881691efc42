using System;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>
/// A sample that does not fit the network fails with an ArgumentException that names the sample and the lengths,
/// whichever entry point meets it first; nothing is written to the gradient before the check fails.
/// </summary>
public sealed class SampleCheckTests
{
    [Fact]
    public void A_short_input_in_a_batch_names_its_index_and_both_lengths()
    {
        var net = new IrisNet();
        IrisNet.Sample[] samples = [new([1, 2, 3, 4], 0), new([1, 2, 3, 4], 1), new([1, 2, 3], 2)];
        double[] gradient = new double[net.ParameterCount];

        var error = Assert.Throws<ArgumentException>(() => net.BackwardBatch(samples, [0, 1, 2], gradient));

        Assert.Equal("samples", error.ParamName);
        Assert.StartsWith("samples[2].Input has length 3, but IrisNet takes 4 inputs.", error.Message);
    }

    [Fact]
    public void A_label_out_of_range_names_the_classes()
    {
        var net = new IrisNet();
        var error = Assert.Throws<ArgumentException>(() => net.Loss(new IrisNet.Sample([1, 2, 3, 4], 3)));

        Assert.Equal("sample", error.ParamName);
        Assert.StartsWith("sample.Label is 3, but IrisNet has 3 classes: a label is 0 to 2.", error.Message);
        Assert.Throws<ArgumentException>(() => net.Loss(new IrisNet.Sample([1, 2, 3, 4], -1)));
    }

    [Fact]
    public void A_target_of_the_wrong_length_and_a_null_input_are_named()
    {
        var net = new RegressionNet();
        double[] gradient = new double[net.ParameterCount];

        var target = Assert.Throws<ArgumentException>(() => net.Backward(new RegressionNet.Sample([1, 2, 3], [1]), gradient));
        Assert.StartsWith("sample.Target has length 1, but RegressionNet has 2 outputs.", target.Message);

        var missing = Assert.Throws<ArgumentException>(() => net.Backward(new RegressionNet.Sample(null!, [1, 2]), gradient));
        Assert.StartsWith("sample.Input is null; RegressionNet takes 3 inputs.", missing.Message);
        Assert.All(gradient, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Spans_of_the_wrong_length_name_the_argument()
    {
        var net = new RegressionNet();

        var gradient = Assert.Throws<ArgumentException>(() => net.Backward(new RegressionNet.Sample([1, 2, 3], [1, 2]), new double[3]));
        Assert.Equal("gradient", gradient.ParamName);
        Assert.Contains("RegressionNet has " + net.ParameterCount + " parameters", gradient.Message);

        var output = Assert.Throws<ArgumentException>(() => net.Predict([1, 2, 3], new double[3]));
        Assert.Equal("output", output.ParamName);

        var input = Assert.Throws<ArgumentException>(() => net.Classify([1, 2]));
        Assert.Equal("input", input.ParamName);
    }

    [Fact]
    public void A_batch_index_outside_the_data_set_is_named()
    {
        var net = new IrisNet();
        IrisNet.Sample[] samples = [new([1, 2, 3, 4], 0)];

        var error = Assert.Throws<ArgumentException>(() => net.BackwardBatch(samples, [0, 1], new double[net.ParameterCount]));

        Assert.Equal("batch", error.ParamName);
        Assert.StartsWith("batch[1] is 1, but samples has 1 sample.", error.Message);
    }
}
