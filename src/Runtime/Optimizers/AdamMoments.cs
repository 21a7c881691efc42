using System;
using System.Numerics;

namespace SymbolicGd;

/// <summary>The state and the update shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal sealed class AdamMoments
{
    private readonly StateBuffer _first = new();
    private readonly StateBuffer _second = new();
    private int _parameterCount = -1;
    private long _step;

    /// <summary>The state under PyTorch's names: step, exp_avg, exp_avg_sq.</summary>
    public OptimizerState Save(string optimizer, double learningRate, (string Name, double Value)[] settings) =>
        OptimizerState.Of(optimizer, learningRate, _step, _parameterCount, settings, ("exp_avg", _first.ToDoubles()), ("exp_avg_sq", _second.ToDoubles()));

    /// <summary>Checks, then replaces the state.</summary>
    public void Load(OptimizerState state, string optimizer, (string Name, double Value)[] settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(optimizer, settings, "exp_avg", "exp_avg_sq");
        if (state.ParameterCount is int count)
        {
            _first.Load(state.Buffer("exp_avg"));
            _second.Load(state.Buffer("exp_avg_sq"));
            _parameterCount = count;
            _step = state.Step;
        }
        else
        {
            Reset();
        }
    }

    /// <summary>Forgets the moments, the step count and the parameter count.</summary>
    public void Reset()
    {
        _parameterCount = -1;
        _step = 0;
    }

    /// <summary>
    /// One Adam step, after multiplying every parameter by <paramref name="decayFactor"/> (AdamW's 1 − γ·λ; Adam
    /// passes <see langword="null"/> and the parameters are left alone). The arithmetic is in the order of
    /// PyTorch 1.13's single-tensor implementation, so float64 results agree to the last few bits.
    /// </summary>
    public void Step<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradient,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double? decayFactor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (HyperParameters.CheckLengths(parameters.Length, gradient.Length, _parameterCount))
        {
            _first.Zeroed<T>(parameters.Length);
            _second.Zeroed<T>(parameters.Length);
            _step = 0;
            _parameterCount = parameters.Length;
        }

        T[] m = _first.Values<T>();
        T[] v = _second.Values<T>();
        long t = ++_step;

        // The scalars in double, as PyTorch computes them in Python floats; the elementwise update in T.
        T b1 = T.CreateTruncating(beta1);
        T b2 = T.CreateTruncating(beta2);
        T oneMinusBeta1 = T.CreateTruncating(1.0 - beta1);
        T oneMinusBeta2 = T.CreateTruncating(1.0 - beta2);
        T biasCorrection2Root = T.CreateTruncating(Math.Sqrt(1.0 - Math.Pow(beta2, t)));
        T stepSize = T.CreateTruncating(learningRate / (1.0 - Math.Pow(beta1, t)));
        T eps = T.CreateTruncating(epsilon);
        bool decay = decayFactor.HasValue;
        T factor = T.CreateTruncating(decayFactor.GetValueOrDefault());
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            T mi = m[i] * b1 + oneMinusBeta1 * g;
            T vi = v[i] * b2 + oneMinusBeta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            T p = decay ? parameters[i] * factor : parameters[i];
            parameters[i] = p - stepSize * mi / (T.Sqrt(vi) / biasCorrection2Root + eps);
        }
    }
}
