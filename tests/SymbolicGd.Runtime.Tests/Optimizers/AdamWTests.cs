using System;
using SymbolicGd.Testing;

namespace SymbolicGd.Runtime.Tests.Optimizers;

public sealed class AdamWTests
{
    [Fact]
    public void Defaults_match_torch_AdamW()
    {
        var adamw = new AdamW();
        Assert.Equal(0.001, adamw.LearningRate);
        Assert.Equal(0.9, adamw.Beta1);
        Assert.Equal(0.999, adamw.Beta2);
        Assert.Equal(1e-8, adamw.Epsilon);
        Assert.Equal(0.01, adamw.WeightDecay);
    }

    [Fact]
    public void With_a_zero_gradient_it_only_decays()
    {
        // θ ← θ·(1 − γ·λ) = θ·(1 − 0.1·0.5) = 0.95·θ; the Adam part is 0/(0 + ε) = 0.
        var adamw = new AdamW(0.1, weightDecay: 0.5);
        double[] p = { 2.0, -4.0 };
        adamw.Step(p, new[] { 0.0, 0.0 });
        Assert.Equal(1.9, p[0], 1e-15);
        Assert.Equal(-3.8, p[1], 1e-15);
    }

    [Fact]
    public void The_decay_is_decoupled_from_the_moments()
    {
        // Decoupled: θ = 2·0.95 − 0.1·sign(1) = 1.8. An L2 term in the gradient (g + λ·θ = 2) would be normalised
        // away by Adam's first step, leaving 2 − 0.1 = 1.9.
        var adamw = new AdamW(0.1, weightDecay: 0.5);
        double[] p = { 2.0 };
        adamw.Step(p, new[] { 1.0 });
        Assert.Equal(1.8, p[0], 1e-8);
    }

    [Fact]
    public void The_decay_follows_the_current_learning_rate()
    {
        var adamw = new AdamW(0.1, weightDecay: 0.5);
        adamw.LearningRate = 0.2;
        double[] p = { 2.0 };
        adamw.Step(p, new[] { 0.0 });
        Assert.Equal(1.8, p[0], 1e-15); // 2·(1 − 0.2·0.5)
    }

    [Fact]
    public void The_default_weight_decay_is_one_hundredth()
    {
        var adamw = new AdamW(0.1);
        double[] p = { 2.0 };
        adamw.Step(p, new[] { 0.0 });
        Assert.Equal(2.0 * (1.0 - 0.1 * 0.01), p[0], 1e-15);
    }

    [Fact]
    public void Adam_is_AdamW_without_decay()
    {
        // Both against Adam written out as a plain loop (Kingma and Ba's m̂/(√v̂ + ε)), not against each other: the two
        // share AdamMoments, so comparing them alone could not fail.
        double[] expected = PlainAdamW(0.01, weightDecay: 0.0, steps: 50);

        AssertTrajectory(expected, Rosenbrock.Trajectory(new Adam(0.01), 50), "Adam");
        AssertTrajectory(expected, Rosenbrock.Trajectory(new AdamW(0.01, weightDecay: 0.0), 50), "AdamW(λ = 0)");
    }

    [Fact]
    public void AdamW_shrinks_the_parameters_by_one_minus_gamma_lambda_before_the_Adam_step()
    {
        double[] expected = PlainAdamW(0.01, weightDecay: 5.0, steps: 50);

        AssertTrajectory(expected, Rosenbrock.Trajectory(new AdamW(0.01, weightDecay: 5.0), 50), "AdamW(λ = 5)");
        Assert.NotEqual(PlainAdamW(0.01, weightDecay: 0.0, steps: 50)[^1], expected[^1]);
    }

    /// <summary>torch.optim.AdamW's documented algorithm with PyTorch's defaults β = (0.9, 0.999), ε = 1e-8, from (−1.2, 1).</summary>
    private static double[] PlainAdamW(double learningRate, double weightDecay, int steps)
    {
        const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        double[] p = [-1.2, 1.0], g = new double[2], m = new double[2], v = new double[2];
        double[] visited = new double[2 * steps];
        for (int t = 1; t <= steps; t++)
        {
            Rosenbrock.Gradient(p, g);
            for (int i = 0; i < 2; i++)
            {
                p[i] *= 1.0 - learningRate * weightDecay;
                m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
                double mHat = m[i] / (1.0 - Math.Pow(beta1, t));
                double vHat = v[i] / (1.0 - Math.Pow(beta2, t));
                p[i] -= learningRate * mHat / (Math.Sqrt(vHat) + epsilon);
                visited[2 * (t - 1) + i] = p[i];
            }
        }

        return visited;
    }

    private static void AssertTrajectory(double[] expected, double[] actual, string what)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            Close.Assert(expected[k], actual[k], 1e-12, $"{what}, step {k / 2 + 1}, parameter {k % 2}");
        }
    }

    [Fact]
    public void ToString_shows_the_hyper_parameters() =>
        Assert.Equal(
            "AdamW(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1E-08, weightDecay: 0.01)",
            new AdamW().ToString());
}
