using System;
using System.Buffers;
using System.Numerics;

namespace SymbolicGd;

/// <summary>
/// A layer stack that computes in element type <typeparamref name="T"/>: a
/// <see cref="NetworkAttribute.Precision">[Network(Precision = Precision.Single)]</see> class implements
/// <c>INetwork&lt;Sample, float&gt;</c> through generated code. Its parameters, inputs, outputs and gradients are spans
/// of T; <see cref="Trainer"/> trains it in T (kernels, loss head and the <see cref="IOptimizer{T}"/> step) with no
/// conversion to double on the way. (Double stacks implement <see cref="INetwork{TSample}"/>.)
/// </summary>
/// <remarks>
/// The double members of <see cref="IDifferentiable"/> and <see cref="IDifferentiableLoss{TSample}"/> are implemented
/// here from the T ones, so <see cref="GradientCheck"/>, <see cref="Checkpoint"/> and code written for double models
/// accept the network: parameters and gradients widen to double exactly, and doubles given to it are rounded to T.
/// Losses are returned as double (summed in T per batch, then widened).
/// </remarks>
/// <typeparam name="TSample">The network's generated <c>Sample</c> type.</typeparam>
/// <typeparam name="T">The element type: float.</typeparam>
public interface INetwork<TSample, T> : IDifferentiableLoss<TSample>
    where TSample : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The length of an input vector.</summary>
    int InputCount { get; }

    /// <summary>The number of outputs of the last layer.</summary>
    int OutputCount { get; }

    /// <summary>Draws new weights and biases from U(−1/√fan_in, 1/√fan_in), as <see cref="INetwork{TSample}.Initialize"/>.</summary>
    void Initialize(int seed);

    /// <summary>Copies the current parameter values into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The length of <paramref name="destination"/> is not <see cref="IDifferentiable.ParameterCount"/>.</exception>
    void CopyParametersTo(Span<T> destination);

    /// <summary>Sets every parameter from <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The length of <paramref name="values"/> is not <see cref="IDifferentiable.ParameterCount"/>.</exception>
    void SetParameters(ReadOnlySpan<T> values);

    /// <summary>Returns the loss of one sample and adds ∂loss/∂θ for every parameter θ to <paramref name="gradient"/>.</summary>
    double Backward(in TSample sample, Span<T> gradient);

    /// <summary>Returns the loss of one sample and writes every named intermediate to <paramref name="intermediates"/>.</summary>
    double Evaluate(in TSample sample, Span<T> intermediates);

    /// <summary>The batch form of <see cref="Backward(in TSample, Span{T})"/>, as <see cref="IBatchDifferentiableLoss{TSample}.BackwardBatch"/>.</summary>
    double BackwardBatch(ReadOnlySpan<TSample> samples, ReadOnlySpan<int> batch, Span<T> gradient);

    /// <summary><see cref="BackwardBatch(ReadOnlySpan{TSample}, ReadOnlySpan{int}, Span{T})"/> and a count of the samples classified right, from the same forward pass.</summary>
    double BackwardBatch(ReadOnlySpan<TSample> samples, ReadOnlySpan<int> batch, Span<T> gradient, out int correct);

    /// <summary>The sum of the losses of the indexed samples and the number classified right, as <see cref="IBatchPredictor{TSample}.ScoreBatch"/>.</summary>
    double ScoreBatch(ReadOnlySpan<TSample> samples, ReadOnlySpan<int> batch, out int correct);

    /// <summary>Runs the network on one input, as <see cref="INetwork{TSample}.Predict"/>.</summary>
    void Predict(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>The class of one input, as <see cref="INetwork{TSample}.Classify"/>.</summary>
    int Classify(ReadOnlySpan<T> input);

    /// <summary>Runs the network on many inputs laid out row-major, as <see cref="IBatchPredictor{TSample}.PredictBatch"/>.</summary>
    void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>The class of each of many inputs, as <see cref="IBatchPredictor{TSample}.ClassifyBatch"/>.</summary>
    void ClassifyBatch(ReadOnlySpan<T> inputs, Span<int> classes);

    /// <inheritdoc/>
    void IDifferentiable.CopyParametersTo(Span<double> destination)
    {
        T[] values = ArrayPool<T>.Shared.Rent(ParameterCount);
        try
        {
            Span<T> own = values.AsSpan(0, ParameterCount);
            if (destination.Length != own.Length)
            {
                throw new ArgumentException($"destination has length {destination.Length}; the network has {own.Length} parameters.", nameof(destination));
            }

            CopyParametersTo(own);
            for (int i = 0; i < own.Length; i++)
            {
                destination[i] = double.CreateTruncating(own[i]);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(values);
        }
    }

    /// <inheritdoc/>
    void IDifferentiable.SetParameters(ReadOnlySpan<double> values)
    {
        T[] rounded = ArrayPool<T>.Shared.Rent(values.Length);
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                rounded[i] = T.CreateTruncating(values[i]);
            }

            SetParameters(rounded.AsSpan(0, values.Length));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rounded);
        }
    }

    /// <inheritdoc/>
    double IDifferentiableLoss<TSample>.Backward(in TSample sample, Span<double> gradient)
    {
        T[] own = ArrayPool<T>.Shared.Rent(gradient.Length);
        try
        {
            Span<T> span = own.AsSpan(0, gradient.Length);
            span.Clear();
            double loss = Backward(in sample, span);
            for (int i = 0; i < span.Length; i++)
            {
                gradient[i] += double.CreateTruncating(span[i]);
            }

            return loss;
        }
        finally
        {
            ArrayPool<T>.Shared.Return(own);
        }
    }

    /// <inheritdoc/>
    double IDifferentiableLoss<TSample>.Evaluate(in TSample sample, Span<double> intermediates)
    {
        T[] own = ArrayPool<T>.Shared.Rent(intermediates.Length);
        try
        {
            Span<T> span = own.AsSpan(0, intermediates.Length);
            double loss = Evaluate(in sample, span);
            for (int i = 0; i < span.Length; i++)
            {
                intermediates[i] = double.CreateTruncating(span[i]);
            }

            return loss;
        }
        finally
        {
            ArrayPool<T>.Shared.Return(own);
        }
    }
}
