using System.Linq;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// Every layer-stack diagnostic, on exactly the attribute argument it blames. A network with an error generates
/// nothing, never throws and never leaves generated code that fails to compile.
/// </summary>
public sealed class StackDiagnosticTests
{
    private const string Usings = "using System;\nusing SymbolicGd;\n";

    private static GeneratorRun Expect(string markup, int generated = 0)
    {
        var parsed = Markup.Parse(Usings + markup);
        var run = GeneratorHarness.Run(parsed.Source);
        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        parsed.AssertMatches(run.Sgd);
        Assert.Empty(run.GeneratedFileProblems.Select(d => d.ToString()));
        Assert.Empty(run.CompilationErrors.Select(d => d.ToString()));
        Assert.Equal(generated, run.Result.GeneratedSources.Length);
        return run;
    }

    private static string Message(GeneratorRun run) => run.Sgd.Single().GetMessage();

    [Fact]
    public void SGD0040_a_network_without_layers()
    {
        var run = Expect("""
            [Network(Inputs = 4)]
            public partial class {|SGD0040:Net|}
            {
            }
            """);
        Assert.Contains("[Dense(units, activation)]", Message(run));
    }

    [Fact]
    public void SGD0041_a_layer_without_units()
    {
        var run = Expect("""
            [Network(Inputs = 4)]
            [Dense({|SGD0041:0|}, Activation.Tanh)]
            [Dense(1)]
            public partial class Net
            {
            }
            """);
        Assert.Equal("Layer 1 has 0 units: a [Dense] layer has at least 1 unit (its number of outputs)", Message(run));
    }

    [Fact]
    public void SGD0042_no_inputs_or_too_few()
    {
        Expect("""
            [Network({|SGD0042:Inputs = -3|})]
            [Dense(1)]
            public partial class Negative
            {
            }

            [{|SGD0042:Network|}]
            [Dense(1)]
            public partial class Unset
            {
            }
            """);
    }

    [Fact]
    public void SGD0043_softmax_cross_entropy_on_one_output_and_binary_cross_entropy_after_a_softmax()
    {
        var run = Expect("""
            [Network(Inputs = 4, {|SGD0043:Loss = NetworkLoss.SoftmaxCrossEntropy|})]
            [Dense(1)]
            public partial class OneClass
            {
            }

            [Network(Inputs = 4, Loss = NetworkLoss.BinaryCrossEntropy)]
            [{|SGD0043:Dense(3, Activation.Softmax)|}]
            public partial class SoftmaxTagger
            {
            }
            """);
        Assert.Contains("use NetworkLoss.BinaryCrossEntropy", run.Sgd[0].GetMessage());
        Assert.Contains("softmax makes the outputs sum to 1", run.Sgd[1].GetMessage());
    }

    [Fact]
    public void SGD0044_softmax_on_a_hidden_layer_or_on_one_output()
    {
        var run = Expect("""
            [Network(Inputs = 4, Loss = NetworkLoss.SoftmaxCrossEntropy)]
            [Dense(8, {|SGD0044:Activation.Softmax|})]
            [Dense(3)]
            public partial class Hidden
            {
            }

            [Network(Inputs = 4)]
            [Dense(1, {|SGD0044:Activation.Softmax|})]
            public partial class One
            {
            }
            """);
        // The lists come from the activation table, so a new activation appears in them without editing the message.
        var messages = run.Sgd.Select(d => d.GetMessage()).ToArray();
        Assert.Contains(messages, m => m.Contains("layer 1 of 'Hidden'") && m.Contains("hidden layers use Tanh, Sigmoid, Relu, LeakyRelu, Softplus, Gelu, Elu or a custom activation"));
        Assert.Contains(messages, m => m.Contains("layer 1 of 'One'") && m.Contains("the softmax of one output is always 1"));
    }

    [Fact]
    public void SGD0045_an_activation_that_names_no_method()
    {
        var run = Expect("""
            [Network(Inputs = 4)]
            [Dense(3, {|SGD0045:"Swish"|})]
            [Dense(1)]
            public partial class Net
            {
            }
            """);
        Assert.StartsWith("'Swish' is not a method of 'Net'", Message(run));
    }

    [Fact]
    public void SGD0046_an_activation_of_the_wrong_shape()
    {
        Expect("""
            [Network(Inputs = 4)]
            [Dense(3, {|SGD0046:nameof(Instance)|})]
            [Dense(3, {|SGD0046:nameof(TwoArguments)|})]
            [Dense(3, {|SGD0046:nameof(Single)|})]
            [Dense(1, {|SGD0046:nameof(Generic)|})]
            public partial class Net
            {
                public double Instance(double z) => z;
                public static double TwoArguments(double z, double w) => z * w;
                public static float Single(float z) => z;
                public static double Generic<T>(double z) => z;
            }
            """);
    }

    [Fact]
    public void An_activation_written_outside_the_loss_language_gets_the_loss_diagnostics()
    {
        Expect("""
            [Network(Inputs = 4)]
            [Dense(3, nameof(Looping))]
            [Dense(1)]
            public partial class Net
            {
                public static double Looping(double z)
                {
                    double s = 0;
                    {|SGD0011:for|} (int i = 0; i < 3; i++)
                    {
                        s += z;
                    }

                    return s;
                }
            }
            """);
    }

