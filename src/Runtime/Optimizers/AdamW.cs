using System;

namespace SymbolicGd;

/// <summary>
/// AdamW: Adam with decoupled weight decay, which shrinks the parameters directly instead of adding an L2 term to
/// the gradient; the update rule and defaults of PyTorch's <c>torch.optim.AdamW</c> with <c>amsgrad</c> false.
/// </summary>
/// <remarks>
/// <para>
/// For every parameter θ with gradient g, learning rate γ, β₁, β₂, ε and weight decay λ, with the moments m and v
/// starting at 0 and the step t counting from 1:
/// </para>
/// <code>
/// θ ← θ·(1 − γ·λ)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − γ·m̂ / (√v̂ + ε)
/// </code>
/// <para>
/// The decay is scaled by the current learning rate γ (so a schedule decays it too) and never enters m or v; the
/// gradient g is the one computed at θ before the decay. With γ·λ &gt; 1 the factor turns negative; PyTorch allows
/// that and so does this class.
/// </para>
/// </remarks>
public sealed class AdamW : IStatefulOptimizer, IOptimizer<float>, IMomentumCycling
{
    private readonly AdamMoments _moments = new();
    private double _learningRate;
    private double? _beta1Override;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">γ, a finite number ≥ 0; PyTorch's default 0.001.</param>
    /// <param name="beta1">β₁, the decay of the gradient average, in [0, 1); PyTorch's default 0.9.</param>
    /// <param name="beta2">β₂, the decay of the squared-gradient average, in [0, 1); PyTorch's default 0.999.</param>
    /// <param name="epsilon">ε, added to √v̂ for numerical stability, a finite number ≥ 0; PyTorch's default 1e-8.</param>
    /// <param name="weightDecay">λ, the decoupled weight decay, a finite number ≥ 0; PyTorch's default 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public AdamW(
        double learningRate = 0.001,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-8,
        double weightDecay = 0.01)
    {
        _learningRate = HyperParameters.NonNegative(learningRate, nameof(learningRate));
        Beta1 = HyperParameters.ZeroToOneExclusive(beta1, nameof(beta1));
        Beta2 = HyperParameters.ZeroToOneExclusive(beta2, nameof(beta2));
        Epsilon = HyperParameters.NonNegative(epsilon, nameof(epsilon));
        WeightDecay = HyperParameters.NonNegative(weightDecay, nameof(weightDecay));
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

    /// <summary>λ, the decoupled weight decay: every step multiplies the parameters by 1 − γ·λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) =>
        _moments.Step(parameters, gradient, _learningRate, _beta1Override ?? Beta1, Beta2, Epsilon, 1.0 - _learningRate * WeightDecay);

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient) =>
        _moments.Step(parameters, gradient, _learningRate, _beta1Override ?? Beta1, Beta2, Epsilon, 1.0 - _learningRate * WeightDecay);

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
    public OptimizerState SaveState() => _moments.Save(nameof(AdamW), _learningRate, Settings());

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        _moments.Load(state, nameof(AdamW), Settings());
        _learningRate = state.LearningRate;
    }

    private (string Name, double Value)[] Settings() => new[] { ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon), ("weight_decay", WeightDecay) };

    /// <summary>Describes the optimizer and its hyper-parameters, for training reports.</summary>
    public override string ToString() =>
        $"AdamW(learningRate: {HyperParameters.Format(_learningRate)}, beta1: {HyperParameters.Format(Beta1)}, " +
        $"beta2: {HyperParameters.Format(Beta2)}, epsilon: {HyperParameters.Format(Epsilon)}, " +
        $"weightDecay: {HyperParameters.Format(WeightDecay)})";
}
