using System;
using System.Linq;
using Xunit.Abstractions;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>
/// Levenberg–Marquardt on the NIST StRD nonlinear regression problems, with hand-written models and analytic
/// Jacobians (as <c>[Residual]</c> will generate them), from both published starting points, against the certified
/// values (LRE = −log10(|estimate − certified| / |certified|)).
/// </summary>
public sealed class NistStrdTests(ITestOutputHelper output)
{
    /// <summary>The tolerances of the NIST runs: MINPACK's defaults stop when the sum of squares has about 8 correct digits,
    /// which leaves the parameters with about half as many, as the sum of squares is quadratic in their error.</summary>
    internal static LevenbergMarquardt Strict() => new(functionTolerance: 1e-15, parameterTolerance: 1e-15, maxEvaluations: 100_000);

    public static TheoryData<string, int> AllRuns()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in NistDataSet.Names)
        {
            data.Add(name, 1);
            data.Add(name, 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllRuns))]
    public void Every_problem_from_both_starts_reaches_the_certified_parameters_and_standard_errors(string name, int start)
    {
        NistRun run = NistRun.Fit(NistDataSet.Load(name), start, Strict());

        Assert.True(run.ParameterLre >= 6, $"{name} start {start}: parameters LRE {run.ParameterLre:0.0}: {string.Join(", ", run.Parameters)}");
        Assert.NotNull(run.StandardErrors);

        // Lanczos1's certified residual sum of squares is 1.4e-25: its residuals are at the rounding level of double
        // precision, so the sum of squares (and σ̂ with it) has only about 3 correct digits in any double computation.
        double required = name == "Lanczos1" ? 3 : 4;
        Assert.True(run.StandardErrorLre >= required, $"{name} start {start}: standard errors LRE {run.StandardErrorLre:0.0}");
    }

    /// <summary>
    /// The table of bench/README.md, printed by
    /// <c>dotnet test tests/SymbolicGd.Runtime.Tests --filter NistStrdTable --logger "console;verbosity=detailed"</c>.
    /// </summary>
    [Fact]
    public void NistStrdTable_of_all_54_runs()
    {
        NistRun[] runs = NistDataSet.Names
            .SelectMany(name => new[] { 1, 2 }.Select(start => NistRun.Fit(NistDataSet.Load(name), start, Strict())))
            .ToArray();
        output.WriteLine(NistRun.Table(runs));
        Assert.Equal(54, runs.Length);
        Assert.All(runs, run => Assert.True(run.ParameterLre >= 6));
    }

    [Theory]
    [InlineData("Misra1a", "Lower")]
    [InlineData("Kirby2", "Average")]
    [InlineData("Thurber", "Higher")]
    [InlineData("MGH09", "Higher")]
    [InlineData("Eckerle4", "Higher")]
    public void One_problem_per_difficulty_level_matches_every_certified_digit_it_should(string name, string difficulty)
    {
        NistDataSet problem = NistDataSet.Load(name);
        Assert.Equal(difficulty, problem.Difficulty);
        foreach (int start in new[] { 1, 2 })
        {
            NistRun run = NistRun.Fit(problem, start, Strict());
            for (int i = 0; i < problem.Certified.Length; i++)
            {
                Assert.True(NistDataSet.Lre(run.Parameters[i], problem.Certified[i]) >= 6, $"{name} start {start} b{i + 1} = {run.Parameters[i]}");
                Assert.True(NistDataSet.Lre(run.StandardErrors![i], problem.CertifiedStandardErrors[i]) >= 4,
                    $"{name} start {start} SE(b{i + 1}) = {run.StandardErrors[i]}");
            }

            Assert.True(run.ResidualSumOfSquaresLre >= 8, $"{name} start {start}: RSS LRE {run.ResidualSumOfSquaresLre:0.0}");
        }
    }

    [Fact]
    public void With_MINPACKs_defaults_Misra1a_stops_on_the_function_tolerance_and_says_so()
    {
        NistDataSet misra = NistDataSet.Load("Misra1a");
        var solver = new LevenbergMarquardt();
        NistRun run = NistRun.Fit(misra, 2, solver);

        Assert.Equal(StopReason.FunctionTolerance, run.Result.StopReason);
        Assert.StartsWith("Converged after 4 steps, 5 evaluations of the residuals and 4 of the Jacobian: the actual and predicted " +
                          "relative reductions of the sum of squares are at most the function tolerance 1.49012E-08", run.Result.Message);
        Assert.True(run.ParameterLre >= 6);
        Assert.Equal(run.Result.Epochs, solver.JacobianEvaluations);
    }

    [Fact]
    public void With_MINPACKs_default_budget_MGH17_from_start_1_stops_after_100_times_n_plus_1_evaluations()
    {
        var solver = new LevenbergMarquardt();
        NistRun run = NistRun.Fit(NistDataSet.Load("MGH17"), 1, solver);

        Assert.Equal(StopReason.MaxEvaluations, run.Result.StopReason);
        Assert.Equal(600, solver.FunctionEvaluations);
        Assert.Contains("the residuals were evaluated the maximum number of times", run.Result.Message);
    }

    [Fact]
    public void An_iteration_allocates_no_more_than_a_first_order_epoch_does()
    {
        // Ten more iterations cost what ten more epochs of gradient descent cost: their history entries, nothing else.
        NistDataSet thurber = NistDataSet.Load("Thurber");
        long Allocated(int epochs, bool levenbergMarquardt) => Allocations.Fewest(() =>
        {
            NistModel model = NistModel.Create("Thurber");
            model.SetParameters(thurber.Starts[0]);
            var options = new TrainingOptions { MaxEpochs = epochs };
            TrainingResult result = levenbergMarquardt
                ? Trainer.Fit(model, thurber.Data, Strict(), options)
                : Trainer.Fit(model, thurber.Data, new GradientDescent(1e-12), options);
            Assert.Equal(epochs, result.Epochs);
        });

        long solver = Allocated(30, true) - Allocated(20, true);
        long firstOrder = Allocated(30, false) - Allocated(20, false);

        // Up to a few characters: the result's message prints the final loss, whose text is not the same length in every
        // run. An object allocated per iteration would add at least 10 × 24 bytes.
        Assert.InRange(solver - firstOrder, -64, 64);
    }

    [Fact]
    public void Twenty_iterations_equal_eight_then_a_checkpoint_then_twelve_more_bit_for_bit()
    {
        NistDataSet thurber = NistDataSet.Load("Thurber");
        var options = new TrainingOptions { MaxEpochs = 20 };

        NistModel straight = NistModel.Create("Thurber");
        straight.SetParameters(thurber.Starts[0]);
        LevenbergMarquardt straightSolver = Strict();
        TrainingResult all = Trainer.Fit(straight, thurber.Data, straightSolver, options);
        Assert.Equal(StopReason.MaxEpochs, all.StopReason);

        NistModel first = NistModel.Create("Thurber");
        first.SetParameters(thurber.Starts[0]);
        LevenbergMarquardt firstSolver = Strict();
        Trainer.Fit(first, thurber.Data, firstSolver, new TrainingOptions { MaxEpochs = 8 });
        Checkpoint checkpoint = Checkpoint.FromJson(Checkpoint.Capture(first, firstSolver, epoch: 8).ToJson());

        NistModel resumed = NistModel.Create("Thurber");
        LevenbergMarquardt resumedSolver = Strict();
        checkpoint.Restore(resumed, resumedSolver);
        TrainingResult rest = Trainer.Fit(resumed, thurber.Data, resumedSolver, new TrainingOptions { MaxEpochs = 20, InitialEpoch = 8 });

        Assert.Equal(12, rest.Epochs);
        Assert.Equal(all.Parameters.Select(BitConverter.DoubleToInt64Bits), rest.Parameters.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(all.History.Skip(8).Select(r => r.Loss), rest.History.Select(r => r.Loss));
        Assert.Equal(straightSolver.FunctionEvaluations, resumedSolver.FunctionEvaluations);
        Assert.Equal(straightSolver.JacobianEvaluations, resumedSolver.JacobianEvaluations);
        Assert.Equal(straightSolver.StepBound, resumedSolver.StepBound);
        Assert.Equal(straightSolver.Damping, resumedSolver.Damping);
    }
}
