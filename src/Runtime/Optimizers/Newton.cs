using System;
using System.Collections.Generic;

namespace SymbolicGd;

/// <summary>
/// The loss, gradient and Hessian at a point, for <see cref="Newton"/>: returns the loss at
/// <paramref name="parameters"/> and adds the gradient and the row-major n×n Hessian to the spans, which
/// <see cref="Newton"/> clears before every call.
/// </summary>
/// <param name="parameters">The point, in the model's parameter order.</param>
/// <param name="gradient">Where to add ∂loss/∂θ; cleared before the call.</param>
/// <param name="hessian">Where to add ∂²loss/∂θᵢ∂θⱼ at i·n + j, both triangles; cleared before the call.</param>
/// <returns>The loss.</returns>
public delegate double NewtonObjective(ReadOnlySpan<double> parameters, Span<double> gradient, Span<double> hessian);

/// <summary>
/// The loss, gradient and a Hessian-vector product at a point, for <see cref="Newton"/> without a dense Hessian:
/// returns the loss at <paramref name="parameters"/> and adds the gradient and H·<paramref name="vector"/> to the spans,
/// which <see cref="Newton"/> clears before every call.
/// </summary>
/// <param name="parameters">The point, in the model's parameter order.</param>
/// <param name="vector">The vector v to multiply by the Hessian.</param>
/// <param name="gradient">Where to add ∂loss/∂θ; cleared before the call.</param>
/// <param name="product">Where to add H·v; cleared before the call.</param>
/// <returns>The loss.</returns>
public delegate double NewtonProductObjective(ReadOnlySpan<double> parameters, ReadOnlySpan<double> vector, Span<double> gradient, Span<double> product);

/// <summary>
/// A trust-region Newton method on the exact Hessian (<see cref="ITwiceDifferentiableLoss"/>), for full-batch
/// training of small models: each iteration minimises the quadratic model gᵀp + ½pᵀHp within a radius Δ by
/// Steihaug's truncated conjugate gradients, then grows or shrinks Δ by how well the model predicted the change of
/// the loss. It converges quadratically near a minimum with a positive definite Hessian, and stays a descent method
/// where the Hessian is indefinite (a direction of negative curvature is followed to the edge of the region).
/// </summary>
/// <remarks>
/// <para>
/// One iteration (Nocedal and Wright, <i>Numerical Optimization</i>, algorithms 4.1 and 7.2): from the loss f,
/// gradient g and Hessian H at θ, conjugate gradients on Hp = −g from p = 0 stop at a residual of
/// min(½, ‖g‖)·‖g‖ (quadratic convergence), on leaving the region, or on meeting curvature dᵀHd ≤ 0, in the last two
/// cases at the region's edge; at most 2n of them. The step is tried: ρ = (f(θ) − f(θ + p)) / (−gᵀp − ½pᵀHp). If ρ &lt; ¼,
/// Δ ← ¼‖p‖; if ρ &gt; ¾ and p reached the edge, Δ ← min(2Δ, <see cref="MaxRadius"/>). The step is taken when
/// ρ &gt; <see cref="Acceptance"/>. A trial loss that is NaN or infinite counts as ρ = −∞, and so does a predicted change that is not a
/// reduction (possible only by rounding, or with Hessian-vector products that disagree with each other). When both the actual and
/// the predicted change are within 10ε·max(1, |f|) (ε the double precision), the loss cannot tell them apart and
/// ρ = 1: near a minimum whose loss is not 0 this lets the gradient still be driven to rounding level.
/// </para>
/// <para>
/// Each iteration evaluates the loss, gradient and Hessian once, at the trial point; the values at an accepted point
/// are kept for the next iteration. <see cref="Trainer"/> runs one iteration per epoch; the history's learning-rate
/// column holds Δ at the start of each. Training stops by the usual rules (set
/// <see cref="TrainingOptions.GradientTolerance"/>), or with <see cref="StopReason.MachinePrecision"/> when the
/// gradient is exactly 0 or Δ has shrunk below what the parameters can resolve. Buffers are allocated by the first
/// iteration; later iterations allocate nothing. The Hessian is dense (n² doubles): Newton is for models of up to a
/// few hundred parameters. With <see cref="UsesHessianVectorProducts"/> it never forms the Hessian: each
/// conjugate-gradient iteration calls the model's <c>HessianVectorProduct</c> instead (memory n, time a few gradients
/// per product), for models with more parameters.
/// </para>
/// </remarks>
public sealed class Newton
{
    private const double ShrinkBelow = 0.25;
    private const double GrowAbove = 0.75;

