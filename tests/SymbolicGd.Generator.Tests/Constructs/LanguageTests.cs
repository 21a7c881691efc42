using System;
using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>Locals, assignment, compound assignment, blocks, constants, [Param] properties, literals, operators.</summary>
public class LanguageTests
{
    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Var_and_double_locals(double w, double b, double x) =>
        Check(new LangLocals { w = w, b = b }, new LangLocals.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Reassignment(double w, double b, double x) =>
        Check(new LangReassignment { w = w, b = b }, new LangReassignment.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Compound_assignment(double w, double b, double x) =>
        Check(new LangCompound { w = w, b = b }, new LangCompound.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3)]
    [InlineData(-1.1, 0.4)]
    [InlineData(0.9, 2.0)]
    public void Compound_assignment_of_ints(double w, double b)
    {
        var model = new LangCompoundInt { w = w, b = b };
        Check(model, m => m.ValueAndGradient());
        Assert.Equal(((w + 1) * 3 / 4 - 3) * b, model.L());
    }

    [Theory]
    [InlineData(0.5, -0.3, 1.2, 2.0)]
    [InlineData(-1.1, 0.4, 0.7, -1.0)]
    [InlineData(0.9, 2.0, -1.5, 0.5)]
    public void Assignment_to_data_arguments(double w, double b, double x, double y) =>
        Check(new LangAssignArgument { w = w, b = b }, new LangAssignArgument.Sample(x, y), m => m.ValueAndGradient(x, y));

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Blocks(double w, double b, double x) =>
        Check(new LangBlocks { w = w, b = b }, new LangBlocks.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3)]
    [InlineData(-1.1, 0.4)]
    [InlineData(0.9, 2.0)]
    public void Block_bodied_data_free(double w, double b) =>
        Check(new LangBlockBodied { w = w, b = b }, m => m.ValueAndGradient());

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.1)]
    [InlineData(0.0)]
    public void A_loss_that_is_a_parameter(double w)
    {
        var gradient = Check(new LangReturnsParameter { w = w }, m => m.ValueAndGradient());
        Assert.Equal(1.0, gradient[0]);
    }

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Constants_are_read_not_differentiated(double w, double b, double x)
    {
        var model = new LangConstants { w = w, b = b };
        Assert.Equal(new[] { "w", "b" }, model.ParameterNames);
        Check(model, new LangConstants.Sample(x), m => m.ValueAndGradient(x));
    }

    [Fact]
    public void Constants_are_read_at_run_time()
    {
        var model = new LangConstants { w = 0.5, b = -0.3 };
        double before = model.ValueAndGradient(1.2).Value;
        model.scale = 4;
        model.Offset = -2;
        double oldOwn = LangConstants.OwnStatic;
        double oldFactor = ConstructStatics.Factor;
        try
        {
            LangConstants.OwnStatic = -1;
            ConstructStatics.Factor = 7;
            var (value, gradient) = model.ValueAndGradient(1.2);
            Assert.NotEqual(before, value);
            Assert.Equal(model.L(1.2), value);

            // ∂/∂w = K + 2·scale·w + Factor·b; ∂/∂b = Offset + OwnStatic·x + Factor·w + Half.
            Assert.Equal(2.5 + 2 * 4 * 0.5 + 7 * -0.3, gradient.w, 14);
            Assert.Equal(-2 + -1 * 1.2 + 7 * 0.5 + 0.5, gradient.b, 14);
            Check(model, new LangConstants.Sample(1.2), m => m.ValueAndGradient(1.2));
        }
        finally
        {
            LangConstants.OwnStatic = oldOwn;
            ConstructStatics.Factor = oldFactor;
        }
    }

    [Theory]
    [InlineData(0.5, -0.3, 0.8, 1.2)]
    [InlineData(-1.1, 0.4, -0.2, 0.7)]
    [InlineData(0.9, 2.0, 1.5, -1.5)]
    public void Param_properties(double w, double b, double c, double x)
    {
        var model = new LangParamProperties { W = w, B = b, c = c };
        Assert.Equal(new[] { "W", "B", "c" }, model.ParameterNames);
        Check(model, new LangParamProperties.Sample(x), m => m.ValueAndGradient(x));
    }

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Int_literals_convert_as_CSharp_does(double w, double b, double x)
    {
        var model = new LangIntLiterals { w = w, b = b };
        var gradient = Check(model, new LangIntLiterals.Sample(x), m => m.ValueAndGradient(x));

        // 1/2 is 0 and 3/2 is 1, but x/2 is x/2.0: ∂/∂w = x/2 + 3·b + 2, ∂/∂b = 1 + 1/4 + 3·w + 1/2.
        Assert.Equal(x / 2 + 3 * b + 2, gradient[0], 14);
        Assert.Equal(1 + 0.25 + 3 * w + 0.5, gradient[1], 14);
    }

    [Theory]
    [InlineData(0.5, -0.3, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Unary_minus_and_plus(double w, double b, double x) =>
        Check(new LangUnary { w = w, b = b }, new LangUnary.Sample(x), m => m.ValueAndGradient(x));

    [Theory]
    [InlineData(0.5, -0.3, 1.2, 0.7)]
    [InlineData(-1.1, 0.4, 0.7, -3.0)]
    [InlineData(0.9, 2.0, -1.5, 1.0 / 3)]
    [InlineData(1e8, 0.7, 3.0, 1e-8)]
    public void Parentheses_keep_the_order_of_evaluation(double w, double b, double x, double y) =>
        Check(new LangParentheses { w = w, b = b }, new LangParentheses.Sample(x, y), m => m.ValueAndGradient(x, y));
}
