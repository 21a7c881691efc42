using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs.Regressions;

/// <summary>An if that returns on only some paths of its branches: where the method returns is a bool choice (was CS0029).</summary>
public class ConditionChoiceTests
{
    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, -0.5)]
    [InlineData(0.9, 2.0, -2.0)]
    public void A_return_in_an_else_branch_only(double w, double b, double x) =>
        Check(new RegReturnInElse { w = w, b = b }, new RegReturnInElse.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, -1.0)]
    [InlineData(-1.0, -2.0)]
    [InlineData(-1.0, 2.0)]
    public void Returns_in_both_branches_sometimes(double x, double y) =>
        Check(new RegReturnInBothBranchesSometimes { w = 0.75, b = -1.5 }, new RegReturnInBothBranchesSometimes.Sample(x, y), m => m.ValueAndGradient(x, y));
}
