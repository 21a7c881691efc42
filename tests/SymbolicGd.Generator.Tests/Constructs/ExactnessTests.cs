using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>The forward value is the user's own C#, bit for bit, down to the sign of a zero.</summary>
public class ExactnessTests
{
    [Theory]
    [InlineData(0.0, 1.0)] // w·x = +0
    [InlineData(0.0, -1.0)] // w·x = −0
    [InlineData(0.5, -1.0)]
    [InlineData(0.5, 2.0)]
    public void Adding_and_subtracting_zero_keep_the_sign_of_zero(double w, double x)
    {
        var model = new ExactSignedZero { w = w, b = 1 };
        AssertIdentical(model.L(x), model.ValueAndGradient(x).Value, $"the value at w = {w}, x = {x}");
        if (w != 0)
        {
            Check(model, new ExactSignedZero.Sample(x), m => m.ValueAndGradient(x));
        }
    }

    [Fact]
    public void Negative_zero_parameter() => Adding_and_subtracting_zero_keep_the_sign_of_zero(-0.0, 1.0);
}
