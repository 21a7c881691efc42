using System;

namespace SymbolicGd;

/// <summary>
/// Adam: steps by bias-corrected running averages of the gradient and of its square; the update rule and defaults of
/// PyTorch's <c>torch.optim.Adam</c> with <c>amsgrad</c> false and <c>weight_decay</c> 0.
/// </summary>
/// <remarks>
/// <para>
/// For every parameter θ with gradient g, learning rate γ, β₁, β₂ and ε, with the moments m and v starting at 0
/// and the step t counting from 1:
/// </para>
/// <code>
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − γ·m̂ / (√v̂ + ε)
/// </code>
/// <para>
/// ε is added to √v̂, after the bias correction, as in PyTorch; the "ε̂" form of the Adam paper's section 2, which
/// adds ε to √v before correcting (as TensorFlow does), differs when gradients are as small as ε. Because
/// m̂ = g and v̂ = g² on the first step, the first step moves every parameter by almost exactly γ against the sign of
/// its gradient, whatever the gradient's size.
/// </para>
/// </remarks>
public sealed class Adam : IStatefulOptimizer, IOptimizer<float>, IMomentumCycling
{
    private readonly AdamMoments _moments = new();
    private double _learningRate;
    private double? _beta1Override;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">γ, a finite number ≥ 0; PyTorch's default 0.001.</param>
    /// <param name="beta1">β₁, the decay of the gradient average, in [0, 1); PyTorch's default 0.9.</param>
    /// <param name="beta2">β₂, the decay of the squared-gradient average, in [0, 1); PyTorch's default 0.999.</param>
    /// <param name="epsilon">ε, added to √v̂ for numerical stability, a finite number ≥ 0; PyTorch's default 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _learningRate = HyperParameters.NonNegative(learningRate, nameof(learningRate));
        Beta1 = HyperParameters.ZeroToOneExclusive(beta1, nameof(beta1));
        Beta2 = HyperParameters.ZeroToOneExclusive(beta2, nameof(beta2));
        Epsilon = HyperParameters.NonNegative(epsilon, nameof(epsilon));
    }

    /// <inheritdoc/>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameters.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>β₁, the decay of the running average of the gradient.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the running average of the squared gradient.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to the root of the bias-corrected second moment.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) =>
        _moments.Step(parameters, gradient, _learningRate, _beta1Override ?? Beta1, Beta2, Epsilon, decayFactor: null);

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient) =>
        _moments.Step(parameters, gradient, _learningRate, _beta1Override ?? Beta1, Beta2, Epsilon, decayFactor: null);

    /// <summary>β₁ as a cycling schedule sets it (<see cref="StepSchedule.OneCycle"/>); the bias correction uses it too, as PyTorch's.</summary>
    double? IMomentumCycling.MomentumOverride
    {
        get => _beta1Override;
        set => _beta1Override = value;
    }

    string? IMomentumCycling.MomentumCyclingProblem => null;

    /// <inheritdoc/>
    public void Reset() => _moments.Reset();

    /// <inheritdoc/>
    public OptimizerState SaveState() => _moments.Save(nameof(Adam), _learningRate, Settings());

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        _moments.Load(state, nameof(Adam), Settings());
        _learningRate = state.LearningRate;
    }

    private (string Name, double Value)[] Settings() => new[] { ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon) };

    /// <summary>Describes the optimizer and its hyper-parameters, for training reports.</summary>
    public override string ToString() =>
        $"Adam(learningRate: {HyperParameters.Format(_learningRate)}, beta1: {HyperParameters.Format(Beta1)}, " +
        $"beta2: {HyperParameters.Format(Beta2)}, epsilon: {HyperParameters.Format(Epsilon)})";
}
