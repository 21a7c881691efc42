using System;
using System.Collections.Generic;

namespace SymbolicGd;

/// <summary>The residuals and their Jacobian at a point: what <see cref="LevenbergMarquardt"/> needs of a problem.</summary>
internal interface IResidualProblem
{
    /// <summary>m, the number of residuals.</summary>
    int ResidualCount { get; }

    /// <summary>Writes the m residuals at <paramref name="parameters"/>.</summary>
    void Residuals(ReadOnlySpan<double> parameters, Span<double> residuals);

    /// <summary>Writes the m×n Jacobian ∂rᵢ/∂θⱼ at <paramref name="parameters"/>, column-major: (i, j) at j·m + i.</summary>
    void Jacobian(ReadOnlySpan<double> parameters, Span<double> jacobian);
}

/// <summary>
/// Levenberg–Marquardt for least squares (<see cref="ILeastSquares{TSample}"/>): MINPACK's <c>lmder</c>, the algorithm
/// behind scipy's <c>leastsq</c> and <c>curve_fit</c>, with its defaults, on the exact Jacobian.
/// </summary>
/// <remarks>
/// <para>
/// Each iteration computes the Jacobian J at θ, factors JP = QR with column pivoting (Householder), and solves
/// min ‖Jp + r‖² + λ‖Dp‖² for the step p, with λ (<c>lmpar</c>) chosen so that ‖Dp‖ is within 10% of the step
/// bound Δ, or λ = 0 when the Gauss–Newton step is inside it. The damped system is never formed: it is solved from R
/// by Givens rotations (<c>qrsolv</c>), which is as stable as the QR factorization itself, and a rank-deficient J
/// gives a least-squares solution. D is the scaling: the column norms of the first Jacobian, then the largest seen
/// (MINPACK's <c>mode = 1</c>); Δ starts at <see cref="StepBoundFactor"/>·‖Dθ₀‖ and is shrunk or doubled by the
/// ratio of actual to predicted reduction of ‖r‖. A step that does not reduce ‖r‖ by 10⁻⁴ of the predicted
/// reduction is retried with a smaller Δ within the same iteration.
/// </para>
/// <para>
/// It stops (MINPACK's <c>info</c>) when both the actual and the predicted relative reduction of ‖r‖² are at most
/// <see cref="FunctionTolerance"/> (<see cref="StopReason.FunctionTolerance"/>), when Δ is at most
/// <see cref="ParameterTolerance"/>·‖Dθ‖ (<see cref="StopReason.ParameterTolerance"/>), both
/// (<see cref="StopReason.FunctionAndParameterTolerance"/>), when the cosine of the angle between r and every column
/// of J is at most <see cref="OrthogonalityTolerance"/> (<see cref="StopReason.OrthogonalityTolerance"/>), after
/// <see cref="MaxEvaluations"/> evaluations of the residuals (<see cref="StopReason.MaxEvaluations"/>), or when a
/// tolerance is below double precision (<see cref="StopReason.MachinePrecision"/>).
/// </para>
/// <para>
/// <see cref="Trainer"/> runs one iteration (one Jacobian) per epoch. The state (D, Δ, λ, ‖Dθ‖ and the counters) carries
/// over to a later <c>Fit</c> and is saved by a <see cref="Checkpoint"/>, so a resumed fit ends with the same bits.
/// Buffers are allocated for the first iteration; later iterations allocate nothing.
/// </para>
/// </remarks>
public sealed class LevenbergMarquardt
{
    /// <summary>MINPACK's default tolerance, √ε for double precision (scipy's <c>leastsq</c> default for ftol and xtol).</summary>
    public const double DefaultTolerance = 1.49012e-8;

    private const double Epsilon = 2.220446049250313e-16;
    private const double Dwarf = 2.2250738585072014e-308;

    private int _parameterCount = -1;
    private int _residualCount; // set by Allocate, which every first iteration (after construction, Reset or LoadState) calls
    private double[] _diag = Array.Empty<double>();
    private double _delta, _par, _xnorm;
    private int _iter = 1;

