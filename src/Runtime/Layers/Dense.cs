using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SymbolicGd.Layers;

/// <summary>
/// The three products of a dense layer z = W·a + b, for one sample and for a batch: the forward pass, the gradient
/// of the weights and bias (∂E/∂W = δ·aᵀ, ∂E/∂b = δ), and the error sent back to the layer's input (Wᵀ·δ).
/// Generated layer stacks call these; they are public so that a hand-written network can too.
/// </summary>
/// <remarks>
/// <para>
/// W is row-major with one row per output (out × in), as <c>torch.nn.Linear.weight</c>: W[j, i] is
/// <c>weights[j·in + i]</c>. In a batch, row r of every matrix is sample r: inputs are rows × in, outputs and δ
/// rows × out. The widths are read from the spans: <c>out</c> is the bias length, <c>in</c> the weights' length over it.
/// </para>
/// <para>
/// The sums are vectorised (AVX-512, AVX2 or 128-bit vectors, with fused multiply-adds where the machine has them),
/// so they are added in another order than a plain loop would: results agree with a plain loop to about 1e−15
/// relative in double (1e−6 in float), not bit for bit. Every method has a double and a float32 form over one generic
/// implementation: float32 networks (<see cref="Precision.Single"/>) compute in float throughout. Nothing here allocates.
/// </para>
/// </remarks>
public static class Dense
{
    /// <summary>output = W·input + b for one sample.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="bias">b, out elements.</param>
    /// <param name="input">a, in elements.</param>
    /// <param name="output">z, out elements, overwritten.</param>
    /// <exception cref="ArgumentException">The lengths do not describe one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> input, Span<double> output) =>
        ForwardCore(weights, bias, input, output);

    /// <summary>The float32 form of <see cref="Forward(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>, for <see cref="Precision.Single"/> networks.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="bias">b, out elements.</param>
    /// <param name="input">a, in elements.</param>
    /// <param name="output">z, out elements, overwritten.</param>
    /// <exception cref="ArgumentException">The lengths do not describe one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output) =>
        ForwardCore(weights, bias, input, output);

    /// <summary>∂E/∂W += δ·inputᵀ and ∂E/∂b += δ for one sample.</summary>
    /// <param name="delta">δ = ∂E/∂z, out elements.</param>
    /// <param name="input">a, the layer's input, in elements.</param>
    /// <param name="weightGradient">∂E/∂W, out × in, added to.</param>
    /// <param name="biasGradient">∂E/∂b, out elements, added to.</param>
    /// <exception cref="ArgumentException">The lengths do not describe one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateGradient(ReadOnlySpan<double> delta, ReadOnlySpan<double> input, Span<double> weightGradient, Span<double> biasGradient) =>
        AccumulateGradientCore(delta, input, weightGradient, biasGradient);

    /// <summary>The float32 form of <see cref="AccumulateGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/>, for <see cref="Precision.Single"/> networks.</summary>
    /// <param name="delta">δ = ∂E/∂z, out elements.</param>
    /// <param name="input">a, the layer's input, in elements.</param>
    /// <param name="weightGradient">∂E/∂W, out × in, added to.</param>
    /// <param name="biasGradient">∂E/∂b, out elements, added to.</param>
    /// <exception cref="ArgumentException">The lengths do not describe one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateGradient(ReadOnlySpan<float> delta, ReadOnlySpan<float> input, Span<float> weightGradient, Span<float> biasGradient) =>
        AccumulateGradientCore(delta, input, weightGradient, biasGradient);

    /// <summary>inputGradient = Wᵀ·δ for one sample: ∂E/∂a of the layer's input.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="delta">δ = ∂E/∂z, out elements.</param>
    /// <param name="inputGradient">∂E/∂a, in elements, overwritten.</param>
    /// <exception cref="ArgumentException">The lengths do not describe one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backpropagate(ReadOnlySpan<double> weights, ReadOnlySpan<double> delta, Span<double> inputGradient) =>
        BackpropagateCore(weights, delta, inputGradient);

    /// <summary>The float32 form of <see cref="Backpropagate(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>, for <see cref="Precision.Single"/> networks.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="delta">δ = ∂E/∂z, out elements.</param>
    /// <param name="inputGradient">∂E/∂a, in elements, overwritten.</param>
    /// <exception cref="ArgumentException">The lengths do not describe one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backpropagate(ReadOnlySpan<float> weights, ReadOnlySpan<float> delta, Span<float> inputGradient) =>
        BackpropagateCore(weights, delta, inputGradient);

