using System;
using System.Collections.Generic;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>
/// One trust-region iteration of <see cref="Newton"/> on objectives small enough to follow by hand: the Steihaug step,
/// the acceptance ratio and the radius update each exactly at their thresholds and one double beyond, the stopping
/// tests, the kept evaluation, and the validation of arguments and saved states.
/// </summary>
public sealed class NewtonStepTests
{
    private const double Eps = 2.220446049250313e-16; // 2⁻⁵²

    /// <summary>
    /// A two-parameter quadratic with a scripted loss: the gradient is g + Hx and the Hessian H at every point; the loss
    /// is <paramref name="startLoss"/> at the origin and <paramref name="trialLoss"/> anywhere else.
    /// </summary>
    private static NewtonObjective Scripted(double[] g, double[] h, double startLoss, double trialLoss) =>
        (p, gradient, hessian) =>
        {
            gradient[0] += g[0] + h[0] * p[0] + h[1] * p[1];
            gradient[1] += g[1] + h[2] * p[0] + h[3] * p[1];
            for (int i = 0; i < 4; i++)
            {
                hessian[i] += h[i];
            }

            return p[0] == 0 && p[1] == 0 ? startLoss : trialLoss;
        };

    private static readonly double[] Identity = { 1, 0, 0, 1 };

    /// <summary>Runs one iteration from the origin; returns the parameters after it.</summary>
    private static double[] StepFromOrigin(Newton newton, NewtonObjective objective)
    {
        var p = new double[2];
        newton.Step(p, objective);
        return p;
    }

    // With H = I and g = (½, 0) the Steihaug step is the Newton step p = (−½, 0) after one conjugate-gradient
    // iteration, and the predicted reduction −(gᵀp + ½pᵀHp) = ¼ − ⅛ = ⅛ exactly; a trial loss of 1 − ρ/8 gives ρ.
    private static readonly double[] Half = { 0.5, 0 };

    [Fact]
    public void A_ratio_of_exactly_a_quarter_keeps_the_radius_and_one_double_below_shrinks_it_to_a_quarter_of_the_step()
    {
        var newton = new Newton();
        double[] p = StepFromOrigin(newton, Scripted(Half, Identity, 1, 1 - 0.25 / 8)); // 0.96875, ρ = ¼ exactly
        Assert.Equal(new[] { -0.5, 0 }, p); // ρ > η = 0.15: taken
        Assert.Equal(1.0, newton.Radius);
        Assert.Null(newton.FinishedBecause);

        newton = new Newton();
        p = StepFromOrigin(newton, Scripted(Half, Identity, 1, Math.BitIncrement(0.96875)));
        Assert.Equal(new[] { -0.5, 0 }, p);
        Assert.Equal(0.125, newton.Radius); // ¼‖p‖
    }

    [Fact]
    public void A_ratio_of_exactly_eta_is_rejected_and_one_double_above_is_taken()
    {
        var newton = new Newton(acceptance: 0.125);
        double[] p = StepFromOrigin(newton, Scripted(Half, Identity, 1, 1 - 0.125 / 8)); // 0.984375, ρ = η
        Assert.Equal(new[] { 0.0, 0 }, p);
        Assert.Equal(0.125, newton.Radius);
        Assert.Equal(1, newton.Iterations); // a rejected step is an iteration too

        newton = new Newton(acceptance: 0.125);
        p = StepFromOrigin(newton, Scripted(Half, Identity, 1, Math.BitDecrement(0.984375)));
        Assert.Equal(new[] { -0.5, 0 }, p);
        Assert.Equal(0.125, newton.Radius); // ρ < ¼ still shrinks the region of a step that is taken
    }

