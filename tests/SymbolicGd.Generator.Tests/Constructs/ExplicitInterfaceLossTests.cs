using System;
using System.Linq;
using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// A [Loss] that explicitly implements an interface member (<c>double ILoss.L(double x)</c>) has no name of its own
/// in the class: its value is named after the interface member, and generated code calls it through the interface.
/// Each model compiles with no diagnostic at all (the generated documentation's crefs resolve too), and its gradient
/// agrees with central differences of the user's own method.
/// </summary>
public class ExplicitInterfaceLossTests
{
    private const string Source = """
        using System;
        using SymbolicGd;

        namespace Explicit
        {
            public interface ILoss { double L(double x); }
            public interface IObjective { double Value(); }
            public interface IFit { double Error(double x, double y); }
            public interface IGeneric<T> { double Loss(double x); }
            public interface IKeyword { double @double(double @in); }

            // The issue's model: an expression body with a data argument.
            [Differentiable]
            public partial class Quadratic : ILoss
            {
                [Param] public double p0 = 1;
                [Loss] double ILoss.L(double x) => p0 * x * x;
            }

            // No data, a block body, an argument-free interface member.
            [Differentiable]
            public partial class Objective : IObjective
            {
                [Param] public double a = 1, b = 2;
                [Loss]
                double IObjective.Value()
                {
                    double s = a * a;
                    return s + Math.Sin(b);
                }
            }

            // Data arguments and a block body with a branch; a field named like the loss's value, which the loss reads.
            [Differentiable]
            public partial class Fit : IFit
            {
                [Param] public double w = 0.5, b = -0.25;
                public readonly double Error = 2;
                [Loss]
                double IFit.Error(double x, double y)
                {
                    double e = w * x + b - y;
                    if (e < 0) { e = -e * Error; }
                    return e * e;
                }
            }

            // A generic interface, implemented for a type argument; a record, nested in a partial class.
            public partial class Outer
            {
                [Differentiable]
                public partial record Generic : IGeneric<int>
                {
                    [Param] public double k;
                    [Loss] double IGeneric<int>.Loss(double x) => Math.Exp(k * x);
                }
            }

            // Names that are keywords.
            [Differentiable]
            public partial class Keyword : IKeyword
            {
                [Param] public double v = 1;
                [Loss] double IKeyword.@double(double @in) => v * v * @in;
            }
        }
        """;

    private static readonly Lazy<(GeneratorRun Run, System.Reflection.Assembly Assembly)> s_compiled = new(() =>
    {
        var run = GeneratorHarness.Run(Source);
        return (run, run.Load());
    });

