using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>What <see cref="LevenbergMarquardt"/> says and checks: its settings, its stop reasons, its saved state.</summary>
public sealed class LevenbergMarquardtTests
{
    /// <summary>Rosenbrock as residuals: r = (10·(b − a²), 1 − a), Jacobian column-major.</summary>
    private sealed class Rosenbrock(int residualCount = 2) : IResidualProblem
    {
        public int ResidualCount => residualCount;

        public void Residuals(ReadOnlySpan<double> x, Span<double> r)
        {
            r.Clear(); // residuals past the second are 0
            r[0] = 10 * (x[1] - x[0] * x[0]);
            r[1] = 1 - x[0];
        }

        public void Jacobian(ReadOnlySpan<double> x, Span<double> j)
        {
            j.Clear();
            j[0] = -20 * x[0];
            j[1] = -1;
            j[ResidualCount] = 10;
            j[ResidualCount + 1] = 0;
        }
    }

    private static int Run(LevenbergMarquardt solver, double[] x, IResidualProblem problem, int iterations = 1000)
    {
        int info = 0;
        for (int i = 0; i < iterations && info == 0; i++)
        {
            info = solver.Iterate(x, problem);
        }

        return info;
    }

    [Fact]
    public void Settings_out_of_range_fail_naming_the_argument_and_the_value()
    {
        void Fails(string name, Action create, string message)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(create);
            Assert.Equal(name, e.ParamName);
            Assert.StartsWith(message, e.Message);
        }

        Fails("functionTolerance", () => new LevenbergMarquardt(functionTolerance: -1e-300), "functionTolerance must be a finite number >= 0; it was -1E-300.");
        Fails("parameterTolerance", () => new LevenbergMarquardt(parameterTolerance: double.NaN), "parameterTolerance must be a finite number >= 0; it was NaN.");
        Fails("orthogonalityTolerance", () => new LevenbergMarquardt(orthogonalityTolerance: -1), "orthogonalityTolerance must be a finite number >= 0; it was -1.");
        Fails("stepBoundFactor", () => new LevenbergMarquardt(stepBoundFactor: 0), "stepBoundFactor must be a finite number > 0; it was 0.");
        Fails("maxEvaluations", () => new LevenbergMarquardt(maxEvaluations: 0), "maxEvaluations must be >= 1; it was 0.");

