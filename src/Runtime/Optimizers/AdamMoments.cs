using System;

namespace SymbolicGd;

/// <summary>The state and the update shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal sealed class AdamMoments
{
    private double[]? _first;
    private double[]? _second;
    private int _parameterCount = -1;
    private long _step;

    /// <summary>The state under PyTorch's names: step, exp_avg, exp_avg_sq.</summary>
    public OptimizerState Save(string optimizer, double learningRate, (string Name, double Value)[] settings) =>
        OptimizerState.Of(optimizer, learningRate, _step, _parameterCount, settings, ("exp_avg", _first), ("exp_avg_sq", _second));

    /// <summary>Checks, then replaces the state.</summary>
    public void Load(OptimizerState state, string optimizer, (string Name, double Value)[] settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckFits(optimizer, settings, "exp_avg", "exp_avg_sq");
        if (state.ParameterCount is int count)
        {
            _first = state.Buffer("exp_avg");
            _second = state.Buffer("exp_avg_sq");
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
    public void Step(
        Span<double> parameters,
        ReadOnlySpan<double> gradient,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double? decayFactor)
    {
        if (HyperParameters.CheckLengths(parameters.Length, gradient.Length, _parameterCount))
        {
            _first = HyperParameters.Zeroed(_first, parameters.Length);
            _second = HyperParameters.Zeroed(_second, parameters.Length);
            _step = 0;
            _parameterCount = parameters.Length;
        }

        double[] m = _first!;
        double[] v = _second!;
        long t = ++_step;
        double oneMinusBeta1 = 1.0 - beta1;
        double oneMinusBeta2 = 1.0 - beta2;
        double biasCorrection1 = 1.0 - Math.Pow(beta1, t);
        double biasCorrection2Root = Math.Sqrt(1.0 - Math.Pow(beta2, t));
        double stepSize = learningRate / biasCorrection1;
        bool decay = decayFactor.HasValue;
        double factor = decayFactor.GetValueOrDefault();
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            double mi = m[i] * beta1 + oneMinusBeta1 * g;
            double vi = v[i] * beta2 + oneMinusBeta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            double p = decay ? parameters[i] * factor : parameters[i];
            parameters[i] = p - stepSize * mi / (Math.Sqrt(vi) / biasCorrection2Root + epsilon);
        }
    }
}
