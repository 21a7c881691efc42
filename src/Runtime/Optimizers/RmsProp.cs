using System;
using System.Numerics;

namespace SymbolicGd;

/// <summary>
/// RMSprop: every parameter's step is scaled by the inverse root of a running average of its squared gradients;
/// the update rule and defaults of PyTorch's <c>torch.optim.RMSprop</c> with <c>centered</c> false and
/// <c>weight_decay</c> 0.
/// </summary>
/// <remarks>
/// <para>
/// For every parameter θ with gradient g, learning rate γ, smoothing constant α, ε and momentum μ, with the
/// running average v and the buffer b starting at 0:
/// </para>
/// <code>
/// v ← α·v + (1 − α)·g²
/// b ← μ·b + g / (√v + ε),   θ ← θ − γ·b               (if μ &gt; 0)
/// θ ← θ − γ·g / (√v + ε)                              (if μ = 0)
/// </code>
/// <para>
/// ε is added to the root, outside the square root, as in PyTorch (Hinton's lecture and TensorFlow put it inside).
/// PyTorch only requires α ≥ 0 and μ ≥ 0; here both must be in [0, 1): with α = 1 the average never moves from 0
/// and every step divides by ε, with α &gt; 1 it can turn negative, and μ ≥ 1 never forgets a step.
/// </para>
/// </remarks>
public sealed class RmsProp : IStatefulOptimizer, IOptimizer<float>, IMomentumCycling
{
    private double _learningRate;
    private double? _momentumOverride;
    private readonly StateBuffer _squareAverage = new();
    private readonly StateBuffer _momentumBuffer = new();
    private int _parameterCount = -1;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">γ, a finite number ≥ 0; PyTorch's default 0.01.</param>
    /// <param name="alpha">α, the smoothing constant of the squared-gradient average, in [0, 1); PyTorch's default 0.99.</param>
    /// <param name="epsilon">ε, added to the root for numerical stability, a finite number ≥ 0; PyTorch's default 1e-8.</param>
    /// <param name="momentum">μ in [0, 1); PyTorch's default 0 (no momentum buffer).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public RmsProp(double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double momentum = 0.0)
    {
        _learningRate = HyperParameters.NonNegative(learningRate, nameof(learningRate));
        Alpha = HyperParameters.ZeroToOneExclusive(alpha, nameof(alpha));
        Epsilon = HyperParameters.NonNegative(epsilon, nameof(epsilon));
        Momentum = HyperParameters.ZeroToOneExclusive(momentum, nameof(momentum));
    }

    /// <inheritdoc/>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameters.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>α, the smoothing constant of the squared-gradient average.</summary>
    public double Alpha { get; }

    /// <summary>ε, added to the root of the average.</summary>
    public double Epsilon { get; }

    /// <summary>μ, the momentum factor.</summary>
    public double Momentum { get; }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) => Update(parameters, gradient);

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient) => Update(parameters, gradient);

    /// <summary>The update in the parameters' own type: one rule for double models and float32 networks.</summary>
    private void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (HyperParameters.CheckLengths(parameters.Length, gradient.Length, _parameterCount))
        {
            _squareAverage.Zeroed<T>(parameters.Length);
            if (Momentum > 0.0)
            {
                _momentumBuffer.Zeroed<T>(parameters.Length);
            }

            _parameterCount = parameters.Length;
        }

        T[] squareAverage = _squareAverage.Values<T>();
        T lr = T.CreateTruncating(_learningRate);
        T alpha = T.CreateTruncating(Alpha);
        T oneMinusAlpha = T.CreateTruncating(1.0 - Alpha);
        T eps = T.CreateTruncating(Epsilon);
        double momentum = _momentumOverride ?? Momentum; // a step whose cycled momentum is 0 steps without it, as PyTorch's
        if (momentum > 0.0)
        {
            T[] buffer = _momentumBuffer.Values<T>();
            T mu = T.CreateTruncating(momentum);
            for (int i = 0; i < parameters.Length; i++)
            {
                T g = gradient[i];
                T v = squareAverage[i] * alpha + oneMinusAlpha * g * g;
                squareAverage[i] = v;
                T b = buffer[i] * mu + g / (T.Sqrt(v) + eps);
                buffer[i] = b;
                parameters[i] -= lr * b;
            }

            return;
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            T v = squareAverage[i] * alpha + oneMinusAlpha * g * g;
            squareAverage[i] = v;
            parameters[i] -= lr * g / (T.Sqrt(v) + eps);
        }
    }

    /// <summary>μ as a cycling schedule sets it (<see cref="StepSchedule.OneCycle"/>).</summary>
    double? IMomentumCycling.MomentumOverride
    {
        get => _momentumOverride;
        set => _momentumOverride = value;
    }

    string? IMomentumCycling.MomentumCyclingProblem => Momentum == 0.0
        ? "RmsProp has momentum 0, so there is no momentum to cycle (PyTorch's OneCycleLR would switch momentum on). " +
          "Give it a momentum, such as momentum: 0.9, or pass cycleMomentum: false to StepSchedule.OneCycle."
        : null;

    /// <inheritdoc/>
    public void Reset() => _parameterCount = -1;

    /// <inheritdoc/>
    public OptimizerState SaveState() =>
        OptimizerState.Of(
            nameof(RmsProp), _learningRate, 0, _parameterCount, Settings(), ("square_avg", _squareAverage.ToDoubles()),
            ("momentum_buffer", Momentum > 0.0 ? _momentumBuffer.ToDoubles() : null));

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(nameof(RmsProp), Settings(), Momentum > 0.0 ? new[] { "square_avg", "momentum_buffer" } : new[] { "square_avg" });
        _squareAverage.Load(state.Buffer("square_avg"));
        _momentumBuffer.Load(Momentum > 0.0 ? state.Buffer("momentum_buffer") : null);
        _parameterCount = state.ParameterCount ?? -1;
        _learningRate = state.LearningRate;
    }

    private (string Name, double Value)[] Settings() =>
        new[] { ("alpha", Alpha), ("epsilon", Epsilon), ("momentum", Momentum) };

    /// <summary>Describes the optimizer and its hyper-parameters, for training reports.</summary>
    public override string ToString() =>
        $"RmsProp(learningRate: {HyperParameters.Format(_learningRate)}, alpha: {HyperParameters.Format(Alpha)}, " +
        $"epsilon: {HyperParameters.Format(Epsilon)}, momentum: {HyperParameters.Format(Momentum)})";
}
