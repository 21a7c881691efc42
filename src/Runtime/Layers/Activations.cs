using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SymbolicGd.Layers;

/// <summary>
/// The built-in activations of a dense layer, element by element over a span (one sample, or a whole batch laid
/// out row after row), and their backward rules: each <c>…Backward</c> multiplies δ in place by g′, written in
/// terms of what the forward pass kept (tanh′ = 1 − a², σ′ = a·(1 − a), relu′ = [z &gt; 0]).
/// </summary>
/// <remarks>
/// Every activation has a double and a float32 form (for <see cref="Precision.Single"/> networks) over one generic
/// implementation, which computes in the span's own type. Exponentials and tanh are vectorised (Cephes' approximations, optimized from the first call): they agree with
/// <see cref="Math"/>'s to within two ulp, not always bit for bit.
/// </remarks>
public static class Activations
{
    /// <summary>a = tanh(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh(ReadOnlySpan<double> z, Span<double> a) =>
        TanhCore(z, a);

    /// <summary>The float32 form of <see cref="Tanh(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh(ReadOnlySpan<float> z, Span<float> a) =>
        TanhCore(z, a);

    /// <summary>δ ⊙= 1 − a², the derivative of tanh at z, from a = tanh(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackward(ReadOnlySpan<double> a, Span<double> delta) =>
        TanhBackwardCore(a, delta);

    /// <summary>The float32 form of <see cref="TanhBackward(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackward(ReadOnlySpan<float> a, Span<float> delta) =>
        TanhBackwardCore(a, delta);

    /// <summary>a = σ(z) = 1/(1 + e^(−z)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid(ReadOnlySpan<double> z, Span<double> a) =>
        SigmoidCore(z, a);

    /// <summary>The float32 form of <see cref="Sigmoid(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid(ReadOnlySpan<float> z, Span<float> a) =>
        SigmoidCore(z, a);

    /// <summary>δ ⊙= a·(1 − a), the derivative of σ at z, from a = σ(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackward(ReadOnlySpan<double> a, Span<double> delta) =>
        SigmoidBackwardCore(a, delta);

    /// <summary>The float32 form of <see cref="SigmoidBackward(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackward(ReadOnlySpan<float> a, Span<float> delta) =>
        SigmoidBackwardCore(a, delta);

    /// <summary>a = max(z, 0); NaN stays NaN, as <c>torch.relu</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<double> z, Span<double> a) =>
        ReluCore(z, a);

    /// <summary>The float32 form of <see cref="Relu(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> z, Span<float> a) =>
        ReluCore(z, a);

    /// <summary>δ ⊙= [z &gt; 0]: relu′(0) = 0, as PyTorch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<double> z, Span<double> delta) =>
        ReluBackwardCore(z, delta);

    /// <summary>The float32 form of <see cref="ReluBackward(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> z, Span<float> delta) =>
        ReluBackwardCore(z, delta);

    /// <summary>a = z for z &gt; 0, otherwise slope·z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyRelu(ReadOnlySpan<double> z, Span<double> a, double negativeSlope) =>
        LeakyReluCore(z, a, negativeSlope);

    /// <summary>The float32 form of <see cref="LeakyRelu(ReadOnlySpan{double}, Span{double}, double)"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyRelu(ReadOnlySpan<float> z, Span<float> a, float negativeSlope) =>
        LeakyReluCore(z, a, negativeSlope);

    /// <summary>δ ⊙= 1 for z &gt; 0, otherwise slope.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyReluBackward(ReadOnlySpan<double> z, Span<double> delta, double negativeSlope) =>
        LeakyReluBackwardCore(z, delta, negativeSlope);

    /// <summary>The float32 form of <see cref="LeakyReluBackward(ReadOnlySpan{double}, Span{double}, double)"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyReluBackward(ReadOnlySpan<float> z, Span<float> delta, float negativeSlope) =>
        LeakyReluBackwardCore(z, delta, negativeSlope);

    /// <summary>a = ln(1 + e^z), as <see cref="Functions.Softplus"/>: max(z, 0) + ln(1 + e^(−|z|)), without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softplus(ReadOnlySpan<double> z, Span<double> a) =>
        SoftplusCore(z, a);

