using System;

using System.Collections.Generic;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>
/// Where one <see cref="Lbfgs.Step"/> stops, at the boundary of each stopping test: on c·(p − 1)² from p = 0, whose
/// first iteration is written down (d = 2c, t = min(1, 1/(2c))·learning rate), with values exact in binary so a
/// tolerance can be met exactly. A tolerance met with equality stops (PyTorch's <c>&lt;=</c>), except the loss
/// change, which must be strictly smaller (PyTorch's <c>abs(loss - prev_loss) &lt; tolerance_change</c>).
/// </summary>
public sealed class LbfgsStoppingTests
{
    private static LbfgsObjective Parabola(double c) => (p, gradient) =>
    {
        double r = p[0] - 1.0;
        gradient[0] = 2.0 * c * r;
        return c * r * r;
    };

    private static (double Point, int Evaluations, int Iterations) OneStep(Lbfgs lbfgs, double c)
    {
        double[] p = { 0.0 };
        lbfgs.Step(p, Parabola(c));
        return (p[0], lbfgs.FunctionEvaluations, lbfgs.Iterations);
    }

    [Fact]
    public void A_start_whose_largest_gradient_equals_the_tolerance_is_optimal()
    {
        // ¼·(p − 1)² at 0: gradient −0.5.
        Assert.Equal((0.0, 1, 0), OneStep(new Lbfgs(toleranceGradient: 0.5), 0.25));
        Assert.Equal(1, OneStep(new Lbfgs(toleranceGradient: Math.BitDecrement(0.5)), 0.25).Iterations);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_step_that_lands_where_the_gradient_equals_the_tolerance_stops(bool strongWolfe)
    {
        // (p − 1)² from 0 with learning rate 0.75: t = ½·0.75, p = 2·0.375 = 0.75, gradient −0.5 (the line search
        // accepts its first trial: 0.0625 ≤ 1 − 10⁻⁴·0.375·4 and |−0.5·2| ≤ 0.9·4).
        Assert.Equal((0.75, 2, 1), OneStep(new Lbfgs(learningRate: 0.75, toleranceGradient: 0.5, strongWolfe: strongWolfe), 1.0));
        (double point, int evaluations, int iterations) =
            OneStep(new Lbfgs(learningRate: 0.75, toleranceGradient: Math.BitDecrement(0.5), strongWolfe: strongWolfe), 1.0);
        Assert.True(iterations > 1 && evaluations > 2, $"{iterations} iterations, {evaluations} evaluations");
        Assert.NotEqual(0.75, point);
    }

    [Fact]
    public void A_direction_whose_slope_is_not_below_minus_the_change_tolerance_is_not_taken()
    {
        // ¼·(p − 1)² at 0: d = 0.5, gtd = −0.25. The slope must be below −tolerance_change to step.
        (double point, int evaluations, int iterations) = OneStep(new Lbfgs(toleranceChange: 0.25, strongWolfe: false), 0.25);
        Assert.NotEqual(0.0, point);
        Assert.True(evaluations >= 2, $"{evaluations} evaluations");

        Assert.Equal((0.0, 1, 1), OneStep(new Lbfgs(toleranceChange: Math.BitIncrement(0.25), strongWolfe: false), 0.25));
    }

    [Fact]
    public void A_step_no_longer_than_the_change_tolerance_stops()
    {
        // (p − 1)² at 0 with learning rate ½ and a fixed step: t = ¼, the step is 2·¼ = 0.5 (the loss changes by 0.75).
        Assert.Equal((0.5, 2, 1), OneStep(new Lbfgs(learningRate: 0.5, toleranceChange: 0.5, strongWolfe: false), 1.0));
        Assert.True(OneStep(new Lbfgs(learningRate: 0.5, toleranceChange: Math.BitDecrement(0.5), strongWolfe: false), 1.0).Iterations > 1);
    }

    [Fact]
    public void A_loss_change_smaller_than_the_change_tolerance_stops_but_an_equal_one_does_not()
    {
        // ¼·(p − 1)² at 0 with a fixed step: t = 1, the step is 0.5 and the loss goes from 0.25 to 0.0625: a change
        // of 0.1875, smaller than the step.
        Assert.True(OneStep(new Lbfgs(toleranceChange: 0.1875, strongWolfe: false), 0.25).Iterations > 1);
        Assert.Equal((0.5, 2, 1), OneStep(new Lbfgs(toleranceChange: Math.BitIncrement(0.1875), strongWolfe: false), 0.25));
    }

    [Fact]
    public void The_evaluation_budget_stops_the_step_when_it_is_reached()
    {
        // ¼·(p − 1)² at 0 with a fixed step: the first iteration's step costs the second evaluation.
        Assert.Equal((0.5, 2, 1), OneStep(new Lbfgs(maxEvaluations: 2, strongWolfe: false), 0.25));
        (_, int evaluations, int iterations) = OneStep(new Lbfgs(maxEvaluations: 3, strongWolfe: false), 0.25);
        Assert.Equal((3, 2), (evaluations, iterations));
    }

    [Fact]
    public void The_last_fixed_step_iteration_does_not_evaluate_the_point_it_reaches()
    {
        // PyTorch evaluates after a fixed step only if another iteration may follow.
        Assert.Equal((0.5, 1, 1), OneStep(new Lbfgs(maxIterations: 1, maxEvaluations: 10, strongWolfe: false), 0.25));
        (_, int evaluations, int iterations) = OneStep(new Lbfgs(maxIterations: 2, maxEvaluations: 10, strongWolfe: false), 0.25);
        Assert.Equal((2, 2), (evaluations, iterations));
    }

    [Fact]
    public void A_pair_whose_curvature_is_exactly_the_floor_is_not_stored()
    {
        // PyTorch stores a pair (y, s) only if y·s > 10⁻¹⁰. From g₀ = −10⁻¹⁰: d = 10⁻¹⁰, t = 1, s = 10⁻¹⁰; then
        // g₁ = 1 − 10⁻¹⁰ makes y = 1 and y·s = 10⁻¹⁰ exactly. Not stored, the next direction is −g₁ (no scaling);
        // stored, it would be about −10⁻¹⁰.
        double g1 = 1 - 1e-10;
        Assert.Equal(1e-10, (g1 - -1e-10) * 1e-10);
        var points = new List<double>();
        var answers = new Queue<(double, double)>(new[] { (0.0, -1e-10), (-1.0, g1), (-2.0, 0.0) });
        LbfgsObjective objective = (p, gradient) =>
        {
            points.Add(p[0]);
            (double f, double g) = answers.Count > 0 ? answers.Dequeue() : (-3.0, 0.0);
            gradient[0] = g;
            return f;
        };
        var lbfgs = new Lbfgs(toleranceGradient: 0, toleranceChange: 0, strongWolfe: false, maxIterations: 5, maxEvaluations: 10);
        lbfgs.Step(new[] { 0.0 }, objective);
        Assert.Equal(new[] { 0.0, 1e-10, 1e-10 - g1 }, points);
        Assert.Equal(0.0, lbfgs.SaveState().Values["history"]);
    }
}
