using System;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>Fit statistics, and what Levenberg–Marquardt rejects.</summary>
public sealed class LeastSquaresTests
{
    [Fact]
    public void The_covariance_is_sigma_squared_times_the_inverse_of_JtJ_as_curve_fit_returns_it()
    {
        NistDataSet misra = NistDataSet.Load("Misra1a");
        var model = new ExponentialRise { A = misra.Certified[0], k = misra.Certified[1] };
        FitStatistics stats = LeastSquares.Statistics(model, misra.Data, p => p.Y);

        // By hand: JᵀJ summed over the samples, inverted as a 2×2 matrix, times RSS/(m − n).
        double s00 = 0, s01 = 0, s11 = 0, rss = 0;
        var row = new double[2];
        foreach (NistPoint p in misra.Data)
        {
            double r = model.ResidualGradient(p, row);
            s00 += row[0] * row[0];
            s01 += row[0] * row[1];
            s11 += row[1] * row[1];
            rss += r * r;
        }

        double sigma2 = rss / (misra.Data.Length - 2), det = s00 * s11 - s01 * s01;
        Assert.Equal(12, stats.DegreesOfFreedom);
        Assert.Equal(14, stats.SampleCount);
        Assert.Equal(rss, stats.ResidualSumOfSquares, 1e-15);
        Assert.Equal(sigma2 * s11 / det, stats.Covariance[0][0], 1e-9 * sigma2 * s11 / det);
        Assert.Equal(-sigma2 * s01 / det, stats.Covariance[0][1], 1e-9 * Math.Abs(sigma2 * s01 / det));
        Assert.Equal(stats.Covariance[0][1], stats.Covariance[1][0]);
        Assert.Equal(sigma2 * s00 / det, stats.Covariance[1][1], 1e-9 * sigma2 * s00 / det);

        // The certified values: σ̂ 1.0187876330E-01, SE(b1) 2.7070075241E+00, SE(b2) 7.2668688436E-06.
        Assert.True(NistDataSet.Lre(stats.ResidualStandardError, 1.0187876330E-01) >= 9);
        Assert.True(NistDataSet.Lre(stats.StandardErrors[0], misra.CertifiedStandardErrors[0]) >= 8);
        Assert.True(NistDataSet.Lre(stats.StandardErrors[1], misra.CertifiedStandardErrors[1]) >= 8);
        Assert.Equal(misra.Certified[0] / stats.StandardErrors[0], stats.TValues[0], 1e-12);
        Assert.Equal(1.0, stats.Correlation[1][1]);
        Assert.Equal(stats.Covariance[0][1] / (stats.StandardErrors[0] * stats.StandardErrors[1]), stats.Correlation[0][1], 1e-15);
        Assert.InRange(stats.Correlation[0][1], -1, -0.99); // A and k trade off along the curve

        double mean = misra.Data.Average(p => p.Y);
        Assert.Equal(1 - rss / misra.Data.Sum(p => (p.Y - mean) * (p.Y - mean)), stats.RSquared!.Value, 1e-14);
        Assert.Null(LeastSquares.Statistics(model, misra.Data).RSquared);
    }