    /// <summary>outputs = inputs·Wᵀ + b for <paramref name="rows"/> samples: row r of the outputs is W·(row r of the inputs) + b.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="bias">b, out elements.</param>
    /// <param name="inputs">rows × in.</param>
    /// <param name="outputs">rows × out, overwritten.</param>
    /// <param name="rows">The number of samples.</param>
    /// <exception cref="ArgumentException">The lengths do not describe <paramref name="rows"/> samples of one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardBatch(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> inputs, Span<double> outputs, int rows) =>
        ForwardBatchCore(weights, bias, inputs, outputs, rows);

    /// <summary>The float32 form of <see cref="ForwardBatch(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int)"/>, for <see cref="Precision.Single"/> networks.</summary>
    /// <summary>outputs = inputs·Wᵀ + b for <paramref name="rows"/> samples: row r of the outputs is W·(row r of the inputs) + b.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="bias">b, out elements.</param>
    /// <param name="inputs">rows × in.</param>
    /// <param name="outputs">rows × out, overwritten.</param>
    /// <param name="rows">The number of samples.</param>
    /// <exception cref="ArgumentException">The lengths do not describe <paramref name="rows"/> samples of one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardBatch(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> inputs, Span<float> outputs, int rows) =>
        ForwardBatchCore(weights, bias, inputs, outputs, rows);

    /// <summary>∂E/∂W += Σᵣ δᵣ·inputᵣᵀ = Δᵀ·X and ∂E/∂b += Σᵣ δᵣ over <paramref name="rows"/> samples.</summary>
    /// <param name="deltas">Δ, rows × out: δ of every sample.</param>
    /// <param name="inputs">X, rows × in: the layer's input of every sample.</param>
    /// <param name="weightGradient">∂E/∂W, out × in, added to.</param>
    /// <param name="biasGradient">∂E/∂b, out elements, added to.</param>
    /// <param name="rows">The number of samples.</param>
    /// <exception cref="ArgumentException">The lengths do not describe <paramref name="rows"/> samples of one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateGradientBatch(ReadOnlySpan<double> deltas, ReadOnlySpan<double> inputs, Span<double> weightGradient, Span<double> biasGradient, int rows) =>
        AccumulateGradientBatchCore(deltas, inputs, weightGradient, biasGradient, rows);

    /// <summary>The float32 form of <see cref="AccumulateGradientBatch(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, int)"/>, for <see cref="Precision.Single"/> networks.</summary>
    /// <summary>∂E/∂W += Σᵣ δᵣ·inputᵣᵀ = Δᵀ·X and ∂E/∂b += Σᵣ δᵣ over <paramref name="rows"/> samples.</summary>
    /// <param name="deltas">Δ, rows × out: δ of every sample.</param>
    /// <param name="inputs">X, rows × in: the layer's input of every sample.</param>
    /// <param name="weightGradient">∂E/∂W, out × in, added to.</param>
    /// <param name="biasGradient">∂E/∂b, out elements, added to.</param>
    /// <param name="rows">The number of samples.</param>
    /// <exception cref="ArgumentException">The lengths do not describe <paramref name="rows"/> samples of one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateGradientBatch(ReadOnlySpan<float> deltas, ReadOnlySpan<float> inputs, Span<float> weightGradient, Span<float> biasGradient, int rows) =>
        AccumulateGradientBatchCore(deltas, inputs, weightGradient, biasGradient, rows);

    /// <summary>inputGradients = Δ·W over <paramref name="rows"/> samples: row r is Wᵀ·δᵣ.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="deltas">Δ, rows × out.</param>
    /// <param name="inputGradients">rows × in, overwritten.</param>
    /// <param name="rows">The number of samples.</param>
    /// <exception cref="ArgumentException">The lengths do not describe <paramref name="rows"/> samples of one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackpropagateBatch(ReadOnlySpan<double> weights, ReadOnlySpan<double> deltas, Span<double> inputGradients, int rows) =>
        BackpropagateBatchCore(weights, deltas, inputGradients, rows);

