using System;
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
}