    [Fact]
    public void The_summary_reads_like_Rs_summary_of_nls()
    {
        NistDataSet misra = NistDataSet.Load("Misra1a");
        var model = new ExponentialRise { A = misra.Certified[0], k = misra.Certified[1] };
        string summary = LeastSquares.Statistics(model, misra.Data).ToString();

        Assert.Equal(
            "Parameters:\n" +
            "    Estimate  Std. Error  t value  Pr(>|t|)\n" +
            "A      238.9       2.707    88.27   < 2e−16\n" +
            "k  0.0005502    7.267e−6    75.71   < 2e−16\n" +
            "\n" +
            "Residual standard error: 0.1019 on 12 degrees of freedom\n" +
            "Residual sum of squares: 0.1246\n" +
            "\n" +
            "Correlation of parameter estimates:\n" +
            "        A\n" +
            "k  −0.999\n",
            summary);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void P_values_are_Students_t_tail_probabilities(int sampleCount)
    {
        // Closed forms of P(|T| ≥ |t|) for ν = 1, 2, 4: 1 − (2/π)·atan|t|, 1 − |t|/√(2 + t²), and
        // 1 − (3/4)·u·(1 − t²/(12·(1 + t²/4))) with u = |t|/√(1 + t²/4).
        int nu = sampleCount - 1;
        var random = new Random(sampleCount);
        for (int trial = 0; trial < 20; trial++)
        {
            NistPoint[] data = Enumerable.Range(1, sampleCount).Select(i => new NistPoint(random.NextDouble() * 4 - 1, i, 0)).ToArray();
            var model = new Proportional { a = random.NextDouble() * 2 - 0.5 };
            FitStatistics stats = LeastSquares.Statistics(model, data);
            double t = Math.Abs(stats.TValues[0]);
            double expected = nu switch
            {
                1 => 1 - 2 / Math.PI * Math.Atan(t),
                2 => 1 - t / Math.Sqrt(2 + t * t),
                _ => 1 - 0.75 * (t / Math.Sqrt(1 + t * t / 4)) * (1 - t * t / (12 * (1 + t * t / 4))),
            };
            Assert.Equal(expected, stats.PValues[0], 1e-13 + 1e-12 * expected);
        }
    }

    [Fact]
    public void Parameters_that_enter_only_through_their_sum_are_named_as_not_identifiable()
    {
        NistPoint[] data = { new(1, 1, 0), new(2.1, 2, 0), new(2.9, 3, 0), new(4.2, 4, 0) };
        var e = Assert.Throws<ArgumentException>(() => LeastSquares.Statistics(new SumOnly(false), data));
        Assert.Equal("model", e.ParamName);
        Assert.StartsWith("JᵀJ is singular: the samples cannot identify a and b separately, since the columns of the Jacobian " +
                          "(each scaled to norm 1) are dependent: ", e.Message);
        Assert.Contains("0.707·∂r/∂a", e.Message);
        Assert.Contains("0.707·∂r/∂b ≈ 0", e.Message);

        var idle = Assert.Throws<ArgumentException>(() => LeastSquares.Statistics(new SumOnly(true), data));
        Assert.StartsWith("JᵀJ is singular: the residuals do not depend on c at these parameters", idle.Message);
    }

    [Fact]
    public void Bad_input_fails_naming_the_argument_and_the_counts()
    {
        NistPoint[] two = { new(1, 1, 0), new(2, 2, 0) };
        var statistics = Assert.Throws<ArgumentException>(() => LeastSquares.Statistics(new ExponentialRise { A = 1, k = 1 }, two));
        Assert.Equal("samples", statistics.ParamName);
        Assert.Contains("there are 2 samples and ExponentialRise has 2 parameters", statistics.Message);

        NistPoint[] one = { new(1, 1, 0) };
        var fit = Assert.Throws<ArgumentException>(() => Trainer.Fit(new ExponentialRise { A = 1, k = 1 }, one, new LevenbergMarquardt()));
        Assert.Equal("samples", fit.ParamName);
        Assert.Contains("1 samples and ExponentialRise has 2 parameters", fit.Message);

        var schedule = Assert.Throws<ArgumentException>(() => Trainer.Fit(new ExponentialRise { A = 1, k = 1 }, two, new LevenbergMarquardt(),
            new TrainingOptions { Schedule = LearningRateSchedule.Exponential(0.5) }));
        Assert.Contains("Levenberg–Marquardt has no learning rate", schedule.Message);
        Assert.Equal("functionTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new LevenbergMarquardt(functionTolerance: -1)).ParamName);
        Assert.Equal("maxEvaluations", Assert.Throws<ArgumentOutOfRangeException>(() => new LevenbergMarquardt(maxEvaluations: 0)).ParamName);
        Assert.Contains("ftol", Assert.Throws<ArgumentException>(() =>
            new LevenbergMarquardt(functionTolerance: 1e-10).LoadState(new LevenbergMarquardt().SaveState())).Message);
    }

    [Fact]
    public void Data_the_model_fits_exactly_stops_at_once_on_the_orthogonality_test()
    {
        // MINPACK: with ‖r‖ = 0 the scaled gradient is 0 ≤ gtol (0), info 4, before any step.
        NistPoint[] data = Enumerable.Range(1, 6).Select(i => new NistPoint(2.5 * (1 - Math.Exp(-0.3 * i)), i, 0)).ToArray();
        var model = new ExponentialRise { A = 2.5, k = 0.3 };
        var solver = new LevenbergMarquardt();
        TrainingResult result = Trainer.Fit(model, data, solver);
        Assert.Equal(StopReason.OrthogonalityTolerance, result.StopReason);
        Assert.Equal(0, solver.Iterations);
        Assert.Equal((2.5, 0.3), (model.A, model.k));
        Assert.Equal(0.0, result.FinalLoss);
    }

    [Fact]
    public void Without_scaling_or_with_a_gradient_tolerance_it_still_fits_and_names_its_reason()
    {
        NistDataSet misra = NistDataSet.Load("Misra1a");
        var model = new ExponentialRise { A = misra.Starts[1][0], k = misra.Starts[1][1] };
        TrainingResult result = Trainer.Fit(model, misra.Data, new LevenbergMarquardt(orthogonalityTolerance: 1e-6));
        Assert.Equal(StopReason.OrthogonalityTolerance, result.StopReason);
        Assert.Contains("orthogonality tolerance 1E-06", result.Message);
        Assert.True(NistDataSet.Lre(model.A, misra.Certified[0]) >= 4);
    }
}