    /// <summary>The float32 form of <see cref="Softplus(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softplus(ReadOnlySpan<float> z, Span<float> a) =>
        SoftplusCore(z, a);

    /// <summary>δ ⊙= σ(z), the derivative of softplus.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftplusBackward(ReadOnlySpan<double> z, Span<double> delta) =>
        SoftplusBackwardCore(z, delta);

    /// <summary>The float32 form of <see cref="SoftplusBackward(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftplusBackward(ReadOnlySpan<float> z, Span<float> delta) =>
        SoftplusBackwardCore(z, delta);

    /// <summary>
    /// a = gelu(z) = ½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))), the tanh approximation (PyTorch's
    /// <c>gelu(z, approximate='tanh')</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gelu(ReadOnlySpan<double> z, Span<double> a) =>
        GeluCore(z, a);

    /// <summary>The float32 form of <see cref="Gelu(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gelu(ReadOnlySpan<float> z, Span<float> a) =>
        GeluCore(z, a);

    /// <summary>δ ⊙= gelu′(z) = ½·(1 + t) + ½·z·(1 − t²)·√(2/π)·(1 + 3·0.044715·z²), with t = tanh(√(2/π)·(z + 0.044715·z³)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GeluBackward(ReadOnlySpan<double> z, Span<double> delta) =>
        GeluBackwardCore(z, delta);

    /// <summary>The float32 form of <see cref="GeluBackward(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GeluBackward(ReadOnlySpan<float> z, Span<float> delta) =>
        GeluBackwardCore(z, delta);

    /// <summary>a = z for z &gt; 0, otherwise e^z − 1 (ELU with α = 1, computed as expm1 so that small negatives keep their digits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Elu(ReadOnlySpan<double> z, Span<double> a) =>
        EluCore(z, a);

    /// <summary>The float32 form of <see cref="Elu(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Elu(ReadOnlySpan<float> z, Span<float> a) =>
        EluCore(z, a);

    /// <summary>δ ⊙= 1 for z &gt; 0, otherwise e^z (elu′(0) = 1, as PyTorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EluBackward(ReadOnlySpan<double> z, Span<double> delta) =>
        EluBackwardCore(z, delta);

    /// <summary>The float32 form of <see cref="EluBackward(ReadOnlySpan{double}, Span{double})"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EluBackward(ReadOnlySpan<float> z, Span<float> delta) =>
        EluBackwardCore(z, delta);

    /// <summary>
    /// a = softmax(z) over each row of <paramref name="width"/> elements: e^(z − max z) / Σ e^(z − max z), so that no
    /// exponential overflows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(ReadOnlySpan<double> z, Span<double> a, int width) =>
        SoftmaxCore(z, a, width);

    /// <summary>The float32 form of <see cref="Softmax(ReadOnlySpan{double}, Span{double}, int)"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    /// a = softmax(z) over each row of <paramref name="width"/> elements: e^(z − max z) / Σ e^(z − max z), so that no
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(ReadOnlySpan<float> z, Span<float> a, int width) =>
        SoftmaxCore(z, a, width);

    /// <summary>
    /// δ ← a ⊙ (δ − (a·δ)) over each row: the product of softmax's Jacobian diag(a) − a·aᵀ with the error δ = ∂E/∂a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxBackward(ReadOnlySpan<double> a, Span<double> delta, int width) =>
        SoftmaxBackwardCore(a, delta, width);

