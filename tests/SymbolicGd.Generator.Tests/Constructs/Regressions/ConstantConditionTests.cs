using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs.Regressions;

/// <summary>An if on a constant: the branch that never runs left its locals unassigned, and the generator silently emitted nothing.</summary>
public class ConstantConditionTests
{
    [Fact]
    public void A_condition_that_is_a_constant()
    {
        var model = LoadedModels.Load("""
                private const double K = 2;

                [Param] public double w = 0.5, b = -1.5;

                [Loss]
                public double L(double x)
                {
                    double s;
                    if (K > 1)
                        s = w * x;
                    else
                        s = b;
                    return K < 1 ? b : s * b;
                }
            """);
        Assert.Equal(new[] { "s" }, ((IDifferentiable)model).IntermediateNames);
        CheckLoaded(model, new[] { 1.5 });
    }
}
