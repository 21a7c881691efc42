using System;
using System.Numerics.Tensors;

namespace SymbolicGd.Benchmarks;

/// <summary>The 784-256-128-10 network of the generator-time target.</summary>
internal static class LargeStackSource
{
    public const string Text = """
        using SymbolicGd;

        [Network(Inputs = 784, Loss = NetworkLoss.SoftmaxCrossEntropy)]
        [Dense(256, Activation.Relu)]
        [Dense(128, Activation.Relu)]
        [Dense(10)]
        public partial class MnistNet { }
        """;
}

/// <summary>
/// The digits network's loss and gradient for one sample written by hand, the way a careful C# programmer would with
/// System.Numerics.Tensors: the yardstick for the generated single-sample Backward. Same parameter layout (W1, b1,
/// W2, b2, row-major), same stable softmax cross-entropy.
/// </summary>
public sealed class HandWrittenDigitsNet
{
    private const int In = 64, Hidden = 32, Out = 10;
    private const int W1 = 0, B1 = Hidden * In, W2 = B1 + Hidden, B2 = W2 + Out * Hidden;
    public const int ParameterCount = B2 + Out;

    private readonly double[] _parameters = new double[ParameterCount];

    public void SetParameters(ReadOnlySpan<double> values) => values.CopyTo(_parameters);

    public double Backward(ReadOnlySpan<double> x, int label, Span<double> gradient)
    {
        ReadOnlySpan<double> p = _parameters;
        Span<double> a1 = stackalloc double[Hidden];
        Span<double> z2 = stackalloc double[Out];
        Span<double> delta1 = stackalloc double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            a1[j] = TensorPrimitives.Dot(p.Slice(W1 + j * In, In), x) + p[B1 + j];
        }

        TensorPrimitives.Tanh(a1, a1);
        for (int k = 0; k < Out; k++)
        {
            z2[k] = TensorPrimitives.Dot(p.Slice(W2 + k * Hidden, Hidden), a1) + p[B2 + k];
        }

        // E = log Σ e^(z − max) + max − z[label]; δ2 = softmax(z2) − onehot(label), overwriting z2.
        double max = TensorPrimitives.Max(z2);
        double logit = z2[label];
        TensorPrimitives.Subtract(z2, max, z2);
        TensorPrimitives.Exp(z2, z2);
        double sum = TensorPrimitives.Sum(z2);
        double loss = Math.Log(sum) + max - logit;
        TensorPrimitives.Multiply(z2, 1 / sum, z2);
        z2[label] -= 1;

        delta1.Clear();
        for (int k = 0; k < Out; k++)
        {
            Span<double> row = gradient.Slice(W2 + k * Hidden, Hidden);
            TensorPrimitives.MultiplyAdd(a1, z2[k], row, row);                              // ∂E/∂W2 += δ2·a1ᵀ
            TensorPrimitives.MultiplyAdd(p.Slice(W2 + k * Hidden, Hidden), z2[k], delta1, delta1);  // W2ᵀ·δ2
        }

        TensorPrimitives.Add(gradient.Slice(B2, Out), z2, gradient.Slice(B2, Out));
        for (int j = 0; j < Hidden; j++)
        {
            delta1[j] *= 1 - a1[j] * a1[j];
        }

        for (int j = 0; j < Hidden; j++)
        {
            Span<double> row = gradient.Slice(W1 + j * In, In);
            TensorPrimitives.MultiplyAdd(x, delta1[j], row, row);                           // ∂E/∂W1 += δ1·xᵀ
        }

        TensorPrimitives.Add(gradient.Slice(B1, Hidden), delta1, gradient.Slice(B1, Hidden));
        return loss;
    }
}