    [Fact]
    public void The_region_grows_only_when_the_ratio_is_above_three_quarters_and_the_step_reached_its_edge()
    {
        // Δ = ½: the conjugate-gradient step (−½, 0) lands exactly on the edge, which counts as reaching it.
        var newton = new Newton(initialRadius: 0.5);
        double[] p = StepFromOrigin(newton, Scripted(Half, Identity, 1, 1 - 0.75 / 8)); // 0.90625, ρ = ¾ exactly
        Assert.Equal(new[] { -0.5, 0 }, p);
        Assert.Equal(0.5, newton.Radius);

        newton = new Newton(initialRadius: 0.5);
        StepFromOrigin(newton, Scripted(Half, Identity, 1, Math.BitDecrement(0.90625)));
        Assert.Equal(1.0, newton.Radius); // 2Δ

        newton = new Newton(initialRadius: 0.5, maxRadius: 0.75);
        StepFromOrigin(newton, Scripted(Half, Identity, 1, 0.875)); // ρ = 1
        Assert.Equal(0.75, newton.Radius); // min(2Δ, MaxRadius)

        // Inside the region (Δ = 1) a perfect prediction leaves Δ alone.
        newton = new Newton();
        StepFromOrigin(newton, Scripted(Half, Identity, 1, 0.875));
        Assert.Equal(1.0, newton.Radius);
    }

    [Fact]
    public void Changes_within_ten_epsilons_of_the_loss_count_as_a_ratio_of_one()
    {
        // g = (2⁻²⁵, 0), H = I: the predicted reduction is ½·2⁻⁵⁰ = 2ε, within the resolution 10ε·max(1, |f|) = 10ε.
        // An actual change of −10ε (a loss that rose by exactly the resolution) still counts as ρ = 1: the step is taken.
        double[] tiny = { Math.ScaleB(1, -25), 0 };
        var newton = new Newton();
        Assert.Equal(new[] { -Math.ScaleB(1, -25), 0 }, StepFromOrigin(newton, Scripted(tiny, Identity, 1, 1 + 10 * Eps)));
        Assert.Equal(1.0, newton.Radius);

        // 11ε is beyond it: ρ = −11ε / 2ε < 0, rejected, Δ = ¼‖p‖.
        newton = new Newton();
        Assert.Equal(new[] { 0.0, 0 }, StepFromOrigin(newton, Scripted(tiny, Identity, 1, 1 + 11 * Eps)));
        Assert.Equal(Math.ScaleB(1, -27), newton.Radius);

        // The resolution scales with |f|: at f = 4 it is 40ε, so a rise of 40ε is taken and one of 44ε (the next double) is not.
        newton = new Newton();
        Assert.Equal(-Math.ScaleB(1, -25), StepFromOrigin(newton, Scripted(tiny, Identity, 4, 4 + 40 * Eps))[0]);
        newton = new Newton();
        Assert.Equal(0.0, StepFromOrigin(newton, Scripted(tiny, Identity, 4, 4 + 44 * Eps))[0]);

        // g = (2⁻²⁴, 2⁻²⁵): the predicted reduction ½(2⁻⁴⁸ + 2⁻⁵⁰) is exactly 10ε, the resolution; with an actual
        // change of −8ε both are within it and the step is taken.
        double[] onResolution = { Math.ScaleB(1, -24), Math.ScaleB(1, -25) };
        newton = new Newton();
        Assert.Equal(new[] { -Math.ScaleB(1, -24), -Math.ScaleB(1, -25) },
            StepFromOrigin(newton, Scripted(onResolution, Identity, 1, 1 + 8 * Eps)));

        // Both must be within it: the same prediction with a loss that rose by 1 is rejected.
        newton = new Newton();
        Assert.Equal(new[] { 0.0, 0 }, StepFromOrigin(newton, Scripted(onResolution, Identity, 1, 2)));
    }

