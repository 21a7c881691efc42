namespace SymbolicGd.Runtime.Tests.Optimizers;

public sealed class GradientDescentTests
{
    [Fact]
    public void Defaults_match_torch_SGD()
    {
        var sgd = new GradientDescent(0.5);
        Assert.Equal(0.5, sgd.LearningRate);
        Assert.Equal(0.0, sgd.Momentum);
        Assert.False(sgd.Nesterov);
        Assert.Equal(0.0, sgd.WeightDecay);
    }

    [Fact]
    public void A_step_moves_each_parameter_by_lr_times_its_gradient()
    {
        // θ ← θ − γ·g: 1 − 0.1·0.5 = 0.95, −2 − 0.1·(−4) = −1.6.
        var sgd = new GradientDescent(0.1);
        double[] p = { 1.0, -2.0 };
        sgd.Step(p, new[] { 0.5, -4.0 });
        Assert.Equal(0.95, p[0], 1e-15);
        Assert.Equal(-1.6, p[1], 1e-15);
    }

    [Fact]
    public void Weight_decay_adds_lambda_theta_to_the_gradient()
    {
        // g ← g + λ·θ = 1 + 0.5·2 = 2; θ ← 2 − 0.1·2 = 1.8.
        var sgd = new GradientDescent(0.1, weightDecay: 0.5);
        double[] p = { 2.0 };
        sgd.Step(p, new[] { 1.0 });
        Assert.Equal(1.8, p[0], 1e-15);
    }

    [Fact]
    public void Momentum_second_step_adds_mu_times_the_first_buffer()
    {
        // Step 1: b = 1, θ = 1 − 0.1·1 = 0.9. Step 2: b = 0.9·1 + 2 = 2.9, θ = 0.9 − 0.1·2.9 = 0.61.
        var sgd = new GradientDescent(0.1, momentum: 0.9);
        double[] p = { 1.0 };
        sgd.Step(p, new[] { 1.0 });
        Assert.Equal(0.9, p[0], 1e-15);
        sgd.Step(p, new[] { 2.0 });
        Assert.Equal(0.61, p[0], 1e-15);
    }

    [Fact]
    public void Momentum_buffers_the_decayed_gradient()
    {
        // Step 1: g = 1 + 0.5·2 = 2, b = 2, θ = 2 − 0.2 = 1.8. Step 2: g = 1 + 0.5·1.8 = 1.9, b = 0.9·2 + 1.9 = 3.7,
        // θ = 1.8 − 0.37 = 1.43.
        var sgd = new GradientDescent(0.1, momentum: 0.9, weightDecay: 0.5);
        double[] p = { 2.0 };
        sgd.Step(p, new[] { 1.0 });
        sgd.Step(p, new[] { 1.0 });
        Assert.Equal(1.43, p[0], 1e-15);
    }

    [Fact]
    public void Nesterov_steps_by_the_gradient_plus_mu_times_the_buffer()
    {
        // Step 1: b = 1, g + μ·b = 1.9, θ = 1 − 0.19 = 0.81.
        // Step 2: b = 0.9·1 + 2 = 2.9, g + μ·b = 2 + 2.61 = 4.61, θ = 0.81 − 0.461 = 0.349.
        var sgd = new GradientDescent(0.1, momentum: 0.9, nesterov: true);
        double[] p = { 1.0 };
        sgd.Step(p, new[] { 1.0 });
        Assert.Equal(0.81, p[0], 1e-15);
        sgd.Step(p, new[] { 2.0 });
        Assert.Equal(0.349, p[0], 1e-15);
    }

    [Fact]
    public void A_learning_rate_set_between_steps_is_used_by_the_next_step()
    {
        var sgd = new GradientDescent(0.1);
        double[] p = { 1.0 };
        sgd.Step(p, new[] { 1.0 });
        sgd.LearningRate = 0.01;
        Assert.Equal(0.01, sgd.LearningRate);
        sgd.Step(p, new[] { 1.0 });
        Assert.Equal(0.89, p[0], 1e-15);
    }

    [Fact]
    public void ToString_shows_the_hyper_parameters()
    {
        Assert.Equal(
            "GradientDescent(learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0)",
            new GradientDescent(0.1, momentum: 0.9, nesterov: true).ToString());
    }
}
