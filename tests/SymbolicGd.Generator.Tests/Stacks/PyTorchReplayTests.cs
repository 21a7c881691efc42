using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// PyTorch's float64 autograd against the generated code of tools/external-user-check's models (four scalar losses
/// and five layer stacks covering every activation and loss), replayed from Reference/external-user.json
/// (tools/reference/external_user.py): 70 values with their gradients, no Python at test time. The worst difference
/// is 5.6e-16 (relative, floor 1: a few ulps, from the kernels' order of summation); the README states the bound.
/// </summary>
public sealed class PyTorchReplayTests(ITestOutputHelper output)
{
    /// <summary>The README's bound: every value and gradient component within 1e-15, relative with a floor of 1.</summary>
    private const double Tolerance = 1e-15;

    [Fact]
    public void Every_value_and_gradient_agrees_with_pytorch_to_1e_minus_15()
    {
        using JsonDocument reference = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "external-user.json")));
        double worst = 0.0;
        string worstAt = "";
        int records = 0, stacks = 0;
        foreach (JsonElement record in reference.RootElement.GetProperty("records").EnumerateArray())
        {
            string name = record.GetProperty("name").GetString()!;
            double[] parameters = Doubles(record.GetProperty("parameters"));
            (double value, double[] gradient) = record.TryGetProperty("kind", out _)
                ? Stack(name, parameters, record.GetProperty("inputs"), record.GetProperty("answers"))
                : Scalar(name, parameters, Doubles(record.GetProperty("sample")));
            double[] expected = [record.GetProperty("value").GetDouble(), .. Doubles(record.GetProperty("gradient"))];
            double[] actual = [value, .. gradient];
            Assert.Equal(expected.Length, actual.Length);
            for (int k = 0; k < expected.Length; k++)
            {
                double difference = Math.Abs(expected[k] - actual[k]) / Math.Max(1.0, Math.Abs(expected[k]));
                if (!(difference <= worst))
                {
                    worst = difference;
                    worstAt = $"{name} record {records}, {(k == 0 ? "value" : $"∂/∂θ{k - 1}")}: PyTorch {expected[k]:R}, generated {actual[k]:R}";
                }
            }

            records++;
            stacks += record.TryGetProperty("kind", out _) ? 1 : 0;
        }

        Assert.Equal(70, records);
        Assert.Equal(50, stacks);
        output.WriteLine($"{records} records ({stacks} of layer stacks), worst difference {worst:G3} (relative, floor 1) at {worstAt}");
        Assert.True(worst <= Tolerance, $"worst difference {worst:R} > {Tolerance:R} at {worstAt}");
    }

    private static (double Value, double[] Gradient) Scalar(string name, double[] parameters, double[] s) => name switch
    {
        "TinyMlp" => Backward(new NewUser.TinyMlp(), parameters, new NewUser.TinyMlp.Sample(s[0], s[1], s[2])),
        "Logistic" => Backward(new NewUser.Logistic(), parameters, new NewUser.Logistic.Sample(s[0], s[1], s[2])),
        "Robust" => Backward(new NewUser.Robust(), parameters, new NewUser.Robust.Sample(s[0], s[1])),
        "Kitchen" => Backward(new NewUser.Kitchen(), parameters, new NewUser.Kitchen.Sample(s[0])),
        _ => throw new ArgumentException($"No scalar model {name}.", nameof(name)),
    };

    private static (double Value, double[] Gradient) Stack(string name, double[] parameters, JsonElement inputs, JsonElement answers)
    {
        double[][] x = inputs.EnumerateArray().Select(Doubles).ToArray();
        JsonElement[] y = answers.EnumerateArray().ToArray();
        return name switch
        {
            "Classifier" => Batch(new NewUser.Classifier(), parameters, x.Select((v, i) => new NewUser.Classifier.Sample(v, y[i].GetInt32())).ToArray()),
            "NaiveClassifier" => Batch(new NewUser.NaiveClassifier(), parameters, x.Select((v, i) => new NewUser.NaiveClassifier.Sample(v, y[i].GetInt32())).ToArray()),
            "Tagger" => Batch(new NewUser.Tagger(), parameters, x.Select((v, i) => new NewUser.Tagger.Sample(v, Doubles(y[i]))).ToArray()),
            "Regressor" => Batch(new NewUser.Regressor(), parameters, x.Select((v, i) => new NewUser.Regressor.Sample(v, Doubles(y[i]))).ToArray()),
            "SwishNet" => Batch(new NewUser.SwishNet(), parameters, x.Select((v, i) => new NewUser.SwishNet.Sample(v, Doubles(y[i]))).ToArray()),
            _ => throw new ArgumentException($"No layer stack {name}.", nameof(name)),
        };
    }

    private static (double, double[]) Backward<TSample>(IDifferentiableLoss<TSample> model, double[] parameters, TSample sample)
        where TSample : struct
    {
        model.SetParameters(parameters);
        double[] gradient = new double[model.ParameterCount];
        return (model.Backward(in sample, gradient), gradient);
    }

    /// <summary>One sample through Backward, a batch through BackwardBatch, as tools/external-user-check does.</summary>
    private static (double, double[]) Batch<TSample>(INetwork<TSample> network, double[] parameters, TSample[] samples)
        where TSample : struct
    {
        if (samples.Length == 1)
        {
            return Backward(network, parameters, samples[0]);
        }

        network.SetParameters(parameters);
        double[] gradient = new double[network.ParameterCount];
        int[] order = Enumerable.Range(0, samples.Length).ToArray();
        return (network.BackwardBatch(samples, order, gradient), gradient);
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
