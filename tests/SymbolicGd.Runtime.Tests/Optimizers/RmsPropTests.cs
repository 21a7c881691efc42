using System;

namespace SymbolicGd.Runtime.Tests.Optimizers;

public sealed class RmsPropTests
{
    [Fact]
    public void Defaults_match_torch_RMSprop()
    {
        var rmsprop = new RmsProp();
        Assert.Equal(0.01, rmsprop.LearningRate);
        Assert.Equal(0.99, rmsprop.Alpha);
        Assert.Equal(1e-8, rmsprop.Epsilon);
        Assert.Equal(0.0, rmsprop.Momentum);
    }

    [Fact]
    public void First_step_is_lr_over_the_root_of_one_minus_alpha()
    {
        // v = (1 − α)·g² = 0.01·g², so the step is γ·g/(0.1·|g| + ε) = 10·γ·sign(g), up to 10·γ·ε/(0.1·|g|) ≤ 5e-10.
        var rmsprop = new RmsProp(0.01);
        double[] p = { 1.0, 1.0 };
        rmsprop.Step(p, new[] { 20.0, -300.0 });
        Assert.Equal(0.9, p[0], 1e-9);
        Assert.Equal(1.1, p[1], 1e-9);
    }

    [Fact]
    public void The_average_of_squares_decays_by_alpha()
    {
        // α = 0.75, g = 8 twice. Step 1: v = 0.25·64 = 16, θ ← 1 − 0.01·8/(4 + ε) ≈ 0.98.
        // Step 2: v = 0.75·16 + 0.25·64 = 28, θ ← θ − 0.01·8/(√28 + ε).
        var rmsprop = new RmsProp(0.01, alpha: 0.75);
        double[] p = { 1.0 };
        rmsprop.Step(p, new[] { 8.0 });
        double afterFirst = 1.0 - 0.01 * 8.0 / (4.0 + 1e-8);
        Assert.Equal(afterFirst, p[0], 1e-15);
        rmsprop.Step(p, new[] { 8.0 });
        Assert.Equal(afterFirst - 0.01 * 8.0 / (Math.Sqrt(28.0) + 1e-8), p[0], 1e-15);
    }

    [Fact]
    public void Momentum_accumulates_the_normalised_gradient()
    {
        // α = 0.75, μ = 0.5, g = 8 twice. Step 1: b = 8/(4 + ε) ≈ 2, θ = 1 − 0.01·b.
        // Step 2: b = 0.5·b + 8/(√28 + ε), θ = θ − 0.01·b.
        var rmsprop = new RmsProp(0.01, alpha: 0.75, momentum: 0.5);
        double[] p = { 1.0 };
        rmsprop.Step(p, new[] { 8.0 });
        double b1 = 8.0 / (4.0 + 1e-8);
        Assert.Equal(1.0 - 0.01 * b1, p[0], 1e-15);
        rmsprop.Step(p, new[] { 8.0 });
        double b2 = 0.5 * b1 + 8.0 / (Math.Sqrt(28.0) + 1e-8);
        Assert.Equal(1.0 - 0.01 * b1 - 0.01 * b2, p[0], 1e-15);
    }

    [Fact]
    public void Epsilon_is_added_outside_the_square_root()
    {
        // α = 0.75, g = ε = 1e-8: √v = 0.5e-8, so the step is g/(0.5e-8 + 1e-8) = 2/3. Inside the root: ≈ 1e-4.
        var rmsprop = new RmsProp(1.0, alpha: 0.75, epsilon: 1e-8);
        double[] p = { 0.0 };
        rmsprop.Step(p, new[] { 1e-8 });
        Assert.Equal(-2.0 / 3.0, p[0], 1e-12);
    }

    [Fact]
    public void ToString_shows_the_hyper_parameters() =>
        Assert.Equal("RmsProp(learningRate: 0.01, alpha: 0.99, epsilon: 1E-08, momentum: 0)", new RmsProp().ToString());
}
