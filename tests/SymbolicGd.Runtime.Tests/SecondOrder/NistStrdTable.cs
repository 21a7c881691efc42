using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>One Levenberg–Marquardt run on a NIST problem from one of its starts, with its LREs against the certified values.</summary>
public sealed record NistRun(
    NistDataSet Problem, int Start, TrainingResult Result, double[] Parameters, double[]? StandardErrors, string? StatisticsError,
    double ParameterLre, double StandardErrorLre, double ResidualSumOfSquaresLre, int Iterations, int Evaluations)
{
    public static NistRun Fit(NistDataSet problem, int start, LevenbergMarquardt? solver = null)
    {
        NistModel model = NistModel.Create(problem.Name);
        model.SetParameters(problem.Starts[start - 1]);
        solver ??= new LevenbergMarquardt();
        TrainingResult result = Trainer.Fit(model, problem.Data, solver);
        double[] parameters = result.Parameters.ToArray();
        double parameterLre = parameters.Select((p, i) => NistDataSet.Lre(p, problem.Certified[i])).Min();
        double[]? errors = null;
        string? error = null;
        double errorLre = 0, rssLre = 0;
        try
        {
            FitStatistics statistics = LeastSquares.Statistics(model, problem.Data);
            errors = statistics.StandardErrors.ToArray();
            errorLre = errors.Select((e, i) => NistDataSet.Lre(e, problem.CertifiedStandardErrors[i])).Min();
            rssLre = NistDataSet.Lre(statistics.ResidualSumOfSquares, problem.CertifiedResidualSumOfSquares);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }

        return new NistRun(problem, start, result, parameters, errors, error, parameterLre, errorLre, rssLre, solver.Iterations, solver.FunctionEvaluations);
    }

    public static string Table(IEnumerable<NistRun> runs)
    {
        var text = new StringBuilder();
        text.Append("| problem | difficulty | start | LRE parameters | LRE std. errors | LRE RSS | iterations | evaluations | stop |\n");
        text.Append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        foreach (NistRun run in runs)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {run.Problem.Name} | {run.Problem.Difficulty} | {run.Start} | {run.ParameterLre:0.0} | ")
                .Append(run.StandardErrors is null ? "—" : run.StandardErrorLre.ToString("0.0", CultureInfo.InvariantCulture)).Append(" | ")
                .Append(run.StandardErrors is null ? "—" : run.ResidualSumOfSquaresLre.ToString("0.0", CultureInfo.InvariantCulture))
                .Append(CultureInfo.InvariantCulture, $" | {run.Iterations} | {run.Evaluations} | {run.Result.StopReason} |\n");
        }

        return text.ToString();
    }
}
