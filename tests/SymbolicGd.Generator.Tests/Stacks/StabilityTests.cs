using System;
using System.Linq;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// Logits of ±1000: a naive softmax or sigmoid followed by a logarithm gives −∞ and NaN; the fused forms give finite
/// losses and gradients equal to their limits, and the naive compositions the user wrote give exactly the same.
/// </summary>
public sealed class StabilityTests
{
    private static readonly double[] Input = { 0.3, -0.7 };

    public static TheoryData<string> Classifiers() => new() { nameof(LogitsClassifier), nameof(SoftmaxClassifier) };

    public static TheoryData<string> Taggers() => new() { nameof(LogitsTagger), nameof(SigmoidTagger) };

    [Theory]
    [MemberData(nameof(Classifiers))]
    public void Softmax_cross_entropy_at_logits_of_plus_and_minus_1000_is_finite_and_exact(string name)
    {
        (double Loss, double[] Gradient) wrong, right;
        if (name == nameof(LogitsClassifier))
        {
            var network = Logits(new LogitsClassifier());
            wrong = Backward(network, new LogitsClassifier.Sample(Input, 1));
            right = Backward(network, new LogitsClassifier.Sample(Input, 0));
        }
        else
        {
            var network = Logits(new SoftmaxClassifier());
            wrong = Backward(network, new SoftmaxClassifier.Sample(Input, 1));
            right = Backward(network, new SoftmaxClassifier.Sample(Input, 0));
        }

        // z = (1000, −1000): −log softmax(z)[1] = 2000 exactly; δ = softmax(z) − onehot(1) = (1, −1).
        // For label 0 the loss is log(1 + e^−2000) = 0 and δ = (0, 0).
        Assert.Equal(2000.0, wrong.Loss);
        Assert.Equal(new[] { 1.0, -1.0 }, wrong.Gradient[4..6]);
        Assert.Equal(new[] { 0.3, -0.7, -0.3, 0.7 }, wrong.Gradient[0..4]);
        Assert.Equal(0.0, right.Loss);
        Assert.All(right.Gradient, g => Assert.Equal(0.0, Math.Abs(g)));
    }

    [Theory]
    [MemberData(nameof(Taggers))]
    public void Binary_cross_entropy_at_logits_of_plus_and_minus_1000_is_finite_and_exact(string name)
    {
        (double Loss, double[] Gradient) wrong, right;
        if (name == nameof(LogitsTagger))
        {
            var network = Logits(new LogitsTagger());
            wrong = Backward(network, new LogitsTagger.Sample(Input, new[] { 0.0, 1.0 }));
            right = Backward(network, new LogitsTagger.Sample(Input, new[] { 1.0, 0.0 }));
        }
        else
        {
            var network = Logits(new SigmoidTagger());
            wrong = Backward(network, new SigmoidTagger.Sample(Input, new[] { 0.0, 1.0 }));
            right = Backward(network, new SigmoidTagger.Sample(Input, new[] { 1.0, 0.0 }));
        }

        // z = (1000, −1000) against t = (0, 1): each term is 1000; δ = σ(z) − t = (1, −1). Against t = (1, 0): 0 and 0.
        Assert.Equal(2000.0, wrong.Loss);
        Assert.Equal(new[] { 1.0, -1.0 }, wrong.Gradient[4..6]);
        Assert.Equal(0.0, right.Loss);
        Assert.All(right.Gradient, g => Assert.Equal(0.0, Math.Abs(g)));
    }

    [Fact]
    public void The_naive_compositions_compute_exactly_what_the_logits_forms_do()
    {
        var random = new Random(7);
        var logits = new LogitsClassifier();
        var softmax = new SoftmaxClassifier();
        var parameters = Enumerable.Range(0, logits.ParameterCount).Select(_ => 40 * random.NextDouble() - 20).ToArray();
        logits.SetParameters(parameters);
        softmax.SetParameters(parameters);
        var g1 = new double[6];
        var g2 = new double[6];
        Assert.Equal(logits.Backward(new(Input, 1), g1), softmax.Backward(new(Input, 1), g2));
        Assert.Equal(g1, g2);

        var p1 = new double[2];
        var p2 = new double[2];
        logits.Predict(Input, p1);
        softmax.Predict(Input, p2);
        Assert.Equal(p1, p2);
        Assert.Equal(1.0, p1.Sum(), 15);

        Assert.Equal(LogitsClassifier.Derivatives.Select(d => d.ToString()), SoftmaxClassifier.Derivatives.Select(d => d.ToString()));
    }

    /// <summary>W = 0 and b = (1000, −1000): the logits are ±1000 whatever the input.</summary>
    private static T Logits<T>(T network)
        where T : IDifferentiable
    {
        network.SetParameters(new double[] { 0, 0, 0, 0, 1000, -1000 });
        return network;
    }

    private static (double, double[]) Backward<TSample>(IDifferentiableLoss<TSample> network, TSample sample)
        where TSample : struct
    {
        var gradient = new double[network.ParameterCount];
        double loss = network.Backward(sample, gradient);
        Assert.Equal(loss, network.Loss(sample));
        var batch = new double[network.ParameterCount];
        Assert.Equal(loss, ((IBatchDifferentiableLoss<TSample>)network).BackwardBatch(new[] { sample }, new[] { 0 }, batch));
        Assert.Equal(gradient, batch);
        return (loss, gradient);
    }
}