    [Fact]
    public void A_predicted_reduction_of_zero_rejects_the_step()
    {
        // Hessian-vector products that disagree with each other: I during the conjugate gradients, so p = (−½, 0),
        // but 2I for the predicted reduction, so that −(gᵀp + ½pᵀ(2I)p) = −(−¼ + ¼) = −0. A prediction that is not
        // positive gives ρ = −∞, whatever the loss does (here it rose by ½, and −½ / −0 would be +∞): the step is
        // rejected and Δ = ¼‖p‖.
        int call = 0;
        NewtonProductObjective objective = (p, v, gradient, product) =>
        {
            call++;
            gradient[0] += 0.5 + p[0];
            gradient[1] += p[1];
            double scale = call == 3 ? 2 : 1; // 1: the point, 2: the conjugate-gradient product, 3: the prediction's, 4: the trial
            product[0] += scale * v[0];
            product[1] += scale * v[1];
            return p[0] == 0 && p[1] == 0 ? 1 : 1.5;
        };
        var newton = new Newton(hessianVectorProducts: true);
        var parameters = new double[2];
        newton.Step(parameters, objective);
        Assert.Equal(4, call);
        Assert.Equal(new[] { 0.0, 0 }, parameters);
        Assert.Equal(0.125, newton.Radius);
    }

    [Fact]
    public void A_direction_of_zero_curvature_goes_to_the_edge()
    {
        // L = a + ½b² from (0, 0): g = (1, 0), H = diag(0, 1). The first direction −g has dᵀHd = 0 exactly, so the step
        // is −g to the edge, (−1, 0); the model is exact (ρ = 1) and the region doubles.
        NewtonObjective linear = (p, gradient, hessian) =>
        {
            gradient[0] += 1;
            gradient[1] += p[1];
            hessian[3] += 1;
            return p[0] + 0.5 * p[1] * p[1];
        };
        var newton = new Newton();
        Assert.Equal(new[] { -1.0, 0 }, StepFromOrigin(newton, linear));
        Assert.Equal(2.0, newton.Radius);
    }

    [Fact]
    public void The_conjugate_gradients_go_on_while_the_residual_is_exactly_at_the_tolerance()
    {
        // L = a + b + ½a² + 3/2·b² from (0, 0): g = (1, 1), H = diag(1, 3). The first iteration gives α = ‖g‖²/gᵀHg = ½,
        // z = (−½, −½) and the residual (½, −½), of norm √½ = min(½, ‖g‖)·‖g‖ exactly, the tolerance: not below it, so a
        // second iteration reaches the Newton step −H⁻¹g = (−1, −⅓).
        NewtonObjective quadratic = (p, gradient, hessian) =>
        {
            gradient[0] += 1 + p[0];
            gradient[1] += 1 + 3 * p[1];
            hessian[0] += 1;
            hessian[3] += 3;
            return p[0] + p[1] + 0.5 * p[0] * p[0] + 1.5 * p[1] * p[1];
        };
        var newton = new Newton(initialRadius: 2);
        double[] p = StepFromOrigin(newton, quadratic);
        Assert.Equal(-1.0, p[0], 1e-15);
        Assert.Equal(-1.0 / 3, p[1], 1e-15);
    }

    [Fact]
    public void The_conjugate_gradients_stop_after_2n_iterations_without_counting_it_as_reaching_the_edge()
    {
        // Products by the non-symmetric H = [[1, ½], [−½, 1]] (its symmetric part is I, so the loss a/4 + ½‖θ‖² is the
        // model): from g = (¼, 0) the residual never falls below ‖g‖² = 1/16 and the iteration stops after 2n = 4
        // products at z = (−29/130, −14/65) (the iterates are rational: −¼·(1, 0), then (−5/26, −1/13)·…).
        NewtonProductObjective skew = (p, v, gradient, product) =>
        {
            gradient[0] += 0.25 + p[0];
            gradient[1] += p[1];
            product[0] += v[0] + 0.5 * v[1];
            product[1] += -0.5 * v[0] + v[1];
            return 0.25 * p[0] + 0.5 * (p[0] * p[0] + p[1] * p[1]);
        };
        var newton = new Newton(hessianVectorProducts: true);
        var parameters = new double[2];
        newton.Step(parameters, skew);
        Assert.Equal(-29.0 / 130, parameters[0], 1e-15);
        Assert.Equal(-14.0 / 65, parameters[1], 1e-15);
        Assert.Equal(1 + 4 + 1 + 1, newton.Evaluations); // the point, four products, the prediction's, the trial
        Assert.Equal(1.0, newton.Radius); // ρ ≈ 1, but the step is inside the region: Δ stays
    }

