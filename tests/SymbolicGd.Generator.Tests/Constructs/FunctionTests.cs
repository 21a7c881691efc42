using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// Every supported function against central differences, at points on both sides of zero where the domain allows,
/// and the value bit for bit the user's (see <see cref="Infrastructure.FiniteDifferences"/>).
/// </summary>
public class FunctionTests
{
    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    [InlineData(-2.0, -1.0, -3.0)]
    public void Exp(double w, double b, double x) => Check(new FnExp { w = w, b = b }, new FnExp.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, 1.0, 1.2)]
    [InlineData(-1.1, 2.0, 0.7)]
    [InlineData(0.9, 3.0, -1.5)]
    [InlineData(-0.5, -1.0, -4.0)]
    public void Log(double w, double b, double x) => Check(new FnLog { w = w, b = b }, new FnLog.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(1.5, 2.5, 1.2)]
    [InlineData(-0.8, 0.4, -2.0)]
    [InlineData(3.0, 10.0, 0.5)]
    [InlineData(-2.0, 0.7, -0.25)]
    public void Log_with_base(double a, double nb, double x) => Check(new FnLogBase { a = a, nb = nb }, new FnLogBase.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, 1.0, 1.2)]
    [InlineData(-1.1, 2.0, 0.7)]
    [InlineData(0.9, 3.0, -1.5)]
    public void Log10(double w, double b, double x) => Check(new FnLog10 { w = w, b = b }, new FnLog10.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, 1.0, 1.2)]
    [InlineData(-1.1, 2.0, 0.7)]
    [InlineData(0.9, 3.0, -1.5)]
    public void Sqrt(double w, double b, double x) => Check(new FnSqrt { w = w, b = b }, new FnSqrt.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -2.0, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    [InlineData(2.0, -10.0, 1.0)]
    public void Cbrt(double w, double b, double x) => Check(new FnCbrt { w = w, b = b }, new FnCbrt.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -2.0, 1.5, 1.2)]
    [InlineData(-1.1, 0.4, -0.3, 0.7)]
    [InlineData(0.9, 2.0, 0.8, -1.5)]
    public void Pow_with_constant_exponents(double w, double b, double c, double x) =>
        Check(new FnPowConstant { w = w, b = b, c = c }, new FnPowConstant.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -2.0, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, 3.5)]
    public void Pow_with_a_parameter_exponent(double w, double b, double x) =>
        Check(new FnPowVariableExponent { w = w, b = b }, new FnPowVariableExponent.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, 2.5, 1.2)]
    [InlineData(-1.1, -0.4, -0.7)]
    [InlineData(0.9, -1.5, 2.0)]
    public void Pow_of_parameter_to_parameter(double a, double p, double x) =>
        Check(new FnPowBoth { a = a, p = p }, new FnPowBoth.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, 1.2, 3.0)]
    [InlineData(-1.1, 0.7, 2.0)]
    [InlineData(-0.9, 2.0, -3.0)]
    [InlineData(1.5, 1.0, 0.5)]
    public void Pow_with_a_data_exponent(double w, double x, double n) =>
        Check(new FnPowDataExponent { w = w }, new FnPowDataExponent.Sample(x, n), m => m.ValueAndGradient(x, n));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Sin(double w, double b, double x) => Check(new FnSin { w = w, b = b }, new FnSin.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Cos(double w, double b, double x) => Check(new FnCos { w = w, b = b }, new FnCos.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Tan(double w, double b, double x) => Check(new FnTan { w = w, b = b }, new FnTan.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.3, 0.2, -1.5)]
    public void Asin(double w, double b, double x) => Check(new FnAsin { w = w, b = b }, new FnAsin.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.3, 0.2, -1.5)]
    public void Acos(double w, double b, double x) => Check(new FnAcos { w = w, b = b }, new FnAcos.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Atan(double w, double b, double x) => Check(new FnAtan { w = w, b = b }, new FnAtan.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(1.0, 2.0, 0.5)] // first quadrant
    [InlineData(0.7, -1.2, 1.0)] // second
    [InlineData(-1.0, -0.5, 1.0)] // third
    [InlineData(0.3, 0.4, -2.0)] // fourth
    public void Atan2(double a, double c, double x) => Check(new FnAtan2 { a = a, c = c }, new FnAtan2.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Sinh(double w, double b, double x) => Check(new FnSinh { w = w, b = b }, new FnSinh.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Cosh(double w, double b, double x) => Check(new FnCosh { w = w, b = b }, new FnCosh.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Tanh(double w, double b, double x) => Check(new FnTanh { w = w, b = b }, new FnTanh.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)] // positive argument
    [InlineData(-1.1, 0.4, 0.7)] // negative
    [InlineData(0.9, 2.0, -1.5)] // positive
    [InlineData(0.9, -2.0, 1.5)] // negative
    public void Abs(double w, double b, double x) => Check(new FnAbs { w = w, b = b }, new FnAbs.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, 0.3, 1.2)] // first argument larger
    [InlineData(-1.1, 0.4, 0.7)] // second larger
    [InlineData(0.9, -2.0, -1.5)] // second larger
    [InlineData(2.0, -1.0, -1.5)] // second larger, first negative
    public void Max(double a, double c, double x) => Check(new FnMax { a = a, c = c }, new FnMax.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, 0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, -2.0, -1.5)]
    [InlineData(0.2, 1.0, 1.5)]
    public void Min(double a, double c, double x) => Check(new FnMin { a = a, c = c }, new FnMin.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Sign(double w, double b, double x) => Check(new FnSign { w = w, b = b }, new FnSign.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -1.0, 1.0, 1.2)] // inside
    [InlineData(-1.1, -0.5, 0.5, 0.7)] // below
    [InlineData(0.9, -2.0, 1.0, 1.5)] // above
    [InlineData(0.9, -2.0, 1.0, -1.5)] // inside, negative
    public void Clamp(double w, double lo, double hi, double x) =>
        Check(new FnClamp { w = w, lo = lo, hi = hi }, new FnClamp.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void PI_and_E(double w, double b, double x) => Check(new FnConstants { w = w, b = b }, new FnConstants.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Sigmoid(double w, double b, double x) => Check(new FnSigmoid { w = w, b = b }, new FnSigmoid.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)] // positive, negative
    [InlineData(-1.1, 0.4, 0.7)] // negative, positive
    [InlineData(0.9, 2.0, -1.5)] // positive, positive
    [InlineData(0.9, -2.0, 1.5)] // negative, negative
    public void Relu(double w, double b, double x) => Check(new FnRelu { w = w, b = b }, new FnRelu.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    [InlineData(10.0, 5.0, 3.0)]
    [InlineData(10.0, -5.0, -3.0)]
    public void Softplus(double w, double b, double x) => Check(new FnSoftplus { w = w, b = b }, new FnSoftplus.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Square(double w, double b, double x) => Check(new FnSquare { w = w, b = b }, new FnSquare.Sample(x), m => m.ValueAndGradient(x));
}
