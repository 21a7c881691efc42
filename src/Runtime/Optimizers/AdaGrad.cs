using System;
using System.Numerics;

namespace SymbolicGd;

/// <summary>
/// AdaGrad: every parameter's step is scaled by the inverse root of its accumulated squared gradients; the update
/// rule and defaults of PyTorch's <c>torch.optim.Adagrad</c> with <c>lr_decay</c> 0, <c>weight_decay</c> 0 and
/// <c>initial_accumulator_value</c> 0.
/// </summary>
/// <remarks>
/// <para>For every parameter θ with gradient g, learning rate γ and ε, with the accumulator s starting at 0:</para>
/// <code>
/// s ← s + g²
/// θ ← θ − γ·g / (√s + ε)
/// </code>
/// <para>ε is added to the root, outside the square root, as in PyTorch.</para>
/// </remarks>
public sealed class AdaGrad : IStatefulOptimizer, IOptimizer<float>
{
    private double _learningRate;
    private readonly StateBuffer _sum = new();
    private int _parameterCount = -1;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">γ, a finite number ≥ 0; PyTorch's default 0.01.</param>
    /// <param name="epsilon">ε, added to the root for numerical stability, a finite number ≥ 0; PyTorch's default 1e-10.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public AdaGrad(double learningRate = 0.01, double epsilon = 1e-10)
    {
        _learningRate = HyperParameters.NonNegative(learningRate, nameof(learningRate));
        Epsilon = HyperParameters.NonNegative(epsilon, nameof(epsilon));
    }

    /// <inheritdoc/>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameters.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>ε, added to the root of the accumulator.</summary>
    public double Epsilon { get; }

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
            _sum.Zeroed<T>(parameters.Length);
            _parameterCount = parameters.Length;
        }

        T[] sum = _sum.Values<T>();
        T lr = T.CreateTruncating(_learningRate);
        T eps = T.CreateTruncating(Epsilon);
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            T s = sum[i] + g * g;
            sum[i] = s;
            parameters[i] -= lr * g / (T.Sqrt(s) + eps);
        }
    }

    /// <inheritdoc/>
    public void Reset() => _parameterCount = -1;

    /// <inheritdoc/>
    public OptimizerState SaveState() =>
        OptimizerState.Of(nameof(AdaGrad), _learningRate, 0, _parameterCount, Settings(), ("sum", _sum.ToDoubles()));

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(nameof(AdaGrad), Settings(), "sum");
        _sum.Load(state.Buffer("sum"));
        _parameterCount = state.ParameterCount ?? -1;
        _learningRate = state.LearningRate;
    }

    private (string Name, double Value)[] Settings() => new[] { ("epsilon", Epsilon) };

    /// <summary>Describes the optimizer and its hyper-parameters, for training reports.</summary>
    public override string ToString() =>
        $"AdaGrad(learningRate: {HyperParameters.Format(_learningRate)}, epsilon: {HyperParameters.Format(Epsilon)})";
}