    [Fact]
    public void A_region_shrunk_to_what_the_parameters_resolve_stops_exactly_at_epsilon_times_their_norm()
    {
        // From (4, 0) with Δ = 16ε, g = (1, 0), H = I: the step is (−16ε, 0) to the edge; a worse loss rejects it and
        // Δ = ¼·16ε = 4ε = ε·‖θ‖: not above it, so Newton stops.
        NewtonObjective worse = (p, gradient, hessian) =>
        {
            gradient[0] += 1;
            hessian[0] += 1;
            hessian[3] += 1;
            return p[0] == 4 ? 0 : 1;
        };
        var newton = new Newton(initialRadius: 16 * Eps);
        double[] p = { 4, 0 };
        newton.Step(p, worse);
        Assert.Equal(new[] { 4.0, 0 }, p);
        Assert.Equal(4 * Eps, newton.Radius);
        Assert.Equal((StopReason.MachinePrecision,
                "Newton stopped: the trust region shrank to Δ = 8.882e−16, below what parameters of norm 4 can resolve"),
            newton.Termination);

        // Parameters of norm one double below 4 resolve a little more: 4ε is above ε·‖θ‖ and Newton goes on.
        NewtonObjective worseBelow = (q, gradient, hessian) =>
        {
            gradient[0] += 1;
            hessian[0] += 1;
            hessian[3] += 1;
            return q[0] == Math.BitDecrement(4.0) ? 0 : 1;
        };
        newton = new Newton(initialRadius: 16 * Eps);
        p = new[] { Math.BitDecrement(4.0), 0 };
        newton.Step(p, worseBelow);
        Assert.Equal(4 * Eps, newton.Radius);
        Assert.Null(newton.FinishedBecause);

        // Parameters of norm below 1 resolve no more than norm 1: Δ = ε stops at (½, 0) too.
        newton = new Newton(initialRadius: 4 * Eps);
        p = new[] { 0.5, 0 };
        NewtonObjective worseAtHalf = (q, gradient, hessian) =>
        {
            gradient[0] += 1;
            hessian[0] += 1;
            hessian[3] += 1;
            return q[0] == 0.5 ? 0 : 1;
        };
        newton.Step(p, worseAtHalf);
        Assert.Equal(Eps, newton.Radius);
        Assert.StartsWith("Newton stopped: the trust region shrank to Δ = 2.22e−16, below what parameters of norm 1 can", newton.FinishedBecause);
    }

    [Fact]
    public void A_loss_gradient_or_Hessian_that_is_not_finite_stops_it_naming_the_entry()
    {
        NewtonObjective At(double loss, int gradientIndex, int hessianIndex, double bad) => (p, gradient, hessian) =>
        {
            gradient[0] += 1;
            gradient[1] += 1;
            hessian[0] += 1;
            hessian[3] += 1;
            if (gradientIndex >= 0)
            {
                gradient[gradientIndex] = bad;
            }

            if (hessianIndex >= 0)
            {
                hessian[hessianIndex] = bad;
            }

            return loss;
        };

        (StopReason, string)? Stop(NewtonObjective objective)
        {
            var newton = new Newton();
            double[] p = { 0.5, 0.5 };
            newton.Step(p, objective);
            Assert.Equal(new[] { 0.5, 0.5 }, p); // nothing is stepped
            Assert.Equal(0, newton.Iterations);
            return newton.Termination;
        }

        Assert.Equal((StopReason.Diverged, "The loss or the gradient at the current parameters is not finite (the loss is NaN)"),
            Stop(At(double.NaN, -1, -1, 0)));
        Assert.Equal((StopReason.Diverged, "The loss or the gradient at the current parameters is not finite (the loss is 1)"),
            Stop(At(1, 0, -1, double.NaN)));
        Assert.Equal((StopReason.Diverged, "The Hessian entry (0, 0) became NaN"), Stop(At(1, -1, 0, double.NaN)));
        Assert.Equal((StopReason.Diverged, "The Hessian entry (0, 1) became ∞"), Stop(At(1, -1, 1, double.PositiveInfinity)));
        Assert.Equal((StopReason.Diverged, "The Hessian entry (1, 0) became −∞"), Stop(At(1, -1, 2, double.NegativeInfinity)));
    }

