using System;
using System.Linq;
using SymbolicGd;

namespace SymbolicGd.Plotting.Tests;

/// <summary>What samples/CurveFitting and samples/OptimizerRace print about least squares and Newton, as they compute it.</summary>
public class SampleFitTests
{
    [Fact]
    public void CurveFitting_Levenberg_Marquardt_on_the_generated_residual_matches_L_BFGS_and_brackets_the_truth()
    {
        (_, CurveFitting.Decay.Sample[] train, CurveFitting.Decay.Sample[] validation) = CurveFitting.Fitting.Data();
        var lm = new CurveFitting.Decay();
        var solver = new LevenbergMarquardt();
        (TrainingResult result, FitStatistics statistics) = CurveFitting.Fitting.FitWithLevenbergMarquardt(lm, train, solver);
        var lbfgs = new CurveFitting.Decay();
        CurveFitting.Fitting.FitWithLbfgs(lbfgs, train, validation, new Lbfgs(toleranceChange: 1e-14));

        Assert.Equal(StopReason.FunctionTolerance, result.StopReason);
        Assert.Equal((6, 8, 6), (result.Epochs, solver.FunctionEvaluations, solver.JacobianEvaluations));
        Assert.Equal(new[] { "A", "k", "c" }, statistics.ParameterNames);
        double[] lbfgsParameters = { lbfgs.A, lbfgs.k, lbfgs.c };
        double[] truth = { CurveFitting.Fitting.TrueA, CurveFitting.Fitting.TrueK, CurveFitting.Fitting.TrueC };
        for (int i = 0; i < 3; i++)
        {
            // Both minimise the same ½Σr²: they agree far inside a standard error, and the truth lies within 2 of them.
            Assert.True(Math.Abs(result.Parameters[i] - lbfgsParameters[i]) < 1e-6, $"{statistics.ParameterNames[i]}: {result.Parameters[i]} and {lbfgsParameters[i]}");
            Assert.True(Math.Abs(result.Parameters[i] - truth[i]) < 2 * statistics.StandardErrors[i], $"{statistics.ParameterNames[i]}: {result.Parameters[i]} ± {statistics.StandardErrors[i]}");
        }

        Assert.Equal(42, statistics.DegreesOfFreedom);
        Assert.Equal(0.03585, statistics.ResidualStandardError, 5e-6);
        Assert.Equal(0.9972, statistics.RSquared!.Value, 5e-5);
        Assert.Contains("Residual standard error: 0.03585 on 42 degrees of freedom", statistics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OptimizerRace_Newton_reaches_a_gradient_norm_below_1e_10_in_30_iterations_where_L_BFGS_stalls()
    {
        var runs = OptimizerRace.Race.SecondOrder();
        Assert.Equal(
            new[] { ("Newton", "loss ≤ 1e-6"), ("L-BFGS", "loss ≤ 1e-6"), ("Newton", "‖g‖ < 1e-10"), ("L-BFGS", "‖g‖ < 1e-10") },
            runs.Select(r => (r.Optimizer, r.Goal)));

        Assert.Equal((StopReason.TargetLoss, 28), (runs[0].Result.StopReason, runs[0].Result.Epochs));
        Assert.Equal((StopReason.TargetLoss, 3), (runs[1].Result.StopReason, runs[1].Result.Epochs));
        Assert.Equal((StopReason.GradientTolerance, 30, 31), (runs[2].Result.StopReason, runs[2].Iterations, runs[2].Evaluations));
        Assert.True(runs[2].Result.FinalGradientNorm < 1e-10);
        Assert.Equal(new[] { 1.0, 1.0 }, runs[2].Result.Parameters.ToArray());
        Assert.Equal(StopReason.MaxEpochs, runs[3].Result.StopReason);
        Assert.InRange(runs[3].Result.FinalGradientNorm, 1e-10, 1e-9);
    }
}
