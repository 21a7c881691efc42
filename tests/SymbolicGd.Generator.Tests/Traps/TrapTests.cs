using System;
using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Generator.Tests.Scale;

namespace SymbolicGd.Generator.Tests.Traps;

/// <summary>
/// Mistakes that used to pass in silence or make things worse: two members of one name, a heap allocation per
/// call for large models, the order of parameters declared on several partial declarations.
/// </summary>
public class TrapTests
{
    [Theory]
    [InlineData("[Param] public double p1, p1;\n[Loss] public double L() => p1 * p1;", "CS0102")]
    [InlineData("[Param] public double p1;\npublic double p1 = 2;\n[Loss] public double L() => p1 * p1;", "CS0102")]
    [InlineData("[Param] public double p1;\n[Loss] public double L(double x, double x) => p1 * x;", "CS0100")]
    // Found by the mutation fuzzer (seed 5006): a loss named like a [Param] made the generated file fail with CS0428.
    [InlineData("[Param] public double p0, p1;\n[Loss] public double p0(double x) => p1 * x;", "CS0102")]
    public void Two_members_or_arguments_of_one_name_add_no_errors_to_the_users(string members, string userError)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model(members));

        Assert.Null(run.Result.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Result.GeneratedSources);
        // Only the user's own error: no CS0100 from a generated Gradient(double p1, double p1), no CS0102 twice.
        var errors = run.CompilationErrors;
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Id == userError);
        Assert.DoesNotContain(errors, e => e.Id == "CS0100" && userError != "CS0100");
        Assert.All(errors, e => Assert.Equal("Model0.cs", e.Location.SourceTree!.FilePath));
    }

    [Theory]
    [InlineData(600)]
    [InlineData(20)]
    public void ValueAndGradient_does_not_allocate_per_call_above_the_stack_limit(int parameters)
    {
        // The probe is compiled with the model so that nothing of the test's own (reflection, boxing) is measured.
        string source = ScaleLosses.ManyParameters(parameters).Replace("[Loss]", """
                public static long AllocatedByOneCall(Model model, out double value, out double first)
                {
                    model.ValueAndGradient();
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    var (v, gradient) = model.ValueAndGradient();
                    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    value = v;
                    first = gradient.p0;
                    return allocated;
                }

                [Loss]
            """);
        var run = GeneratorHarness.Run(source).AssertClean();
        var type = run.Load().GetType("Tests.Model")!;
        var model = (IDifferentiableLoss)Activator.CreateInstance(type)!;
        var arguments = new object?[] { model, null, null };

        long allocated = (long)type.GetMethod("AllocatedByOneCall", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments)!;

        Assert.Equal(0, allocated);
        var gradient = new double[parameters];
        double value = model.Backward(gradient);
        Assert.Equal(value, (double)arguments[1]!);
        Assert.Equal(gradient[0], (double)arguments[2]!);
        Assert.NotEqual(0, gradient[0]);
    }

    [Fact]
    public void Parameters_of_several_declarations_in_one_file_are_in_text_order()
    {
        var run = GeneratorHarness.Run("""
            using SymbolicGd;

            namespace Tests
            {
                public partial class Model
                {
                    [Param] public double c = 3;
                }

                [Differentiable]
                public partial class Model
                {
                    [Param] public double a = 1;
                    [Loss] public double L() => a * b * c * d;
                }

                public partial class Model
                {
                    [Param] public double b = 2, d = 4;
                }
            }
            """).AssertClean();
        var model = (IDifferentiableLoss)Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;

        Assert.Equal(new[] { "c", "a", "b", "d" }, model.ParameterNames.ToArray());
        var gradient = new double[4];
        Assert.Equal(24, model.Backward(gradient));
        Assert.Equal(new[] { 24 / 3.0, 24 / 1.0, 24 / 2.0, 24 / 4.0 }, gradient);
    }
}
