using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Testing;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// Seeded random layer stacks (1 to 4 layers of random widths, every activation including user-written ones, every
/// loss), compiled together by the real generator in memory and checked against <see cref="ReferenceNetwork"/>
/// (plain loops, textbook losses) to 1e-12 relative, and against central finite differences of their own loss.
/// </summary>
public sealed class RandomStackTests
{
    private const int Networks = 24;

    private static readonly string[] s_hidden = { "Identity", "Tanh", "Sigmoid", "Relu", "LeakyRelu", "Softplus", "Swish", "Cube", "Clipped" };

    private static readonly Lazy<(Assembly Assembly, List<Description> Networks)> s_compiled = new(Compile);

    /// <summary>
    /// Networks checked the same way beside the random ones, so that every activation the random draw does not pick
    /// is still checked against the reference and central differences: Gelu and Elu, hidden and on the last layer.
    /// </summary>
    private static readonly Description[] s_fixed =
    {
        new("GeluEluNet", 3, NetworkLoss.SquaredError, new Layer[] { new(5, "Gelu", 0.01), new(4, "Elu", 0.01), new(2, "Gelu", 0.01) }),
        new("EluGeluClassifier", 4, NetworkLoss.SoftmaxCrossEntropy, new Layer[] { new(6, "Elu", 0.01), new(3, "Gelu", 0.01), new(3, "Elu", 0.01) }),
    };

