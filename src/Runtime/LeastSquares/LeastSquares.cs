using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SymbolicGd;

/// <summary>Statistics of least-squares fits (<see cref="ILeastSquares{TSample}"/>), as scipy's <c>curve_fit</c> and R's <c>nls</c> report them.</summary>
public static class LeastSquares
{
    /// <summary>
    /// The statistics of the fit at the model's current parameters (normally after
    /// <see cref="Trainer.Fit{TSample}(ILeastSquares{TSample}, IReadOnlyList{TSample}, LevenbergMarquardt, TrainingOptions?)"/>):
    /// RSS, σ̂² = RSS/(m − n), the covariance σ̂²(JᵀJ)⁻¹ with J the Jacobian of the residuals, the standard errors,
    /// t values and correlations, and R² when the observations are given.
    /// </summary>
    /// <remarks>
    /// (JᵀJ)⁻¹ is computed from a singular value decomposition of J with its columns scaled to norm 1 (one-sided
    /// Jacobi, accurate to the precision of J), so the test for singularity does not depend on the units of the
    /// parameters: a scaled singular value below ε·max(m, n) times the largest one, scipy's threshold, means that
    /// some combination of parameters does not change the residuals.
    /// </remarks>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The fitted model; it is not changed.</param>
    /// <param name="samples">The data set it was fitted to: more samples than the model has parameters.</param>
    /// <param name="observed">The observation y of a sample, for R²; <see langword="null"/> to leave R² out.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// There are not more samples than parameters, a residual or a derivative is NaN or infinite, or JᵀJ is singular:
    /// the message names the parameters that the samples cannot identify.
    /// </exception>
    public static FitStatistics Statistics<TSample>(
        ILeastSquares<TSample> model, IReadOnlyList<TSample> samples, Func<TSample, double>? observed = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ModelChecks.Validate(model, nameof(model));
        int m = samples.Count, n = model.ParameterCount;
        if (m <= n)
        {
            throw new ArgumentException(
                $"Fit statistics need more samples than parameters (m − n degrees of freedom); there are {NumberText.Int(m)} " +
                $"samples and {model.GetType().Name} has {NumberText.Int(n)} parameters.",
                nameof(samples));
        }

        var jacobian = new double[m * n]; // column-major: (i, j) at j·m + i
        var row = new double[n];
        double rss = 0.0;
        for (int i = 0; i < m; i++)
        {
            TSample sample = samples[i];
            double r = model.ResidualGradient(in sample, row);
            int bad = VectorMath.IndexOfNonFinite(row);
            if (!double.IsFinite(r) || bad >= 0)
            {
                string what = !double.IsFinite(r) ? $"the residual is {NumberText.Short(r)}" : $"∂r/∂{model.ParameterNames[bad]} is {NumberText.Short(row[bad])}";
                throw new ArgumentException($"At sample {NumberText.Int(i)} {what}; the statistics need finite residuals and derivatives.", nameof(samples));
            }

            rss += r * r;
            for (int j = 0; j < n; j++)
            {
                jacobian[j * m + i] = row[j];
            }
        }

        double[] inverse = InverseNormalMatrix(jacobian, m, n, model.ParameterNames);
        double variance = rss / (m - n);
        for (int k = 0; k < inverse.Length; k++)
        {
            inverse[k] *= variance;
        }

        double? rSquared = null;
        if (observed is not null)
        {
            double mean = 0.0;
            for (int i = 0; i < m; i++)
            {
                mean += observed(samples[i]);
            }

            mean /= m;
            double total = 0.0;
            for (int i = 0; i < m; i++)
            {
                double d = observed(samples[i]) - mean;
                total += d * d;
            }

            rSquared = 1.0 - rss / total;
        }

        var estimates = new double[n];
        model.CopyParametersTo(estimates);
        return new FitStatistics(model.ParameterNames, estimates, inverse, rss, m, rSquared);
    }

    /// <summary>
    /// (JᵀJ)⁻¹ (n×n, row-major) of a column-major m×n J, by a one-sided Jacobi SVD of J with unit columns; throws naming
    /// the parameters of the null space when J has a (numerically) dependent column.
    /// </summary>
    internal static double[] InverseNormalMatrix(double[] jacobian, int m, int n, IReadOnlyList<string> names)
    {
        var scale = new double[n];
        var zero = new List<string>();
        for (int j = 0; j < n; j++)
        {
            scale[j] = VectorMath.Norm(jacobian.AsSpan(j * m, m));
            if (scale[j] == 0.0)
            {
                zero.Add(names[j]);
            }
        }

        if (zero.Count > 0)
        {
            throw new ArgumentException(
                $"JᵀJ is singular: the residuals do not depend on {Join(zero)} at these parameters, so the samples cannot identify " +
                $"{(zero.Count == 1 ? "it" : "them")}.",
                "model");
        }

        var u = new double[m * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                u[j * m + i] = jacobian[j * m + i] / scale[j];
            }
        }

