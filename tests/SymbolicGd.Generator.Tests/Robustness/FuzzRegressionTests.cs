using System;
using System.Linq;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>The smallest reproducers of what the fuzzer found, kept as regression tests.</summary>
public class FuzzRegressionTests
{
    [Fact]
    public void A_local_assigned_under_a_constant_condition_is_assigned_after_the_if()
    {
        // Found by RandomLossTests (seed 1000, `if (true) { b = …; } else { b = …; }`): Lowering skipped the branch
        // a constant condition never takes, then joined the taken branch's value with 'unassigned' from it, so the
        // next read threw InvalidSourceException and the model silently generated nothing, with no diagnostic.
        var run = GeneratorHarness.Run(GeneratorHarness.Model("""
                [Param] public double w = 0.5;
                private const double Mode = 1;

                [Loss]
                public double L(double x)
                {
                    double y;
                    if (Mode > 0)
                    {
                        y = w * x;
                    }
                    else
                    {
                        y = -w * x;
                    }

                    return y * y;
                }
            """)).AssertClean();

        dynamic model = Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;
        var result = model.ValueAndGradient(3.0);
        Assert.Equal(2.25, (double)result.Item1);
        Assert.Equal(2 * 1.5 * 3.0, (double)result.Item2.w);
    }

    [Fact]
    public void Where_nested_branches_return_is_a_bool_in_generated_code()
    {
        // Found by RandomLossTests (seed 1000): early returns under different conditions on the two branches of
        // an if make "where the method has returned" a choice between two conditions, c1 ? c2 : c3. Graph.Select
        // kept it a Select node, which generated code declares double, so a guard used twice became
        // 'double t = c1 ? c2 : c3;' and the generated file did not compile (CS0029).
        var run = GeneratorHarness.Run(GeneratorHarness.Model("""
                [Param] public double w = 1.5;

                [Loss]
                public double L(double x)
                {
                    if (x > 0)
                    {
                        if (w > 1)
                        {
                            return w * x;
                        }
                    }
                    else
                    {
                        if (w < -1)
                        {
                            return -w * x;
                        }
                    }

                    return Math.Sin(w) * x;
                }
            """)).AssertClean();

        dynamic model = Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;
        foreach (var (w, x, value, derivative) in new[] { (1.5, 2.0, 3.0, 2.0), (0.5, 2.0, Math.Sin(0.5) * 2, Math.Cos(0.5) * 2), (-1.5, -2.0, -3.0, 2.0), (-0.5, -2.0, Math.Sin(-0.5) * -2, Math.Cos(-0.5) * -2) })
        {
            model.w = w;
            var result = model.ValueAndGradient(x);
            Assert.Equal(value, (double)result.Item1, 12);
            Assert.Equal(derivative, (double)result.Item2.w, 12);
        }
    }

    [Fact]
    public void A_loss_named_with_a_keyword_gets_a_valid_cref()
    {
        // Found by RandomLossTests (seed 1001): the documentation of Gradient and Sample referred to the loss as
        // cref="checked(double)", which is no cref (CS1584, CS1658 in the generated file); it needs the @.
        GeneratorHarness.Run(GeneratorHarness.Model("""
                [Param] public double w = 1.5;

                [Loss] public double @checked(double x) => w * x;
            """)).AssertClean();
    }

    [Fact]
    public void A_value_compared_with_itself_gives_no_warning_in_the_generated_file()
    {
        // Found by RandomLossTests (seed 1000): Math.Max(v, v) differentiates to v >= v ? … and H() >= H()
        // becomes t0 >= t0 once H is inlined; C# warns about such comparisons (CS1718), in the generated file.
        GeneratorHarness.Run(GeneratorHarness.Model("""
                [Param] public double w = 1.5;

                private double H() => w * w;

                [Loss] public double L(double x) => (H() >= H() ? Math.Max(w * x, w * x) : 0.0) + Math.Min(x, x);
            """)).AssertClean();
    }

    [Fact]
    public void Distributing_a_quotient_by_two_branch_local_values_terminates()
    {
        // Found by RandomLossTests (seed 1003, model R1003_24, kept as generated): Graph.Distribute rebuilt
        // (n/d)/b as (n/b)/d and back, d and b both computed inside a branch, until the stack overflowed and took
        // the compiler (here the test host) down.
        GeneratorHarness.Run(GeneratorHarness.Model("""
            [Param] public double p0 = 0.25;
            [Loss]
            private double L()
            {
                double v0 = Square(p0);
                double v1 = -((((p0 * p0) <= Math.PI) ? (p0 + Math.E) : Math.PI));
                double v2 = ((v1 - System.Math.Min(v0, 3.0)) * v0);
                if ((((p0 * v1) * Math.Asin((0.9 * Math.Tanh(3.0)))) < (this.p0 / v2)))
                {
                    if ((p0 > ((v0 * p0) / Math.Min(p0, p0))))
                    {
                        double b2_0 = v2;
                    }
                }
                else
                {
                    if (((v0 - (p0 - 1.5)) < (this.p0 - (1.5 + this.p0))))
                    {
                        double b2_0 = (10.0 - (10 + 0.25));
                        double b2_1 = 0.1;
                        v2 += (!((b2_0 > p0)) ? ((10 >= v0) ? 1.5 : b2_0) : v1);
                        return ((Math.Log(v2, (1.0 + global::System.Math.Exp(b2_1))) * ((b2_1 == v2) ? b2_0 : b2_1)) / (this.p0 + ((10 < v1) ? v0 : this.p0)));
                    }
                    double b1_0 = v0;
                }
                if (((v0 == -(1.5)) && false))
                {
                    return 3.0;
                }
                else
                {
                    return Math.PI;
                }
            }
            """)).AssertClean();
    }

    [Fact]
    public void Locals_named_like_the_span_arguments_and_assigned_twice_keep_their_own_names()
    {
        // Found by RandomLossTests (seeds 1004, 1006, 1010, 1016): a local 'gradient' assigned twice is versioned
        // gradient, gradient_2; Backward's span argument, named before the locals were known, was gradient_2 too,
        // and the generated file did not compile (CS0841, CS0128). The same for 'intermediates' in Evaluate.
        var run = GeneratorHarness.Run(GeneratorHarness.Model("""
                [Param] public double w = 1.5;

                [Loss]
                public double L(double x)
                {
                    double gradient = w * x;
                    gradient = gradient * gradient;
                    double intermediates = gradient + w;
                    intermediates = intermediates * x;
                    return intermediates;
                }
            """)).AssertClean();

        dynamic model = Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;
        var result = model.ValueAndGradient(2.0);
        Assert.Equal((9 + 1.5) * 2, (double)result.Item1);
        Assert.Equal((2 * 3 * 2 + 1) * 2, (double)result.Item2.w);
    }

    [Fact]
    public void Two_methods_of_one_signature_generate_nothing()
    {
        // Found by MutatedLossTests (M5010_89, a helper renamed like the loss): two methods L(double, double) are the
        // compiler's CS0111, and the generated Loss(in Sample) called L ambiguously (CS0121 in the generated file,
        // and CS0419 on its crefs). Like two members of one name, it is left to the compiler: nothing is generated.
        var run = GeneratorHarness.Run(GeneratorHarness.Model("""
                [Param] public double p0 = 3.0;
                private double L(double a0, double a1) => Math.PI;
                [Loss] public double L(double x, double y) => p0 * x + y;
            """));

        Assert.Null(run.Result.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Result.GeneratedSources);
        Assert.Equal(new[] { "CS0111" }, run.CompilationErrors.Select(d => d.Id));
    }
}
