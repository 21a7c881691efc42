using System;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>The trust-region Newton method on hand-written twice-differentiable models.</summary>
public sealed class NewtonTests
{
    [Fact]
    public void The_hand_written_Rosenbrock_Hessian_is_the_central_difference_of_its_gradient()
    {
        // The model the Newton tests rely on is checked first, against its own Backward.
        var model = new RosenbrockSecondOrder { a = 0.3, b = -0.7 };
        var gradient = new double[2];
        var hessian = new double[4];
        model.Hessian(gradient, hessian);
        const double h = 1e-6;
        for (int j = 0; j < 2; j++)
        {
            double[] up = { 0.3, -0.7 }, down = { 0.3, -0.7 };
            up[j] += h;
            down[j] -= h;
            var gUp = new double[2];
            var gDown = new double[2];
            model.SetParameters(up);
            model.Backward(gUp);
            model.SetParameters(down);
            model.Backward(gDown);
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal((gUp[i] - gDown[i]) / (2 * h), hessian[i * 2 + j], 1e-5);
            }
        }

        model.SetParameters(new[] { 0.3, -0.7 });
        var product = new double[2];
        model.HessianVectorProduct(new[] { 2.0, -3.0 }, new double[2], product);
        Assert.Equal(hessian[0] * 2 - hessian[1] * 3, product[0], 1e-12);
        Assert.Equal(hessian[2] * 2 - hessian[3] * 3, product[1], 1e-12);
    }

    [Fact]
    public void Rosenbrock_from_minus_1_2_and_1_reaches_a_gradient_norm_below_1e_10_in_30_iterations()
    {
        var model = new RosenbrockSecondOrder();
        var newton = new Newton();
        TrainingResult result = Trainer.Fit(model, newton, new TrainingOptions { GradientTolerance = 1e-10 });

        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        Assert.True(result.FinalGradientNorm < 1e-10, result.ToString());
        Assert.Equal(1.0, model.a, 1e-12);
        Assert.Equal(1.0, model.b, 1e-12);
        Assert.Equal(30, newton.Iterations);
        Assert.Equal(result.Epochs, newton.Iterations);
        Assert.Equal(newton.Iterations + 1, newton.Evaluations);

        // A descent method: the loss never increases from one iteration to the next.
        double[] losses = result.History.Select(r => r.Loss).ToArray();
        for (int i = 1; i < losses.Length; i++)
        {
            Assert.True(losses[i] <= losses[i - 1], $"epoch {i + 1}: {losses[i]} > {losses[i - 1]}");
        }
    }

    [Fact]
    public void Where_the_Hessian_is_indefinite_it_still_descends_and_converges()
    {
        // At (0, 1), ∂²L/∂a² = 2 − 400 = −398: a pure Newton step would climb towards a saddle.
        var model = new RosenbrockSecondOrder { a = 0, b = 1 };
        var hessian = new double[4];
        model.Hessian(new double[2], hessian);
        Assert.True(hessian[0] * hessian[3] - hessian[1] * hessian[2] < 0);

        var newton = new Newton();
        TrainingResult result = Trainer.Fit(model, newton, new TrainingOptions { GradientTolerance = 1e-10, MaxEpochs = 200 });

        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        Assert.Equal(26, result.Epochs);
        Assert.Equal(25, newton.Iterations); // the 25th step lands on (1, 1) exactly, where the 26th epoch sees g = 0
        Assert.True(result.History[1].Loss < result.History[0].Loss);
        double[] losses = result.History.Select(r => r.Loss).ToArray();
        Assert.All(Enumerable.Range(1, losses.Length - 1), i => Assert.True(losses[i] <= losses[i - 1]));
        Assert.Equal(1.0, model.a, 1e-10);
    }

    [Fact]
    public void With_Hessian_vector_products_it_takes_the_dense_modes_steps()
    {
        var dense = new RosenbrockSecondOrder();
        TrainingResult denseResult = Trainer.Fit(dense, new Newton(), new TrainingOptions { GradientTolerance = 1e-10 });
        var products = new RosenbrockSecondOrder();
        var newton = new Newton(hessianVectorProducts: true);
        TrainingResult productResult = Trainer.Fit(products, newton, new TrainingOptions { GradientTolerance = 1e-10 });

        Assert.Equal(StopReason.GradientTolerance, productResult.StopReason);
        Assert.Equal(denseResult.Epochs, productResult.Epochs);
        Assert.Equal(dense.a, products.a, 1e-14);
        Assert.Equal(dense.b, products.b, 1e-14);
        for (int i = 0; i < denseResult.History.Count; i++)
        {
            Assert.Equal(denseResult.History[i].Loss, productResult.History[i].Loss, 1e-12 * Math.Max(1, denseResult.History[i].Loss));
        }

        // Per iteration: the trial point, one product per conjugate-gradient iteration (at most 2n = 4) and the predicted reduction's.
        Assert.InRange(newton.Evaluations, 3 * newton.Iterations, 7 * newton.Iterations + 1);

        NistDataSet misra = NistDataSet.Load("Misra1a");
        var rise = new ExponentialRise { A = misra.Starts[1][0], k = misra.Starts[1][1] };
        TrainingResult fit = Trainer.Fit(rise, misra.Data, new Newton(hessianVectorProducts: true),
            new TrainingOptions { GradientTolerance = 1e-8, MaxEpochs = 100 });
        Assert.Equal(StopReason.GradientTolerance, fit.StopReason);
        Assert.True(NistDataSet.Lre(rise.A, misra.Certified[0]) >= 6, $"A = {rise.A}");

        Assert.Throws<InvalidOperationException>(() => newton.Step(new double[2], Rosenbrock.AddGradientAndHessian));
        Assert.Contains("hvp", Assert.Throws<ArgumentException>(() => new Newton().LoadState(newton.SaveState())).Message);
    }

    [Fact]
    public void An_iteration_after_the_first_allocates_nothing()
    {
        var newton = new Newton();
        double[] p = { -1.2, 1.0 };
        NewtonObjective objective = Rosenbrock.AddGradientAndHessian;
        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                newton.Step(p, objective);
            }
        });
        Assert.Equal(0, allocated);
        Assert.Equal(1.0, p[0], 1e-12);

        var matrixFree = new Newton(hessianVectorProducts: true);
        double[] q = { -1.2, 1.0 };
        NewtonProductObjective products = RosenbrockProducts;
        allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                matrixFree.Step(q, products);
            }
        });
        Assert.Equal(0, allocated);
        Assert.Equal(1.0, q[0], 1e-12);
    }

    private static double RosenbrockProducts(ReadOnlySpan<double> p, ReadOnlySpan<double> v, Span<double> gradient, Span<double> product)
    {
        Span<double> hessian = stackalloc double[4];
        double loss = Rosenbrock.AddGradientAndHessian(p, gradient, hessian);
        product[0] += hessian[0] * v[0] + hessian[1] * v[1];
        product[1] += hessian[2] * v[0] + hessian[3] * v[1];
        return loss;
    }

    [Fact]
    public void Ten_iterations_equal_four_then_a_checkpoint_then_six_more_bit_for_bit()
    {
        var straight = new RosenbrockSecondOrder();
        var straightNewton = new Newton();
        TrainingResult all = Trainer.Fit(straight, straightNewton, new TrainingOptions { MaxEpochs = 10 });

        var first = new RosenbrockSecondOrder();
        var firstNewton = new Newton();
        Trainer.Fit(first, firstNewton, new TrainingOptions { MaxEpochs = 4 });
        Checkpoint checkpoint = Checkpoint.FromJson(Checkpoint.Capture(first, firstNewton, epoch: 4).ToJson());

        var resumed = new RosenbrockSecondOrder();
        var resumedNewton = new Newton();
        checkpoint.Restore(resumed, resumedNewton);
        TrainingResult rest = Trainer.Fit(resumed, resumedNewton, new TrainingOptions { MaxEpochs = 10, InitialEpoch = 4 });

        Assert.Equal(6, rest.Epochs);
        Assert.Equal(BitConverter.DoubleToInt64Bits(straight.a), BitConverter.DoubleToInt64Bits(resumed.a));
        Assert.Equal(BitConverter.DoubleToInt64Bits(straight.b), BitConverter.DoubleToInt64Bits(resumed.b));
        Assert.Equal(all.History.Skip(4).Select(r => r.Loss), rest.History.Select(r => r.Loss));
        Assert.Equal(all.History.Skip(4).Select(r => r.LearningRate), rest.History.Select(r => r.LearningRate));
        Assert.Equal(straightNewton.Iterations, resumedNewton.Iterations);
        Assert.Equal(straightNewton.Radius, resumedNewton.Radius);
    }

    [Fact]
    public void On_a_data_set_it_minimises_the_mean_loss_to_the_certified_Misra1a_fit()
    {
        NistDataSet misra = NistDataSet.Load("Misra1a");
        var model = new ExponentialRise { A = misra.Starts[1][0], k = misra.Starts[1][1] };
        TrainingResult result = Trainer.Fit(model, misra.Data, new Newton(), new TrainingOptions { GradientTolerance = 1e-8, MaxEpochs = 100 });

        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        Assert.True(NistDataSet.Lre(model.A, misra.Certified[0]) >= 6, $"A = {model.A}");
        Assert.True(NistDataSet.Lre(model.k, misra.Certified[1]) >= 6, $"k = {model.k}");
        Assert.Equal(misra.CertifiedResidualSumOfSquares / 2 / misra.Data.Length, result.FinalLoss, 1e-12);
        Assert.Equal(18, result.Epochs); // the radius, 1 at first, limits the early steps of this badly scaled problem (A ≈ 239, k ≈ 5.5e-4)
    }

    [Fact]
    public void Second_derivatives_print_as_a_person_writes_them()
    {
        Assert.Equal(
            new[] { "∂²L/∂a² = 2 − 400·(b − a²) + 800·a²", "∂²L/∂a∂b = −400·a", "∂²L/∂b² = 200" },
            RosenbrockSecondOrder.SecondDerivatives.Select(d => d.ToString()));
        var logistic = new SecondDerivative("Bce", "w[i]", "w[j]", "x[i]·x[j]·p·(1 − p)");
        Assert.Equal("∂²Bce/∂w[i]∂w[j] = x[i]·x[j]·p·(1 − p)", logistic.ToString());
        Assert.False(logistic.IsDiagonal);
        Assert.Equal(new SecondDerivative("L", "a", "b", "−400·a"), RosenbrockSecondOrder.SecondDerivatives[1]);
        Assert.NotEqual(new SecondDerivative("L", "b", "a", "−400·a"), RosenbrockSecondOrder.SecondDerivatives[1]);
        Assert.Throws<ArgumentException>(() => new SecondDerivative("L", "", "a", "1"));
    }

    [Fact]
    public void Options_and_settings_that_do_not_apply_fail_naming_them()
    {
        var model = new RosenbrockSecondOrder();
        var e = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, new Newton(),
            new TrainingOptions { Schedule = LearningRateSchedule.Exponential(0.9) }));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("Newton has no learning rate", e.Message);
        Assert.Contains("MaxGradientNorm", Assert.Throws<ArgumentException>(() =>
            Trainer.Fit(model, new Newton(), new TrainingOptions { MaxGradientNorm = 1 })).Message);
        Assert.Equal("acceptance", Assert.Throws<ArgumentOutOfRangeException>(() => new Newton(acceptance: 0.3)).ParamName);
        Assert.Equal("maxRadius", Assert.Throws<ArgumentOutOfRangeException>(() => new Newton(initialRadius: 2, maxRadius: 1)).ParamName);
        Assert.Equal("initialRadius", Assert.Throws<ArgumentOutOfRangeException>(() => new Newton(initialRadius: double.NaN)).ParamName);

        var other = new Newton(maxRadius: 50);
        var state = new Newton().SaveState();
        Assert.Contains("max_radius", Assert.Throws<ArgumentException>(() => other.LoadState(state)).Message);
        Assert.Contains("Adam", Assert.Throws<ArgumentException>(() => new Newton().LoadState(new Adam().SaveState())).Message);
    }

    [Fact]
    public void At_an_exact_stationary_point_it_stops_and_says_why()
    {
        var model = new RosenbrockSecondOrder { a = 1, b = 1 };
        TrainingResult result = Trainer.Fit(model, new Newton());
        Assert.Equal(StopReason.MachinePrecision, result.StopReason);
        Assert.Equal(1, result.Epochs);
        Assert.StartsWith("Newton stopped: the gradient is exactly 0", result.Message);
    }
}