    [Fact]
    public void SGD0047_layers_on_two_partial_declarations()
    {
        Expect("""
            [Network(Inputs = 4)]
            [Dense(3, Activation.Tanh)]
            public partial class Net
            {
            }

            [{|SGD0047:Dense(1)|}]
            public partial class Net
            {
            }
            """);
    }

    [Fact]
    public void SGD0048_a_network_that_is_also_a_scalar_model()
    {
        Expect("""
            [Network(Inputs = 4)]
            [Dense(1)]
            public partial class Net
            {
                [Param] public double {|SGD0048:w|};

                [Loss] public double {|SGD0048:L|}() => w * w;
            }

            [Differentiable]
            [Network(Inputs = 4)]
            [Dense(1)]
            public partial class {|SGD0048:Both|}
            {
                [Param] public double {|SGD0048:w|};

                [Loss] public double {|SGD0048:L|}() => w * w;
            }
            """);
    }

    [Fact]
    public void SGD0049_a_negative_slope_on_a_layer_that_is_not_leaky_or_not_finite()
    {
        Expect("""
            [Network(Inputs = 4)]
            [Dense(3, Activation.Tanh, {|SGD0049:NegativeSlope = 0.2|})]
            [Dense(1, Activation.LeakyRelu, {|SGD0049:NegativeSlope = double.NaN|})]
            public partial class Net
            {
            }
            """);
    }

    [Fact]
    public void SGD0050_values_that_are_not_defined()
    {
        var run = Expect("""
            [Network(Inputs = 4, {|SGD0050:Loss = (NetworkLoss)7|})]
            [Dense(3, {|SGD0050:(Activation)42|})]
            [Dense(1)]
            public partial class Net
            {
            }
            """);
        Assert.Contains(run.Sgd, d => d.GetMessage().Contains("(Activation)42") &&
            d.GetMessage().Contains("Activation.Softmax, Activation.Gelu, Activation.Elu, or nameof(a static double → double method of the class)"));
    }

    [Fact]
    public void SGD0050_a_precision_that_is_not_defined()
    {
        var run = Expect("""
            [Network(Inputs = 4, {|SGD0050:Precision = (Precision)2|})]
            [Dense(1)]
            public partial class Net
            {
            }
            """);

        Assert.Equal("(Precision)2 is not a defined Precision: use one of Precision.Double, Precision.Single", Message(run));
    }

    [Fact]
    public void SGD0053_a_float32_activation_with_a_constant_float_cannot_hold()
    {
        const string network = """
            public partial class Net
            {
                public static double Clipped(double z) => z > 1e39 ? 1e39 : z * 1e-50 + z;
            }
            """;
        var run = Expect("""
            [Network(Inputs = 4, Precision = Precision.Single)]
            [{|SGD0053:Dense(3, nameof(Clipped))|}]
            [Dense(1)]
            """ + network);

        Assert.Equal(
            "The activation 'Clipped' of layer 1 uses the constant 1E+39, which is ∞ in float, and a Precision.Single network computes its activations in float: " +
            "use a constant within float's range (magnitudes about 1.2e-38 to 3.4e38), or Precision.Double",
            Message(run));

        // The same activation in double is fine.
        Expect("""
            [Network(Inputs = 4)]
            [Dense(3, nameof(Clipped))]
            [Dense(1)]
            """ + network, generated: 1);
    }

    [Fact]
    public void SGD0051_layers_without_a_network_attribute_warn()
    {
        Expect("""
            [{|SGD0051:Dense(3)|}]
            [Dense(1)]
            public partial class Net
            {
            }
            """);
    }

    [Fact]
    public void SGD0052_an_activation_whose_derivative_is_zero_warns_and_still_generates()
    {
        var run = Expect("""
            [Network(Inputs = 4)]
            [{|SGD0052:Dense(3, nameof(Step))|}]
            [Dense(1)]
            public partial class Net
            {
                public static double Step(double z) => Math.Sign(z);
            }
            """, generated: 1);
        Assert.Contains("layer 1", Message(run));
    }

    [Fact]
    public void A_network_class_must_be_partial_and_must_not_reuse_generated_names()
    {
        Expect("""
            [Network(Inputs = 4)]
            [Dense(1)]
            public class {|SGD0001:NotPartial|}
            {
            }

            [Network(Inputs = 4)]
            [Dense(2, Activation.Tanh)]
            [Dense(1)]
            public partial class Clashes
            {
                public double[] {|SGD0023:W2|} = new double[2];
                public void {|SGD0023:Predict|}() { }
            }
            """);
    }

    [Fact]
    public void A_network_with_a_C_sharp_error_in_its_activation_is_left_to_the_compiler()
    {
        var parsed = Markup.Parse(Usings + """
            [Network(Inputs = 4)]
            [Dense(3, nameof(Broken))]
            [Dense(1)]
            public partial class Net
            {
                public static double Broken(double z) => z * undefined;
            }
            """);
        var run = GeneratorHarness.Run(parsed.Source);
        Assert.Null(run.Result.Exception);
        Assert.Empty(run.Sgd);
        Assert.Empty(run.Result.GeneratedSources);
        Assert.Contains(run.CompilationErrors, d => d.Id == "CS0103");
    }
}