    /// <summary>The float32 form of <see cref="BackpropagateBatch(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int)"/>, for <see cref="Precision.Single"/> networks.</summary>
    /// <summary>inputGradients = Δ·W over <paramref name="rows"/> samples: row r is Wᵀ·δᵣ.</summary>
    /// <param name="weights">W, out × in.</param>
    /// <param name="deltas">Δ, rows × out.</param>
    /// <param name="inputGradients">rows × in, overwritten.</param>
    /// <param name="rows">The number of samples.</param>
    /// <exception cref="ArgumentException">The lengths do not describe <paramref name="rows"/> samples of one out × in layer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackpropagateBatch(ReadOnlySpan<float> weights, ReadOnlySpan<float> deltas, Span<float> inputGradients, int rows) =>
        BackpropagateBatchCore(weights, deltas, inputGradients, rows);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardCore<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shape(weights, bias, rows: 1, input.Length, output.Length, nameof(input), nameof(output));
        bias.CopyTo(output);
        MatrixKernels.MultiplyTransposedAdd(1, output.Length, input.Length, input, input.Length, weights, input.Length, output, output.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateGradientCore<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> input, Span<T> weightGradient, Span<T> biasGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shape(weightGradient, biasGradient, rows: 1, input.Length, delta.Length, nameof(input), nameof(delta));
        MatrixKernels.MultiplyAdd(delta.Length, input.Length, 1, delta, 1, 1, input, input.Length, weightGradient, input.Length, accumulate: true);
        AddTo(biasGradient, delta);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackpropagateCore<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> delta, Span<T> inputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeWithoutBias(weights, delta.Length, inputGradient.Length, nameof(delta), nameof(inputGradient));
        MatrixKernels.MultiplyAdd(1, inputGradient.Length, delta.Length, delta, 0, 1, weights, inputGradient.Length, inputGradient, 0, accumulate: false);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardBatchCore<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, ReadOnlySpan<T> inputs, Span<T> outputs, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputsPerRow = bias.Length;
        int inputsPerRow = Shape(weights, bias, rows, inputs.Length, outputs.Length, nameof(inputs), nameof(outputs));
        MatrixKernels.PackedMultiply(rows, outputsPerRow, inputsPerRow, inputs, inputsPerRow, 1, weights, 1, inputsPerRow, outputs, outputsPerRow, bias, accumulate: false);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateGradientBatchCore<T>(ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, Span<T> weightGradient, Span<T> biasGradient, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputsPerRow = biasGradient.Length;
        int inputsPerRow = Shape(weightGradient, biasGradient, rows, inputs.Length, deltas.Length, nameof(inputs), nameof(deltas));
        MatrixKernels.PackedMultiply(outputsPerRow, inputsPerRow, rows, deltas, 1, outputsPerRow, inputs, inputsPerRow, 1, weightGradient, inputsPerRow, default, accumulate: true);
        for (int r = 0; r < rows; r++)
        {
            AddTo(biasGradient, deltas.Slice(r * outputsPerRow, outputsPerRow));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackpropagateBatchCore<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> deltas, Span<T> inputGradients, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows < 0 || deltas.Length % Math.Max(rows, 1) != 0 || inputGradients.Length % Math.Max(rows, 1) != 0)
        {
            throw new ArgumentException($"deltas ({deltas.Length}) and inputGradients ({inputGradients.Length}) must each hold {rows} whole rows.", nameof(rows));
        }

        if (rows == 0)
        {
            return;
        }

        int outputsPerRow = deltas.Length / rows;
        int inputsPerRow = inputGradients.Length / rows;
        ShapeWithoutBias(weights, outputsPerRow, inputsPerRow, nameof(deltas), nameof(inputGradients));
        MatrixKernels.PackedMultiply(rows, inputsPerRow, outputsPerRow, deltas, outputsPerRow, 1, weights, inputsPerRow, 1, inputGradients, inputsPerRow, default, accumulate: false);
    }

    /// <summary>destination += values, element by element, vectorised (optimized from the first call, as the products).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTo<T>(Span<T> destination, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<T>.Count <= destination.Length; i += Vector512<T>.Count)
            {
                (Vector512.Create(destination.Slice(i)) + Vector512.Create(values.Slice(i))).CopyTo(destination.Slice(i));
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] += values[i];
        }
    }

    /// <summary>Checks one out × in layer over some rows (out = bias length); returns in.</summary>
    private static int Shape<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, int rows, int inputLength, int outputLength, string input, string output)
    {
        int outputsPerRow = bias.Length;
        if (outputsPerRow == 0 || weights.Length % outputsPerRow != 0)
        {
            throw new ArgumentException($"The weights' length {weights.Length} is not a whole number of rows of the bias length {outputsPerRow}.", nameof(weights));
        }

        int inputsPerRow = weights.Length / outputsPerRow;
        if (rows < 0 || inputLength != rows * inputsPerRow)
        {
            throw new ArgumentException($"{input} has length {inputLength}; {rows} row(s) of a {outputsPerRow} × {inputsPerRow} layer need {rows * inputsPerRow}.", input);
        }

        if (outputLength != rows * outputsPerRow)
        {
            throw new ArgumentException($"{output} has length {outputLength}; {rows} row(s) of a {outputsPerRow} × {inputsPerRow} layer need {rows * outputsPerRow}.", output);
        }

        return inputsPerRow;
    }

    private static void ShapeWithoutBias<T>(ReadOnlySpan<T> weights, int outputsPerRow, int inputsPerRow, string delta, string inputGradient)
    {
        if ((long)outputsPerRow * inputsPerRow != weights.Length)
        {
            throw new ArgumentException(
                $"{delta} ({outputsPerRow} per sample) and {inputGradient} ({inputsPerRow} per sample) do not match the {weights.Length} weights of an out × in layer.",
                nameof(weights));
        }
    }
}
