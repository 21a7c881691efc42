using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// Names that collide with the generated code's own. That these models compile at all is half the test; the other
/// half is that the colliding names still mean what the user meant.
/// </summary>
public class NameTests
{
    [Theory]
    [InlineData(0.5, -0.25, 1.5)]
    [InlineData(-1.1, 0.4, -0.7)]
    [InlineData(0.9, 2.0, 3.0)]
    public void A_data_argument_and_a_local_that_shadow_members(double w, double b, double scale)
    {
        var model = new NameShadowing { w = w, b = b, scale = 2 };
        var gradient = Check(model, new NameShadowing.Sample(scale), m => m.ValueAndGradient(scale));

        // L = W·(W + b) + w with W = w·scale·2: ∂/∂w = 2·scale·(2·W + b) + 1, ∂/∂b = W.
        double bigW = w * scale * 2;
        Assert.Equal(2 * scale * (2 * bigW + b) + 1, gradient[0], 12);
        Assert.Equal(bigW, gradient[1], 12);
    }

    [Theory]
    [InlineData(0.5, 1.5, 1.2, -0.5)]
    [InlineData(-1.1, 0.4, 0.7, 2.0)]
    [InlineData(0.9, -2.0, -1.5, 0.0)]
    public void Keywords_as_names(double @in, double @double, double @class, double @this)
    {
        var model = new NameKeywords { @in = @in, @double = @double };
        Assert.Equal(new[] { "in", "double" }, model.ParameterNames);
        Assert.Equal(new[] { "var", "float" }, model.IntermediateNames);
        Assert.Equal("return", NameKeywords.Derivatives[0].Loss);
        Check(model, new NameKeywords.Sample(@class, @this), m => m.ValueAndGradient(@class, @this));
    }

    [Theory]
    [InlineData(0.5, -0.25, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void Locals_named_like_temporaries_and_generated_arguments(double w, double b, double x)
    {
        var model = new NameTemporaries { w = w, b = b };
        Assert.Equal(new[] { "t0", "t1", "dL_dt0", "gradient", "intermediates", "value", "L", "t2" }, model.IntermediateNames);
        Check(model, new NameTemporaries.Sample(x), m => m.ValueAndGradient(x));
    }

    [Theory]
    [InlineData(0.5, -0.25)]
    [InlineData(-1.1, 0.4)]
    [InlineData(0.9, 2.0)]
    public void A_loss_named_Loss(double w, double b)
    {
        var model = new NameLossNamedLoss { w = w, b = b };
        Check(model, m => m.ValueAndGradient());
        Assert.Equal(model.Loss(), ((IDifferentiableLoss)model).Loss());

        var withData = new NameLossNamedLossWithData { w = w, b = b };
        Check(withData, new NameLossNamedLossWithData.Sample(1.5), m => m.ValueAndGradient(1.5));
        Assert.Equal("∂Loss/∂w", NameLossNamedLossWithData.Derivatives[0].ToString().Split(' ')[0]);
    }

    [Theory]
    [InlineData(0.5, -0.25)]
    [InlineData(-1.1, 0.4)]
    public void Data_arguments_named_like_generated_arguments(double w, double b)
    {
        var model = new NameDataArguments { w = w, b = b };
        var gradient = Check(model, new NameDataArguments.Sample(1.5, -2, 3, 0.5, -1, 7), m => m.ValueAndGradient(1.5, -2, 3, 0.5, -1, 7));
        Assert.Equal(1.5 + b * 3 + 2 * 0.5 * w, gradient[0], 14);
        Assert.Equal(-2 + w * 3 + 2 * -1 * b, gradient[1], 14);
    }

    [Theory]
    [InlineData(0.5, -0.25, 1.2)]
    [InlineData(-1.1, 0.4, 0.7)]
    [InlineData(0.9, 2.0, -1.5)]
    public void A_generic_model_reads_its_hidden_static_field(double w, double b, double x)
    {
        var model = new NameGeneric<int> { w = w, b = b };
        Check(model, new NameGeneric<int>.Sample(x), m => m.ValueAndGradient(x));
        double k = w * 2 + x;
        Assert.Equal(2 * k * 2 * b, model.ValueAndGradient(x).Gradient.w, 14);
    }

    [Theory]
    [InlineData(0.5, -0.25)]
    [InlineData(-1.1, 0.4)]
    [InlineData(0.9, 2.0)]
    public void Models_nested_in_partial_classes(double w, double b)
    {
        Check(new NameOuter.Inner { w = w, b = b }, new NameOuter.Inner.Sample(0.75), m => m.ValueAndGradient(0.75));
        Check(new NameOuter.Middle<string>.Innermost { w = w, b = b }, m => m.ValueAndGradient());
    }

    [Theory]
    [InlineData(0.5, -0.25, 0.75, 1.2)]
    [InlineData(-1.1, 0.4, -2.0, 0.7)]
    [InlineData(0.9, 2.0, 1.0, -1.5)]
    public void Records(double w, double b, double p, double x) =>
        Check(new NameRecord { w = w, b = b, P = p }, new NameRecord.Sample(x), m => m.ValueAndGradient(x));
}
