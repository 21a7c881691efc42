using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymbolicGd;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay; the update rule and
/// defaults of PyTorch's <c>torch.optim.SGD</c> with dampening 0.
/// </summary>
/// <remarks>
/// <para>For every parameter θ with gradient g, learning rate γ, momentum μ and weight decay λ, step t (from 1):</para>
/// <code>
/// g ← g + λ·θ                     (if λ ≠ 0)
/// b ← g                           (t = 1)
/// b ← μ·b + g                     (t &gt; 1)   (if μ ≠ 0)
/// g ← g + μ·b  if nesterov, else g ← b      (if μ ≠ 0)
/// θ ← θ − γ·g
/// </code>
/// <para>
/// The momentum buffer b starts at zero, which with dampening 0 is the same as PyTorch's "b ← g on the first step".
/// Unlike PyTorch, which only requires μ ≥ 0, momentum must be in [0, 1): with μ ≥ 1 the buffer never forgets a
/// gradient and the steps grow without bound.
/// </para>
/// </remarks>
public sealed class GradientDescent : IStatefulOptimizer, IOptimizer<float>, IMomentumCycling
{
    private double _learningRate;
    private double? _momentumOverride;
    private readonly StateBuffer _momentumBuffer = new();
    private int _parameterCount = -1;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">γ, a finite number ≥ 0 (PyTorch's <c>lr</c>, which has no default for SGD).</param>
    /// <param name="momentum">μ in [0, 1); 0 (the default) is plain gradient descent.</param>
    /// <param name="nesterov">Use Nesterov momentum; requires <paramref name="momentum"/> &gt; 0.</param>
    /// <param name="weightDecay">λ, the L2 penalty coefficient added to the gradient, a finite number ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> is set but <paramref name="momentum"/> is 0.</exception>
    public GradientDescent(double learningRate, double momentum = 0.0, bool nesterov = false, double weightDecay = 0.0)
    {
        _learningRate = HyperParameters.NonNegative(learningRate, nameof(learningRate));
        Momentum = HyperParameters.ZeroToOneExclusive(momentum, nameof(momentum));
        WeightDecay = HyperParameters.NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && momentum == 0.0)
        {
            throw new ArgumentException(
                $"nesterov = true requires momentum > 0; momentum was {HyperParameters.Format(momentum)}.",
                nameof(nesterov));
        }

        Nesterov = nesterov;
    }

    /// <inheritdoc/>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameters.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>μ, the momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>λ, the L2 weight decay added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) => Update(parameters, gradient);

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient) => Update(parameters, gradient);

    /// <summary>The update in the parameters' own type: one rule for double models and float32 networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (HyperParameters.CheckLengths(parameters.Length, gradient.Length, _parameterCount))
        {
            if (Momentum != 0.0)
            {
                _momentumBuffer.Zeroed<T>(parameters.Length);
            }

            _parameterCount = parameters.Length;
        }

        T lr = T.CreateTruncating(_learningRate);
        double momentum = _momentumOverride ?? Momentum; // a step whose cycled momentum is 0 steps without it, as PyTorch's
        T wd = T.CreateTruncating(WeightDecay);
        if (momentum == 0.0)
        {
            int i = 0;
            if (WeightDecay == 0.0 && Vector.IsHardwareAccelerated && gradient.Length == parameters.Length)
            {
                // Plain SGD on a network's hundreds of thousands of parameters: whole vectors, rounded as the loop below.
                var rate = new Vector<T>(lr);
                Span<Vector<T>> p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
                ReadOnlySpan<Vector<T>> g = MemoryMarshal.Cast<T, Vector<T>>(gradient);
                for (int v = 0; v < p.Length; v++)
                {
                    p[v] -= rate * g[v];
                }

                i = p.Length * Vector<T>.Count;
            }

            for (; i < parameters.Length; i++)
            {
                T g = gradient[i];
                if (WeightDecay != 0.0)
                {
                    g += wd * parameters[i];
                }

                parameters[i] -= lr * g;
            }

            return;
        }

        T[] buffer = _momentumBuffer.Values<T>();
        T mu = T.CreateTruncating(momentum);
        bool nesterov = Nesterov;
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            if (WeightDecay != 0.0)
            {
                g += wd * parameters[i];
            }

            T b = buffer[i] * mu + g;
            buffer[i] = b;
            parameters[i] -= lr * (nesterov ? g + mu * b : b);
        }
    }

    /// <summary>μ as a cycling schedule sets it (<see cref="StepSchedule.OneCycle"/>).</summary>
    double? IMomentumCycling.MomentumOverride
    {
        get => _momentumOverride;
        set => _momentumOverride = value;
    }

    string? IMomentumCycling.MomentumCyclingProblem => Momentum == 0.0
        ? "GradientDescent has momentum 0, so there is no momentum to cycle (PyTorch's OneCycleLR would switch momentum on). " +
          "Give it a momentum, such as momentum: 0.9, or pass cycleMomentum: false to StepSchedule.OneCycle."
        : null;

    /// <inheritdoc/>
    public void Reset() => _parameterCount = -1;

    /// <inheritdoc/>
    public OptimizerState SaveState() =>
        OptimizerState.Of(nameof(GradientDescent), _learningRate, 0, _parameterCount, Settings(), ("momentum_buffer", Momentum != 0.0 ? _momentumBuffer.ToDoubles() : null));

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(nameof(GradientDescent), Settings(), Momentum != 0.0 ? new[] { "momentum_buffer" } : Array.Empty<string>());
        _momentumBuffer.Load(Momentum != 0.0 ? state.Buffer("momentum_buffer") : null);
        _parameterCount = state.ParameterCount ?? -1;
        _learningRate = state.LearningRate;
    }

    private (string Name, double Value)[] Settings() =>
        new[] { ("momentum", Momentum), ("nesterov", Nesterov ? 1.0 : 0.0), ("weight_decay", WeightDecay) };

    /// <summary>Describes the optimizer and its hyper-parameters, for training reports.</summary>
    public override string ToString() =>
        $"GradientDescent(learningRate: {HyperParameters.Format(_learningRate)}, momentum: {HyperParameters.Format(Momentum)}, " +
        $"nesterov: {(Nesterov ? "true" : "false")}, weightDecay: {HyperParameters.Format(WeightDecay)})";
}
