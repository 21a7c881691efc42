using System;
using System.Collections.Generic;
using System.Text;

namespace SymbolicGd;

/// <summary>
/// The statistics of a least-squares fit at its parameters, as R's <c>summary(nls)</c> and scipy's <c>curve_fit</c>
/// report them: σ̂² = RSS/(m − n) from m residuals and n parameters, the covariance σ̂²(JᵀJ)⁻¹ of the estimates
/// (curve_fit's <c>pcov</c>), their standard errors, t values and correlations. Made by
/// <see cref="LeastSquares.Statistics{TSample}(ILeastSquares{TSample}, IReadOnlyList{TSample}, Func{TSample, double}?)"/>.
/// </summary>
public sealed class FitStatistics
{
    private readonly double[] _covariance;
    private readonly int _n;

    internal FitStatistics(
        IReadOnlyList<string> parameterNames, double[] estimates, double[] covariance, double residualSumOfSquares,
        int sampleCount, double? rSquared)
    {
        _n = estimates.Length;
        _covariance = covariance;
        ParameterNames = parameterNames;
        Estimates = Array.AsReadOnly(estimates);
        ResidualSumOfSquares = residualSumOfSquares;
        SampleCount = sampleCount;
        DegreesOfFreedom = sampleCount - _n;
        ResidualStandardError = Math.Sqrt(residualSumOfSquares / DegreesOfFreedom);
        RSquared = rSquared;
        var errors = new double[_n];
        var t = new double[_n];
        var p = new double[_n];
        var covarianceRows = new IReadOnlyList<double>[_n];
        var correlationRows = new IReadOnlyList<double>[_n];
        for (int i = 0; i < _n; i++)
        {
            errors[i] = Math.Sqrt(covariance[i * _n + i]);
            t[i] = estimates[i] / errors[i];
            p[i] = StudentT.TwoSidedP(t[i], DegreesOfFreedom);
        }

        for (int i = 0; i < _n; i++)
        {
            var covarianceRow = new double[_n];
            var correlationRow = new double[_n];
            for (int j = 0; j < _n; j++)
            {
                covarianceRow[j] = covariance[i * _n + j];
                correlationRow[j] = i == j ? 1.0 : covariance[i * _n + j] / (errors[i] * errors[j]);
            }

            covarianceRows[i] = Array.AsReadOnly(covarianceRow);
            correlationRows[i] = Array.AsReadOnly(correlationRow);
        }

        StandardErrors = Array.AsReadOnly(errors);
        TValues = Array.AsReadOnly(t);
        PValues = Array.AsReadOnly(p);
        Covariance = Array.AsReadOnly(covarianceRows);
        Correlation = Array.AsReadOnly(correlationRows);
    }

    /// <summary>The parameters' names, in declaration order (the order of every list here).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The parameters the statistics were computed at: the estimates.</summary>
    public IReadOnlyList<double> Estimates { get; }

    /// <summary>The standard error of each estimate: the square root of the diagonal of <see cref="Covariance"/>.</summary>
    public IReadOnlyList<double> StandardErrors { get; }

    /// <summary>Each estimate divided by its standard error (R's <c>t value</c>).</summary>
    public IReadOnlyList<double> TValues { get; }

    /// <summary>
    /// The two-sided p-value of each t value, P(|T| ≥ |t|) for Student's T with <see cref="DegreesOfFreedom"/> degrees of
    /// freedom (R's <c>Pr(&gt;|t|)</c>): how likely so large a t would be if the parameter were 0.
    /// </summary>
    public IReadOnlyList<double> PValues { get; }

    /// <summary>σ̂²(JᵀJ)⁻¹, n×n, by rows: scipy's <c>curve_fit</c> <c>pcov</c> (with <c>absolute_sigma=False</c>).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Covariance { get; }

    /// <summary>The correlation of the estimates, n×n, by rows: Cov(i, j)/(SE(i)·SE(j)), 1 on the diagonal.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Correlation { get; }

    /// <summary>RSS = Σr², the sum of the squared residuals.</summary>
    public double ResidualSumOfSquares { get; }

    /// <summary>σ̂ = √(RSS/(m − n)) (R's <c>Residual standard error</c>).</summary>
    public double ResidualStandardError { get; }

    /// <summary>m − n: the number of samples less the number of parameters.</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>m, the number of samples (residuals).</summary>
    public int SampleCount { get; }

    /// <summary>
    /// R² = 1 − RSS/Σ(y − ȳ)², when the observations y were given to <c>Statistics</c>; <see langword="null"/> otherwise
    /// (a residual alone does not say what was observed).
    /// </summary>
    public double? RSquared { get; }

    /// <summary>
    /// The fit as R's <c>summary(nls)</c> prints it: a table of estimate, standard error, t value and p-value per parameter, the
    /// residual standard error on its degrees of freedom, R² when known, and the correlations of the estimates.
    /// </summary>
    public override string ToString()
    {
        var table = new TextTable(new[] { "", "Estimate", "Std. Error", "t value", "Pr(>|t|)" });
        for (int i = 0; i < _n; i++)
        {
            // R prints p-values below the double precision as "< 2e-16" (format.pval's eps, 2.2e-16).
            string p = PValues[i] < 2.220446049250313e-16 ? "< 2e−16" : NumberText.Short(PValues[i]);
            table.AddRow(new[] { ParameterNames[i], NumberText.Short(Estimates[i]), NumberText.Short(StandardErrors[i]), NumberText.Short(TValues[i]), p });
        }

        var text = new StringBuilder();
        text.Append("Parameters:\n").Append(table.ToPlainText()).Append('\n');
        text.Append("Residual standard error: ").Append(NumberText.Short(ResidualStandardError)).Append(" on ")
            .Append(NumberText.Int(DegreesOfFreedom)).Append(" degrees of freedom\n");
        text.Append("Residual sum of squares: ").Append(NumberText.Short(ResidualSumOfSquares)).Append('\n');
        if (RSquared is double r2)
        {
            text.Append("R²: ").Append(NumberText.Short(r2)).Append('\n');
        }

        if (_n > 1)
        {
            var headers = new List<string> { "" };
            for (int j = 0; j < _n - 1; j++)
            {
                headers.Add(ParameterNames[j]);
            }

            var correlations = new TextTable(headers);
            for (int i = 1; i < _n; i++)
            {
                var row = new List<string> { ParameterNames[i] };
                for (int j = 0; j < _n - 1; j++)
                {
                    row.Add(j < i ? Correlation[i][j].ToString("0.000", System.Globalization.CultureInfo.InvariantCulture).Replace('-', '−') : "");
                }

                correlations.AddRow(row);
            }

            text.Append("\nCorrelation of parameter estimates:\n").Append(correlations.ToPlainText());
        }

        return text.ToString();
    }
}