    [Fact]
    public void Every_call_of_the_objective_gets_cleared_spans()
    {
        // The delegates add to their spans; Newton clears them before every call, in both modes, whatever the call
        // before wrote (in the matrix-free mode one scratch span takes the unused product and the unused gradient).
        var dirty = new List<string>();
        NewtonObjective dense = (p, gradient, hessian) =>
        {
            if (gradient.IndexOfAnyExcept(0.0) >= 0 || hessian.IndexOfAnyExcept(0.0) >= 0)
            {
                dirty.Add("dense");
            }

            return Rosenbrock.AddGradientAndHessian(p, gradient, hessian);
        };
        NewtonProductObjective products = (p, v, gradient, product) =>
        {
            if (gradient.IndexOfAnyExcept(0.0) >= 0 || product.IndexOfAnyExcept(0.0) >= 0)
            {
                dirty.Add("products");
            }

            Span<double> hessian = stackalloc double[4];
            double loss = Rosenbrock.AddGradientAndHessian(p, gradient, hessian);
            product[0] += hessian[0] * v[0] + hessian[1] * v[1];
            product[1] += hessian[2] * v[0] + hessian[3] * v[1];
            return loss;
        };

        double[] x = { -1.2, 1 }, y = { -1.2, 1 };
        var newton = new Newton();
        var matrixFree = new Newton(hessianVectorProducts: true);
        for (int i = 0; i < 5; i++)
        {
            newton.Step(x, dense);
            matrixFree.Step(y, products);
        }

        Assert.Empty(dirty);
        Assert.True(matrixFree.Evaluations > 3 * 5, $"{matrixFree.Evaluations} calls"); // several products per iteration
    }

    [Fact]
    public void The_evaluation_at_the_current_point_is_kept_and_redone_when_the_parameters_change()
    {
        var newton = new Newton();
        double[] p = { 0, 0 };
        Assert.Equal(1.0, newton.Step(p, Rosenbrock.AddGradientAndHessian)); // L(0, 0) = 1: the origin, like a new buffer, is evaluated
        Assert.Equal(2, newton.Evaluations); // the point and the trial
        double[] afterFirst = (double[])p.Clone();
        Assert.Equal(Rosenbrock.AddGradientAndHessian(afterFirst, new double[2], new double[4]), newton.Step(p, Rosenbrock.AddGradientAndHessian));
        Assert.Equal(3, newton.Evaluations); // only the trial: the point's values were kept

        p[0] = 0.5;
        p[1] = 0.5;
        Assert.Equal(6.5, newton.Step(p, Rosenbrock.AddGradientAndHessian)); // (½)² + 100·(½ − ¼)², evaluated again
        Assert.Equal(5, newton.Evaluations);
    }

