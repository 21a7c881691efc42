using System;
using SymbolicGd.Layers;
using Xunit;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>The names of a stack's parameters and intermediates, in the order of the parameter vector and of <c>Evaluate</c>.</summary>
public sealed class NetworkNamesTests
{
    [Fact]
    public void Parameters_are_each_layers_weights_row_by_row_then_its_bias()
    {
        Assert.Equal(
            [
                "W1[0,0]", "W1[0,1]", "W1[1,0]", "W1[1,1]", "W1[2,0]", "W1[2,1]", "b1[0]", "b1[1]", "b1[2]",
                "W2[0,0]", "W2[0,1]", "W2[0,2]", "b2[0]",
            ],
            NetworkNames.Parameters(2, 3, 1));
    }

    [Fact]
    public void Parameters_count_up_past_nine_without_a_culture_of_its_own()
    {
        var names = NetworkNames.Parameters(12, 1);

        Assert.Equal(13, names.Count);
        Assert.Equal("W1[0,10]", names[10]);
        Assert.Equal("W1[0,11]", names[11]);
        Assert.Equal("b1[0]", names[12]);
    }

    [Fact]
    public void Intermediates_list_z_then_a_for_each_layer_and_only_z_without_an_activation()
    {
        Assert.Equal(
            ["z1[0]", "z1[1]", "a1[0]", "a1[1]", "z2[0]", "z2[1]", "z2[2]"],
            NetworkNames.Intermediates([2, 3], [true, false]));
    }

    [Fact]
    public void No_layers_have_no_names()
    {
        Assert.Empty(NetworkNames.Parameters(4));
        Assert.Empty(NetworkNames.Intermediates([], []));
    }

    [Fact]
    public void Null_and_mismatched_arguments_throw_naming_them()
    {
        Assert.Equal("units", Assert.Throws<ArgumentNullException>(() => NetworkNames.Parameters(2, null!)).ParamName);
        Assert.Equal("units", Assert.Throws<ArgumentNullException>(() => NetworkNames.Intermediates(null!, [true])).ParamName);
        Assert.Equal("hasActivation", Assert.Throws<ArgumentNullException>(() => NetworkNames.Intermediates([1], null!)).ParamName);
        var mismatch = Assert.Throws<ArgumentException>(() => NetworkNames.Intermediates([1, 2], [true]));
        Assert.Equal("hasActivation", mismatch.ParamName);
        Assert.Contains("1 elements for 2 layers", mismatch.Message);
    }
}
