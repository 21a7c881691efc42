using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd;

/// <summary>
/// The loss and gradient at a point, for <see cref="Lbfgs"/>: returns the loss at <paramref name="parameters"/> and
/// adds its gradient to <paramref name="gradient"/>, which <see cref="Lbfgs"/> clears before every call.
/// </summary>
/// <param name="parameters">The point, in the model's parameter order.</param>
/// <param name="gradient">Where to add ∂loss/∂θ; cleared before the call.</param>
/// <returns>The loss.</returns>
public delegate double LbfgsObjective(ReadOnlySpan<double> parameters, Span<double> gradient);

/// <summary>
/// L-BFGS: a quasi-Newton method that builds an approximate inverse Hessian from the last
/// <see cref="HistorySize"/> steps and gradient changes, with an optional strong-Wolfe line search; the rules,
/// tolerances and defaults of PyTorch's <c>torch.optim.LBFGS</c>, for full-batch training of small models.
/// </summary>
/// <remarks>
/// <para>
/// One <see cref="Step"/> is one call of PyTorch's <c>optimizer.step(closure)</c>: up to <see cref="MaxIterations"/>
/// iterations and about <see cref="MaxEvaluations"/> evaluations of the objective, stopping early when the
/// largest gradient component is at most <see cref="ToleranceGradient"/>, or when the loss or the step changes by
/// less than <see cref="ToleranceChange"/>. The history (directions, steps, the Hessian scale) carries over to the
/// next <see cref="Step"/>, as in PyTorch; <see cref="Reset"/> forgets it.
/// </para>
/// <para>
/// Unlike PyTorch, whose <c>line_search_fn</c> defaults to <c>None</c> (a fixed step of the learning rate), the
/// default here is the strong-Wolfe line search, the form that converges without tuning; pass
/// <c>strongWolfe: false</c> for PyTorch's default. With a line search the learning rate is the first trial step.
/// </para>
/// <para>
/// The arithmetic follows PyTorch 1.13's <c>lbfgs.py</c> line by line (including its cubic interpolation and
/// bracketing in <c>_strong_wolfe</c>, with c₁ = 10⁻⁴, c₂ = 0.9 and at most 25 line-search evaluations), so float64
/// trajectories agree with PyTorch's step for step. <see cref="Trainer"/> uses it for full-batch training: one
/// <see cref="Step"/> per epoch. A step allocates (the history vectors); L-BFGS is meant for small models.
/// </para>
/// </remarks>
public sealed class Lbfgs
{
    private const double C1 = 1e-4;
    private const double C2 = 0.9;
    private const int MaxLineSearch = 25;

    private readonly List<double[]> _oldDirections = new();
    private readonly List<double[]> _oldSteps = new();
    private readonly List<double> _ro = new();
    private double _learningRate;
    private double[]? _direction;
    private double _t;
    private double _hessianDiagonal = 1.0;
    private double[]? _previousGradient;
    private double[]? _al;
    private int _parameterCount = -1;

