using System;

namespace SymbolicGd.Runtime.Tests.Optimizers;

public sealed class AdamTests
{
    [Fact]
    public void Defaults_match_torch_Adam()
    {
        var adam = new Adam();
        Assert.Equal(0.001, adam.LearningRate);
        Assert.Equal(0.9, adam.Beta1);
        Assert.Equal(0.999, adam.Beta2);
        Assert.Equal(1e-8, adam.Epsilon);
    }

    [Fact]
    public void First_step_moves_each_parameter_by_lr_whatever_the_size_of_its_gradient()
    {
        // m̂ = g and v̂ = g² after one step, so the step is γ·g/(|g| + ε) = γ·sign(g) up to γ·ε/|g| ≤ 2e-10.
        var adam = new Adam(0.01);
        double[] p = { 1.0, 1.0, 1.0, 1.0 };
        adam.Step(p, new[] { 0.5, 5.0, -300.0, 2e4 });
        Assert.Equal(0.99, p[0], 1e-9);
        Assert.Equal(0.99, p[1], 1e-9);
        Assert.Equal(1.01, p[2], 1e-9);
        Assert.Equal(0.99, p[3], 1e-9);
    }

    [Fact]
    public void Bias_correction_keeps_a_constant_gradient_moving_by_lr_every_step()
    {
        // With g constant, m̂ = g and v̂ = g² at every step. Without the correction the first step would be
        // γ·0.1·g/√(0.001·g²) ≈ 3.16·γ.
        var adam = new Adam(0.01);
        double[] p = { 1.0 };
        for (int step = 1; step <= 5; step++)
        {
            adam.Step(p, new[] { 2.0 });
            Assert.Equal(1.0 - 0.01 * step, p[0], 1e-9);
        }
    }

    [Fact]
    public void Second_step_by_hand()
    {
        // g = 1 then 3, γ = 0.1. m = 0.9·0.1 + 0.1·3 = 0.39, v = 0.999·0.001 + 0.001·9 = 0.009999,
        // 1 − β₁² = 0.19, 1 − β₂² = 0.001999, θ₂ = θ₁ − 0.1·(0.39/0.19)/(√(0.009999/0.001999) + ε) ≈ θ₁ − 0.09178.
        var adam = new Adam(0.1);
        double[] p = { 1.0 };
        adam.Step(p, new[] { 1.0 });
        double afterFirst = 1.0 - 0.1 / (1.0 + 1e-8);
        Assert.Equal(afterFirst, p[0], 1e-15);
        adam.Step(p, new[] { 3.0 });
        Assert.Equal(afterFirst - 0.1 * (0.39 / 0.19) / (Math.Sqrt(0.009999 / 0.001999) + 1e-8), p[0], 1e-12);
    }

    [Fact]
    public void Epsilon_is_added_after_the_bias_correction()
    {
        // g = ε = 1e-8, γ = 1: m̂/(√v̂ + ε) = 1e-8/(1e-8 + 1e-8) = 1/2. The paper's ε̂ form (ε added to √v before the
        // correction) would give √0.001/0.1·1e-9/(√0.001·1e-8 + 1e-8) ≈ 0.031; ε inside the root ≈ 1e-4.
        var adam = new Adam(1.0, epsilon: 1e-8);
        double[] p = { 0.0 };
        adam.Step(p, new[] { 1e-8 });
        Assert.Equal(-0.5, p[0], 1e-9);
    }

    [Fact]
    public void A_zero_gradient_leaves_the_parameters_alone()
    {
        var adam = new Adam(0.1);
        double[] p = { 2.0, -3.0 };
        adam.Step(p, new[] { 0.0, 0.0 });
        Assert.Equal(new[] { 2.0, -3.0 }, p);
    }

    [Fact]
    public void ToString_shows_the_hyper_parameters() =>
        Assert.Equal("Adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1E-08)", new Adam().ToString());
}
