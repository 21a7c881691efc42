using System;
using System.Linq;
using SymbolicGd.Testing;
using Xunit;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// <see cref="SoftmaxRegressor"/>: a softmax last layer with squared error, the one composition whose softmax the
/// generator cannot fuse into its loss. Its value, gradient and batch gradient against <see cref="ReferenceNetwork"/>
/// (plain loops, the softmax Jacobian written out) and central differences.
/// </summary>
public sealed class UnfusedSoftmaxTests
{
    [Fact]
    public void Backward_agrees_with_the_plain_reference_and_with_central_differences()
    {
        var network = new SoftmaxRegressor();
        var reference = new ReferenceNetwork(3, NetworkLoss.SquaredError, (4, "Tanh", 0.01), (3, "Softmax", 0.01));
        var random = new Random(19);
        double[] parameters = Enumerable.Range(0, network.ParameterCount).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        network.SetParameters(parameters);
        var samples = Enumerable.Range(0, 5)
            .Select(_ => new SoftmaxRegressor.Sample(
                [random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2],
                [random.NextDouble(), random.NextDouble(), random.NextDouble()]))
            .ToArray();

        double[] sum = new double[network.ParameterCount];
        foreach (SoftmaxRegressor.Sample sample in samples)
        {
            var (expectedLoss, expectedGradient) = reference.Backward(parameters, sample.Input, 0, sample.Target);
            double[] gradient = new double[network.ParameterCount];
            double loss = network.Backward(in sample, gradient);

            Close.Assert(expectedLoss, loss, 1e-14, "E");
            for (int i = 0; i < gradient.Length; i++)
            {
                Close.Assert(expectedGradient[i], gradient[i], 1e-14, $"∂E/∂{network.ParameterNames[i]}");
                Close.Assert(
                    CentralDifference.Partial(network, () => network.Loss(in sample), i, 1e-6), gradient[i], 1e-8,
                    $"∂E/∂{network.ParameterNames[i]} against central differences");
                sum[i] += expectedGradient[i];
            }
        }

        double[] batch = new double[network.ParameterCount];
        network.BackwardBatch(samples, [0, 1, 2, 3, 4], batch);
        for (int i = 0; i < batch.Length; i++)
        {
            Close.Assert(sum[i], batch[i], 1e-13, $"BackwardBatch ∂E/∂{network.ParameterNames[i]}");
        }
    }
}
