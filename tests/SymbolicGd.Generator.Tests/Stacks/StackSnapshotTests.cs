using System;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// The generated source of representative layer stacks, compared with the snapshots under Stacks/Snapshots/: the
/// digits classifier of the issue, a user-written activation with a branch, and a fused sigmoid.
/// </summary>
public sealed class StackSnapshotTests
{
    private static void VerifyGenerated(string declaration, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        string source = "using System;\nusing SymbolicGd;\n\nnamespace Samples\n{\n" + declaration + "\n}\n";
        var run = GeneratorHarness.Run(source).AssertClean();
        Snapshot.Verify(run.Source, test: test);
    }

    [Fact]
    public void Digits_classifier() => VerifyGenerated("""
            [Network(Inputs = 64, Loss = NetworkLoss.SoftmaxCrossEntropy)]
            [Dense(32, Activation.Tanh)]
            [Dense(10)]
            public partial class DigitsNet
            {
            }
        """);

    [Fact]
    public void Custom_activation_with_a_branch() => VerifyGenerated("""
            [Network(Inputs = 3, Loss = NetworkLoss.SquaredError)]
            [Dense(8, nameof(SoftClip))]
            [Dense(2, Activation.Relu)]
            [Dense(1)]
            public partial class Regressor
            {
                public static double SoftClip(double z)
                {
                    double s = Functions.Sigmoid(z);
                    if (z > 2)
                    {
                        return 2 + 0.1 * (z - 2);
                    }

                    return z * s;
                }
            }
        """);

    [Fact]
    public void Float32_classifier_with_a_custom_activation() => VerifyGenerated("""
            [Network(Inputs = 4, Loss = NetworkLoss.SoftmaxCrossEntropy, Precision = Precision.Single)]
            [Dense(8, nameof(SoftClip))]
            [Dense(6, Activation.LeakyRelu, NegativeSlope = 0.1)]
            [Dense(3)]
            public partial class SingleNet
            {
                public const double Knee = 2.5;

                public static double SoftClip(double z)
                {
                    if (z > Knee)
                    {
                        return Knee + 0.1 * Math.Tanh(z - Knee);
                    }

                    return z * Functions.Sigmoid(z);
                }
            }
        """);

    [Fact]
    public void Float32_regressor_with_gelu_and_elu() => VerifyGenerated("""
            [Network(Inputs = 3, Loss = NetworkLoss.SquaredError, Precision = Precision.Single)]
            [Dense(4, Activation.Gelu)]
            [Dense(3, Activation.Elu)]
            [Dense(1)]
            public partial class GeluEluNet
            {
            }
        """);

    [Fact]
    public void Sigmoid_fused_into_binary_cross_entropy() => VerifyGenerated("""
            [Network(Inputs = 2, Loss = NetworkLoss.BinaryCrossEntropy)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class Xor
            {
            }
        """);
    [Fact]
    public void A_one_unit_network_is_documented_in_the_singular()
    {
        string source = "using SymbolicGd;\n\nnamespace Samples\n{\n" + """
                [Network(Inputs = 1, Loss = NetworkLoss.SquaredError)]
                [Dense(1)]
                public partial class Scale
                {
                }
            """ + "\n}\n";
        string generated = GeneratorHarness.Run(source).AssertClean().Source;

        Assert.Contains("/// <summary>One sample for Scale: an input x of 1 value and its target t.</summary>", generated, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"Input\">x: 1 value.</param>", generated, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"Target\">t: 1 value.</param>", generated, StringComparison.Ordinal);
        Assert.Contains("/// W1, the 1 × 1 weight of layer 1, row-major as <c>torch.nn.Linear.weight</c>:", generated, StringComparison.Ordinal);
        Assert.Contains("A view of the parameter vector (element 0): writing it changes the network.", generated, StringComparison.Ordinal);
        Assert.Contains("/// <summary>b1, the bias of layer 1: a view of the parameter vector (element 1).</summary>", generated, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"output\">1 element, overwritten.</param>", generated, StringComparison.Ordinal);
        Assert.Contains("Checks.Length(input.Length, 1, nameof(input), \"input\", ", generated, StringComparison.Ordinal);
        Assert.Contains("Checks.Length(output.Length, 1, nameof(output), \"output\", ", generated, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b1 (values|elements|biases|weights|inputs|outputs)\b", generated);
        Assert.DoesNotMatch(@"elements (\d+) to \1\b", generated);
    }
}