    /// <summary>The float32 form of <see cref="SoftmaxBackward(ReadOnlySpan{double}, Span{double}, int)"/>, in float throughout, for <see cref="Precision.Single"/> networks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxBackward(ReadOnlySpan<float> a, Span<float> delta, int width) =>
        SoftmaxBackwardCore(a, delta, width);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TanhCore<T>(ReadOnlySpan<T> z, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, a);
        ElementwiseMath.Tanh(z, a);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TanhBackwardCore<T>(ReadOnlySpan<T> a, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(a, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] *= T.One - a[i] * a[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SigmoidCore<T>(ReadOnlySpan<T> z, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, a);
        ElementwiseMath.Sigmoid(z, a);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SigmoidBackwardCore<T>(ReadOnlySpan<T> a, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(a, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] *= a[i] * (T.One - a[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReluCore<T>(ReadOnlySpan<T> z, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, a);
        for (int i = 0; i < a.Length; i++)
        {
            T v = z[i];
            a[i] = v > T.Zero || T.IsNaN(v) ? v : T.Zero;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReluBackwardCore<T>(ReadOnlySpan<T> z, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = z[i] > T.Zero ? delta[i] : T.Zero;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LeakyReluCore<T>(ReadOnlySpan<T> z, Span<T> a, T negativeSlope)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, a);
        for (int i = 0; i < a.Length; i++)
        {
            T v = z[i];
            // Stryker disable once Equality : at z = ±0 both branches give a zero (z or slope·z), equal as numbers
            a[i] = v > T.Zero ? v : negativeSlope * v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LeakyReluBackwardCore<T>(ReadOnlySpan<T> z, Span<T> delta, T negativeSlope)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = z[i] > T.Zero ? delta[i] : negativeSlope * delta[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftplusCore<T>(ReadOnlySpan<T> z, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, a);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = Scalar.Softplus(z[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftplusBackwardCore<T>(ReadOnlySpan<T> z, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] *= Scalar.Sigmoid(z[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GeluCore<T>(ReadOnlySpan<T> z, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, a);
        T half = T.CreateChecked(0.5);
        T beta = T.CreateChecked(GeluBeta);
        T kappa = T.CreateChecked(GeluKappa);
        for (int i = 0; i < a.Length; i++)
        {
            T v = z[i];
            a[i] = half * v * (T.One + T.Tanh(beta * (v + kappa * v * v * v)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GeluBackwardCore<T>(ReadOnlySpan<T> z, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, delta);
        T half = T.CreateChecked(0.5);
        T beta = T.CreateChecked(GeluBeta);
        T kappa = T.CreateChecked(GeluKappa);
        T three = T.CreateChecked(3.0);
        for (int i = 0; i < delta.Length; i++)
        {
            // PyTorch's order of operations (GeluBackward, approximate='tanh'), so float32 rounds as it does.
            T v = z[i];
            T square = v * v;
            T t = T.Tanh(beta * (v + kappa * square * v));
            T left = half * (T.One + t);
            T right = half * v * (T.One - t * t) * beta * (T.One + three * kappa * square);
            delta[i] *= left + right;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EluCore<T>(ReadOnlySpan<T> z, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, a);
        for (int i = 0; i < a.Length; i++)
        {
            T v = z[i];
            a[i] = v > T.Zero ? v : T.ExpM1(v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EluBackwardCore<T>(ReadOnlySpan<T> z, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(z, delta);
        for (int i = 0; i < delta.Length; i++)
        {
            T v = z[i];
            delta[i] = v > T.Zero ? delta[i] : delta[i] * T.Exp(v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxCore<T>(ReadOnlySpan<T> z, Span<T> a, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Rows(z.Length, a.Length, width);
        for (int start = 0; start < z.Length; start += width)
        {
            ReadOnlySpan<T> row = z.Slice(start, width);
            Span<T> result = a.Slice(start, width);
            T max = row[0];
            for (int i = 1; i < row.Length; i++)
            {
                max = T.Max(max, row[i]);
            }

            for (int i = 0; i < row.Length; i++)
            {
                result[i] = row[i] - max;
            }

            ElementwiseMath.Exp(result, result);
            T sum = T.Zero;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxBackwardCore<T>(ReadOnlySpan<T> a, Span<T> delta, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Rows(a.Length, delta.Length, width);
        for (int start = 0; start < a.Length; start += width)
        {
            ReadOnlySpan<T> row = a.Slice(start, width);
            Span<T> error = delta.Slice(start, width);
            T dot = TensorPrimitives.Dot(row, error);
            for (int i = 0; i < error.Length; i++)
            {
                error[i] = row[i] * (error[i] - dot);
            }
        }
    }

    /// <summary>√(2/π), as PyTorch's M_SQRT2·M_2_SQRTPI·½.</summary>
    private const double GeluBeta = 0.7978845608028654;

    private const double GeluKappa = 0.044715;

    private static void SameLength<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
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
