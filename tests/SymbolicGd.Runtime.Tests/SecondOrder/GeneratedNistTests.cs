using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>
/// Levenberg–Marquardt on NIST StRD problems of every difficulty level, fitting models whose Jacobians the generator
/// derived from a [Residual] (GeneratedNistModels.cs), from both published starts, to the certified values; and those
/// Jacobians against the hand-written ones of NistModels.cs.
/// </summary>
public sealed class GeneratedNistTests
{
    /// <summary>A generated model, with its samples made from the problem's points.</summary>
    private sealed record Problem(IDifferentiable Model, Func<LevenbergMarquardt, TrainingResult> Fit, Func<FitStatistics> Statistics, Func<int, double[]> JacobianRow, int Count);

    private static Problem Of<TSample>(ILeastSquares<TSample> model, NistDataSet data, Func<NistPoint, TSample> sample)
        where TSample : struct
    {
        TSample[] samples = data.Data.Select(sample).ToArray();
        return new Problem(
            model,
            solver => Trainer.Fit(model, samples, solver),
            () => LeastSquares.Statistics(model, samples),
            i =>
            {
                var row = new double[model.ParameterCount];
                model.ResidualGradient(samples[i], row);
                return row;
            },
            samples.Length);
    }

    private static Problem Create(NistDataSet data) => data.Name switch
    {
        "Misra1a" => Of(new Misra1aResidual(), data, p => new Misra1aResidual.Sample(p.X, p.Y)),
        "Chwirut2" => Of(new Chwirut2Residual(), data, p => new Chwirut2Residual.Sample(p.X, p.Y)),
        "Kirby2" => Of(new Kirby2Residual(), data, p => new Kirby2Residual.Sample(p.X, p.Y)),
        "Nelson" => Of(new NelsonResidual(), data, p => new NelsonResidual.Sample(p.X, p.X2, p.Y)),
        "Thurber" => Of(new ThurberResidual(), data, p => new ThurberResidual.Sample(p.X, p.Y)),
        "MGH09" => Of(new Mgh09Residual(), data, p => new Mgh09Residual.Sample(p.X, p.Y)),
        "Eckerle4" => Of(new Eckerle4Residual(), data, p => new Eckerle4Residual.Sample(p.X, p.Y)),
        "Rat43" => Of(new Rat43Residual(), data, p => new Rat43Residual.Sample(p.X, p.Y)),
        _ => throw new ArgumentException($"No generated model for {data.Name}.", nameof(data)),
    };

    public static TheoryData<string, string, int> Runs()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (name, difficulty) in new[]
        {
            ("Misra1a", "Lower"), ("Chwirut2", "Lower"), ("Kirby2", "Average"), ("Nelson", "Average"),
            ("Thurber", "Higher"), ("MGH09", "Higher"), ("Eckerle4", "Higher"), ("Rat43", "Higher"),
        })
        {
            data.Add(name, difficulty, 1);
            data.Add(name, difficulty, 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Levenberg_Marquardt_on_a_generated_model_reaches_the_certified_values(string name, string difficulty, int start)
    {
        NistDataSet data = NistDataSet.Load(name);
        Assert.Equal(difficulty, data.Difficulty);
        Problem problem = Create(data);
        problem.Model.SetParameters(data.Starts[start - 1]);

        TrainingResult result = problem.Fit(NistStrdTests.Strict());
        FitStatistics statistics = problem.Statistics();

        for (int i = 0; i < data.Certified.Length; i++)
        {
            double parameterLre = NistDataSet.Lre(result.Parameters[i], data.Certified[i]);
            double errorLre = NistDataSet.Lre(statistics.StandardErrors[i], data.CertifiedStandardErrors[i]);
            Assert.True(parameterLre >= 6, $"{name} start {start}: b{i + 1} = {result.Parameters[i]:R}, LRE {parameterLre:0.0} ({result.Message})");
            Assert.True(errorLre >= 4, $"{name} start {start}: SE(b{i + 1}) = {statistics.StandardErrors[i]:R}, LRE {errorLre:0.0}");
        }

        Assert.True(NistDataSet.Lre(statistics.ResidualSumOfSquares, data.CertifiedResidualSumOfSquares) >= 6, $"{name} start {start}: RSS {statistics.ResidualSumOfSquares:R}");
    }

    [Theory]
    [InlineData("Misra1a")]
    [InlineData("Chwirut2")]
    [InlineData("Kirby2")]
    [InlineData("Nelson")]
    [InlineData("Thurber")]
    [InlineData("MGH09")]
    [InlineData("Eckerle4")]
    [InlineData("Rat43")]
    public void The_generated_Jacobian_equals_the_hand_written_one_at_both_starts_and_the_solution(string name)
    {
        NistDataSet data = NistDataSet.Load(name);
        Problem problem = Create(data);
        NistModel hand = NistModel.Create(name);
        var handRow = new double[hand.ParameterCount];
        foreach (double[] point in new List<double[]>(data.Starts) { data.Certified })
        {
            problem.Model.SetParameters(point);
            hand.SetParameters(point);
            for (int i = 0; i < problem.Count; i++)
            {
                double[] row = problem.JacobianRow(i);
                hand.ResidualGradient(data.Data[i], handRow);
                for (int j = 0; j < row.Length; j++)
                {
                    // Relative to the row's largest entry: an entry that cancels to near zero differs in its last bits
                    // between two correct orders of evaluation.
                    double scale = handRow.Max(Math.Abs);
                    Assert.True(Math.Abs(row[j] - handRow[j]) <= 1e-12 * scale, $"{name} sample {i} ∂r/∂b{j + 1}: generated {row[j]:R}, by hand {handRow[j]:R}");
                }
            }
        }
    }
}