    /// <summary>Creates the optimizer with PyTorch's defaults (and the strong-Wolfe line search).</summary>
    /// <param name="learningRate">The step length, or the first trial step of the line search, a finite number &gt; 0; PyTorch's default 1.</param>
    /// <param name="maxIterations">Iterations per <see cref="Step"/>, ≥ 1; PyTorch's default 20 (<c>max_iter</c>).</param>
    /// <param name="maxEvaluations">Objective evaluations per <see cref="Step"/>, ≥ 1; <see langword="null"/> for PyTorch's default ⌊max_iter·5/4⌋ (<c>max_eval</c>).</param>
    /// <param name="toleranceGradient">Stop when max|gᵢ| is at most this, ≥ 0; PyTorch's default 1e-7 (<c>tolerance_grad</c>).</param>
    /// <param name="toleranceChange">Stop when the loss or the step changes by less than this, ≥ 0; PyTorch's default 1e-9 (<c>tolerance_change</c>).</param>
    /// <param name="historySize">The number of past steps remembered, ≥ 1; PyTorch's default 100 (<c>history_size</c>).</param>
    /// <param name="strongWolfe">Whether to search the step length by the strong-Wolfe conditions (<c>line_search_fn='strong_wolfe'</c>); default true.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public Lbfgs(
        double learningRate = 1.0,
        int maxIterations = 20,
        int? maxEvaluations = null,
        double toleranceGradient = 1e-7,
        double toleranceChange = 1e-9,
        int historySize = 100,
        bool strongWolfe = true)
    {
        _learningRate = HyperParameters.Positive(learningRate, nameof(learningRate));
        MaxIterations = HyperParameters.AtLeastOne(maxIterations, nameof(maxIterations));
        MaxEvaluations = maxEvaluations is int evaluations
            ? HyperParameters.AtLeastOne(evaluations, nameof(maxEvaluations))
            : maxIterations * 5 / 4;
        ToleranceGradient = HyperParameters.NonNegative(toleranceGradient, nameof(toleranceGradient));
        ToleranceChange = HyperParameters.NonNegative(toleranceChange, nameof(toleranceChange));
        HistorySize = HyperParameters.AtLeastOne(historySize, nameof(historySize));
        StrongWolfe = strongWolfe;
    }

    /// <summary>The step length (without a line search) or the first trial step (with one).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number &gt; 0.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameters.Positive(value, nameof(LearningRate));
    }

    /// <summary>Iterations per <see cref="Step"/> (<c>max_iter</c>).</summary>
    public int MaxIterations { get; }

    /// <summary>Objective evaluations per <see cref="Step"/> after which it stops (<c>max_eval</c>).</summary>
    public int MaxEvaluations { get; }

    /// <summary>The first-order optimality tolerance on max|gᵢ| (<c>tolerance_grad</c>).</summary>
    public double ToleranceGradient { get; }

    /// <summary>The tolerance on changes of the loss and the parameters (<c>tolerance_change</c>).</summary>
    public double ToleranceChange { get; }

    /// <summary>The number of past steps remembered (<c>history_size</c>).</summary>
    public int HistorySize { get; }

    /// <summary>Whether the step length is searched by the strong-Wolfe conditions.</summary>
    public bool StrongWolfe { get; }

    /// <summary>The objective evaluations since construction or <see cref="Reset"/> (PyTorch's <c>func_evals</c>).</summary>
    public int FunctionEvaluations { get; private set; }

    /// <summary>The iterations since construction or <see cref="Reset"/> (PyTorch's <c>n_iter</c>).</summary>
    public int Iterations { get; private set; }

    /// <summary>
    /// One call of PyTorch's <c>step(closure)</c>: up to <see cref="MaxIterations"/> L-BFGS iterations on
    /// <paramref name="parameters"/>, in place.
    /// </summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="objective">The loss and gradient at any point.</param>
    /// <returns>The loss at the parameters the step started from (what PyTorch's <c>step</c> returns).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentException">The parameter count differs from the one of the first step (call <see cref="Reset"/> first).</exception>
    public double Step(Span<double> parameters, LbfgsObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        int n = parameters.Length;
        if (HyperParameters.CheckLengths(n, n, _parameterCount))
        {
            _parameterCount = n;
        }

        double[] flatGrad = new double[n];
        double loss = Evaluate(objective, parameters, flatGrad);
        double origLoss = loss;
        int currentEvals = 1;
        FunctionEvaluations++;
        if (MaxAbs(flatGrad) <= ToleranceGradient)
        {
            return origLoss;
        }

        double[] d = _direction ?? new double[n];
        double t = _t;
        double lr = _learningRate;
        int nIter = 0;
        while (nIter < MaxIterations)
        {
            nIter++;
            Iterations++;
            if (Iterations == 1)
            {
                d = new double[n];
                for (int i = 0; i < n; i++)
                {
                    d[i] = -flatGrad[i];
                }

                // Stryker disable Statement : the history is already empty on the first iteration (a new optimizer, Reset and a
                // loaded state start it empty); PyTorch clears it here all the same, and so does this line-by-line port
                _oldDirections.Clear();
                _oldSteps.Clear();
                _ro.Clear();
                // Stryker restore Statement
                _hessianDiagonal = 1.0;
            }
            else
            {
                double[] y = new double[n], s = new double[n];
                for (int i = 0; i < n; i++)
                {
                    y[i] = flatGrad[i] - _previousGradient![i];
                    s[i] = d[i] * t;
                }

                double ys = Dot(y, s);
                if (ys > 1e-10)
                {
                    if (_oldDirections.Count == HistorySize)
                    {
                        _oldDirections.RemoveAt(0);
                        _oldSteps.RemoveAt(0);
                        _ro.RemoveAt(0);
                    }

                    _oldDirections.Add(y);
                    _oldSteps.Add(s);
                    _ro.Add(1.0 / ys);
                    _hessianDiagonal = ys / Dot(y, y);
                }

                int numOld = _oldDirections.Count;
                // Stryker disable once Assignment : a new array each time holds the same values; every element read is written first
                _al ??= new double[HistorySize];
                double[] q = new double[n];
                for (int i = 0; i < n; i++)
                {
                    q[i] = -flatGrad[i];
                }

                for (int i = numOld - 1; i >= 0; i--)
                {
                    _al[i] = Dot(_oldSteps[i], q) * _ro[i];
                    AddScaled(q, _oldDirections[i], -_al[i]);
                }

                d = q;
                for (int i = 0; i < n; i++)
                {
                    d[i] *= _hessianDiagonal;
                }

                for (int i = 0; i < numOld; i++)
                {
                    double be = Dot(_oldDirections[i], d) * _ro[i];
                    AddScaled(d, _oldSteps[i], _al[i] - be);
                }
            }

            // Stryker disable once Assignment : the copy below overwrites every element
            _previousGradient ??= new double[n];
            Array.Copy(flatGrad, _previousGradient, n);
            double prevLoss = loss;

            t = Iterations == 1 ? Math.Min(1.0, 1.0 / SumAbs(flatGrad)) * lr : lr;
            double gtd = Dot(flatGrad, d);
            if (gtd > -ToleranceChange)
            {
                break;
            }

            int lsEvals = 0;
            // Stryker disable once Boolean : both branches assign optimal, except a fixed step's last iteration, which stops anyway
            bool optimal = false;
            if (StrongWolfe)
            {
                (loss, flatGrad, t, lsEvals) = LineSearch(objective, parameters, t, d, loss, flatGrad, gtd);
                AddScaled(parameters, d, t);
                optimal = MaxAbs(flatGrad) <= ToleranceGradient;
            }
            else
            {
                AddScaled(parameters, d, t);
                if (nIter != MaxIterations)
                {
                    flatGrad = new double[n];
                    loss = Evaluate(objective, parameters, flatGrad);
                    optimal = MaxAbs(flatGrad) <= ToleranceGradient;
                    lsEvals = 1;
                }
            }

            currentEvals += lsEvals;
            FunctionEvaluations += lsEvals;
            if (nIter == MaxIterations || currentEvals >= MaxEvaluations || optimal)
            {
                break;
            }

            double maxStep = 0.0;
            for (int i = 0; i < n; i++)
            {
                maxStep = Math.Max(maxStep, Math.Abs(d[i] * t));
            }

            if (maxStep <= ToleranceChange || Math.Abs(loss - prevLoss) < ToleranceChange)
            {
                break;
            }
        }

        _direction = d;
        _t = t;
        return origLoss;
    }

    /// <summary>
    /// A copy of the state PyTorch keeps for L-BFGS (<c>d</c>, <c>t</c>, <c>old_dirs</c>, <c>old_stps</c>,
    /// <c>H_diag</c>, <c>prev_flat_grad</c>, <c>n_iter</c>, <c>func_evals</c>), for a <see cref="Checkpoint"/>: a
    /// new optimizer given it by <see cref="LoadState"/> continues exactly.
    /// </summary>
    public OptimizerState SaveState()
    {
        var buffers = new List<(string, double[]?)> { ("d", _direction), ("prev_flat_grad", _previousGradient) };
        for (int i = 0; i < _oldDirections.Count; i++)
        {
            buffers.Add(($"old_dirs.{i}", _oldDirections[i]));
            buffers.Add(($"old_stps.{i}", _oldSteps[i]));
        }

        OptimizerState saved = OptimizerState.Of(nameof(Lbfgs), _learningRate, Iterations, _parameterCount, Settings(), buffers.ToArray());
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["t"] = _t, ["H_diag"] = _hessianDiagonal, ["func_evals"] = FunctionEvaluations, ["history"] = _oldDirections.Count,
        };
        return new OptimizerState(
            saved.Optimizer, saved.LearningRate, saved.Step, saved.ParameterCount, saved.Settings,
            saved.Buffers.ToDictionary(b => b.Key, b => b.Value.ToArray(), StringComparer.Ordinal), values);
    }

    /// <summary>Replaces the state with a saved one, after checking that it fits; on an exception nothing has changed.</summary>
    /// <param name="state">A state saved by an L-BFGS optimizer with the same settings.</param>
    /// <exception cref="ArgumentException">The state is of another optimizer, a setting differs, or a buffer or value is missing.</exception>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(nameof(Lbfgs), Settings());
        if (state.ParameterCount is null)
        {
            double rate = HyperParameters.Positive(state.LearningRate, "state.LearningRate");
            Reset();
            _learningRate = rate;
            return;
        }

        foreach (string name in new[] { "t", "H_diag", "func_evals", "history" })
        {
            if (!state.Values.ContainsKey(name))
            {
                throw new ArgumentException($"The Lbfgs state has no value '{name}'.", nameof(state));
            }
        }

        int history = (int)state.Values["history"];
        if (history < 0 || history > HistorySize)
        {
            throw new ArgumentException($"The Lbfgs state holds {history} history pairs; this optimizer keeps at most {HistorySize}.", nameof(state));
        }

        var names = new List<string>();
        for (int i = 0; i < history; i++)
        {
            names.Add($"old_dirs.{i}");
            names.Add($"old_stps.{i}");
        }

        foreach (string name in names)
        {
            if (!state.Buffers.ContainsKey(name))
            {
                throw new ArgumentException($"The Lbfgs state has no buffer '{name}'.", nameof(state));
            }
        }

        double learningRate = HyperParameters.Positive(state.LearningRate, "state.LearningRate");
        Reset();
        _learningRate = learningRate;
        _parameterCount = state.ParameterCount.Value;
        _direction = state.Buffer("d");
        _previousGradient = state.Buffer("prev_flat_grad");
        for (int i = 0; i < history; i++)
        {
            double[] y = state.Buffer($"old_dirs.{i}")!, s = state.Buffer($"old_stps.{i}")!;
            _oldDirections.Add(y);
            _oldSteps.Add(s);
            _ro.Add(1.0 / Dot(y, s)); // the same product as when the pair was stored, so the same bits
        }

        _t = state.Values["t"];
        _hessianDiagonal = state.Values["H_diag"];
        FunctionEvaluations = (int)state.Values["func_evals"];
        Iterations = (int)state.Step;
    }

    private (string Name, double Value)[] Settings() => new[]
    {
        ("max_iter", (double)MaxIterations), ("max_eval", (double)MaxEvaluations), ("tolerance_grad", ToleranceGradient),
        ("tolerance_change", ToleranceChange), ("history_size", (double)HistorySize), ("strong_wolfe", StrongWolfe ? 1.0 : 0.0),
    };

    /// <summary>Forgets the history, the counters and the parameter count.</summary>
    public void Reset()
    {
        _oldDirections.Clear();
        _oldSteps.Clear();
        _ro.Clear();
        _direction = null;
        _previousGradient = null;
        _al = null;
        _t = 0.0;
        _hessianDiagonal = 1.0;
        _parameterCount = -1;
        FunctionEvaluations = 0;
        Iterations = 0;
    }

    /// <summary>Describes the optimizer and its settings, for training reports.</summary>
    public override string ToString() =>
        $"Lbfgs(learningRate: {HyperParameters.Format(_learningRate)}, maxIterations: {HyperParameters.Format(MaxIterations)}, " +
        $"maxEvaluations: {HyperParameters.Format(MaxEvaluations)}, toleranceGradient: {HyperParameters.Format(ToleranceGradient)}, " +
        $"toleranceChange: {HyperParameters.Format(ToleranceChange)}, historySize: {HyperParameters.Format(HistorySize)}, " +
        $"strongWolfe: {(StrongWolfe ? "true" : "false")})";

    private static double Evaluate(LbfgsObjective objective, ReadOnlySpan<double> point, double[] gradient)
    {
        // Stryker disable once Statement : both callers pass a new array; the clear keeps the documented contract if one ever does not
        Array.Clear(gradient);
        return objective(point, gradient);
    }

    /// <summary>PyTorch's _directional_evaluate: the loss and a new gradient at x + t·d.</summary>
    private static (double Loss, double[] Gradient) Directional(LbfgsObjective objective, ReadOnlySpan<double> x, double t, double[] d)
    {
        var point = new double[x.Length];
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = x[i] + t * d[i];
        }

        var gradient = new double[x.Length];
        double loss = objective(point, gradient);
        return (loss, gradient);
    }

    /// <summary>
    /// PyTorch 1.13's <c>_strong_wolfe</c>, line by line: a step t along <paramref name="d"/> from
    /// <paramref name="x"/> with sufficient decrease (f(t) ≤ f + c₁·t·gtd) and small slope (|g(t)·d| ≤ −c₂·gtd),
    /// found by extrapolation to a bracket and then by zooming into it; or the best step found in 25 evaluations, or
    /// once the bracket is narrower than 10⁻⁹/max|dᵢ|. Internal so that the tests check it on one-dimensional
    /// functions, where the steps that meet the conditions can be written down.
    /// </summary>
    /// <returns>The loss and gradient at the step, the step, and the objective evaluations made.</returns>
    internal static (double Loss, double[] Gradient, double T, int Evaluations) LineSearch(
        LbfgsObjective objective, ReadOnlySpan<double> x, double t, double[] d, double f, double[] g, double gtd)
    {
        const double toleranceChange = 1e-9; // _strong_wolfe's own default; LBFGS.step does not pass its tolerance
        double dNorm = MaxAbs(d);
        g = (double[])g.Clone();
        (double fNew, double[] gNew) = Directional(objective, x, t, d);
        int evaluations = 1;
        double gtdNew = Dot(gNew, d);

        double tPrev = 0.0, fPrev = f, gtdPrev = gtd;
        double[] gPrev = g;
        bool done = false;
        int lsIter = 0;
        double[] bracket = Array.Empty<double>(), bracketF = Array.Empty<double>(), bracketGtd = new double[2];
        double[][] bracketG = Array.Empty<double[]>();
        while (lsIter < MaxLineSearch)
        {
            if (fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev))
            {
                bracket = new[] { tPrev, t };
                bracketF = new[] { fPrev, fNew };
                bracketG = new[] { gPrev, (double[])gNew.Clone() };
                bracketGtd = new[] { gtdPrev, gtdNew };
                break;
            }

            if (Math.Abs(gtdNew) <= -C2 * gtd)
            {
                bracket = new[] { t };
                bracketF = new[] { fNew };
                bracketG = new[] { gNew };
                done = true;
                break;
            }

            // Stryker disable once Equality : gtdNew = 0 meets the curvature test above, so >= and > agree here
            if (gtdNew >= 0)
            {
                bracket = new[] { tPrev, t };
                bracketF = new[] { fPrev, fNew };
                bracketG = new[] { gPrev, (double[])gNew.Clone() };
                bracketGtd = new[] { gtdPrev, gtdNew };
                break;
            }

            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);

            tPrev = tmp;
            fPrev = fNew;
            gPrev = (double[])gNew.Clone();
            gtdPrev = gtdNew;
            (fNew, gNew) = Directional(objective, x, t, d);
            evaluations++;
            gtdNew = Dot(gNew, d);
            lsIter++;
        }

        if (lsIter == MaxLineSearch)
        {
            bracket = new[] { 0.0, t };
            bracketF = new[] { f, fNew };
            bracketG = new[] { g, gNew };
        }

        bool insufficientProgress = false;
        (int low, int high) = bracketF[0] <= bracketF[^1] ? (0, 1) : (1, 0);
        while (!done && lsIter < MaxLineSearch)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange)
            {
                break;
            }

            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], null, null);

            double top = Math.Max(bracket[0], bracket[1]), bottom = Math.Min(bracket[0], bracket[1]);
            double eps = 0.1 * (top - bottom);
            if (Math.Min(top - t, t - bottom) < eps)
            {
                if (insufficientProgress || t >= top || t <= bottom)
                {
                    t = Math.Abs(t - top) < Math.Abs(t - bottom) ? top - eps : bottom + eps;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            (fNew, gNew) = Directional(objective, x, t, d);
            evaluations++;
            gtdNew = Dot(gNew, d);
            lsIter++;

            if (fNew > f + C1 * t * gtd || fNew >= bracketF[low])
            {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = (double[])gNew.Clone();
                bracketGtd[high] = gtdNew;
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -C2 * gtd)
                {
                    done = true;
                }
                // Stryker disable once Equality : gtdNew = 0 met the curvature test, so >= and > agree here
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }

                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = (double[])gNew.Clone();
                bracketGtd[low] = gtdNew;
            }
        }

        return (bracketF[low], bracketG[low], bracket[low], evaluations);
    }

    /// <summary>PyTorch's <c>_cubic_interpolate</c>: the minimiser of the cubic through two points and their slopes, within bounds.</summary>
    internal static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double? minBound, double? maxBound)
    {
        double xmin, xmax;
        if (minBound is double lo && maxBound is double hi)
        {
            (xmin, xmax) = (lo, hi);
        }
        else
        {
            // Stryker disable once Equality : at x1 = x2 both orders are the same pair
            (xmin, xmax) = x1 <= x2 ? (x1, x2) : (x2, x1);
        }

        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0)
        {
            double d2 = Math.Sqrt(d2Square);
            // Stryker disable once Equality : < and <= differ only at x1 = x2, which never reaches here (a zero-width bracket stops the
            // zoom, and an extrapolation moves at least 1% forward)
            double minPos = x1 <= x2
                ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return PyMin(PyMax(minPos, xmin), xmax);
        }

        return (xmin + xmax) / 2.0;
    }

    // Python's max(a, b) and min(a, b): the first argument unless the second is strictly larger (smaller).
    // Stryker disable once Equality : at a tie both arguments are the same number (a step of −0 and +0 give the same point)
    private static double PyMax(double a, double b) => b > a ? b : a;

    // Stryker disable once Equality : as for PyMax
    private static double PyMin(double a, double b) => b < a ? b : a;

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double MaxAbs(double[] values)
    {
        double max = 0.0;
        foreach (double v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    private static double SumAbs(double[] values)
    {
        double sum = 0.0;
        foreach (double v in values)
        {
            sum += Math.Abs(v);
        }

        return sum;
    }

    private static void AddScaled(double[] target, double[] values, double scale)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += values[i] * scale;
        }
    }

    private static void AddScaled(Span<double> target, double[] values, double scale)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += values[i] * scale;
        }
    }
}
