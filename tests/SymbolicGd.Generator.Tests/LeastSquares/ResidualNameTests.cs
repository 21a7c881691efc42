using System;
using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.LeastSquares;

/// <summary>
/// [Residual] models whose names meet the generated ones (the loss's preferred name, the row's argument, the residual's
/// own name as a local or an argument), or whose residual reads a parameter nowhere: each generates code that compiles
/// and computes r, ∂r/∂θ and ½r².
/// </summary>
public class ResidualNameTests
{
    /// <summary>Compiles the model, sets its parameters, and returns (r, row, loss, gradient) at the data.</summary>
    private static (double Residual, double[] Row, double Loss, double[] Gradient, Type Type) Run(string members, double[] parameters, params double[] data)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model(members));
        Assert.Null(run.Result.Exception);
        Assert.Empty(run.Sgd.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()));
        Assert.Empty(run.CompilationErrors.Select(d => d.ToString()));
        Assert.Empty(run.GeneratedFileProblems.Select(d => $"{d.Id}: {d.GetMessage()} at {d.Location.GetLineSpan()}: {d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line]}"));
        Type type = run.Load().GetType("Tests.Model", throwOnError: true)!;
        var model = (IDifferentiable)Activator.CreateInstance(type)!;
        model.SetParameters(parameters);
        var row = new double[parameters.Length];
        var gradient = new double[parameters.Length];
        MethodInfo residualGradient = type.GetMethods().Single(m => m.Name == "ResidualGradient" && m.GetParameters().Length == data.Length + 1);
        MethodInfo backward = type.GetMethods().Single(m => m.Name == "Backward" && m.GetParameters().Length == data.Length + 1 && m.GetParameters()[0].ParameterType == typeof(double));
        double r = Invoke(residualGradient, model, data, row);
        double loss = Invoke(backward, model, data, gradient);
        return (r, row, loss, gradient, type);
    }

    private static double Invoke(MethodInfo method, object model, double[] data, double[] span)
    {
        // A Span cannot be boxed: call through a delegate of the exact shape.
        return data.Length switch
        {
            1 => method.CreateDelegate<Call1>(model)(data[0], span),
            2 => method.CreateDelegate<Call2>(model)(data[0], data[1], span),
            _ => throw new ArgumentException($"{data.Length} data arguments", nameof(data)),
        };
    }

    private delegate double Call1(double x, Span<double> span);

    private delegate double Call2(double x, double y, Span<double> span);

    [Fact]
    public void A_local_named_Loss_moves_the_loss_to_the_name_L()
    {
        var (r, row, loss, gradient, type) = Run(
            """
                    [Param] public double w = 3;
                    [Residual]
                    public double R(double x, double y)
                    {
                        double Loss = w * x;
                        return Loss - y;
                    }
            """,
            new[] { 3.0 }, 2.0, 1.0);
        Assert.Equal(5.0, r);
        Assert.Equal(new[] { 2.0 }, row);
        Assert.Equal(12.5, loss);
        Assert.Equal(new[] { 10.0 }, gradient);
        var derivatives = (System.Collections.Generic.IReadOnlyList<Derivative>)type.GetProperty("Derivatives")!.GetValue(null)!;
        Assert.Equal(new[] { "∂L/∂w = x·R", "∂R/∂w = x" }, derivatives.Select(d => d.ToString()));
    }

    [Fact]
    public void Data_arguments_named_jacobianRow_and_like_the_residual_itself()
    {
        var (r, row, loss, gradient, _) = Run(
            """
                    [Param] public double a = 2, b = 1;
                    [Residual] public double R(double jacobianRow, double R) => a * jacobianRow * jacobianRow + b - R;
            """,
            new[] { 2.0, 1.0 }, 3.0, 4.0);
        Assert.Equal(2 * 9 + 1 - 4, r);
        Assert.Equal(new[] { 9.0, 1.0 }, row);
        Assert.Equal(0.5 * 15 * 15, loss);
        Assert.Equal(new[] { 15.0 * 9, 15.0 }, gradient);
    }

    [Fact]
    public void A_residual_that_ignores_a_parameter_writes_zero_for_it_and_warns()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model(
            """
                    [Param] public double a = 2, unused = 7;
                    [Residual] public double R(double x, double y) => a * x - y;
            """));
        Assert.Equal(new[] { "SGD0027" }, run.Sgd.Select(d => d.Id));
        Assert.Empty(run.CompilationErrors);

        var (r, row, _, gradient, _) = Run(
            """
                    [Param] public double a = 2, unused = 7;
                    [Residual] public double R(double x, double y) => a * x - y;
            """,
            new[] { 2.0, 7.0 }, 3.0, 1.0);
        Assert.Equal(5.0, r);
        Assert.Equal(new[] { 3.0, 0.0 }, row);
        Assert.Equal(new[] { 15.0, 0.0 }, gradient);
    }
}
