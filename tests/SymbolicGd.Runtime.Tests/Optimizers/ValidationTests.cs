using System;
using System.Globalization;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>Every invalid hyper-parameter throws, and the message names the argument and shows its value.</summary>
public sealed class ValidationTests
{
    public static TheoryData<double> BadLearningRates() => new(-0.1, -1e-300, double.NaN, double.PositiveInfinity, double.NegativeInfinity);

    public static TheoryData<double> BadEpsilons() => new(-1e-8, double.NaN, double.PositiveInfinity);

    public static TheoryData<double> BadWeightDecays() => new(-0.01, double.NaN, double.PositiveInfinity);

    public static TheoryData<double> OutsideZeroToOne() => new(-0.1, 1.0, 1.5, double.NaN, double.PositiveInfinity);

    public static TheoryData<string> AllKinds() => OptimizerKinds.AllData();

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void Every_constructor_rejects_a_bad_learning_rate(double learningRate)
    {
        AssertRejected("learningRate", learningRate, () => new GradientDescent(learningRate));
        AssertRejected("learningRate", learningRate, () => new AdaGrad(learningRate));
        AssertRejected("learningRate", learningRate, () => new RmsProp(learningRate));
        AssertRejected("learningRate", learningRate, () => new Adam(learningRate));
        AssertRejected("learningRate", learningRate, () => new AdamW(learningRate));
    }

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void The_LearningRate_setter_rejects_a_bad_value_and_keeps_the_old_one(double learningRate)
    {
        foreach (string kind in OptimizerKinds.All)
        {
            IOptimizer optimizer = OptimizerKinds.Create(kind);
            double before = optimizer.LearningRate;
            AssertRejected("LearningRate", learningRate, () => optimizer.LearningRate = learningRate);
            Assert.Equal(before, optimizer.LearningRate);
        }
    }

    [Fact]
    public void A_learning_rate_of_zero_is_allowed_and_freezes_plain_descent()
    {
        var sgd = new GradientDescent(0.0);
        double[] p = { 1.0 };
        sgd.Step(p, new[] { 5.0 });
        Assert.Equal(1.0, p[0]);
    }

    [Theory]
    [MemberData(nameof(OutsideZeroToOne))]
    public void Momentum_outside_zero_to_one_is_rejected(double momentum)
    {
        AssertRejected("momentum", momentum, () => new GradientDescent(0.1, momentum: momentum));
        AssertRejected("momentum", momentum, () => new RmsProp(0.1, momentum: momentum));
    }

    [Theory]
    [MemberData(nameof(OutsideZeroToOne))]
    public void Alpha_outside_zero_to_one_is_rejected(double alpha) =>
        AssertRejected("alpha", alpha, () => new RmsProp(0.1, alpha: alpha));

    [Theory]
    [MemberData(nameof(OutsideZeroToOne))]
    public void Betas_outside_zero_to_one_are_rejected(double beta)
    {
        AssertRejected("beta1", beta, () => new Adam(beta1: beta));
        AssertRejected("beta2", beta, () => new Adam(beta2: beta));
        AssertRejected("beta1", beta, () => new AdamW(beta1: beta));
        AssertRejected("beta2", beta, () => new AdamW(beta2: beta));
    }

    [Theory]
    [MemberData(nameof(BadEpsilons))]
    public void A_bad_epsilon_is_rejected(double epsilon)
    {
        AssertRejected("epsilon", epsilon, () => new AdaGrad(epsilon: epsilon));
        AssertRejected("epsilon", epsilon, () => new RmsProp(epsilon: epsilon));
        AssertRejected("epsilon", epsilon, () => new Adam(epsilon: epsilon));
        AssertRejected("epsilon", epsilon, () => new AdamW(epsilon: epsilon));
    }

    [Theory]
    [MemberData(nameof(BadWeightDecays))]
    public void A_bad_weight_decay_is_rejected(double weightDecay)
    {
        AssertRejected("weightDecay", weightDecay, () => new GradientDescent(0.1, weightDecay: weightDecay));
        AssertRejected("weightDecay", weightDecay, () => new AdamW(weightDecay: weightDecay));
    }

    [Fact]
    public void Nesterov_without_momentum_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new GradientDescent(0.1, nesterov: true));
        Assert.Equal("nesterov", error.ParamName);
        Assert.StartsWith("nesterov = true requires momentum > 0; momentum was 0.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_edges_of_the_ranges_are_accepted()
    {
        // Zero is valid for every factor, as in PyTorch; the upper limits are exclusive.
        _ = new GradientDescent(0.0, momentum: 0.0, weightDecay: 0.0);
        _ = new GradientDescent(0.1, momentum: 0.999, nesterov: true);
        _ = new AdaGrad(0.0, epsilon: 0.0);
        _ = new RmsProp(0.0, alpha: 0.0, epsilon: 0.0, momentum: 0.0);
        _ = new Adam(0.0, beta1: 0.0, beta2: 0.0, epsilon: 0.0);
        _ = new AdamW(0.0, beta1: 0.0, beta2: 0.0, epsilon: 0.0, weightDecay: 0.0);
    }

    private static void AssertRejected(string argument, double value, Action action)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(action);
        Assert.Equal(argument, error.ParamName);
        Assert.StartsWith(argument + " must be ", error.Message, StringComparison.Ordinal);
        Assert.Contains("it was " + value.ToString("R", CultureInfo.InvariantCulture) + ".", error.Message, StringComparison.Ordinal);
    }
}