        var solver = new LevenbergMarquardt(0, 0, 0, 1e-300, 1, false);
        Assert.Equal((0.0, 0.0, 0.0, 1e-300, (int?)1, false),
            (solver.FunctionTolerance, solver.ParameterTolerance, solver.OrthogonalityTolerance, solver.StepBoundFactor, solver.MaxEvaluations, solver.ScaleParameters));
        solver = new LevenbergMarquardt();
        Assert.Equal((1.49012e-8, 1.49012e-8, 0.0, 100.0, (int?)null, true),
            (solver.FunctionTolerance, solver.ParameterTolerance, solver.OrthogonalityTolerance, solver.StepBoundFactor, solver.MaxEvaluations, solver.ScaleParameters));
    }

    [Fact]
    public void It_describes_itself_with_its_settings()
    {
        Assert.Equal(
            "LevenbergMarquardt(functionTolerance: 1.49012E-08, parameterTolerance: 1.49012E-08, orthogonalityTolerance: 0, " +
            "stepBoundFactor: 100, maxEvaluations: 100·(n + 1), scaleParameters: true)",
            new LevenbergMarquardt().ToString());
        Assert.Equal(
            "LevenbergMarquardt(functionTolerance: 0.001, parameterTolerance: 0, orthogonalityTolerance: 0.5, " +
            "stepBoundFactor: 2, maxEvaluations: 7, scaleParameters: false)",
            new LevenbergMarquardt(1e-3, 0, 0.5, 2, 7, false).ToString());
    }

    [Fact]
    public void Every_stop_reason_names_its_tolerance_and_the_counts()
    {
        var solver = new LevenbergMarquardt(1e-3, 2e-3, 3e-3);
        Run(solver, new[] { -1.2, 1.0 }, new Rosenbrock(), iterations: 3);
        string counts = $"after 3 steps, {solver.FunctionEvaluations} evaluations of the residuals and 3 of the Jacobian";
        Assert.Equal(3, solver.Iterations);
        Assert.Equal(
            new[]
            {
                (StopReason.FunctionTolerance, $"Converged {counts}: the actual and predicted relative reductions of the sum of squares are at most the function tolerance 0.001"),
                (StopReason.ParameterTolerance, $"Converged {counts}: the relative change of the parameters is at most the parameter tolerance 0.002"),
                (StopReason.FunctionAndParameterTolerance, $"Converged {counts}: the relative reductions of the sum of squares are at most the function tolerance 0.001 and the relative change of the parameters at most the parameter tolerance 0.002"),
                (StopReason.OrthogonalityTolerance, $"Converged {counts}: the cosine of the angle between the residuals and every column of the Jacobian is at most the orthogonality tolerance 0.003"),
                (StopReason.MaxEvaluations, $"Stopped {counts}: the residuals were evaluated the maximum number of times"),
                (StopReason.MachinePrecision, $"Stopped {counts}: the function tolerance 0.001 is too small; no further reduction of the sum of squares is possible"),
                (StopReason.MachinePrecision, $"Stopped {counts}: the parameter tolerance 0.002 is too small; no further improvement of the parameters is possible"),
                (StopReason.MachinePrecision, $"Stopped {counts}: the orthogonality tolerance 0.003 is too small; the residuals are orthogonal to the columns of the Jacobian to double precision"),
            },
            Enumerable.Range(1, 8).Select(solver.Describe));
    }

    [Fact]
    public void Fewer_residuals_than_parameters_fail_naming_the_samples()
    {
        var solver = new LevenbergMarquardt();
        var e = Assert.Throws<ArgumentException>(() => solver.Iterate(new double[3], new Rosenbrock()));
        Assert.Equal("samples", e.ParamName);
        Assert.StartsWith("Levenberg–Marquardt needs at least as many residuals as parameters; there are 2 samples and 3 parameters.", e.Message);
        Assert.Equal(0, solver.FunctionEvaluations);

        // As many is enough.
        Assert.Equal(4, Run(solver, new[] { -1.2, 1.0 }, new Rosenbrock()));
    }

    [Fact]
    public void A_saved_state_round_trips_and_is_checked_before_it_is_loaded()
    {
        var solver = new LevenbergMarquardt();
        double[] x = { -1.2, 1.0 };
        Run(solver, x, new Rosenbrock(), iterations: 3);
        OptimizerState state = solver.SaveState();
        Assert.Equal(3, state.Step);
        Assert.Equal(2, state.ParameterCount);
        Assert.Equal(2, state.Buffer("diag")!.Length);
        Assert.Equal(new[] { solver.StepBound, solver.Damping, solver.FunctionEvaluations, solver.JacobianEvaluations },
            new[] { state.Values["delta"], state.Values["par"], state.Values["nfev"], state.Values["njev"] });

        var resumed = new LevenbergMarquardt();
        resumed.LoadState(state);
        Assert.Equal((3, solver.FunctionEvaluations, 3, solver.StepBound, solver.Damping),
            (resumed.Iterations, resumed.FunctionEvaluations, resumed.JacobianEvaluations, resumed.StepBound, resumed.Damping));

        // Both go on to the same bits; the resumed one evaluates the residuals at the current point again without counting it.
        double[] y = (double[])x.Clone();
        Assert.Equal(Run(solver, x, new Rosenbrock()), Run(resumed, y, new Rosenbrock()));
        Assert.Equal(x.Select(BitConverter.DoubleToInt64Bits), y.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(solver.FunctionEvaluations, resumed.FunctionEvaluations);

        // A state saved before any step carries no scaling, and the next fit starts as MINPACK does.
        var fresh = new LevenbergMarquardt();
        OptimizerState empty = new LevenbergMarquardt().SaveState();
        Assert.Null(empty.ParameterCount);
        fresh.LoadState(empty);
        double[] z = { -1.2, 1.0 };
        var straight = new LevenbergMarquardt();
        double[] w = { -1.2, 1.0 };
        Assert.Equal(Run(straight, w, new Rosenbrock()), Run(fresh, z, new Rosenbrock()));
        Assert.Equal((straight.FunctionEvaluations, straight.JacobianEvaluations), (fresh.FunctionEvaluations, fresh.JacobianEvaluations));
        Assert.Equal(w, z);

        var diag = new Dictionary<string, double[]> { ["diag"] = state.Buffer("diag")! };
        OptimizerState With(string name, double value)
        {
            var values = new Dictionary<string, double>(state.Values) { [name] = value };
            return new OptimizerState(state.Optimizer, state.LearningRate, state.Step, state.ParameterCount, state.Settings, diag, values);
        }

        var target = new LevenbergMarquardt();
        Assert.Equal("state", Assert.Throws<ArgumentNullException>(() => target.LoadState(null!)).ParamName);
        foreach (string name in new[] { "delta", "par", "xnorm", "nfev", "njev" })
        {
            foreach (double bad in new[] { -1e-300, double.NaN, double.PositiveInfinity })
            {
                var e = Assert.Throws<ArgumentException>(() => target.LoadState(With(name, bad)));
                Assert.Equal("state", e.ParamName);
                Assert.StartsWith($"The LevenbergMarquardt state's value '{name}' is missing or not a finite number >= 0.", e.Message);
            }

            var without = new Dictionary<string, double>(state.Values);
            without.Remove(name);
            Assert.StartsWith($"The LevenbergMarquardt state's value '{name}' is missing",
                Assert.Throws<ArgumentException>(() => target.LoadState(new OptimizerState(
                    state.Optimizer, state.LearningRate, state.Step, state.ParameterCount, state.Settings, diag, without))).Message);
            target.LoadState(With(name, 0)); // 0 is in range
        }

        Assert.Contains("'diag'", Assert.Throws<ArgumentException>(() => target.LoadState(new OptimizerState(
            state.Optimizer, state.LearningRate, state.Step, state.ParameterCount, state.Settings, new Dictionary<string, double[]>(), state.Values))).Message);
        foreach ((string setting, LevenbergMarquardt other) in new[]
                 {
                     ("ftol", new LevenbergMarquardt(functionTolerance: 1e-3)), ("xtol", new LevenbergMarquardt(parameterTolerance: 1e-3)),
                     ("gtol", new LevenbergMarquardt(orthogonalityTolerance: 1e-3)), ("factor", new LevenbergMarquardt(stepBoundFactor: 1)),
                     ("maxfev", new LevenbergMarquardt(maxEvaluations: 5)), ("mode", new LevenbergMarquardt(scaleParameters: false)),
                 })
        {
            Assert.Contains($" {setting} = ", Assert.Throws<ArgumentException>(() => other.LoadState(state)).Message);
        }
    }

    [Fact]
    public void Reset_forgets_the_scaling_the_bound_the_counters_and_the_parameter_count()
    {
        var solver = new LevenbergMarquardt();
        Run(solver, new[] { -1.2, 1.0 }, new Rosenbrock(), iterations: 3);
        solver.Reset();
        Assert.Equal((0, 0, 0, 0.0, 0.0), (solver.Iterations, solver.FunctionEvaluations, solver.JacobianEvaluations, solver.StepBound, solver.Damping));
        OptimizerState state = solver.SaveState();
        Assert.Null(state.ParameterCount);
        Assert.Equal(0.0, state.Values["xnorm"]);

        // A three-parameter problem after a two-parameter one, as if new.
        var three = new Rosenbrock3();
        double[] x = { -1.2, 1.0, 5.0 };
        var fresh = new LevenbergMarquardt();
        double[] y = { -1.2, 1.0, 5.0 };
        Assert.Equal(Run(fresh, y, three), Run(solver, x, three));
        Assert.Equal(y, x);
        Assert.Equal(fresh.FunctionEvaluations, solver.FunctionEvaluations);
    }

    [Fact]
    public void A_problem_with_more_residuals_and_the_same_parameters_gets_buffers_of_its_size()
    {
        // The same Rosenbrock with a third residual that is always 0: the solver's residual buffers grow with it.
        var solver = new LevenbergMarquardt();
        double[] x = { -1.2, 1.0 };
        solver.Iterate(x, new Rosenbrock());
        Assert.Equal(4, Run(solver, x, new Rosenbrock(residualCount: 3)));
        Assert.Equal(new[] { 1.0, 1.0 }, x);
    }

    /// <summary>r(θ) = 1 at θ = 1 and <paramref name="elsewhere"/> anywhere else, with J = 1: a scripted trial residual.</summary>
    private sealed class Scripted(double elsewhere) : IResidualProblem
    {
        public int ResidualCount => 1;

        public void Residuals(ReadOnlySpan<double> x, Span<double> r) => r[0] = x[0] == 1 ? 1 : elsewhere;

        public void Jacobian(ReadOnlySpan<double> x, Span<double> j) => j[0] = 1;
    }

    [Fact]
    public void A_trial_residual_ten_times_the_current_one_counts_as_an_actual_reduction_of_minus_one()
    {
        // From θ = 1 (‖r‖ = 1, J = 1) the Gauss–Newton step is −1, its predicted relative reduction 1. At the trial point
        // ‖r‖ = 10: MINPACK takes actred = −1 when 0.1·‖r_trial‖ ≥ ‖r‖, not 1 − 10² = −99. With ftol = 2 the reductions
        // −1 and 1 are within it and it stops there (info 1), after two evaluations.
        var solver = new LevenbergMarquardt(functionTolerance: 2);
        double[] x = { 1 };
        Assert.Equal(1, solver.Iterate(x, new Scripted(10)));
        Assert.Equal(2, solver.FunctionEvaluations);
        Assert.Equal(new[] { 1.0 }, x); // the step was rejected

        // One double under 10 the actual reduction is 1 − q² ≈ −99: not within ftol, and it tries again.
        solver = new LevenbergMarquardt(functionTolerance: 2, maxEvaluations: 3);
        Assert.Equal(5, solver.Iterate(x, new Scripted(Math.BitDecrement(10.0))));
        Assert.Equal(3, solver.FunctionEvaluations);
    }

    [Fact]
    public void The_residuals_at_the_current_point_are_kept_between_iterations()
    {
        // At the minimum the residuals are 0: it stops at once (info 4); asked again it evaluates only the Jacobian.
        var problem = new Counting();
        var solver = new LevenbergMarquardt();
        double[] x = { 1, 1 };
        Assert.Equal(4, solver.Iterate(x, problem));
        Assert.Equal(4, solver.Iterate(x, problem));
        Assert.Equal((1, 2), (problem.ResidualCalls, problem.JacobianCalls));
        Assert.Equal(1, solver.FunctionEvaluations);
    }

    private sealed class Counting : IResidualProblem
    {
        private readonly Rosenbrock _inner = new();

        public int ResidualCalls { get; private set; }

        public int JacobianCalls { get; private set; }

        public int ResidualCount => 2;

        public void Residuals(ReadOnlySpan<double> x, Span<double> r)
        {
            ResidualCalls++;
            _inner.Residuals(x, r);
        }

        public void Jacobian(ReadOnlySpan<double> x, Span<double> j)
        {
            JacobianCalls++;
            _inner.Jacobian(x, j);
        }
    }

    [Fact]
    public void A_state_loaded_into_a_solver_that_has_run_replaces_all_it_had()
    {
        var original = new LevenbergMarquardt();
        double[] x = { -1.2, 1.0 };
        Run(original, x, new Rosenbrock(), iterations: 3);
        OptimizerState state = original.SaveState();

        // A solver that ran elsewhere, at the same point, loads the state and goes on exactly as the original.
        var used = new LevenbergMarquardt();
        double[] elsewhere = (double[])x.Clone();
        Run(used, elsewhere, new Rosenbrock(), iterations: 1);
        elsewhere = (double[])x.Clone();
        used.LoadState(state);
        Assert.Equal(Run(original, x, new Rosenbrock()), Run(used, elsewhere, new Rosenbrock()));
        Assert.Equal(x.Select(BitConverter.DoubleToInt64Bits), elsewhere.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal((original.FunctionEvaluations, original.JacobianEvaluations), (used.FunctionEvaluations, used.JacobianEvaluations));

        // A state saved before any step makes it forget its parameter count too.
        used.LoadState(new LevenbergMarquardt().SaveState());
        double[] three = { -1.2, 1.0, 5.0 };
        Assert.Equal(4, Run(used, three, new Rosenbrock3()));
    }

    /// <summary>Rosenbrock with a third parameter fitted by a third residual, 2·(c − 3).</summary>
    private sealed class Rosenbrock3 : IResidualProblem
    {
        public int ResidualCount => 3;

        public void Residuals(ReadOnlySpan<double> x, Span<double> r)
        {
            r[0] = 10 * (x[1] - x[0] * x[0]);
            r[1] = 1 - x[0];
            r[2] = 2 * (x[2] - 3);
        }

        public void Jacobian(ReadOnlySpan<double> x, Span<double> j)
        {
            j.Clear();
            j[0] = -20 * x[0];
            j[1] = -1;
            j[3] = 10;
            j[8] = 2;
        }
    }
}
