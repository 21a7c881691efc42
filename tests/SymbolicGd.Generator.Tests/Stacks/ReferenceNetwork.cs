using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// A dense network written the plain way, for the stack tests to check the generated code against: one sample at a
/// time, every sum a plain loop, every loss in its textbook form, no SIMD and no fusing. It shares nothing with the
/// runtime's kernels.
/// </summary>
public sealed class ReferenceNetwork
{
    private readonly int _inputs;
    private readonly (int Units, string Activation, double Slope)[] _layers;
    private readonly NetworkLoss _loss;

    /// <param name="activation">Identity, Tanh, Sigmoid, Relu, LeakyRelu, Softplus, Gelu, Elu, Softmax, or Swish (z·σ(z)) and Cube (z³ / 3) for the custom ones.</param>
    public ReferenceNetwork(int inputs, NetworkLoss loss, params (int Units, string Activation, double Slope)[] layers)
    {
        _inputs = inputs;
        _loss = loss;
        _layers = layers;
    }

    public int ParameterCount
    {
        get
        {
            int count = 0;
            int fanIn = _inputs;
            foreach (var (units, _, _) in _layers)
            {
                count += units * fanIn + units;
                fanIn = units;
            }

            return count;
        }
    }

    /// <summary>Every layer's z and a (a only where the activation is not the identity), then the loss.</summary>
    public (List<double[]> Z, List<double[]> A, double Loss) Forward(double[] parameters, double[] x, int label, double[]? target)
    {
        var zs = new List<double[]>();
        var activations = new List<double[]>();
        double[] input = x;
        int offset = 0;
        foreach (var (units, activation, slope) in _layers)
        {
            int fanIn = input.Length;
            var z = new double[units];
            for (int j = 0; j < units; j++)
            {
                double sum = parameters[offset + units * fanIn + j];
                for (int i = 0; i < fanIn; i++)
                {
                    sum += parameters[offset + j * fanIn + i] * input[i];
                }

                z[j] = sum;
            }

            offset += units * fanIn + units;
            var a = Apply(activation, slope, z);
            zs.Add(z);
            activations.Add(a);
            input = a;
        }

        bool hasTarget = _loss == NetworkLoss.SoftmaxCrossEntropy || target is not null;
        return (zs, activations, hasTarget ? Loss(input, label, target) : double.NaN);
    }

    /// <summary>The loss and its gradient, by back-propagation written out per element.</summary>
    public (double Loss, double[] Gradient) Backward(double[] parameters, double[] x, int label, double[]? target)
    {
        var (zs, activations, loss) = Forward(parameters, x, label, target);
        var gradient = new double[parameters.Length];
        int count = _layers.Length;
        double[] output = activations[count - 1];
        var upstream = OutputGradient(output, label, target);

        var offsets = new int[count];
        var fanIns = new int[count];
        int at = 0;
        int fan = _inputs;
        for (int l = 0; l < count; l++)
        {
            offsets[l] = at;
            fanIns[l] = fan;
            at += _layers[l].Units * fan + _layers[l].Units;
            fan = _layers[l].Units;
        }

        for (int l = count - 1; l >= 0; l--)
        {
            var (units, activation, slope) = _layers[l];
            var delta = Through(activation, slope, zs[l], activations[l], upstream);
            double[] input = l == 0 ? x : activations[l - 1];
            int fanIn = fanIns[l];
            for (int j = 0; j < units; j++)
            {
                for (int i = 0; i < fanIn; i++)
                {
                    gradient[offsets[l] + j * fanIn + i] += delta[j] * input[i];
                }

                gradient[offsets[l] + units * fanIn + j] += delta[j];
            }

            var previous = new double[fanIn];
            for (int i = 0; i < fanIn; i++)
            {
                double sum = 0.0;
                for (int j = 0; j < units; j++)
                {
                    sum += parameters[offsets[l] + j * fanIn + i] * delta[j];
                }

                previous[i] = sum;
            }

            upstream = previous;
        }

        return (loss, gradient);
    }

    /// <summary>What Predict returns: the probabilities of a classifier, the raw outputs of a regression.</summary>
    public double[] Predict(double[] parameters, double[] x)
    {
        var output = Forward(parameters, x, 0, null).A[^1];
        return _loss switch
        {
            NetworkLoss.SoftmaxCrossEntropy => LastIs("Softmax") ? output : Softmax(output),
            NetworkLoss.BinaryCrossEntropy => LastIs("Sigmoid") ? output : output.Select(Sigmoid).ToArray(),
            NetworkLoss.SquaredError => output,
            _ => throw Unknown(),
        };
    }

    private bool LastIs(string activation) => _layers[^1].Activation == activation;

