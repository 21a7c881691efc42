using System;
using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.Stacks;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// The generator's activation table against what it stands for: the public <see cref="Activation"/> enum (every value
/// has exactly one entry, at its own number) and the runtime's kernels (every entry's forward and backward methods
/// exist in double and float, with the spans and extra argument the emitter passes).
/// </summary>
public sealed class ActivationTableTests
{
    private static readonly Type s_kernels = typeof(SymbolicGd.Layers.Activations);

    [Fact]
    public void Every_public_activation_has_one_entry_at_its_own_number_and_the_mirror_enum_agrees()
    {
        var values = Enum.GetValues<Activation>();
        Assert.Equal(values.Length, ActivationTable.Entries.Count);
        foreach (var value in values)
        {
            var entry = ActivationTable.Find((LayerActivation)(int)value);
            Assert.NotNull(entry);
            Assert.Equal(value.ToString(), entry!.Name);
            Assert.Equal((int)value, (int)entry.Kind);
        }

        Assert.Null(ActivationTable.Find((LayerActivation)values.Length));
        Assert.Null(ActivationTable.Find(LayerActivation.Custom));
    }

    [Theory]
    [InlineData(typeof(double))]
    [InlineData(typeof(float))]
    public void Every_kernel_the_table_names_exists_in_both_precisions(Type number)
    {
        foreach (var entry in ActivationTable.Entries.Where(e => !e.IsIdentity))
        {
            var extra = entry.Argument switch
            {
                KernelArgument.NegativeSlope => new[] { number },
                KernelArgument.Width => new[] { typeof(int) },
                _ => Type.EmptyTypes,
            };
            var spans = new[] { typeof(ReadOnlySpan<>).MakeGenericType(number), typeof(Span<>).MakeGenericType(number) };
            foreach (string? kernel in new[] { entry.ForwardKernel, entry.BackwardKernel })
            {
                Assert.NotNull(kernel);
                var method = s_kernels.GetMethod(kernel!, BindingFlags.Public | BindingFlags.Static, spans.Concat(extra).ToArray());
                Assert.True(method is not null, $"{entry.Name}: Activations.{kernel}({string.Join(", ", spans.Concat(extra).Select(t => t.Name))}) is missing");
                Assert.Equal(typeof(void), method!.ReturnType);
            }
        }
    }

    [Fact]
    public void Only_the_identity_has_no_kernels_and_every_other_entry_has_formulas_for_g_and_g_prime()
    {
        var names = new FormulaNames("z1", "a1", "0.01");
        Assert.True(ActivationTable.Entries[0].IsIdentity);
        Assert.Equal("z1", ActivationTable.Entries[0].ForwardFormula(names));
        foreach (var entry in ActivationTable.Entries.Skip(1))
        {
            Assert.False(entry.IsIdentity, entry.Name);
            Assert.Contains("z1", entry.ForwardFormula(names));
            // Only an activation that couples the outputs lacks an element-wise g′; the plan writes its Jacobian product.
            Assert.Equal(entry.LastLayerOnly, entry.Factor is null);
            if (entry.Factor is not null)
            {
                Assert.Matches("z1|a1", entry.Factor(names));
            }
        }
    }

    [Fact]
    public void The_hidden_layer_list_leaves_out_the_identity_and_softmax()
    {
        Assert.Equal("Tanh, Sigmoid, Relu, LeakyRelu, Softplus, Gelu, Elu", ActivationTable.HiddenLayerNames);
        Assert.StartsWith("Activation.Identity, Activation.Tanh,", ActivationTable.AllNames);
    }
}
