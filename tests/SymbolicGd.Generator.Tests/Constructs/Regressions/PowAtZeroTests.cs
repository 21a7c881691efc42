using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs.Regressions;

/// <summary>Math.Pow where it is constant in one argument: the derivative is 0, not NaN.</summary>
public class PowAtZeroTests
{
    [Theory]
    [InlineData(1.5)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void A_parameter_exponent_of_a_zero_base(double p)
    {
        var (value, g) = new RegPowZeroBase { a = 2, p = p }.ValueAndGradient(0);
        Assert.Equal(0.0, value);
        Assert.Equal(new RegPowZeroBase.Gradient(0, 0), g);
        Check(new RegPowZeroBase { a = 2, p = p }, new RegPowZeroBase.Sample(0), m => m.ValueAndGradient(0));
        Check(new RegPowZeroBase { a = 2, p = p }, new RegPowZeroBase.Sample(1.5), m => m.ValueAndGradient(1.5));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.5)]
    [InlineData(2.0)]
    public void A_data_exponent_of_zero(double w)
    {
        var (value, g) = new RegPowZeroExponent { w = w, b = 3 }.ValueAndGradient(0);
        Assert.Equal(3.0, value);
        Assert.Equal(new RegPowZeroExponent.Gradient(0, 1), g);
        Check(new RegPowZeroExponent { w = w, b = 3 }, new RegPowZeroExponent.Sample(0), m => m.ValueAndGradient(0));
        Check(new RegPowZeroExponent { w = w, b = 3 }, new RegPowZeroExponent.Sample(2), m => m.ValueAndGradient(2));
    }
}
