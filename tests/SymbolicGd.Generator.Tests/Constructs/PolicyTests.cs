using System;
using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// The documented derivatives at non-differentiable points (exactly: a finite difference there means nothing), and
/// branch safety: the gradient follows the branch taken, and what the other branch would compute, a NaN or an
/// infinity, never reaches it.
/// </summary>
public class PolicyTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.25)]
    [InlineData(0.0)]
    public void Relu_has_derivative_zero_at_zero(double x)
    {
        var (value, g) = new PolicyRelu { w = x, b = 3 }.ValueAndGradient(x);
        Assert.Equal(0.0, value);
        Assert.Equal(0.0, g.w);
        Assert.Equal(0.0, g.b);

        // Either side, by finite differences.
        Check(new PolicyRelu { w = x + 0.5, b = 3 }, new PolicyRelu.Sample(x), m => m.ValueAndGradient(x));
        Check(new PolicyRelu { w = x - 0.5, b = 3 }, new PolicyRelu.Sample(x), m => m.ValueAndGradient(x));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.25)]
    [InlineData(0.0)]
    public void Abs_has_derivative_zero_at_zero(double x)
    {
        var (value, g) = new PolicyAbs { w = x, b = 3 }.ValueAndGradient(x);
        Assert.Equal(0.0, value);
        Assert.Equal(0.0, g.w);
        Assert.Equal(0.0, g.b);
        Check(new PolicyAbs { w = x + 0.5, b = 3 }, new PolicyAbs.Sample(x), m => m.ValueAndGradient(x));
        Check(new PolicyAbs { w = x - 0.5, b = 3 }, new PolicyAbs.Sample(x), m => m.ValueAndGradient(x));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.25)]
    [InlineData(0.0)]
    public void A_tie_in_Max_or_Min_sends_the_gradient_to_the_first_argument(double v)
    {
        var (value, g) = new PolicyMaxMin { a = v, c = v }.ValueAndGradient();
        Assert.Equal(11 * v, value);
        Assert.Equal(1.0 + 10.0, g.a);
        Assert.Equal(0.0, g.c);

        Assert.Equal(new PolicyMaxMin.Gradient(10, 1), new PolicyMaxMin { a = v - 1, c = v }.ValueAndGradient().Gradient);
        Assert.Equal(new PolicyMaxMin.Gradient(1, 10), new PolicyMaxMin { a = v + 1, c = v }.ValueAndGradient().Gradient);
        Check(new PolicyMaxMin { a = v - 1, c = v }, m => m.ValueAndGradient());
        Check(new PolicyMaxMin { a = v + 1, c = v }, m => m.ValueAndGradient());
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.5, -1.25)]
    [InlineData(-2.0, 0.5)]
    [InlineData(0.0, 0.0)]
    public void Sign_has_derivative_zero(double w, double x)
    {
        var (value, g) = new PolicySign { w = w, b = 3 }.ValueAndGradient(x);
        Assert.Equal(Math.Sign(w - x) * 3 + w, value);
        Assert.Equal(1.0, g.w);
        Assert.Equal((double)Math.Sign(w - x), g.b);
    }

    [Theory]
    [InlineData(-1.0, -1.0, 2.0, 1, 0, 0)] // at the lower bound: the value itself
    [InlineData(2.0, -1.0, 2.0, 1, 0, 0)] // at the upper bound: the value itself
    [InlineData(-3.0, -1.0, 2.0, 0, 1, 0)] // below
    [InlineData(5.0, -1.0, 2.0, 0, 0, 1)] // above
    [InlineData(0.5, -1.0, 2.0, 1, 0, 0)] // inside
    [InlineData(0.5, 0.5, 0.5, 1, 0, 0)] // all three equal
    public void Clamp_at_and_beyond_its_bounds(double v, double lo, double hi, double dv, double dlo, double dhi)
    {
        var (value, g) = new PolicyClamp { v = v, lo = lo, hi = hi }.ValueAndGradient();
        Assert.Equal(Math.Clamp(v, lo, hi), value);
        Assert.Equal(new PolicyClamp.Gradient(dv, dlo, dhi), g);
    }

    // InlineData cannot tell -0.0 from 0.0.
    [Fact]
    public void Negative_zero_takes_the_same_branches_as_zero()
    {
        Division_by_zero_on_the_branch_not_taken(-0.0, 2.0);
        Log_of_a_negative_or_zero_on_the_branch_not_taken(-0.0);
        A_condition_on_the_parameter_guards_its_own_logarithm(-0.0);
    }

    // ---- Branch safety ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(-1.0, 1.0)]
    [InlineData(0.0, 1.0)]
    [InlineData(4.0, 2.0)]
    public void Sqrt_of_a_negative_on_the_branch_not_taken(double x, double expected)
    {
        var (value, g) = new SafeSqrtTernary { w = 0.75 }.ValueAndGradient(x);
        Assert.Equal(0.75 * expected, value);
        Assert.Equal(expected, g.w);
        Check(new SafeSqrtTernary { w = -0.75 }, new SafeSqrtTernary.Sample(x), m => m.ValueAndGradient(x));
    }

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(4.0, 0.25)]
    [InlineData(-0.5, -2.0)]
    public void Division_by_zero_on_the_branch_not_taken(double x, double expected)
    {
        var (value, g) = new SafeDivisionTernary { w = 0.75 }.ValueAndGradient(x);
        Assert.Equal(0.75 * expected, value);
        Assert.Equal(expected, g.w);
        Check(new SafeDivisionTernary { w = -0.75 }, new SafeDivisionTernary.Sample(x), m => m.ValueAndGradient(x));
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(double.NegativeInfinity)]
    public void Log_of_a_negative_or_zero_on_the_branch_not_taken(double x)
    {
        double w = -0.75;
        var (value, g) = new SafeLogTernary { w = w }.ValueAndGradient(x);
        Assert.Equal(w * w * w * w, value);
        Assert.Equal(4 * w * w * w, g.w, 15);
        Check(new SafeLogTernary { w = w }, new SafeLogTernary.Sample(x), m => m.ValueAndGradient(x));
        Check(new SafeLogTernary { w = w }, new SafeLogTernary.Sample(2.5), m => m.ValueAndGradient(2.5));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(2.5)]
    [InlineData(0.5)]
    public void The_same_in_if_else_form(double x)
    {
        double w = 0.75, b = -1.5;
        var gradient = Check(new SafeIfElse { w = w, b = b }, new SafeIfElse.Sample(x), m => m.ValueAndGradient(x));
        if (x == 0)
        {
            // s = w, r = b (no division), q = w·b: L = w² + b·w + w·b.
            Assert.Equal(2 * w + 2 * b, gradient[0]);
            Assert.Equal(2 * w, gradient[1]);
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void Early_return_before_the_NaN(double x)
    {
        var gradient = Check(new SafeEarlyReturn { w = 0.75, b = -1.5 }, new SafeEarlyReturn.Sample(x), m => m.ValueAndGradient(x));
        if (x <= 0)
        {
            Assert.Equal(new[] { -1.5, 0.75 }, gradient);
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void Early_return_of_the_NaN_branch(double x)
    {
        var gradient = Check(new SafeEarlyReturnInBranch { w = 0.75, b = -1.5 }, new SafeEarlyReturnInBranch.Sample(x), m => m.ValueAndGradient(x));
        if (x <= 0)
        {
            Assert.Equal(new[] { -1.5, 0.75 }, gradient);
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.0, -1.0)]
    [InlineData(-4.0, -1.0)]
    public void Infinite_derivative_and_value_on_the_branch_not_taken(double w, double b)
    {
        var (value, g) = new SafeInfiniteDerivative { w = w, b = b }.ValueAndGradient(-1);
        Assert.Equal(w * b, value);
        Assert.Equal(new SafeInfiniteDerivative.Gradient(b, w), g);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void A_condition_on_the_parameter_guards_its_own_logarithm(double w)
    {
        var (_, gradient) = new SafeOnParameter { w = w }.ValueAndGradient();
        Assert.Equal(w > 0 ? Math.Log(w) + 1 : 2 * w, gradient.w);
        if (w != 0)
        {
            Check(new SafeOnParameter { w = w }, m => m.ValueAndGradient()); // not at the boundary of the branches
        }
    }

    [Theory]
    [InlineData(1.0, 2.0)] // Guarded(x − y) takes b; Guarded(y) takes Sqrt
    [InlineData(2.0, 1.0)]
    [InlineData(2.0, -1.0)] // Log(x); Guarded(y) takes b
    [InlineData(-2.0, -1.0)]
    [InlineData(-2.0, 3.0)]
    public void Nested_conditions_and_helpers(double x, double y) =>
        Check(new SafeNested { w = 0.75, b = -1.5 }, new SafeNested.Sample(x, y), m => m.ValueAndGradient(x, y));
}
