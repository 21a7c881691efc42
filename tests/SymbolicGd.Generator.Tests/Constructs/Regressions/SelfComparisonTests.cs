using System;
using SymbolicGd.Generator.Tests.ConstructModels;
using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs.Regressions;

/// <summary>Two spellings of one value compared: the generated code must not compare a local with itself (CS1718).</summary>
public class SelfComparisonTests
{
    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void A_value_compared_with_itself(double w, double b, double x)
    {
        var gradient = Check(new RegSelfComparison { w = w, b = b }, new RegSelfComparison.Sample(x), m => m.ValueAndGradient(x));
        Assert.Equal(new[] { x + 1 + b, x + w + 1 }, gradient);
    }

    [Fact]
    public void A_value_compared_with_itself_is_NaN_aware()
    {
        // w·x is NaN: every comparison is false but !=, and Max and Min are NaN.
        var model = new RegSelfComparison { w = double.NaN, b = 2 };
        FiniteDifferences.AssertIdentical(model.L(1), model.ValueAndGradient(1).Value, "the value");
        Assert.Equal(double.NaN, model.L(1));
    }
}
