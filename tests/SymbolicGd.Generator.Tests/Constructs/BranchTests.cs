using System;
using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// The conditional operator and if/else against central differences at points away from the branch boundaries
/// (where a finite difference would straddle two branches), so that every branch is taken at some point; at the
/// boundaries themselves, the derivative of the branch taken, exactly.
/// </summary>
public class BranchTests
{
    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(1.5, 2.0, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    [InlineData(-0.9, -2.0, -1.5)]
    public void Every_comparison_operator(double w, double b, double x) =>
        Check(new BrComparisons { w = w, b = b }, new BrComparisons.Sample(x), m => m.ValueAndGradient(x));

    [Fact]
    public void At_equality_the_taken_branch_decides_each_comparison()
    {
        // x == w: x < w and x > w are false, x == w is true.
        double w = 0.5, b = -0.3, x = 0.5;
        var (_, g) = new BrComparisons { w = w, b = b }.ValueAndGradient(x);
        Assert.Equal(x + 3 * w * w, g.w, 14);
        Assert.Equal(x - 1 + Math.Sin(-b) + 3, g.b, 14);

        // x == b: x <= b and x >= b are true, x != b is false.
        w = 0.2;
        b = 0.7;
        x = 0.7;
        (_, g) = new BrComparisons { w = w, b = b }.ValueAndGradient(x);
        Assert.Equal(b + Math.Cos(w) + x + 2 + b, g.w, 14);
        Assert.Equal(x + w + w, g.b, 14);
    }

    [Theory]
    [InlineData(0.5, -0.3, 1.2, 2.0)]
    [InlineData(-1.1, 0.4, 0.7, -1.0)]
    [InlineData(0.9, 2.0, -1.5, -0.5)]
    [InlineData(0.3, 0.8, 1.0, 0.5)]
    public void And_or_not(double w, double b, double x, double y) =>
        Check(new BrLogical { w = w, b = b }, new BrLogical.Sample(x, y), m => m.ValueAndGradient(x, y));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void If_without_else(double w, double b, double x) =>
        Check(new BrIfWithoutElse { w = w, b = b }, new BrIfWithoutElse.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, -2.0)]
    [InlineData(-1.1, 0.4, 0.5)]
    [InlineData(0.9, 2.0, 1.5)]
    [InlineData(0.9, -2.0, 3.0)]
    public void Else_if_chain(double w, double b, double x) =>
        Check(new BrElseIf { w = w, b = b }, new BrElseIf.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    [InlineData(0.9, 2.0, -0.5)]
    public void Nested_ifs(double w, double b, double x) =>
        Check(new BrNested { w = w, b = b }, new BrNested.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 2.0)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Return_in_one_branch(double w, double b, double x) =>
        Check(new BrEarlyReturn { w = w, b = b }, new BrEarlyReturn.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, -0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Return_in_both_branches(double w, double b, double x) =>
        Check(new BrBothReturn { w = w, b = b }, new BrBothReturn.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, -1.0)]
    [InlineData(2.0, 0.5, 0.5)]
    [InlineData(0.5, 0.3, 0.5)]
    [InlineData(0.5, 0.3, 1.5)]
    [InlineData(-0.5, 0.3, 3.0)]
    public void Sequence_of_returns(double w, double b, double x) =>
        Check(new BrReturnSequence { w = w, b = b }, new BrReturnSequence.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, -1.0)]
    [InlineData(-1.1, 0.4, 0.5)]
    [InlineData(0.9, 2.0, 2.0)]
    public void Locals_assigned_and_declared_in_branches(double w, double b, double x) =>
        Check(new BrLocals { w = w, b = b }, new BrLocals.Sample(x), m => m.ValueAndGradient(x));

    [Fact]
    public void Locals_declared_in_branches_are_named_apart()
    {
        Assert.Equal(new[] { "s", "t", "t_2", "u", "r" }, new BrLocals().IntermediateNames);
    }

    [Theory]
    [InlineData(0.5, -0.3)]
    [InlineData(-1.1, 0.4)]
    [InlineData(1.5, 2.0)]
    [InlineData(2.0, -0.5)]
    public void Conditions_on_parameters(double w, double b) =>
        Check(new BrOnParameters { w = w, b = b }, m => m.ValueAndGradient());
}