    /// <summary>
    /// The loss of the last layer's output in the naive textbook form: a softmax or sigmoid last layer gives
    /// probabilities and the loss takes their logarithm; any other last layer gives logits.
    /// </summary>
    private double Loss(double[] output, int label, double[]? target)
    {
        switch (_loss)
        {
            case NetworkLoss.SoftmaxCrossEntropy:
                return -Math.Log((LastIs("Softmax") ? output : Softmax(output))[label]);
            case NetworkLoss.BinaryCrossEntropy:
                double sum = 0.0;
                for (int k = 0; k < output.Length; k++)
                {
                    double p = LastIs("Sigmoid") ? output[k] : Sigmoid(output[k]);
                    sum -= target![k] * Math.Log(p) + (1.0 - target[k]) * Math.Log(1.0 - p);
                }

                return sum;
            case NetworkLoss.SquaredError:
                double squares = 0.0;
                for (int k = 0; k < output.Length; k++)
                {
                    squares += (output[k] - target![k]) * (output[k] - target[k]);
                }

                return 0.5 * squares;
            default:
                throw Unknown();
        }
    }

    // A loss added to NetworkLoss reaches the random stacks at once; the reference has to learn it, not pass for another.
    private NotSupportedException Unknown() => new($"The reference network has no {_loss} yet: write its loss, gradient and Predict here.");

    /// <summary>∂E/∂(the last layer's output), differentiating <see cref="Loss"/> as written.</summary>
    private double[] OutputGradient(double[] output, int label, double[]? target)
    {
        var gradient = new double[output.Length];
        for (int k = 0; k < output.Length; k++)
        {
            gradient[k] = _loss switch
            {
                NetworkLoss.SoftmaxCrossEntropy when LastIs("Softmax") => k == label ? -1.0 / output[k] : 0.0,
                NetworkLoss.SoftmaxCrossEntropy => Softmax(output)[k] - (k == label ? 1.0 : 0.0),
                NetworkLoss.BinaryCrossEntropy when LastIs("Sigmoid") => -target![k] / output[k] + (1.0 - target[k]) / (1.0 - output[k]),
                NetworkLoss.BinaryCrossEntropy => Sigmoid(output[k]) - target![k],
                NetworkLoss.SquaredError => output[k] - target![k],
                _ => throw Unknown(),
            };
        }

        return gradient;
    }

    private static double[] Apply(string activation, double slope, double[] z) =>
        activation == "Softmax" ? Softmax(z) : z.Select(v => Scalar(activation, slope, v)).ToArray();

    /// <summary>δ = ∂E/∂z from ∂E/∂a: the Jacobian of softmax, or g′ element by element.</summary>
    private static double[] Through(string activation, double slope, double[] z, double[] a, double[] upstream)
    {
        var delta = new double[z.Length];
        if (activation == "Softmax")
        {
            for (int k = 0; k < a.Length; k++)
            {
                double sum = 0.0;
                for (int m = 0; m < a.Length; m++)
                {
                    double jacobian = (k == m ? a[k] : 0.0) - a[k] * a[m];
                    sum += jacobian * upstream[m];
                }

                delta[k] = sum;
            }

            return delta;
        }

        for (int k = 0; k < z.Length; k++)
        {
            delta[k] = upstream[k] * Derivative(activation, slope, z[k]);
        }

        return delta;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    public static double Scalar(string activation, double slope, double z) => activation switch
    {
        "Identity" => z,
        "Tanh" => Math.Tanh(z),
        "Sigmoid" => 1.0 / (1.0 + Math.Exp(-z)),
        "Relu" => z > 0 ? z : 0.0,
        "LeakyRelu" => z > 0 ? z : slope * z,
        "Softplus" => Math.Log(1.0 + Math.Exp(z)),
        "Gelu" => 0.5 * z * (1.0 + Math.Tanh(Math.Sqrt(2.0 / Math.PI) * (z + 0.044715 * z * z * z))),
        "Elu" => z > 0 ? z : Math.Exp(z) - 1.0,
        "Swish" => z / (1.0 + Math.Exp(-z)),
        "Cube" => z * z * z / 3.0,
        "Clipped" => z > 1 ? 1 + 0.1 * (z - 1) : z,
        _ => throw new ArgumentException(activation),
    };

    public static double Derivative(string activation, double slope, double z)
    {
        double s = 1.0 / (1.0 + Math.Exp(-z));
        return activation switch
        {
            "Identity" => 1.0,
            "Tanh" => 1.0 - Math.Tanh(z) * Math.Tanh(z),
            "Sigmoid" => s * (1.0 - s),
            "Relu" => z > 0 ? 1.0 : 0.0,
            "LeakyRelu" => z > 0 ? 1.0 : slope,
            "Softplus" => s,
            "Gelu" => GeluDerivative(z),
            "Elu" => z > 0 ? 1.0 : Math.Exp(z),
            "Swish" => s + z * s * (1.0 - s),
            "Cube" => z * z,
            "Clipped" => z > 1 ? 0.1 : 1.0,
            _ => throw new ArgumentException(activation),
        };
    }

    /// <summary>The product rule on ½·z·(1 + tanh u), u = √(2/π)·(z + 0.044715·z³): ½·(1 + tanh u) + ½·z·sech²u·u′.</summary>
    private static double GeluDerivative(double z)
    {
        double c = Math.Sqrt(2.0 / Math.PI);
        double u = c * (z + 0.044715 * z * z * z);
        double sech = 1.0 / Math.Cosh(u);
        return 0.5 * (1.0 + Math.Tanh(u)) + 0.5 * z * sech * sech * c * (1.0 + 3.0 * 0.044715 * z * z);
    }

        public static double[] Softmax(double[] z)
    {
        double max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
