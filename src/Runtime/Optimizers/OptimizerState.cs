using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace SymbolicGd;

/// <summary>
/// The saved state of an <see cref="IStatefulOptimizer"/>: which optimizer, its hyper-parameters, learning rate and
/// step count, and its per-parameter buffers under PyTorch's names (<c>exp_avg</c>, <c>exp_avg_sq</c>,
/// <c>momentum_buffer</c>, <c>square_avg</c>, <c>sum</c>, …). Immutable.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>Creates a state; the dictionaries and arrays are copied.</summary>
    /// <param name="optimizer">The optimizer's kind, its class name such as <c>Adam</c>.</param>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="step">The number of steps taken (for optimizers that count them), ≥ 0.</param>
    /// <param name="parameterCount">The parameter count the buffers are sized for; <see langword="null"/> before the first step.</param>
    /// <param name="settings">The hyper-parameters by name, checked on load.</param>
    /// <param name="buffers">The per-parameter buffers by name.</param>
    /// <param name="values">Scalar state by name (such as L-BFGS's last step length); <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A buffer's length differs from <paramref name="parameterCount"/>.</exception>
    public OptimizerState(
        string optimizer,
        double learningRate,
        long step,
        int? parameterCount,
        IReadOnlyDictionary<string, double> settings,
        IReadOnlyDictionary<string, double[]> buffers,
        IReadOnlyDictionary<string, double>? values = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(optimizer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(buffers);
        Optimizer = optimizer;
        LearningRate = learningRate;
        Step = step;
        ParameterCount = parameterCount;
        Settings = new ReadOnlyDictionary<string, double>(settings.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        var copied = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, double[]> buffer in buffers)
        {
            if (buffer.Value.Length != (parameterCount ?? 0))
            {
                throw new ArgumentException(
                    $"Buffer '{buffer.Key}' has {buffer.Value.Length} values; the state is for {parameterCount ?? 0} parameters.",
                    nameof(buffers));
            }

            copied.Add(buffer.Key, Array.AsReadOnly((double[])buffer.Value.Clone()));
        }

        Buffers = new ReadOnlyDictionary<string, IReadOnlyList<double>>(copied);
        Values = new ReadOnlyDictionary<string, double>(
            (values ?? new Dictionary<string, double>()).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>The optimizer's kind: its class name, such as <c>Adam</c>.</summary>
    public string Optimizer { get; }

    /// <summary>The learning rate when the state was saved.</summary>
    public double LearningRate { get; }

    /// <summary>The number of steps taken, for optimizers that count them (Adam's t); 0 otherwise.</summary>
    public long Step { get; }

    /// <summary>The parameter count the buffers are sized for; <see langword="null"/> when the optimizer had not stepped.</summary>
    public int? ParameterCount { get; }

    /// <summary>The hyper-parameters by name; loading into an optimizer with other values fails.</summary>
    public IReadOnlyDictionary<string, double> Settings { get; }

    /// <summary>Scalar state by name, restored as it is (not checked like <see cref="Settings"/>); empty for most optimizers.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>The per-parameter buffers by name, each <see cref="ParameterCount"/> long.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Buffers { get; }

    /// <summary>Builds a state from an optimizer's fields; buffers that are null are left out.</summary>
    internal static OptimizerState Of(
        string optimizer, double learningRate, long step, int parameterCount, (string Name, double Value)[] settings,
        params (string Name, double[]? Values)[] buffers)
    {
        int? count = parameterCount < 0 ? null : parameterCount;
        var map = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (count is not null)
        {
            foreach ((string name, double[]? values) in buffers)
            {
                if (values is not null)
                {
                    map.Add(name, values.AsSpan(0, count.Value).ToArray());
                }
            }
        }

        return new OptimizerState(optimizer, learningRate, step, count, settings.ToDictionary(s => s.Name, s => s.Value), map);
    }

    /// <summary>
    /// Checks that the state fits an optimizer: the kind, every hyper-parameter, and the named buffers (required
    /// when the state has a parameter count). Throws naming the first difference; changes nothing.
    /// </summary>
    internal void CheckFits(string optimizer, (string Name, double Value)[] settings, params string[] bufferNames)
    {
        if (!string.Equals(Optimizer, optimizer, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The state is of a {Optimizer} optimizer; it cannot be loaded into {optimizer}.", "state");
        }

        foreach ((string name, double value) in settings)
        {
            if (!Settings.TryGetValue(name, out double saved))
            {
                throw new ArgumentException($"The {Optimizer} state has no setting '{name}'.", "state");
            }

            if (!saved.Equals(value))
            {
                throw new ArgumentException(
                    $"The {Optimizer} state was saved with {name} = {HyperParameters.Format(saved)}; this optimizer has " +
                    $"{name} = {HyperParameters.Format(value)}.",
                    "state");
            }
        }

        if (Step < 0)
        {
            throw new ArgumentException($"The {Optimizer} state's step count must be >= 0; it was {Step}.", "state");
        }

        HyperParameters.NonNegative(LearningRate, "state.LearningRate");
        if (ParameterCount is null)
        {
            return;
        }

        foreach (string name in bufferNames)
        {
            if (!Buffers.ContainsKey(name))
            {
                throw new ArgumentException($"The {Optimizer} state has no buffer '{name}'.", "state");
            }
        }
    }

    /// <summary>
    /// The same state with another learning rate: the trainer saves the run's base rate η₀, not the scheduled rate of
    /// the last step, so that a resumed run's schedules start from the same base.
    /// </summary>
    internal OptimizerState WithLearningRate(double learningRate)
    {
        var buffers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, IReadOnlyList<double>> buffer in Buffers)
        {
            buffers.Add(buffer.Key, buffer.Value.ToArray());
        }

        return new OptimizerState(Optimizer, learningRate, Step, ParameterCount, Settings, buffers, Values);
    }

    /// <summary>The named buffer as a new array, or null when the state has none by that name.</summary>
    internal double[]? Buffer(string name) => Buffers.TryGetValue(name, out IReadOnlyList<double>? values) ? values.ToArray() : null;

    /// <summary>The optimizer's kind, step and parameter count.</summary>
    public override string ToString() =>
        $"{Optimizer} state: step {Step}, {(ParameterCount is int n ? $"{n} parameters" : "not stepped")}, " +
        $"buffers {string.Join(", ", Buffers.Keys)}";
}