    private int _parameterCount = -1;
    private double _radius;
    private double[] _point = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>(), _hessian = Array.Empty<double>();
    private double[] _trialGradient = Array.Empty<double>(), _trialHessian = Array.Empty<double>();
    private double[] _step = Array.Empty<double>(), _trial = Array.Empty<double>(), _residual = Array.Empty<double>();
    private double[] _direction = Array.Empty<double>(), _product = Array.Empty<double>();
    private double[] _zero = Array.Empty<double>(), _scratch = Array.Empty<double>();
    private double _loss, _startLoss;
    private bool _cached;
    private NewtonProductObjective? _products; // set during a Step in the matrix-free mode

    /// <summary>Creates the optimizer.</summary>
    /// <param name="initialRadius">The first trust-region radius Δ₀, a finite number &gt; 0; default 1 (scipy's <c>trust-ncg</c>).</param>
    /// <param name="maxRadius">The largest radius, ≥ <paramref name="initialRadius"/>; default 1000 (scipy's).</param>
    /// <param name="acceptance">η: a step is taken when the actual reduction is more than η times the predicted one, in [0, ¼); default 0.15 (scipy's).</param>
    /// <param name="hessianVectorProducts">Whether to work from Hessian-vector products instead of the dense Hessian (see <see cref="UsesHessianVectorProducts"/>); default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public Newton(double initialRadius = 1.0, double maxRadius = 1000.0, double acceptance = 0.15, bool hessianVectorProducts = false)
    {
        UsesHessianVectorProducts = hessianVectorProducts;
        InitialRadius = HyperParameters.Positive(initialRadius, nameof(initialRadius));
        MaxRadius = HyperParameters.Positive(maxRadius, nameof(maxRadius));
        if (maxRadius < initialRadius)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxRadius), maxRadius, $"maxRadius must be >= initialRadius ({HyperParameters.Format(initialRadius)}).");
        }

        if (!(acceptance >= 0.0 && acceptance < ShrinkBelow))
        {
            throw new ArgumentOutOfRangeException(nameof(acceptance), acceptance, "acceptance (η) must be in [0, 0.25).");
        }

        Acceptance = acceptance;
        _radius = InitialRadius;
    }

    /// <summary>Δ₀, the radius of the first iteration.</summary>
    public double InitialRadius { get; }

    /// <summary>The largest radius the region may grow to.</summary>
    public double MaxRadius { get; }

    /// <summary>η: the smallest ratio of actual to predicted reduction for which a step is taken.</summary>
    public double Acceptance { get; }

    /// <summary>
    /// Whether the conjugate gradients multiply by the Hessian through the model's <c>HessianVectorProduct</c>, one call
    /// per product, rather than through a dense Hessian evaluated once per point. The iterates are those of the dense
    /// mode up to rounding. <see cref="Trainer"/> chooses the model's method by it.
    /// </summary>
    public bool UsesHessianVectorProducts { get; }

    /// <summary>The current trust-region radius Δ (<see cref="InitialRadius"/> before the first iteration).</summary>
    public double Radius => _radius;

    /// <summary>The iterations since construction or <see cref="Reset"/>, taken steps and rejected ones.</summary>
    public int Iterations { get; private set; }

    /// <summary>
    /// The calls of the objective since construction or <see cref="Reset"/>: evaluations of the loss, gradient and
    /// Hessian; in the matrix-free mode, of the loss, gradient and one Hessian-vector product (one per trial point and
    /// one per product).
    /// </summary>
    public int Evaluations { get; private set; }

    /// <summary>
    /// Why the last <see cref="Step(Span{double}, NewtonObjective)"/> found that no further iteration can make progress (the gradient is exactly 0,
    /// the region has shrunk below the resolution of the parameters, or the Hessian is not finite); <see langword="null"/>
    /// while iterating can go on.
    /// </summary>
    public string? FinishedBecause => Termination?.Message;

    internal (StopReason Reason, string Message)? Termination { get; private set; }

    /// <summary>
    /// One trust-region iteration from <paramref name="parameters"/>, updated in place when the step is taken (a
    /// rejected step leaves them and shrinks the region). After the first call it allocates nothing.
    /// </summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="objective">The loss, gradient and Hessian at any point.</param>
    /// <returns>The loss at the parameters the iteration started from.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentException">The parameter count differs from the one of the first step (call <see cref="Reset"/> first).</exception>
    /// <exception cref="InvalidOperationException">The optimizer works from Hessian-vector products (<see cref="UsesHessianVectorProducts"/>).</exception>
    public double Step(Span<double> parameters, NewtonObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (UsesHessianVectorProducts)
        {
            throw new InvalidOperationException("This Newton optimizer works from Hessian-vector products; call Step with a NewtonProductObjective.");
        }

        Termination = Iterate(parameters, objective);
        return _startLoss;
    }

    /// <summary>
    /// One trust-region iteration in the matrix-free mode: as <see cref="Step(Span{double}, NewtonObjective)"/>, but every
    /// product with the Hessian is a call of <paramref name="objective"/>. After the first call it allocates nothing.
    /// </summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="objective">The loss, gradient and a Hessian-vector product at any point.</param>
    /// <returns>The loss at the parameters the iteration started from.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentException">The parameter count differs from the one of the first step (call <see cref="Reset"/> first).</exception>
    /// <exception cref="InvalidOperationException">The optimizer works from the dense Hessian (<see cref="UsesHessianVectorProducts"/> is false).</exception>
    public double Step(Span<double> parameters, NewtonProductObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (!UsesHessianVectorProducts)
        {
            throw new InvalidOperationException(
                "This Newton optimizer works from the dense Hessian; call Step with a NewtonObjective, or create it with hessianVectorProducts: true.");
        }

        _products = objective;
        try
        {
            Termination = Iterate(parameters, null);
        }
        // Stryker disable once Block : only a Step reads _products, and it sets them first; clearing them only lets the objective be collected
        finally
        {
            _products = null;
        }

        return _startLoss;
    }

    private (StopReason Reason, string Message)? Iterate(Span<double> parameters, NewtonObjective? objective)
    {
        int n = parameters.Length;
        if (HyperParameters.CheckLengths(n, n, _parameterCount) || _point.Length != n)
        {
            _parameterCount = n;
            Allocate(n);
        }

        if (!_cached || !parameters.SequenceEqual(_point))
        {
            _loss = Evaluate(objective, parameters, _gradient, _hessian);
            parameters.CopyTo(_point);
            _cached = true;
        }

        _startLoss = _loss;

        if (!double.IsFinite(_loss) || VectorMath.IndexOfNonFinite(_gradient) >= 0)
        {
            return (StopReason.Diverged, $"The loss or the gradient at the current parameters is not finite (the loss is {NumberText.Short(_loss)})");
        }

        int bad = VectorMath.IndexOfNonFinite(_hessian); // empty in the matrix-free mode
        if (bad >= 0)
        {
            return (StopReason.Diverged,
                $"The Hessian entry ({NumberText.Int(bad / n)}, {NumberText.Int(bad % n)}) became {NumberText.Short(_hessian[bad])}");
        }

        double gradientNorm = VectorMath.Norm(_gradient);
        if (gradientNorm == 0.0)
        {
            return (StopReason.MachinePrecision, "Newton stopped: the gradient is exactly 0, where its step is 0");
        }

        bool reachedEdge = SolveSubproblem(n, gradientNorm);
        double predicted = -(Dot(_gradient, _step) + 0.5 * QuadraticForm(n, _step));
        for (int i = 0; i < n; i++)
        {
            _trial[i] = parameters[i] + _step[i];
        }

        double trialLoss = Evaluate(objective, _trial, _trialGradient, _trialHessian);
        Iterations++;
        double actual = _loss - trialLoss;
        double ratio;
        double resolution = 10.0 * Epsilon * Math.Max(1.0, Math.Abs(_loss));
        if (!double.IsFinite(trialLoss))
        {
            ratio = double.NegativeInfinity;
        }
        else if (Math.Abs(actual) <= resolution && Math.Abs(predicted) <= resolution)
        {
            ratio = 1.0;
        }
        else
        {
            ratio = predicted > 0.0 ? actual / predicted : double.NegativeInfinity;
        }

        double stepNorm = VectorMath.Norm(_step);
        if (ratio < ShrinkBelow)
        {
            _radius = ShrinkBelow * stepNorm;
        }
        else if (ratio > GrowAbove && reachedEdge)
        {
            _radius = Math.Min(2.0 * _radius, MaxRadius);
        }

        if (ratio > Acceptance)
        {
            _trial.AsSpan().CopyTo(parameters);
            _trial.AsSpan().CopyTo(_point);
            (_gradient, _trialGradient) = (_trialGradient, _gradient);
            (_hessian, _trialHessian) = (_trialHessian, _hessian);
            _loss = trialLoss;
        }

        double scale = Math.Max(1.0, VectorMath.Norm(parameters));
        if (!(_radius > Epsilon * scale))
        {
            return (StopReason.MachinePrecision,
                $"Newton stopped: the trust region shrank to Δ = {NumberText.Short(_radius)}, below what parameters of norm " +
                $"{NumberText.Short(scale)} can resolve");
        }

        return null;
    }

    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>The loss and gradient at a point, and the dense Hessian unless products stand in for it.</summary>
    private double Evaluate(NewtonObjective? objective, ReadOnlySpan<double> point, double[] gradient, double[] hessian)
    {
        Array.Clear(gradient);
        Evaluations++;
        if (_products is not null)
        {
            Array.Clear(_scratch);
            return _products(point, _zero, gradient, _scratch);
        }

        Array.Clear(hessian);
        return objective!(point, gradient, hessian);
    }

    /// <summary>
    /// Steihaug's conjugate gradients for min gᵀp + ½pᵀHp, ‖p‖ ≤ Δ, into <c>_step</c>; returns whether p is on the
    /// region's edge. Uses <c>_residual</c>, <c>_direction</c> and <c>_product</c> as work space.
    /// </summary>
    private bool SolveSubproblem(int n, double gradientNorm)
    {
        double[] z = _step, r = _residual, d = _direction, hd = _product;
        Array.Clear(z);
        double tolerance = Math.Min(0.5, gradientNorm) * gradientNorm;
        double rr = 0.0;
        for (int i = 0; i < n; i++)
        {
            r[i] = _gradient[i];
            d[i] = -_gradient[i];
            rr += r[i] * r[i];
        }

        for (int iteration = 0; iteration < 2 * n; iteration++)
        {
            Multiply(n, d, hd);
            double curvature = Dot(d, hd);
            if (curvature <= 0.0)
            {
                ToEdge(n, z, d);
                return true;
            }

            double alpha = rr / curvature;
            double next = 0.0;
            for (int i = 0; i < n; i++)
            {
                double zi = z[i] + alpha * d[i];
                next += zi * zi;
            }

            if (Math.Sqrt(next) >= _radius)
            {
                ToEdge(n, z, d);
                return true;
            }

            double rrNext = 0.0;
            for (int i = 0; i < n; i++)
            {
                z[i] += alpha * d[i];
                r[i] += alpha * hd[i];
                rrNext += r[i] * r[i];
            }

            if (Math.Sqrt(rrNext) < tolerance)
            {
                return false;
            }

            double beta = rrNext / rr;
            rr = rrNext;
            for (int i = 0; i < n; i++)
            {
                d[i] = -r[i] + beta * d[i];
            }
        }

        return false;
    }

    /// <summary>z ← z + τd with τ ≥ 0 and ‖z + τd‖ = Δ (z is inside the region, so the root is unique).</summary>
    private void ToEdge(int n, double[] z, double[] d)
    {
        double a = 0.0, b = 0.0, c = 0.0;
        for (int i = 0; i < n; i++)
        {
            a += d[i] * d[i];
            b += z[i] * d[i];
            c += z[i] * z[i];
        }

        c -= _radius * _radius;

        // The positive root of aτ² + 2bτ + c = 0 (c ≤ 0), in the form that does not cancel for b ≥ 0: b = zᵀd is
        // never negative in Steihaug's iteration (each zⱼ is a sum of earlier directions with positive steps, all at an
        // acute angle to dⱼ: Nocedal and Wright, theorem 7.3), and where rounding makes it negative it is tiny
        // beside root ≥ |b|.
        double root = Math.Sqrt(Math.Max(0.0, b * b - a * c));
        double tau = -c / (b + root);
        for (int i = 0; i < n; i++)
        {
            z[i] += tau * d[i];
        }
    }

    /// <summary>H·v at the current point: from the dense Hessian, or one call of the product objective.</summary>
    private void Multiply(int n, double[] vector, double[] result)
    {
        if (_products is not null)
        {
            Array.Clear(_scratch);
            Array.Clear(result);
            Evaluations++;
            _products(_point, vector, _scratch, result);
            return;
        }

        double[] h = _hessian;
        for (int i = 0; i < n; i++)
        {
            double sum = 0.0;
            int row = i * n;
            for (int j = 0; j < n; j++)
            {
                sum += h[row + j] * vector[j];
            }

            result[i] = sum;
        }
    }

    private double QuadraticForm(int n, double[] vector)
    {
        Multiply(n, vector, _product);
        return Dot(vector, _product);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private void Allocate(int n)
    {
        _point = new double[n];
        _gradient = new double[n];
        _trialGradient = new double[n];
        // In the matrix-free mode the Hessian buffers are never read: they stay empty.
        _hessian = new double[UsesHessianVectorProducts ? 0 : n * n];
        _trialHessian = new double[UsesHessianVectorProducts ? 0 : n * n];
        _zero = new double[n];
        _scratch = new double[n];
        _step = new double[n];
        _trial = new double[n];
        _residual = new double[n];
        _direction = new double[n];
        _product = new double[n];
        _cached = false;
    }

    /// <summary>
    /// The radius, the counters and the settings, for a <see cref="Checkpoint"/>: a new optimizer given them by
    /// <see cref="LoadState"/> continues exactly (the loss, gradient and Hessian at the current point are evaluated
    /// again, to the same bits).
    /// </summary>
    public OptimizerState SaveState()
    {
        OptimizerState saved = OptimizerState.Of(nameof(Newton), _radius, Iterations, _parameterCount, Settings());
        return new OptimizerState(
            saved.Optimizer, saved.LearningRate, saved.Step, saved.ParameterCount, saved.Settings,
            new Dictionary<string, double[]>(),
            new Dictionary<string, double>(StringComparer.Ordinal) { ["radius"] = _radius, ["evaluations"] = Evaluations });
    }

    /// <summary>Replaces the state with a saved one, after checking that it fits; on an exception nothing has changed.</summary>
    /// <param name="state">A state saved by a <see cref="Newton"/> optimizer with the same settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The state is of another optimizer, a setting differs, or a value is missing or out of range.</exception>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(nameof(Newton), Settings());
        if (!state.Values.TryGetValue("radius", out double radius) || !state.Values.TryGetValue("evaluations", out double evaluations))
        {
            throw new ArgumentException("The Newton state has no value 'radius' or 'evaluations'.", nameof(state));
        }

        if (!(radius > 0.0 && radius <= MaxRadius))
        {
            throw new ArgumentException(
                $"The Newton state's radius must be in (0, {HyperParameters.Format(MaxRadius)}]; it was {HyperParameters.Format(radius)}.",
                nameof(state));
        }

        Reset();
        _radius = radius;
        Iterations = (int)state.Step;
        Evaluations = (int)evaluations;
        _parameterCount = state.ParameterCount ?? -1;
    }

    /// <summary>Forgets the radius (back to <see cref="InitialRadius"/>), the counters, the parameter count and the kept evaluation.</summary>
    public void Reset()
    {
        _radius = InitialRadius;
        Iterations = 0;
        Evaluations = 0;
        _parameterCount = -1;
        _point = Array.Empty<double>(); // the next step allocates again, which forgets the kept evaluation
        Termination = null;
    }

    private (string Name, double Value)[] Settings() => new[]
    {
        ("initial_radius", InitialRadius), ("max_radius", MaxRadius), ("eta", Acceptance), ("hvp", UsesHessianVectorProducts ? 1.0 : 0.0),
    };

    /// <summary>Describes the optimizer and its settings, for training reports.</summary>
    public override string ToString() =>
        $"Newton(initialRadius: {HyperParameters.Format(InitialRadius)}, maxRadius: {HyperParameters.Format(MaxRadius)}, " +
        $"acceptance: {HyperParameters.Format(Acceptance)}, hessianVectorProducts: {(UsesHessianVectorProducts ? "true" : "false")})";
}