        var v = new double[n * n]; // column-major too: column k is the k-th right singular vector
        for (int j = 0; j < n; j++)
        {
            v[j * n + j] = 1.0;
        }

        const double epsilon = 2.220446049250313e-16;
        for (int sweep = 0; sweep < 60; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double alpha = 0.0, beta = 0.0, gamma = 0.0;
                    for (int i = 0; i < m; i++)
                    {
                        double up = u[p * m + i], uq = u[q * m + i];
                        alpha += up * up;
                        beta += uq * uq;
                        gamma += up * uq;
                    }

                    if (Math.Abs(gamma) <= epsilon * Math.Sqrt(alpha * beta))
                    {
                        continue;
                    }

                    rotated = true;
                    double zeta = (beta - alpha) / (2.0 * gamma);
                    double t = Math.Sign(zeta) / (Math.Abs(zeta) + Math.Sqrt(1.0 + zeta * zeta));
                    if (zeta == 0.0)
                    {
                        t = 1.0;
                    }

                    double c = 1.0 / Math.Sqrt(1.0 + t * t), s = c * t;
                    Rotate(u, m, p, q, c, s);
                    Rotate(v, n, p, q, c, s);
                }
            }

            if (!rotated)
            {
                break;
            }
        }

        var singular = new double[n];
        double largest = 0.0;
        for (int k = 0; k < n; k++)
        {
            singular[k] = VectorMath.Norm(u.AsSpan(k * m, m));
            largest = Math.Max(largest, singular[k]);
        }

        double threshold = epsilon * Math.Max(m, n) * largest;
        var message = new StringBuilder();
        var involved = new SortedSet<int>();
        for (int k = 0; k < n; k++)
        {
            if (singular[k] > threshold)
            {
                continue;
            }

            // A null direction of the scaled Jacobian: Σ vᵢ·(∂r/∂θᵢ)/‖∂r/∂θᵢ‖ ≈ 0. Its large components are the parameters involved.
            double top = 0.0;
            for (int i = 0; i < n; i++)
            {
                top = Math.Max(top, Math.Abs(v[k * n + i]));
            }

            var terms = new List<string>();
            for (int i = 0; i < n; i++)
            {
                double component = v[k * n + i];
                if (Math.Abs(component) >= 0.05 * top)
                {
                    involved.Add(i);
                    terms.Add($"{(terms.Count == 0 ? (component < 0 ? "−" : "") : component < 0 ? " − " : " + ")}" +
                              $"{Math.Abs(component).ToString("0.###", CultureInfo.InvariantCulture)}·∂r/∂{names[i]}");
                }
            }

            message.Append(message.Length == 0 ? "" : "; ").Append(string.Concat(terms)).Append(" ≈ 0");
        }

        if (involved.Count > 0)
        {
            var parameters = new List<string>();
            foreach (int i in involved)
            {
                parameters.Add(names[i]);
            }

            throw new ArgumentException(
                $"JᵀJ is singular: the samples cannot identify {Join(parameters)} separately, since the columns of the Jacobian " +
                $"(each scaled to norm 1) are dependent: {message}.",
                "model");
        }

        // (JᵀJ)⁻¹ = S⁻¹·V·Σ⁻²·Vᵀ·S⁻¹ with S the column scales.
        var inverse = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0.0;
                for (int k = 0; k < n; k++)
                {
                    sum += v[k * n + i] * v[k * n + j] / (singular[k] * singular[k]);
                }

                inverse[i * n + j] = sum / (scale[i] * scale[j]);
            }
        }

        // Symmetric by construction up to rounding; make it exactly so.
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double mean = 0.5 * (inverse[i * n + j] + inverse[j * n + i]);
                inverse[i * n + j] = inverse[j * n + i] = mean;
            }
        }

        return inverse;
    }

    private static void Rotate(double[] a, int rows, int p, int q, double c, double s)
    {
        for (int i = 0; i < rows; i++)
        {
            double ap = a[p * rows + i], aq = a[q * rows + i];
            a[p * rows + i] = c * ap - s * aq;
            a[q * rows + i] = s * ap + c * aq;
        }
    }

    private static string Join(List<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.GetRange(0, names.Count - 1)) + " and " + names[^1];
}