    public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Networks + s_fixed.Length).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Indices))]
    public void A_random_stack_agrees_with_the_reference_and_with_finite_differences(int index)
    {
        var (assembly, networks) = s_compiled.Value;
        var description = networks[index];
        var type = assembly.GetType("Tests." + description.Name)!;
        var sample = type.GetNestedType("Sample")!;
        var check = typeof(RandomStackTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(sample);
        try
        {
            check.Invoke(null, new object[] { Activator.CreateInstance(type)!, description, 1000 + index });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"{description}: {e.InnerException.Message}", e.InnerException);
        }
    }

    private static void Check<TSample>(object instance, Description description, int seed)
        where TSample : struct
    {
        var network = (INetwork<TSample>)instance;
        var reference = description.Reference();
        var random = new Random(seed);
        int count = network.ParameterCount;
        Assert.Equal(reference.ParameterCount, count);
        Assert.Equal(count, network.ParameterNames.Count);

        var parameters = Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        network.SetParameters(parameters);
        var copied = new double[count];
        network.CopyParametersTo(copied);
        Assert.Equal(parameters, copied);

        var data = Enumerable.Range(0, 70).Select(_ => MakeSample(description, random)).ToArray();
        var samples = data.Select(d => (TSample)Activator.CreateInstance(typeof(TSample), d.Input, description.Loss == NetworkLoss.SoftmaxCrossEntropy ? d.Label : d.Target)!).ToArray();

        var sum = new double[count];
        double lossSum = 0.0;
        for (int s = 0; s < samples.Length; s++)
        {
            var (input, label, target) = data[s];
            var (expectedLoss, expectedGradient) = reference.Backward(parameters, input, label, target);
            var gradient = new double[count];
            double loss = network.Backward(samples[s], gradient);
            Close.Assert(expectedLoss, loss, 1e-12, "E");
            Close.Assert(expectedLoss, network.Loss(samples[s]), 1e-12, "Loss");
            AssertVectorClose(expectedGradient, gradient, 1e-12, "∂E/∂θ");
            for (int i = 0; i < count; i++)
            {
                sum[i] += gradient[i];
            }

            lossSum += loss;

            var values = new double[network.IntermediateNames.Count];
            Close.Assert(expectedLoss, network.Evaluate(samples[s], values), 1e-12, "Evaluate");
            AssertVectorClose(ExpectedValues(description, reference.Forward(parameters, input, label, target)), values, 1e-12, "intermediates");

            var expectedOutput = reference.Predict(parameters, input);
            var output = new double[network.OutputCount];
            network.Predict(input, output);
            AssertVectorClose(expectedOutput, output, 1e-12, "Predict");
            int expectedClass = expectedOutput.Length == 1
                ? (expectedOutput[0] >= 0.5 ? 1 : 0)
                : Array.IndexOf(expectedOutput, expectedOutput.Max());
            Assert.Equal(expectedClass, network.Classify(input));
            if (network is IClassifier<TSample> classifier)
            {
                bool expectedCorrect = description.Loss == NetworkLoss.SoftmaxCrossEntropy
                    ? expectedClass == label
                    : expectedOutput.Zip(target, (p, t) => p >= 0.5 == t >= 0.5).All(same => same);
                Assert.Equal(expectedCorrect, classifier.IsCorrect(samples[s]));
            }

            if (s < 3)
            {
                CheckFiniteDifferences(network, samples[s], gradient, parameters, random);
            }
        }

        // The batch kernel: the same sums, in chunks of 64 rows, over indices in any order, with a repeat.
        var order = Enumerable.Range(0, samples.Length).Reverse().ToArray();
        var batchGradient = new double[count];
        double batchLoss = network.BackwardBatch(samples, order, batchGradient);
        Close.Assert(lossSum, batchLoss, 1e-12, "BackwardBatch E");
        AssertVectorClose(sum, batchGradient, 1e-12, "BackwardBatch ∂E/∂θ");

        var twice = new double[count];
        double repeated = network.BackwardBatch(samples, new[] { 3, 3 }, twice);
        var once = new double[count];
        double single = network.Backward(samples[3], once);
        Close.Assert(2 * single, repeated, 1e-12, "a repeated index");
        AssertVectorClose(once.Select(v => 2 * v).ToArray(), twice, 1e-12, "a repeated index's gradient");
    }

    /// <summary>Central differences of the network's own Loss, parameter by parameter, for a sample of the parameters.</summary>
    private static void CheckFiniteDifferences<TSample>(INetwork<TSample> network, TSample sample, double[] gradient, double[] parameters, Random random)
        where TSample : struct
    {
        double scale = Math.Max(1e-3, gradient.Max(Math.Abs));
        var indices = parameters.Length <= 60 ? Enumerable.Range(0, parameters.Length) : Enumerable.Range(0, 60).Select(_ => random.Next(parameters.Length));
        foreach (int i in indices)
        {
            double h = 1e-6 * Math.Max(1.0, Math.Abs(parameters[i]));
            double numeric = CentralDifference.Partial(network, () => network.Loss(sample), i, h);
            Assert.True(
                Math.Abs(numeric - gradient[i]) <= 1e-6 * Math.Max(scale, Math.Abs(numeric)),
                $"∂E/∂{network.ParameterNames[i]}: generated {gradient[i]:R}, central difference {numeric:R}");
        }

        network.SetParameters(parameters);
    }

    private static double[] ExpectedValues(Description description, (List<double[]> Z, List<double[]> A, double Loss) forward)
    {
        var values = new List<double>();
        for (int l = 0; l < description.Layers.Count; l++)
        {
            values.AddRange(forward.Z[l]);
            string activation = description.Layers[l].Activation;
            bool fused = l == description.Layers.Count - 1 &&
                ((description.Loss == NetworkLoss.SoftmaxCrossEntropy && activation == "Softmax") ||
                 (description.Loss == NetworkLoss.BinaryCrossEntropy && activation == "Sigmoid"));
            if (activation != "Identity" && !fused)
            {
                values.AddRange(forward.A[l]);
            }
        }

        return values.ToArray();
    }

    private static (double[] Input, int Label, double[] Target) MakeSample(Description description, Random random)
    {
        var input = Enumerable.Range(0, description.Inputs).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        int outputs = description.Layers[^1].Units;
        int label = random.Next(outputs);
        var target = Enumerable.Range(0, outputs)
            .Select(_ => description.Loss == NetworkLoss.BinaryCrossEntropy ? random.Next(2) : random.NextDouble() * 2 - 1)
            .ToArray();
        return (input, label, target);
    }

    /// <summary>Relative to the largest element: the gradient as a whole agrees to that many digits.</summary>
    private static void AssertVectorClose(double[] expected, double[] actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-300, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= relative * scale,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (largest element {scale:R})");
        }
    }

    // ---- The networks ---------------------------------------------------------------------------------------

    public sealed record Layer(int Units, string Activation, double Slope);

    public sealed record Description(string Name, int Inputs, NetworkLoss Loss, IReadOnlyList<Layer> Layers)
    {
        public ReferenceNetwork Reference() => new(Inputs, Loss, Layers.Select(l => (l.Units, l.Activation, l.Slope)).ToArray());

        public override string ToString() =>
            $"{Name}: {Inputs}-{string.Join("-", Layers.Select(l => $"{l.Units}({l.Activation})"))} {Loss}";
    }

    private static (Assembly, List<Description>) Compile()
    {
        var random = new Random(20261202);
        var networks = new List<Description>();
        var source = new StringBuilder("using System;\nusing SymbolicGd;\n\nnamespace Tests\n{\n");
        for (int n = 0; n < Networks; n++)
        {
            var loss = (NetworkLoss)(n % Enum.GetValues<NetworkLoss>().Length);
            int depth = 1 + random.Next(4);
            var layers = new List<Layer>();
            for (int l = 0; l < depth; l++)
            {
                bool last = l == depth - 1;
                int units = 1 + random.Next(7);
                if (last && loss == NetworkLoss.SoftmaxCrossEntropy)
                {
                    units = Math.Max(2, units);
                }

                string activation = s_hidden[random.Next(s_hidden.Length)];
                if (last)
                {
                    // Every third last layer tries the compositions the generator fuses: softmax, sigmoid.
                    activation = (n % 9) switch
                    {
                        1 or 4 => loss == NetworkLoss.BinaryCrossEntropy ? "Sigmoid" : "Softmax",
                        _ => activation,
                    };
                    if (activation == "Softmax" && (loss == NetworkLoss.BinaryCrossEntropy || units < 2))
                    {
                        activation = "Identity";
                    }
                }

                layers.Add(new Layer(units, activation, activation == "LeakyRelu" && random.Next(2) == 0 ? 0.2 : 0.01));
            }

            networks.Add(new Description("Net" + n, 1 + random.Next(6), loss, layers));
        }

        networks.AddRange(s_fixed);
        foreach (var description in networks)
        {
            var layers = description.Layers;
            var loss = description.Loss;
            source.Append($"    [Network(Inputs = {description.Inputs}, Loss = NetworkLoss.{loss})]\n");
            foreach (var layer in layers)
            {
                string activation = layer.Activation is "Swish" or "Cube" or "Clipped" ? $"nameof({layer.Activation})" : "Activation." + layer.Activation;
                string slope = layer.Activation == "LeakyRelu" && layer.Slope != 0.01 ? ", NegativeSlope = 0.2" : "";
                source.Append($"    [Dense({layer.Units}, {activation}{slope})]\n");
            }

            source.Append($$"""
                    public partial class {{description.Name}}
                    {
                        public static double Swish(double z) => z * Functions.Sigmoid(z);

                        public static double Cube(double z) => z * z * z / 3;

                        public static double Clipped(double z)
                        {
                            if (z > 1)
                            {
                                return 1 + 0.1 * (z - 1);
                            }

                            return z;
                        }
                    }

                """);
        }

        source.Append("}\n");
        var run = GeneratorHarness.Run(source.ToString()).AssertClean();
        return (run.Load(), networks);
    }
}
