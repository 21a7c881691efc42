using System;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// The 2-2-2 sigmoid network of the hand derivations (section 3), declared as a layer stack: its eight weight
/// gradients and its weights after one step of gradient descent are the hand values, within 3 ulps.
/// </summary>
public sealed class StackHandDerivationTests
{
    private const int FewUlps = 3;

    private static readonly HandNetwork.Sample Sample = new(new[] { 0.05, 0.10 }, new[] { 0.01, 0.99 });

    private static HandNetwork Network()
    {
        var network = new HandNetwork();
        new double[] { 0.15, 0.20, 0.25, 0.30 }.CopyTo(network.W1);
        network.b1.Fill(0.35);
        new double[] { 0.40, 0.45, 0.50, 0.55 }.CopyTo(network.W2);
        network.b2.Fill(0.60);
        return network;
    }

    [Fact]
    public void The_forward_pass_and_the_eight_weight_gradients_are_the_hand_values()
    {
        var network = Network();
        var gradient = new double[network.ParameterCount];
        double e = network.Backward(Sample, gradient);

        AssertUlps(0.2983711087600027, e);
        var values = new double[network.IntermediateNames.Count];
        network.Evaluate(Sample, values);
        Assert.Equal(new[] { "z1[0]", "z1[1]", "a1[0]", "a1[1]", "z2[0]", "z2[1]", "a2[0]", "a2[1]" }, network.IntermediateNames);
        AssertUlps(0.7513650695523157, values[6]);
        AssertUlps(0.7729284653214625, values[7]);

        // W1 = [[w1, w2], [w3, w4]] at 0…3, b1 at 4, 5, W2 = [[w5, w6], [w7, w8]] at 6…9, b2 at 10, 11.
        double[] hand = { 0.0004385677344743467, 0.0008771354689486934, 0.0004977127352608599, 0.0009954254705217198 };
        double[] handOut = { 0.08216704056423077, 0.08266762784753325, -0.022602540477475067, -0.02274024221597822 };
        for (int i = 0; i < 4; i++)
        {
            AssertUlps(hand[i], gradient[i]);
            AssertUlps(handOut[i], gradient[6 + i]);
        }

        Assert.Equal("W1[1,0]", network.ParameterNames[2]);
        Assert.Equal("b2[1]", network.ParameterNames[11]);
    }

    [Fact]
    public void One_step_of_gradient_descent_gives_the_hand_weights()
    {
        var network = Network();
        var result = Trainer.Fit(network, new[] { Sample }, new GradientDescent(0.5), new TrainingOptions { MaxEpochs = 1 });

        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        double[] w1 = { 0.1497807161327628, 0.19956143226552567, 0.24975114363236958, 0.29950228726473915 };
        double[] w2 = { 0.35891647971788465, 0.4086661860762334, 0.5113012702387375, 0.5613701211079891 };
        for (int i = 0; i < 4; i++)
        {
            AssertUlps(w1[i], network.W1[i]);
            AssertUlps(w2[i], network.W2[i]);
        }
    }

    [Fact]
    public void The_derivatives_read_like_section_four()
    {
        Assert.Equal(
            new[]
            {
                "δ2 = (a2 − t) ⊙ a2 ⊙ (1 − a2)",
                "∂E/∂W2 = δ2·a1ᵀ",
                "∂E/∂b2 = δ2",
                "δ1 = (W2ᵀ·δ2) ⊙ a1 ⊙ (1 − a1)",
                "∂E/∂W1 = δ1·xᵀ",
                "∂E/∂b1 = δ1",
            },
            Array.ConvertAll(System.Linq.Enumerable.ToArray(HandNetwork.Derivatives), d => d.ToString()));
    }

    private static void AssertUlps(double expected, double actual)
    {
        double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= FewUlps * ulp, $"expected {expected:R}, got {actual:R} ({Math.Abs(expected - actual) / ulp} ulps apart)");
    }
}