    [Fact]
    public void Every_model_compiles_with_no_diagnostic()
    {
        var run = s_compiled.Value.Run;
        run.AssertClean();
        Assert.Empty(run.GeneratorDiagnostics);
        // Nothing at all but the test source's own undocumented public members (CS1591, as documentation is diagnosed).
        Assert.Empty(run.Output.GetDiagnostics()
            .Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning && !(d.Id == "CS1591" && d.Location.SourceTree!.FilePath == "Model0.cs"))
            .Select(d => d.ToString()));
        Assert.Equal(5, run.Result.GeneratedSources.Length);
    }

    [Theory]
    [InlineData(1.0, 3.0)]
    [InlineData(-0.7, 0.4)]
    public void The_issue_s_model_ILoss_L(double p0, double x)
    {
        var model = Create("Explicit.Quadratic", p0);

        // L = p0·x²: ∂L/∂p0 = x².
        var gradient = CheckLoaded(model, new[] { x });
        Assert.Equal(x * x, gradient[0], 15);
        var derivative = Assert.Single(((IDifferentiable)model).Derivatives);
        Assert.Equal(("L", "p0", "x²"), (derivative.Loss, derivative.Parameter, derivative.Formula));

        // IDifferentiableLoss<Sample>.Loss calls the user's method through ILoss.
        Assert.Equal(p0 * x * x, (double)model.GetType().GetInterface("ILoss")!.GetMethod("L")!.Invoke(model, new object[] { x })!);
        Assert.Equal(p0 * x * x, (double)model.GetType().GetMethod("Loss")!.Invoke(model, new[] { Sample(model, x) })!);
    }

    [Theory]
    [InlineData(1.5, 0.3)]
    [InlineData(-0.2, 2.0)]
    public void A_block_body_without_data(double a, double b)
    {
        var model = (IDifferentiableLoss)Create("Explicit.Objective", a, b);
        var gradient = CheckLoaded(model, Array.Empty<double>());
        Assert.Equal(new[] { 2 * a, Math.Cos(b) }, gradient);
        Assert.Equal(a * a + Math.Sin(b), model.Loss());
        Assert.Equal(new[] { "Value", "Value" }, model.Derivatives.Select(d => d.Loss));
        Assert.Equal(new[] { "s" }, model.IntermediateNames);
    }

    [Theory]
    [InlineData(0.5, -0.25, 1.5, 0.1)]  // e = 0.4 ≥ 0
    [InlineData(0.5, -0.25, 1.5, 2.0)]  // e = −1.5 < 0: e = −e·Error
    public void Data_arguments_a_branch_and_a_field_named_like_the_value(double w, double b, double x, double y)
    {
        var model = Create("Explicit.Fit", w, b);
        var gradient = CheckLoaded(model, new[] { x, y });

        // L = (s·(w·x + b − y))² with s = 1, or −2 on the branch: ∂L/∂w = 2·s²·e₀·x, ∂L/∂b = 2·s²·e₀.
        double e0 = w * x + b - y;
        double s2 = e0 < 0 ? 4 : 1;
        Assert.Equal(2 * s2 * e0 * x, gradient[0], 14);
        Assert.Equal(2 * s2 * e0, gradient[1], 14);
        Assert.Equal(new[] { "Error", "Error" }, ((IDifferentiable)model).Derivatives.Select(d => d.Loss));
    }

    [Theory]
    [InlineData(0.3, 2.0)]
    [InlineData(-1.1, 0.5)]
    public void A_generic_interface_on_a_nested_record(double k, double x)
    {
        var model = Create("Explicit.Outer+Generic", k);
        var gradient = CheckLoaded(model, new[] { x });
        Assert.Equal(x * Math.Exp(k * x), gradient[0], 14);
    }

    [Fact]
    public void Keywords_as_the_member_and_argument_names()
    {
        var model = Create("Explicit.Keyword", 1.25);
        var gradient = CheckLoaded(model, new[] { 3.0 });
        Assert.Equal(2 * 1.25 * 3.0, gradient[0]);
        Assert.Equal("double", ((IDifferentiable)model).Derivatives[0].Loss);
    }

    [Fact]
    public void The_generated_code_calls_the_loss_through_the_interface()
    {
        string quadratic = s_compiled.Value.Run.Sources.Single(s => s.Key.Contains("Quadratic", StringComparison.Ordinal)).Value;
        Assert.Contains("public double Loss(in Sample sample) => ((global::Explicit.ILoss)this).L(sample.x);", quadratic);
        Assert.Contains("<see cref=\"global::Explicit.ILoss.L(double)\"/>", quadratic);
        Assert.Contains("∂L/∂p0 = x²", quadratic);

        string objective = s_compiled.Value.Run.Sources.Single(s => s.Key.Contains("Objective", StringComparison.Ordinal)).Value;
        Assert.Contains("double global::SymbolicGd.IDifferentiableLoss.Loss() => ((global::Explicit.IObjective)this).Value();", objective);

        string generic = s_compiled.Value.Run.Sources.Single(s => s.Key.Contains("Generic", StringComparison.Ordinal)).Value;
        Assert.Contains("((global::Explicit.IGeneric<int>)this).Loss(sample.x)", generic);
        Assert.Contains("cref=\"global::Explicit.IGeneric{T}.Loss(double)\"", generic);

        string keyword = s_compiled.Value.Run.Sources.Single(s => s.Key.Contains("Keyword", StringComparison.Ordinal)).Value;
        Assert.Contains("((global::Explicit.IKeyword)this).@double(sample.@in)", keyword);
    }

    private static object Create(string typeName, params double[] parameters) =>
        LoadedModels.Create(s_compiled.Value.Assembly, typeName, parameters);

    private static object Sample(object model, params double[] values) =>
        Activator.CreateInstance(model.GetType().GetNestedType("Sample")!, values.Cast<object>().ToArray())!;
}