    [Fact]
    public void The_matrix_free_mode_allocates_memory_linear_in_the_parameter_count()
    {
        // 0.5·‖θ − 1‖² with H = I through products: the first step allocates its work vectors (ten of n doubles),
        // never the n² of a dense Hessian (8 MB here, twice).
        const int n = 1000;
        NewtonProductObjective bowl = (p, v, gradient, product) =>
        {
            double loss = 0;
            for (int i = 0; i < p.Length; i++)
            {
                gradient[i] += p[i] - 1;
                product[i] += v[i];
                loss += 0.5 * (p[i] - 1) * (p[i] - 1);
            }

            return loss;
        };
        var newton = new Newton(initialRadius: 100, hessianVectorProducts: true);
        var parameters = new double[n];
        newton.Step(parameters, bowl); // JIT compilation out of the measurement
        newton.Reset();
        Array.Clear(parameters);
        long before = GC.GetAllocatedBytesForCurrentThread();
        newton.Step(parameters, bowl);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 10 * 8 * n, 20 * 8 * n);
        Assert.Equal(1.0, parameters[0], 1e-15); // one Newton step to the minimum
    }

    [Fact]
    public void Arguments_out_of_range_fail_naming_the_argument_and_the_value()
    {
        Assert.Equal(2.0, new Newton(initialRadius: 2, maxRadius: 2).MaxRadius); // maxRadius = initialRadius is allowed
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Newton(initialRadius: 2, maxRadius: Math.BitDecrement(2.0)));
        Assert.Equal("maxRadius", e.ParamName);
        Assert.Equal(Math.BitDecrement(2.0), e.ActualValue);
        Assert.StartsWith("maxRadius must be >= initialRadius (2).", e.Message);

        Assert.Equal(0.0, new Newton(acceptance: 0).Acceptance);
        Assert.Equal(Math.BitDecrement(0.25), new Newton(acceptance: Math.BitDecrement(0.25)).Acceptance);
        foreach (double acceptance in new[] { 0.25, -double.Epsilon, double.NaN })
        {
            e = Assert.Throws<ArgumentOutOfRangeException>(() => new Newton(acceptance: acceptance));
            Assert.Equal("acceptance", e.ParamName);
            Assert.Equal(acceptance, e.ActualValue);
            Assert.StartsWith("acceptance (η) must be in [0, 0.25).", e.Message);
        }

        var dense = new Newton();
        var matrixFree = new Newton(hessianVectorProducts: true);
        var p = new double[2];
        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => dense.Step(p, (NewtonObjective)null!)).ParamName);
        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => matrixFree.Step(p, (NewtonProductObjective)null!)).ParamName);
        Assert.Equal("This Newton optimizer works from Hessian-vector products; call Step with a NewtonProductObjective.",
            Assert.Throws<InvalidOperationException>(() => matrixFree.Step(p, Rosenbrock.AddGradientAndHessian)).Message);
        Assert.Equal(
            "This Newton optimizer works from the dense Hessian; call Step with a NewtonObjective, or create it with hessianVectorProducts: true.",
            Assert.Throws<InvalidOperationException>(() => dense.Step(p, (q, v, g, hv) => 0)).Message);
        Assert.Equal(0, dense.Evaluations + matrixFree.Evaluations);
    }

    [Fact]
    public void It_describes_itself_with_its_settings()
    {
        Assert.Equal("Newton(initialRadius: 1, maxRadius: 1000, acceptance: 0.15, hessianVectorProducts: false)", new Newton().ToString());
        Assert.Equal("Newton(initialRadius: 0.5, maxRadius: 2, acceptance: 0, hessianVectorProducts: true)",
            new Newton(0.5, 2, 0, hessianVectorProducts: true).ToString());
    }

    [Fact]
    public void A_saved_state_is_checked_before_it_is_loaded()
    {
        var newton = new Newton(maxRadius: 10);
        Assert.Equal("state", Assert.Throws<ArgumentNullException>(() => newton.LoadState(null!)).ParamName);
        Assert.Contains("initial_radius", Assert.Throws<ArgumentException>(() => newton.LoadState(new Newton(2, 10).SaveState())).Message);
        Assert.Contains("eta", Assert.Throws<ArgumentException>(() => newton.LoadState(new Newton(1, 10, 0.1).SaveState())).Message);

        OptimizerState With(Dictionary<string, double> values)
        {
            OptimizerState saved = new Newton(maxRadius: 10).SaveState();
            return new OptimizerState(saved.Optimizer, saved.LearningRate, saved.Step, saved.ParameterCount, saved.Settings,
                new Dictionary<string, double[]>(), values);
        }

        var missing = Assert.Throws<ArgumentException>(() => newton.LoadState(With(new() { ["evaluations"] = 0 })));
        Assert.Equal("state", missing.ParamName);
        Assert.StartsWith("The Newton state has no value 'radius' or 'evaluations'.", missing.Message);
        Assert.StartsWith("The Newton state has no value 'radius' or 'evaluations'.",
            Assert.Throws<ArgumentException>(() => newton.LoadState(With(new() { ["radius"] = 1 }))).Message);

        foreach (double radius in new[] { 0.0, -1.0, Math.BitIncrement(10.0), double.NaN })
        {
            var e = Assert.Throws<ArgumentException>(() => newton.LoadState(With(new() { ["radius"] = radius, ["evaluations"] = 0 })));
            Assert.Equal("state", e.ParamName);
            Assert.StartsWith($"The Newton state's radius must be in (0, 10]; it was {radius.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.", e.Message);
        }

        Assert.Equal(1.0, newton.Radius); // nothing changed
        newton.LoadState(With(new() { ["radius"] = 10, ["evaluations"] = 7 }));
        Assert.Equal(10.0, newton.Radius); // the largest radius is a radius
        Assert.Equal(7, newton.Evaluations);
    }

    [Fact]
    public void Loading_a_state_forgets_the_kept_evaluation_and_the_reason_it_stopped()
    {
        var newton = new Newton();
        double[] p = { 1, 1 };
        newton.Step(p, Rosenbrock.AddGradientAndHessian); // the gradient is exactly 0 at the minimum
        Assert.NotNull(newton.FinishedBecause);
        Assert.Equal(1, newton.Evaluations);

        var moving = new Newton();
        double[] q = { -1.2, 1 };
        moving.Step(q, Rosenbrock.AddGradientAndHessian);
        OptimizerState state = moving.SaveState();
        newton.LoadState(state);
        Assert.Null(newton.FinishedBecause);
        Assert.Equal(moving.Radius, newton.Radius);
        Assert.Equal(1, newton.Iterations);
        Assert.Equal(2, newton.Evaluations);
        newton.Step(p, Rosenbrock.AddGradientAndHessian); // at (1, 1) again: evaluated again, not taken from before the load
        Assert.Equal(3, newton.Evaluations);
    }

    [Fact]
    public void The_parameter_count_is_kept_by_a_state_and_forgotten_by_Reset()
    {
        var two = new Newton();
        two.Step(new double[] { -1.2, 1 }, Rosenbrock.AddGradientAndHessian);

        // A state of a two-parameter run does not fit three parameters.
        var loaded = new Newton();
        loaded.LoadState(two.SaveState());
        Assert.Throws<ArgumentException>(() => loaded.Step(new double[3], Bowl3));

        // A state saved before any step fits any count.
        var fresh = new Newton();
        fresh.LoadState(new Newton().SaveState());
        double[] p = { -1.2, 1 };
        fresh.Step(p, Rosenbrock.AddGradientAndHessian);
        Assert.Equal(1, fresh.Iterations);

        // Reset forgets the count.
        two.Reset();
        Assert.Equal(0, two.Evaluations);
        double[] three = { 0.5, 0.5, 0.5 };
        two.Step(three, Bowl3);
        Assert.Equal(new[] { 0.0, 0, 0 }, three); // the Newton step −g of H = I, inside the region
    }

    private static double Bowl3(ReadOnlySpan<double> p, Span<double> gradient, Span<double> hessian)
    {
        double loss = 0;
        for (int i = 0; i < 3; i++)
        {
            gradient[i] += p[i];
            hessian[i * 4] += 1;
            loss += 0.5 * p[i] * p[i];
        }

        return loss;
    }
}