    // Work space of one iteration, sized by the first.
    private double[] _point = Array.Empty<double>(), _fvec = Array.Empty<double>(), _fjac = Array.Empty<double>();
    private double[] _wa4 = Array.Empty<double>(), _qtf = Array.Empty<double>();
    private double[] _wa1 = Array.Empty<double>(), _wa2 = Array.Empty<double>(), _wa3 = Array.Empty<double>();
    private double[] _work1 = Array.Empty<double>();
    private int[] _ipvt = Array.Empty<int>();
    private double _fnorm;
    private bool _cached;

    /// <summary>Creates the solver with MINPACK's defaults (those of <c>lmder1</c> and scipy's <c>leastsq</c>).</summary>
    /// <param name="functionTolerance">ftol: stop when both the actual and predicted relative reductions of the sum of squares are at most this, ≥ 0; default √ε ≈ 1.49012e-8.</param>
    /// <param name="parameterTolerance">xtol: stop when the relative error between two iterates is at most this (Δ ≤ xtol·‖Dθ‖), ≥ 0; default √ε.</param>
    /// <param name="orthogonalityTolerance">gtol: stop when the cosine of the angle between the residuals and every column of the Jacobian is at most this, ≥ 0; default 0.</param>
    /// <param name="stepBoundFactor">factor: the first step bound is this times ‖Dθ₀‖ (or this, if that is 0), a finite number &gt; 0; default 100.</param>
    /// <param name="maxEvaluations">maxfev: stop after this many evaluations of the residuals, ≥ 1; <see langword="null"/> for 100·(n + 1), n the parameter count.</param>
    /// <param name="scaleParameters">Whether D follows the column norms of the Jacobian (MINPACK's mode 1, default) or is the identity.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public LevenbergMarquardt(
        double functionTolerance = DefaultTolerance,
        double parameterTolerance = DefaultTolerance,
        double orthogonalityTolerance = 0.0,
        double stepBoundFactor = 100.0,
        int? maxEvaluations = null,
        bool scaleParameters = true)
    {
        FunctionTolerance = HyperParameters.NonNegative(functionTolerance, nameof(functionTolerance));
        ParameterTolerance = HyperParameters.NonNegative(parameterTolerance, nameof(parameterTolerance));
        OrthogonalityTolerance = HyperParameters.NonNegative(orthogonalityTolerance, nameof(orthogonalityTolerance));
        StepBoundFactor = HyperParameters.Positive(stepBoundFactor, nameof(stepBoundFactor));
        MaxEvaluations = maxEvaluations is int evaluations ? HyperParameters.AtLeastOne(evaluations, nameof(maxEvaluations)) : null;
        ScaleParameters = scaleParameters;
    }

    /// <summary>ftol: the tolerance on the relative reduction of the sum of squares.</summary>
    public double FunctionTolerance { get; }

    /// <summary>xtol: the tolerance on the relative change of the scaled parameters.</summary>
    public double ParameterTolerance { get; }

    /// <summary>gtol: the tolerance on the cosine between the residual vector and the columns of the Jacobian.</summary>
    public double OrthogonalityTolerance { get; }

    /// <summary>factor: the first step bound in units of ‖Dθ₀‖.</summary>
    public double StepBoundFactor { get; }

    /// <summary>maxfev, or <see langword="null"/> for 100·(n + 1).</summary>
    public int? MaxEvaluations { get; }

    /// <summary>Whether the parameters are scaled by the column norms of the Jacobian (MINPACK's mode 1).</summary>
    public bool ScaleParameters { get; }

    /// <summary>The successful iterations (steps taken) since construction or <see cref="Reset"/>.</summary>
    public int Iterations => _iter - 1;

    /// <summary>The evaluations of the residuals since construction or <see cref="Reset"/> (MINPACK's <c>nfev</c>).</summary>
    public int FunctionEvaluations { get; private set; }

    /// <summary>The evaluations of the Jacobian since construction or <see cref="Reset"/> (MINPACK's <c>njev</c>).</summary>
    public int JacobianEvaluations { get; private set; }

    /// <summary>The step bound Δ; 0 before the first iteration.</summary>
    public double StepBound => _delta;

    /// <summary>The Levenberg–Marquardt parameter λ of the last step (0 for a Gauss–Newton step).</summary>
    public double Damping => _par;

    /// <summary>The last trial's actual and predicted relative reductions of ‖r‖² (MINPACK's actred and prered), for tests of the stopping rules.</summary>
    internal (double Actual, double Predicted) LastReductions { get; private set; }

    /// <summary>
    /// One outer iteration of <c>lmder</c> (a Jacobian, then trial steps until one is taken) from
    /// <paramref name="x"/>, updated in place. Returns MINPACK's <c>info</c> (1–8) when it stops, 0 to go on.
    /// </summary>
    internal int Iterate(Span<double> x, IResidualProblem problem)
    {
        int n = x.Length, m = problem.ResidualCount;
        if (HyperParameters.CheckLengths(n, n, _parameterCount) || _point.Length != n || _residualCount != m)
        {
            if (m < n)
            {
                throw new ArgumentException(
                    $"Levenberg–Marquardt needs at least as many residuals as parameters; there are {NumberText.Int(m)} samples and {NumberText.Int(n)} parameters.",
                    "samples");
            }

            _parameterCount = n;
            Allocate(m, n);
        }

        int maxfev = MaxEvaluations ?? 100 * (n + 1);
        if (!_cached || !x.SequenceEqual(_point))
        {
            problem.Residuals(x, _fvec);
            if (FunctionEvaluations == 0)
            {
                FunctionEvaluations = 1; // MINPACK counts the evaluation at the starting point
            }

            _fnorm = VectorMath.Norm(_fvec);
            x.CopyTo(_point);
            _cached = true;
        }

        double[] fjac = _fjac, fvec = _fvec, diag = _diag, qtf = _qtf, wa1 = _wa1, wa2 = _wa2, wa3 = _wa3, wa4 = _wa4;
        int[] ipvt = _ipvt;

        problem.Jacobian(x, fjac);
        JacobianEvaluations++;
        QrFactor(m, n, fjac, ipvt, wa1, wa2, wa3);

        if (_iter == 1)
        {
            for (int j = 0; j < n; j++)
            {
                diag[j] = ScaleParameters && wa2[j] != 0.0 ? wa2[j] : 1.0;
            }

            for (int j = 0; j < n; j++)
            {
                wa3[j] = diag[j] * x[j];
            }

            _xnorm = VectorMath.Norm(wa3.AsSpan(0, n));
            _delta = StepBoundFactor * _xnorm;
            if (_delta == 0.0)
            {
                _delta = StepBoundFactor;
            }
        }

        // (Q transpose)·fvec, its first n components in qtf.
        fvec.AsSpan().CopyTo(wa4);
        for (int j = 0; j < n; j++)
        {
            int column = j * m;
            if (fjac[column + j] != 0.0)
            {
                double sum = 0.0;
                for (int i = j; i < m; i++)
                {
                    sum += fjac[column + i] * wa4[i];
                }

                double temp = -sum / fjac[column + j];
                for (int i = j; i < m; i++)
                {
                    wa4[i] += fjac[column + i] * temp;
                }
            }

            fjac[column + j] = wa1[j];
            qtf[j] = wa4[j];
        }

        // The norm of the scaled gradient: the largest cosine between fvec and a column of J.
        double gnorm = 0.0;
        if (_fnorm != 0.0)
        {
            for (int j = 0; j < n; j++)
            {
                int l = ipvt[j];
                if (wa2[l] != 0.0)
                {
                    double sum = 0.0;
                    for (int i = 0; i <= j; i++)
                    {
                        // Stryker disable once Assignment : subtracting every term gives −sum exactly, and only |sum| is used
                        sum += fjac[j * m + i] * (qtf[i] / _fnorm);
                    }

                    gnorm = Math.Max(gnorm, Math.Abs(sum / wa2[l]));
                }
            }
        }

        if (gnorm <= OrthogonalityTolerance)
        {
            return 4;
        }

        if (ScaleParameters)
        {
            for (int j = 0; j < n; j++)
            {
                diag[j] = Math.Max(diag[j], wa2[j]);
            }
        }

        while (true)
        {
            LmPar(n, fjac, m, ipvt, diag, qtf, _delta, ref _par, wa1, wa2, wa3, _work1);

            for (int j = 0; j < n; j++)
            {
                wa1[j] = -wa1[j];
                wa2[j] = x[j] + wa1[j];
                wa3[j] = diag[j] * wa1[j];
            }

            double pnorm = VectorMath.Norm(wa3.AsSpan(0, n));
            if (_iter == 1)
            {
                _delta = Math.Min(_delta, pnorm);
            }

            problem.Residuals(wa2, wa4);
            FunctionEvaluations++;
            double fnorm1 = VectorMath.Norm(wa4);

            double actred = -1.0;
            if (0.1 * fnorm1 < _fnorm)
            {
                double q = fnorm1 / _fnorm;
                actred = 1.0 - q * q;
            }

            for (int j = 0; j < n; j++)
            {
                wa3[j] = 0.0;
                double temp = wa1[ipvt[j]];
                for (int i = 0; i <= j; i++)
                {
                    // Stryker disable once Assignment : subtracting every term gives −R·p exactly, and only its norm is used
                    wa3[i] += fjac[j * m + i] * temp;
                }
            }

            double temp1 = VectorMath.Norm(wa3.AsSpan(0, n)) / _fnorm;
            double temp2 = Math.Sqrt(_par) * pnorm / _fnorm;
            double prered = temp1 * temp1 + temp2 * temp2 / 0.5;
            double dirder = -(temp1 * temp1 + temp2 * temp2);

            // Stryker disable once Conditional : prered = 0 needs R·p = 0 and λ‖Dp‖ = 0, so Qᵀr = 0: the scaled gradient is 0 and the
            // orthogonality test (gnorm ≤ gtol, gtol ≥ 0) returned before any step; the twin that always takes 0 is killed
            double ratio = prered != 0.0 ? actred / prered : 0.0;
            LastReductions = (actred, prered);

            if (ratio <= 0.25)
            {
                // Stryker disable once Equality : at actred = 0 the other form is 0.5·dirder / dirder = 0.5 exactly (dirder ≠ 0, as prered ≠ 0)
                double temp = actred >= 0.0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred);
                // Stryker disable once Equality : at temp = 0.1 the branch sets temp to 0.1, what it is
                if (0.1 * fnorm1 >= _fnorm || temp < 0.1)
                {
                    temp = 0.1;
                }

                _delta = temp * Math.Min(_delta, pnorm / 0.1);
                _par /= temp;
            }
            else if (_par == 0.0 || ratio >= 0.75)
            {
                _delta = pnorm / 0.5;
                _par = 0.5 * _par;
            }

            if (ratio >= 1e-4)
            {
                for (int j = 0; j < n; j++)
                {
                    x[j] = wa2[j];
                    wa2[j] = diag[j] * x[j];
                }

                wa4.AsSpan().CopyTo(fvec);
                x.CopyTo(_point);
                _xnorm = VectorMath.Norm(wa2.AsSpan(0, n));
                _fnorm = fnorm1;
                _iter++;
            }

            bool reduced = Math.Abs(actred) <= FunctionTolerance && prered <= FunctionTolerance && 0.5 * ratio <= 1.0;
            bool small = _delta <= ParameterTolerance * _xnorm;
            if (reduced || small)
            {
                return reduced && small ? 3 : reduced ? 1 : 2;
            }

            if (FunctionEvaluations >= maxfev)
            {
                return 5;
            }

            if (Math.Abs(actred) <= Epsilon && prered <= Epsilon && 0.5 * ratio <= 1.0)
            {
                return 6;
            }

            if (_delta <= Epsilon * _xnorm)
            {
                return 7;
            }

            if (gnorm <= Epsilon)
            {
                return 8;
            }

            if (ratio >= 1e-4)
            {
                return 0;
            }
        }
    }

    /// <summary>MINPACK's <c>qrfac</c> with pivoting: A·P = Q·R by Householder; a column-major m×n, leading dimension m.</summary>
    private static void QrFactor(int m, int n, double[] a, int[] ipvt, double[] rdiag, double[] acnorm, double[] wa)
    {
        for (int j = 0; j < n; j++)
        {
            acnorm[j] = VectorMath.Norm(a.AsSpan(j * m, m));
            rdiag[j] = acnorm[j];
            wa[j] = rdiag[j];
            ipvt[j] = j;
        }

        int minmn = Math.Min(m, n);
        for (int j = 0; j < minmn; j++)
        {
            int kmax = j;
            for (int k = j; k < n; k++)
            {
                if (rdiag[k] > rdiag[kmax])
                {
                    kmax = k;
                }
            }

            if (kmax != j)
            {
                for (int i = 0; i < m; i++)
                {
                    (a[j * m + i], a[kmax * m + i]) = (a[kmax * m + i], a[j * m + i]);
                }

                rdiag[kmax] = rdiag[j];
                wa[kmax] = wa[j];
                (ipvt[j], ipvt[kmax]) = (ipvt[kmax], ipvt[j]);
            }

            int cj = j * m;
            double ajnorm = VectorMath.Norm(a.AsSpan(cj + j, m - j));
            if (ajnorm != 0.0)
            {
                if (a[cj + j] < 0.0)
                {
                    ajnorm = -ajnorm;
                }

                for (int i = j; i < m; i++)
                {
                    a[cj + i] /= ajnorm;
                }

                a[cj + j] += 1.0;
                for (int k = j + 1; k < n; k++)
                {
                    int ck = k * m;
                    double sum = 0.0;
                    for (int i = j; i < m; i++)
                    {
                        sum += a[cj + i] * a[ck + i];
                    }

                    double temp = sum / a[cj + j];
                    for (int i = j; i < m; i++)
                    {
                        a[ck + i] -= temp * a[cj + i];
                    }

                    if (rdiag[k] != 0.0)
                    {
                        double ratio = a[ck + j] / rdiag[k];
                        rdiag[k] *= Math.Sqrt(Math.Max(0.0, 1.0 - ratio * ratio));
                        double relative = rdiag[k] / wa[k];
                        if (0.05 * relative * relative <= Epsilon)
                        {
                            rdiag[k] = VectorMath.Norm(a.AsSpan(ck + j + 1, m - j - 1));
                            wa[k] = rdiag[k];
                        }
                    }
                }
            }

            rdiag[j] = -ajnorm;
        }
    }

    /// <summary>
    /// MINPACK's <c>lmpar</c>: the λ for which the solution x of min ‖Ax − b‖² + λ‖Dx‖² has ‖Dx‖ within 10% of Δ (or λ = 0
    /// when the Gauss–Newton step is shorter), given R, P and Qᵀb. r is the upper triangle of a column-major array with
    /// leading dimension <paramref name="ldr"/>.
    /// </summary>
    private void LmPar(
        int n, double[] r, int ldr, int[] ipvt, double[] diag, double[] qtb, double delta, ref double par,
        double[] x, double[] wa1, double[] wa2, double[] sdiag)
    {
        // The Gauss–Newton direction; a least-squares solution if R is singular.
        int nsing = n;
        for (int j = 0; j < n; j++)
        {
            wa1[j] = qtb[j];
            if (r[j * ldr + j] == 0.0 && nsing == n)
            {
                nsing = j;
            }

            if (nsing < n)
            {
                wa1[j] = 0.0;
            }
        }

        for (int k = 0; k < nsing; k++)
        {
            int j = nsing - k - 1;
            wa1[j] /= r[j * ldr + j];
            double temp = wa1[j];
            for (int i = 0; i < j; i++)
            {
                wa1[i] -= r[j * ldr + i] * temp;
            }
        }

        for (int j = 0; j < n; j++)
        {
            x[ipvt[j]] = wa1[j];
        }

        int iter = 0;
        for (int j = 0; j < n; j++)
        {
            wa2[j] = diag[j] * x[j];
        }

        double dxnorm = VectorMath.Norm(wa2.AsSpan(0, n));
        double fp = dxnorm - delta;
        if (fp <= 0.1 * delta)
        {
            par = 0.0;
            return;
        }

        // A lower bound parl for the zero of the function, when J has full rank.
        double parl = 0.0;
        if (nsing >= n)
        {
            for (int j = 0; j < n; j++)
            {
                int l = ipvt[j];
                wa1[j] = diag[l] * (wa2[l] / dxnorm);
            }

            for (int j = 0; j < n; j++)
            {
                double sum = 0.0;
                for (int i = 0; i < j; i++)
                {
                    sum += r[j * ldr + i] * wa1[i];
                }

                wa1[j] = (wa1[j] - sum) / r[j * ldr + j];
            }

            double temp = VectorMath.Norm(wa1.AsSpan(0, n));
            parl = fp / delta / temp / temp;
        }

        // An upper bound paru.
        for (int j = 0; j < n; j++)
        {
            double sum = 0.0;
            for (int i = 0; i <= j; i++)
            {
                // Stryker disable once Assignment : subtracting every term negates wa1 exactly, and only its norm is used
                sum += r[j * ldr + i] * qtb[i];
            }

            wa1[j] = sum / diag[ipvt[j]];
        }

        double gnorm = VectorMath.Norm(wa1.AsSpan(0, n));
        double paru = gnorm / delta;
        if (paru == 0.0)
        {
            paru = Dwarf / Math.Min(delta, 0.1);
        }

        par = Math.Max(par, parl);
        par = Math.Min(par, paru);
        if (par == 0.0)
        {
            par = gnorm / dxnorm;
        }

        while (true)
        {
            iter++;
            if (par == 0.0)
            {
                par = Math.Max(Dwarf, 0.001 * paru);
            }

            double sqrtPar = Math.Sqrt(par);
            for (int j = 0; j < n; j++)
            {
                wa1[j] = sqrtPar * diag[j];
            }

            QrSolve(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
            for (int j = 0; j < n; j++)
            {
                wa2[j] = diag[j] * x[j];
            }

            dxnorm = VectorMath.Norm(wa2.AsSpan(0, n));
            double previous = fp;
            fp = dxnorm - delta;
            if (Math.Abs(fp) <= 0.1 * delta || (parl == 0.0 && fp <= previous && previous < 0.0) || iter == 10)
            {
                return;
            }

            // The Newton correction.
            for (int j = 0; j < n; j++)
            {
                int l = ipvt[j];
                wa1[j] = diag[l] * (wa2[l] / dxnorm);
            }

            for (int j = 0; j < n; j++)
            {
                wa1[j] /= sdiag[j];
                double temp = wa1[j];
                for (int i = j + 1; i < n; i++)
                {
                    wa1[i] -= r[j * ldr + i] * temp;
                }
            }

            double norm = VectorMath.Norm(wa1.AsSpan(0, n));
            double parc = fp / delta / norm / norm;
            // Stryker disable once Equality : fp = 0 returned above (|fp| ≤ 0.1·Δ), so > and >= agree here
            if (fp > 0.0)
            {
                parl = Math.Max(parl, par);
            }

            // Stryker disable once Equality : as above, fp ≠ 0 here
            if (fp < 0.0)
            {
                paru = Math.Min(paru, par);
            }

            par = Math.Max(parl, par + parc);
        }
    }

    /// <summary>
    /// MINPACK's <c>qrsolv</c>: solves A·x = b, D·x = 0 in the least-squares sense from A·P = Q·R, by Givens rotations
    /// that eliminate D from R; S (with PᵀAᵀAP + PᵀDDP = SᵀS) goes to the strict lower triangle of r and sdiag.
    /// </summary>
    private static void QrSolve(int n, double[] r, int ldr, int[] ipvt, double[] diag, double[] qtb, double[] x, double[] sdiag, double[] wa)
    {
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
            {
                r[j * ldr + i] = r[i * ldr + j];
            }

            x[j] = r[j * ldr + j];
            wa[j] = qtb[j];
        }

        for (int j = 0; j < n; j++)
        {
            int l = ipvt[j];
            if (diag[l] != 0.0)
            {
                for (int k = j; k < n; k++)
                {
                    sdiag[k] = 0.0;
                }

                sdiag[j] = diag[l];
                double qtbpj = 0.0;
                for (int k = j; k < n; k++)
                {
                    if (sdiag[k] == 0.0)
                    {
                        continue;
                    }

                    int kk = k * ldr + k;
                    double sin, cos;
                    if (Math.Abs(r[kk]) < Math.Abs(sdiag[k]))
                    {
                        double cotan = r[kk] / sdiag[k];
                        sin = 0.5 / Math.Sqrt(0.25 + 0.25 * cotan * cotan);
                        cos = sin * cotan;
                    }
                    else
                    {
                        double tan = sdiag[k] / r[kk];
                        cos = 0.5 / Math.Sqrt(0.25 + 0.25 * tan * tan);
                        sin = cos * tan;
                    }

                    r[kk] = cos * r[kk] + sin * sdiag[k];
                    double temp = cos * wa[k] + sin * qtbpj;
                    qtbpj = -sin * wa[k] + cos * qtbpj;
                    wa[k] = temp;
                    for (int i = k + 1; i < n; i++)
                    {
                        temp = cos * r[k * ldr + i] + sin * sdiag[i];
                        sdiag[i] = -sin * r[k * ldr + i] + cos * sdiag[i];
                        r[k * ldr + i] = temp;
                    }
                }
            }

            sdiag[j] = r[j * ldr + j];
            r[j * ldr + j] = x[j];
        }

        int nsing = n;
        for (int j = 0; j < n; j++)
        {
            if (sdiag[j] == 0.0 && nsing == n)
            {
                nsing = j;
            }

            if (nsing < n)
            {
                wa[j] = 0.0;
            }
        }

        for (int k = 0; k < nsing; k++)
        {
            int j = nsing - k - 1;
            double sum = 0.0;
            for (int i = j + 1; i < nsing; i++)
            {
                sum += r[j * ldr + i] * wa[i];
            }

            wa[j] = (wa[j] - sum) / sdiag[j];
        }

        for (int j = 0; j < n; j++)
        {
            x[ipvt[j]] = wa[j];
        }
    }

    private void Allocate(int m, int n)
    {
        _residualCount = m;
        _point = new double[n];
        _fvec = new double[m];
        _wa4 = new double[m];
        _fjac = new double[m * n];
        _qtf = new double[n];
        _wa1 = new double[n];
        _wa2 = new double[n];
        _wa3 = new double[n];
        _work1 = new double[n];
        _ipvt = new int[n];
        if (_diag.Length != n)
        {
            _diag = new double[n];
        }

        _cached = false;
    }

    /// <summary>
    /// The state that carries from one iteration to the next (the scaling D, the step bound Δ, λ, ‖Dθ‖ and the
    /// counters), for a <see cref="Checkpoint"/>: a new solver given it by <see cref="LoadState"/> continues exactly (the
    /// residuals at the current point are evaluated again, to the same bits, and not counted).
    /// </summary>
    public OptimizerState SaveState()
    {
        OptimizerState saved = OptimizerState.Of(
            nameof(LevenbergMarquardt), 0.0, Iterations, _parameterCount, Settings(), ("diag", _diag)); // no buffer without a count
        return new OptimizerState(
            saved.Optimizer, saved.LearningRate, saved.Step, saved.ParameterCount, saved.Settings,
            new Dictionary<string, double[]>(StringComparer.Ordinal) { ["diag"] = saved.Buffer("diag") ?? Array.Empty<double>() },
            new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["delta"] = _delta, ["par"] = _par, ["xnorm"] = _xnorm, ["nfev"] = FunctionEvaluations, ["njev"] = JacobianEvaluations,
            });
    }

    /// <summary>Replaces the state with a saved one, after checking that it fits; on an exception nothing has changed.</summary>
    /// <param name="state">A state saved by a <see cref="LevenbergMarquardt"/> solver with the same settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The state is of another optimizer, a setting differs, or a value or the scaling is missing.</exception>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(nameof(LevenbergMarquardt), Settings(), "diag");
        var values = new double[5];
        string[] names = { "delta", "par", "xnorm", "nfev", "njev" };
        for (int i = 0; i < names.Length; i++)
        {
            if (!state.Values.TryGetValue(names[i], out values[i]) || !double.IsFinite(values[i]) || values[i] < 0.0)
            {
                throw new ArgumentException(
                    $"The LevenbergMarquardt state's value '{names[i]}' is missing or not a finite number >= 0.", nameof(state));
            }
        }

        Reset();
        if (state.ParameterCount is int count)
        {
            _parameterCount = count;
            _diag = state.Buffer("diag")!;
        }

        _iter = (int)state.Step + 1;
        (_delta, _par, _xnorm) = (values[0], values[1], values[2]);
        FunctionEvaluations = (int)values[3];
        JacobianEvaluations = (int)values[4];
    }

    /// <summary>Forgets the scaling, the step bound, λ, the counters and the parameter count: the next fit starts as MINPACK does.</summary>
    public void Reset()
    {
        _parameterCount = -1;
        _diag = Array.Empty<double>();
        _point = Array.Empty<double>(); // the next iteration allocates, which sets the residual count and forgets the kept evaluation
        _delta = _par = _xnorm = 0.0;
        _iter = 1;
        FunctionEvaluations = 0;
        JacobianEvaluations = 0;
    }

    private (string Name, double Value)[] Settings() => new[]
    {
        ("ftol", FunctionTolerance), ("xtol", ParameterTolerance), ("gtol", OrthogonalityTolerance), ("factor", StepBoundFactor),
        ("maxfev", MaxEvaluations ?? 0.0), ("mode", ScaleParameters ? 1.0 : 2.0),
    };

    /// <summary>Describes the solver and its settings, for training reports.</summary>
    public override string ToString() =>
        $"LevenbergMarquardt(functionTolerance: {HyperParameters.Format(FunctionTolerance)}, parameterTolerance: " +
        $"{HyperParameters.Format(ParameterTolerance)}, orthogonalityTolerance: {HyperParameters.Format(OrthogonalityTolerance)}, " +
        $"stepBoundFactor: {HyperParameters.Format(StepBoundFactor)}, maxEvaluations: " +
        $"{(MaxEvaluations is int max ? HyperParameters.Format(max) : "100·(n + 1)")}, scaleParameters: {(ScaleParameters ? "true" : "false")})";

    /// <summary>What MINPACK's <c>info</c> means, as a reason and a sentence.</summary>
    internal (StopReason Reason, string Message) Describe(int info)
    {
        string counts = $"after {NumberText.Int(Iterations)} steps, {NumberText.Int(FunctionEvaluations)} evaluations of the residuals " +
                        $"and {NumberText.Int(JacobianEvaluations)} of the Jacobian";
        return info switch
        {
            1 => (StopReason.FunctionTolerance,
                $"Converged {counts}: the actual and predicted relative reductions of the sum of squares are at most the function tolerance {HyperParameters.Format(FunctionTolerance)}"),
            2 => (StopReason.ParameterTolerance,
                $"Converged {counts}: the relative change of the parameters is at most the parameter tolerance {HyperParameters.Format(ParameterTolerance)}"),
            3 => (StopReason.FunctionAndParameterTolerance,
                $"Converged {counts}: the relative reductions of the sum of squares are at most the function tolerance {HyperParameters.Format(FunctionTolerance)} and the relative change of the parameters at most the parameter tolerance {HyperParameters.Format(ParameterTolerance)}"),
            4 => (StopReason.OrthogonalityTolerance,
                $"Converged {counts}: the cosine of the angle between the residuals and every column of the Jacobian is at most the orthogonality tolerance {HyperParameters.Format(OrthogonalityTolerance)}"),
            5 => (StopReason.MaxEvaluations,
                $"Stopped {counts}: the residuals were evaluated the maximum number of times"),
            6 => (StopReason.MachinePrecision,
                $"Stopped {counts}: the function tolerance {HyperParameters.Format(FunctionTolerance)} is too small; no further reduction of the sum of squares is possible"),
            7 => (StopReason.MachinePrecision,
                $"Stopped {counts}: the parameter tolerance {HyperParameters.Format(ParameterTolerance)} is too small; no further improvement of the parameters is possible"),
            _ => (StopReason.MachinePrecision,
                $"Stopped {counts}: the orthogonality tolerance {HyperParameters.Format(OrthogonalityTolerance)} is too small; the residuals are orthogonal to the columns of the Jacobian to double precision"),
        };
    }
}
