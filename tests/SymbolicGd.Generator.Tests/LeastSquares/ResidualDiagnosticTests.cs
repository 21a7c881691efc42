using System.Linq;
using SymbolicGd.Generator.Tests.Diagnostics;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.LeastSquares;

/// <summary>The diagnostics of a [Residual] model's shape (SGD0070–SGD0074), each on exactly the syntax it blames.</summary>
public class ResidualDiagnosticTests
{
    private static string Message(GeneratorRun run, string id) => run.Sgd.Single(d => d.Id == id).GetMessage();

    [Fact]
    public void SGD0070_a_loss_and_a_residual()
    {
        var run = DiagnosticTests.Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Loss] public double L(double x) => w * x;
                [Residual] public double {|SGD0070:R|}(double x, double y) => w * x - y;
            }
            """);
        Assert.Equal(
            "'R' is a [Residual] method of 'Model', which also has the [Loss] method 'L': a least-squares model's loss is ½r² of its residual; remove [Loss], or remove [Residual] and write the loss yourself",
            Message(run, "SGD0070"));
    }

    [Fact]
    public void SGD0071_a_second_residual()
    {
        var run = DiagnosticTests.Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Residual] public double R(double x, double y) => w * x - y;
                [Residual] public double {|SGD0071:S|}(double x, double y) => w * w * x - y;
            }
            """);
        Assert.StartsWith("'S' is a second [Residual] method of 'Model' (the first is 'R')", Message(run, "SGD0071"));
    }

    [Fact]
    public void SGD0072_a_residual_that_is_not_a_double()
    {
        var run = DiagnosticTests.Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Residual] public {|SGD0072:float|} R(double x, double y) => (float)(w * x - y);
            }
            """);
        Assert.StartsWith("The [Residual] method 'R' returns 'float': a residual is one double per sample", Message(run, "SGD0072"));
    }

    [Fact]
    public void SGD0073_a_residual_without_data()
    {
        var run = DiagnosticTests.Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Residual] public double {|SGD0073:R|}() => w - 1;
            }
            """);
        Assert.StartsWith("The [Residual] method 'R' has no arguments", Message(run, "SGD0073"));
    }

    [Fact]
    public void SGD0074_a_residual_with_a_loop_or_an_array()
    {
        var run = DiagnosticTests.Expect("""
            [Differentiable]
            public partial class Loop
            {
                [Param] public double w;
                [Residual]
                public double {|SGD0074:R|}(double[] x, double y)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++) s += w * x[i];
                    return s - y;
                }
            }

            [Differentiable]
            public partial class Array
            {
                [Param] public double[] w = new double[2];
                [Residual] public double {|SGD0074:R|}(double x, double y) => w[0] * x + w[1] - y;
            }
            """);
        Assert.StartsWith("The [Residual] method 'R' uses arrays or loops, which least-squares models do not support yet", run.Sgd.First(d => d.Id == "SGD0074").GetMessage());
    }

    [Fact]
    public void SGD0023_a_member_named_like_a_generated_least_squares_member()
    {
        var run = DiagnosticTests.Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Residual] public double R(double x, double y) => w * x - y;
                public double {|SGD0023:ResidualGradient|}() => 0;
            }
            """);
        Assert.Contains("ResidualGradient", Message(run, "SGD0023"));
    }

    [Fact]
    public void SGD0048_a_residual_on_a_network()
    {
        DiagnosticTests.Expect("""
            [Network(Inputs = 1, Loss = NetworkLoss.SquaredError)]
            [Dense(1)]
            public partial class Net
            {
                [Residual] public double {|SGD0048:R|}(double x, double y) => x - y;
            }
            """, generated: 0);
    }

    [Fact]
    public void A_residual_with_a_shape_error_of_a_loss_gets_SGD0009()
    {
        var run = DiagnosticTests.Expect("""
            [Differentiable]
            public partial class Model
            {
                [Param] public double w;
                [Residual] public static double {|SGD0009:R|}(double x, double y) => x - y;
            }
            """);
        Assert.Contains("is static", Message(run, "SGD0009"));
    }

    [Fact]
    public void A_second_model_beside_a_faulty_one_is_still_generated()
    {
        DiagnosticTests.Expect("""
            [Differentiable]
            public partial class Fine
            {
                [Param] public double w;
                [Residual] public double Residual(double x, double y) => w * x - y;
            }

            [Differentiable]
            public partial class Faulty
            {
                [Param] public double w;
                [Residual] public double {|SGD0073:R|}() => w - 1;
            }
            """, generated: 1);
    }
}
