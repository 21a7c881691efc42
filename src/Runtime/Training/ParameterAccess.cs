using System;
using System.Numerics;

namespace SymbolicGd;

/// <summary>How a training run reads and writes a model's parameters in its element type T.</summary>
internal interface IParameterAccess<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    void CopyParametersTo(Span<T> destination);

    void SetParameters(ReadOnlySpan<T> values);
}

/// <summary>
/// The seams between a <see cref="TrainingRun{T}"/> and what it trains: double models through
/// <see cref="IDifferentiable"/>, float32 networks through <see cref="INetwork{TSample, T}"/>, and the optimizer's step
/// in the same type.
/// </summary>
internal static class ParameterAccess
{
    /// <summary>A double model's parameters (every <see cref="IDifferentiable"/> is double).</summary>
    public static IParameterAccess<T> Of<T>(IDifferentiable model)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double)
            ? (IParameterAccess<T>)(object)new DoubleModel(model)
            : throw new ArgumentException($"{model.GetType().Name} has double parameters; it trains in double.", nameof(model));

    /// <summary>A network's parameters in its own type.</summary>
    public static IParameterAccess<T> Of<TSample, T>(INetwork<TSample, T> network)
        where TSample : struct
        where T : unmanaged, IFloatingPointIeee754<T> => new Network<TSample, T>(network);

    /// <summary>
    /// The optimizer's step on T parameters: its <see cref="IOptimizer{T}"/> form, or for double its
    /// <see cref="IOptimizer.Step"/>. An optimizer that cannot step T is refused before anything changes.
    /// </summary>
    public static Action<T[], T[]> Stepper<T>(IOptimizer optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (optimizer is IOptimizer<T> typed)
        {
            return (parameters, gradient) => typed.Step(parameters, gradient);
        }

        if (typeof(T) == typeof(double))
        {
            return (parameters, gradient) => optimizer.Step((double[])(object)parameters, (double[])(object)gradient);
        }

        throw new ArgumentException(
            $"{optimizer.GetType().Name} steps double parameters only; a network of Precision.{(typeof(T) == typeof(float) ? "Single" : typeof(T).Name)} " +
            $"trains with an IOptimizer<{typeof(T).Name.ToLowerInvariant().Replace("single", "float")}>, as every first-order optimizer of the runtime is " +
            "(GradientDescent, AdaGrad, RmsProp, Adam, AdamW).",
            nameof(optimizer));
    }

    /// <summary>The values as doubles (exact for float), for histories and checkpoints; null for null.</summary>
    public static double[]? Widen<T>(T[]? values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values is null)
        {
            return null;
        }

        var widened = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            widened[i] = double.CreateTruncating(values[i]);
        }

        return widened;
    }

    /// <summary>Saved doubles back into T (exact when they were widened from T).</summary>
    public static void Narrow<T>(double[] values, T[] destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = T.CreateTruncating(values[i]);
        }
    }

    private sealed class DoubleModel(IDifferentiable model) : IParameterAccess<double>
    {
        public void CopyParametersTo(Span<double> destination) => model.CopyParametersTo(destination);

        public void SetParameters(ReadOnlySpan<double> values) => model.SetParameters(values);
    }

    private sealed class Network<TSample, T>(INetwork<TSample, T> network) : IParameterAccess<T>
        where TSample : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void CopyParametersTo(Span<T> destination) => network.CopyParametersTo(destination);

        public void SetParameters(ReadOnlySpan<T> values) => network.SetParameters(values);
    }
}
