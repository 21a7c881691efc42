using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SymbolicGd.Layers;

/// <summary>
/// The built-in activations of a dense layer, element by element over a span (one sample, or a whole batch laid
/// out row after row), and their backward rules: each <c>…Backward</c> multiplies δ in place by g′, written in
/// terms of what the forward pass kept (tanh′ = 1 − a², σ′ = a·(1 − a), relu′ = [z &gt; 0]).
/// </summary>
/// <remarks>
/// Exponentials and tanh are vectorised (Cephes' approximations, optimized from the first call): they agree with
/// <see cref="Math"/>'s to within two ulp, not always bit for bit.
/// </remarks>
public static class Activations
{
    /// <summary>a = tanh(z).</summary>
    public static void Tanh(ReadOnlySpan<double> z, Span<double> a)
    {
        SameLength(z, a);
        ElementwiseMath.Tanh(z, a);
    }

    /// <summary>δ ⊙= 1 − a², the derivative of tanh at z, from a = tanh(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackward(ReadOnlySpan<double> a, Span<double> delta)
    {
        SameLength(a, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] *= 1.0 - a[i] * a[i];
        }
    }

    /// <summary>a = σ(z) = 1/(1 + e^(−z)).</summary>
    public static void Sigmoid(ReadOnlySpan<double> z, Span<double> a)
    {
        SameLength(z, a);
        ElementwiseMath.Sigmoid(z, a);
    }

    /// <summary>δ ⊙= a·(1 − a), the derivative of σ at z, from a = σ(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackward(ReadOnlySpan<double> a, Span<double> delta)
    {
        SameLength(a, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] *= a[i] * (1.0 - a[i]);
        }
    }

    /// <summary>a = max(z, 0); NaN stays NaN, as <c>torch.relu</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<double> z, Span<double> a)
    {
        SameLength(z, a);
        for (int i = 0; i < a.Length; i++)
        {
            double v = z[i];
            a[i] = v > 0.0 || double.IsNaN(v) ? v : 0.0;
        }
    }

    /// <summary>δ ⊙= [z &gt; 0]: relu′(0) = 0, as PyTorch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<double> z, Span<double> delta)
    {
        SameLength(z, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = z[i] > 0.0 ? delta[i] : 0.0;
        }
    }

    /// <summary>a = z for z &gt; 0, otherwise slope·z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyRelu(ReadOnlySpan<double> z, Span<double> a, double negativeSlope)
    {
        SameLength(z, a);
        for (int i = 0; i < a.Length; i++)
        {
            double v = z[i];
            a[i] = v > 0.0 ? v : negativeSlope * v;
        }
    }

    /// <summary>δ ⊙= 1 for z &gt; 0, otherwise slope.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyReluBackward(ReadOnlySpan<double> z, Span<double> delta, double negativeSlope)
    {
        SameLength(z, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = z[i] > 0.0 ? delta[i] : negativeSlope * delta[i];
        }
    }

    /// <summary>a = ln(1 + e^z), as <see cref="Functions.Softplus"/>: max(z, 0) + ln(1 + e^(−|z|)), without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softplus(ReadOnlySpan<double> z, Span<double> a)
    {
        SameLength(z, a);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = Functions.Softplus(z[i]);
        }
    }

    /// <summary>δ ⊙= σ(z), the derivative of softplus.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftplusBackward(ReadOnlySpan<double> z, Span<double> delta)
    {
        SameLength(z, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] *= Functions.Sigmoid(z[i]);
        }
    }

    /// <summary>
    /// a = softmax(z) over each row of <paramref name="width"/> elements: e^(z − max z) / Σ e^(z − max z), so that no
    /// exponential overflows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(ReadOnlySpan<double> z, Span<double> a, int width)
    {
        Rows(z.Length, a.Length, width);
        for (int start = 0; start < z.Length; start += width)
        {
            ReadOnlySpan<double> row = z.Slice(start, width);
            Span<double> result = a.Slice(start, width);
            double max = row[0];
            for (int i = 1; i < row.Length; i++)
            {
                max = Math.Max(max, row[i]);
            }

            for (int i = 0; i < row.Length; i++)
            {
                result[i] = row[i] - max;
            }

            ElementwiseMath.Exp(result, result);
            double sum = 0.0;
            for (int i = 0; i < result.Length; i++)
            {
                sum += result[i];
            }

            for (int i = 0; i < result.Length; i++)
            {
                result[i] /= sum;
            }
        }
    }

    /// <summary>
    /// δ ← a ⊙ (δ − (a·δ)) over each row: the product of softmax's Jacobian diag(a) − a·aᵀ with the error δ = ∂E/∂a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxBackward(ReadOnlySpan<double> a, Span<double> delta, int width)
    {
        Rows(a.Length, delta.Length, width);
        for (int start = 0; start < a.Length; start += width)
        {
            ReadOnlySpan<double> row = a.Slice(start, width);
            Span<double> error = delta.Slice(start, width);
            double dot = TensorPrimitives.Dot(row, error);
            for (int i = 0; i < error.Length; i++)
            {
                error[i] = row[i] * (error[i] - dot);
            }
        }
    }

    private static void SameLength(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"The spans have lengths {a.Length} and {b.Length}; an activation maps each element to one element.");
        }
    }

    private static void Rows(int length, int otherLength, int width)
    {
        if (width < 1 || length % width != 0 || otherLength != length)
        {
            throw new ArgumentException($"Spans of lengths {length} and {otherLength} are not the same whole number of rows of width {width}.", nameof(width));
        }
    }
}
