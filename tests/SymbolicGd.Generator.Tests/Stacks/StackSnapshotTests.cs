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
    public void Sigmoid_fused_into_binary_cross_entropy() => VerifyGenerated("""
            [Network(Inputs = 2, Loss = NetworkLoss.BinaryCrossEntropy)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class Xor
            {
            }
        """);
}
