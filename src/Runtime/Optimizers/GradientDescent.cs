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
public sealed class GradientDescent : IStatefulOptimizer, IMomentumCycling
{
    private double _learningRate;
    private double? _momentumOverride;
    private double[]? _momentumBuffer;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        if (HyperParameters.CheckLengths(parameters.Length, gradient.Length, _parameterCount))
        {
            if (Momentum != 0.0)
            {
                _momentumBuffer = HyperParameters.Zeroed(_momentumBuffer, parameters.Length);
            }

            _parameterCount = parameters.Length;
        }

        double lr = _learningRate;
        double mu = _momentumOverride ?? Momentum; // a step whose cycled momentum is 0 steps without it, as PyTorch's
        double wd = WeightDecay;
        if (mu == 0.0)
        {
            int i = 0;
            if (wd == 0.0 && Vector.IsHardwareAccelerated && gradient.Length == parameters.Length)
            {
                // Plain SGD on a network's hundreds of thousands of parameters: whole vectors, rounded as the loop below.
                var rate = new Vector<double>(lr);
                Span<Vector<double>> p = MemoryMarshal.Cast<double, Vector<double>>(parameters);
                ReadOnlySpan<Vector<double>> g = MemoryMarshal.Cast<double, Vector<double>>(gradient);
                for (int v = 0; v < p.Length; v++)
                {
                    p[v] -= rate * g[v];
                }

                i = p.Length * Vector<double>.Count;
            }

            for (; i < parameters.Length; i++)
            {
                double g = gradient[i];
                if (wd != 0.0)
                {
                    g += wd * parameters[i];
                }

                parameters[i] -= lr * g;
            }

            return;
        }

        double[] buffer = _momentumBuffer!;
        bool nesterov = Nesterov;
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            if (wd != 0.0)
            {
                g += wd * parameters[i];
            }

            double b = buffer[i] * mu + g;
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
        OptimizerState.Of(nameof(GradientDescent), _learningRate, 0, _parameterCount, Settings(), ("momentum_buffer", Momentum != 0.0 ? _momentumBuffer : null));

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(nameof(GradientDescent), Settings(), Momentum != 0.0 ? new[] { "momentum_buffer" } : Array.Empty<string>());
        _momentumBuffer = Momentum != 0.0 ? state.Buffer("momentum_buffer") : null;
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
