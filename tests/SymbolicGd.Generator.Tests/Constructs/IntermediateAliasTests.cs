using System;
using System.Linq;
using SymbolicGd.Generator.Tests.Models;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// Evaluate writes every local of the loss, in the order the loss assigns them, including those that hold a
/// parameter, an argument, a constant, or a value another local already names (one node, two names).
/// </summary>
public class IntermediateAliasTests
{
    [Fact]
    public void Every_local_is_an_intermediate_in_assignment_order()
    {
        var model = new AliasedLocals();

        Assert.Equal(new[] { "s", "c", "d", "p", "q", "r" }, model.IntermediateNames);
    }

    [Fact]
    public void Evaluate_writes_the_value_of_each_local()
    {
        var model = new AliasedLocals();
        Span<double> named = stackalloc double[6];
        const double x = 3;

        double loss = model.Evaluate(x, named);

        Assert.Equal(model.L(x), loss);
        Assert.Equal(new[] { 1.5, 2, 3, 4.5, 4.5, 1.5 * 0.5 + 2 }, named.ToArray());
    }

    [Fact]
    public void Formulas_use_the_name_of_the_first_local_that_holds_a_value()
    {
        // q is p's node, so the derivative reads p; s is the parameter w itself, so it reads w.
        Assert.Equal("w·p", AliasedLocals.Derivatives.Single(d => d.Parameter == "b").Formula);
    }
}
