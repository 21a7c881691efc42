using System;
using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs.Regressions;

/// <summary>
/// A node is the same node whichever pass builds it: what the derivative pass knows of a node must not depend on
/// whether the forward pass (exact simplification) or the derivative pass (algebra) interned it first.
/// </summary>
public class SimplificationModeTests
{
    // The adjoint of u1 is y, so the derivative pass sends w the choice x > 1 ? y : 0, which the forward pass had
    // already built for the third term (likewise for u2). Interned in exact mode, that choice was not marked as a
    // derivative's choice with a zero branch, so the adjoint of w, the sum of the two, was not masked: at x = 0,
    // where neither branch is taken, ∂w/∂y·(0 + 0) = (1/0)·0 = NaN instead of 0.
    private const string Members = """
            [Param] public double p = 0.75;

            [Loss]
            public double L(double x)
            {
                double y = p * x;
                double w = Math.Log(y);
                double u1 = x > 1 ? w : 0;
                double u2 = x < -1 ? w : 0;
                return u1 * y + u2 * y + (x > 1 ? y : 0) + (x < -1 ? y : 0);
            }
        """;

    [Fact]
    public void A_choice_the_forward_pass_built_is_masked_as_a_derivative_choice()
    {
        object model = LoadedModels.Load(Members);
        Assert.Equal(0.0, LoadedModels.GradientOf(model, 0.0)[0]); // L is 0 for every p when |x| ≤ 1

        // Where a branch is taken: L = (ln(p·x) + 1)·p·x, ∂L/∂p = x·(ln(p·x) + 2).
        Assert.Equal(2 * (Math.Log(1.5) + 2), LoadedModels.GradientOf(model, 2.0)[0], 14);
        CheckLoaded(model, new[] { 2.0 });
    }
}
