using System;
using SymbolicGd.Generator.Tests.ConstructModels;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>Evaluate writes the loss's named locals, in the order they are assigned; NaN on the branch not taken.</summary>
public class EvaluateTests
{
    [Fact]
    public void Names_follow_the_assignments()
    {
        Assert.Equal(new[] { "h", "s", "s_2", "p", "q", "r" }, new EvalNamed().IntermediateNames);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    public void Values_are_the_locals_and_NaN_on_the_branch_not_taken(double x)
    {
        var model = new EvalNamed { w = 0.75, b = -1.5 };
        Span<double> named = stackalloc double[6];
        named.Fill(12345);
        double value = model.Evaluate(x, named);

        // The loss, written out with its locals.
        double w = model.w, b = model.b;
        double h = w * x + b;
        double s = h * h;
        double s2 = s + w;
        double p = double.NaN, q = double.NaN, r;
        if (x > 0)
        {
            p = Math.Log(x) * w;
            r = p + s2;
        }
        else
        {
            q = b * s2;
            r = q * q;
        }

        AssertIdentical(r * h, value, "the value");
        double[] expected = { h, s, s2, p, q, r };
        for (int i = 0; i < expected.Length; i++)
        {
            AssertIdentical(expected[i], named[i], model.IntermediateNames[i]);
        }

        Check(model, new EvalNamed.Sample(x == 0 ? -0.5 : x), m => m.ValueAndGradient(x == 0 ? -0.5 : x));
    }

    [Fact]
    public void Evaluate_checks_the_length()
    {
        var model = new EvalNamed();
        AssertLengthError("intermediates", "intermediates has length 5; EvalNamed has 6 named locals.", () => model.Evaluate(1, new double[5]));
        AssertLengthError("gradient", "gradient has length 1; EvalNamed has 2 parameters.", () => model.Backward(1, new double[1]));
        AssertLengthError("destination", "destination has length 3; EvalNamed has 2 parameters.", () => model.CopyParametersTo(new double[3]));
        AssertLengthError("values", "values has length 0; EvalNamed has 2 parameters.", () => model.SetParameters(Array.Empty<double>()));
        Assert.Equal(0.5, model.w); // checked before anything is written
    }

    // Each check calls its own throw helper, which is given only the length (bench/README.md says why): the message
    // and the argument's name are the helper's, so each is checked here.
    private static void AssertLengthError(string argument, string message, Action call)
    {
        var error = Assert.Throws<ArgumentException>(call);
        Assert.Equal(argument, error.ParamName);
        Assert.StartsWith(message, error.Message);
    }
}
