namespace SymbolicGd.Runtime.Tests.Optimizers;

public sealed class AdaGradTests
{
    [Fact]
    public void Defaults_match_torch_Adagrad()
    {
        var adagrad = new AdaGrad();
        Assert.Equal(0.01, adagrad.LearningRate);
        Assert.Equal(1e-10, adagrad.Epsilon);
    }

    [Fact]
    public void First_step_moves_each_parameter_by_lr_against_the_sign_of_its_gradient()
    {
        // s = g², so γ·g / (√s + ε) = γ·sign(g) up to γ·ε/|g| ≤ 0.1·1e-10/0.5.
        var adagrad = new AdaGrad(0.1);
        double[] p = { 1.0, 1.0, 1.0 };
        adagrad.Step(p, new[] { 3.0, -4e5, 0.5 });
        Assert.Equal(0.9, p[0], 1e-10);
        Assert.Equal(1.1, p[1], 1e-10);
        Assert.Equal(0.9, p[2], 1e-10);
    }

    [Fact]
    public void Second_step_divides_by_the_root_of_the_summed_squares()
    {
        // Step 1 moves by 0.1; step 2: s = 3² + 4² = 25, θ ← θ − 0.1·4/5 = θ − 0.08. Total 1 − 0.18.
        var adagrad = new AdaGrad(0.1);
        double[] p = { 1.0 };
        adagrad.Step(p, new[] { 3.0 });
        adagrad.Step(p, new[] { 4.0 });
        Assert.Equal(0.82, p[0], 1e-10);
    }

    [Fact]
    public void Epsilon_is_added_outside_the_square_root()
    {
        // g = ε = 1e-10: γ·g / (√(g²) + ε) = 1/2. With ε inside the root it would be g/√(g² + ε) ≈ 1e-5.
        var adagrad = new AdaGrad(1.0, epsilon: 1e-10);
        double[] p = { 0.0 };
        adagrad.Step(p, new[] { 1e-10 });
        Assert.Equal(-0.5, p[0], 1e-12);
    }

    [Fact]
    public void ToString_shows_the_hyper_parameters() =>
        Assert.Equal("AdaGrad(learningRate: 0.01, epsilon: 1E-10)", new AdaGrad().ToString());
}
