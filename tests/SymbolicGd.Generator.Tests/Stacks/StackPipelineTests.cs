using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// The layer-stack pipeline caches as the scalar one does: an unrelated edit leaves every step cached, moving the
/// class reparses without regenerating, editing a layer or a custom activation regenerates; its values hold no
/// Roslyn objects; its output is the same in every culture; its generated file does not grow with the widths.
/// </summary>
public sealed class StackPipelineTests
{
    private static readonly string[] s_steps = { TrackingNames.StackParse, TrackingNames.StackSpec, TrackingNames.StackGenerate };

    private const string Source = """
        using System;
        using SymbolicGd;

        namespace Tests
        {
            [Network(Inputs = 8, Loss = NetworkLoss.SoftmaxCrossEntropy)]
            [Dense(16, nameof(Swish))]
            [Dense(4, Activation.LeakyRelu, NegativeSlope = 0.125)]
            [Dense(3)]
            public partial class Net
            {
                public static double Swish(double z) => z * Functions.Sigmoid(z);
            }
        }
        """;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compilation(Source);
        return (GeneratorHarness.Driver().RunGenerators(compilation), compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, CSharpCompilation edited) =>
        driver.RunGenerators(edited).GetRunResult().Results.Single();

    private static IncrementalStepRunReason Reason(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].Single().Outputs.Single().Reason;

    private static readonly IncrementalStepRunReason[] s_unchanged = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_stack_step_cached()
    {
        var (driver, compilation) = FirstRun();
        var result = Rerun(driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", GeneratorHarness.ParseOptions)));
        foreach (string step in s_steps)
        {
            Assert.Contains(Reason(result, step), s_unchanged);
        }
    }

    [Fact]
    public void Moving_the_network_down_reparses_but_does_not_generate_again()
    {
        var (driver, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "// moved\n\n")));
        var result = Rerun(driver, moved);
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, TrackingNames.StackParse));
        Assert.Contains(Reason(result, TrackingNames.StackSpec), s_unchanged);
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, TrackingNames.StackGenerate));
    }

    [Theory]
    [InlineData("[Dense(16, nameof(Swish))]", "[Dense(17, nameof(Swish))]")]
    [InlineData("z * Functions.Sigmoid(z)", "z * Functions.Sigmoid(2 * z)")]
    [InlineData("NegativeSlope = 0.125", "NegativeSlope = 0.25")]
    public void Editing_a_layer_or_its_activation_generates_again(string before, string after)
    {
        var (driver, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Source.Replace(before, after), GeneratorHarness.ParseOptions, tree.FilePath));
        var result = Rerun(driver, edited);
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, TrackingNames.StackGenerate));
    }

    [Fact]
    public void Stack_pipeline_values_hold_no_Roslyn_objects()
    {
        var result = FirstRun().Driver.GetRunResult().Results.Single();
        foreach (string name in s_steps)
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    PipelineTests.AssertNoRoslynObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    [Fact]
    public void Output_is_the_same_in_every_culture()
    {
        string invariant = GeneratorHarness.Run(Source).AssertClean().Source;
        var original = CultureInfo.CurrentCulture;
        try
        {
            foreach (string culture in new[] { "de-DE", "fr-FR", "ar-SA" })
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
                Assert.Equal(invariant, GeneratorHarness.Run(Source).Source);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = original;
        }

        Assert.Contains("0.125", invariant);
    }

    [Fact]
    public void The_generated_file_does_not_grow_with_the_layer_widths()
    {
        // Both past the stack-scratch limit, so both take the pooled path: only the numbers may differ.
        string Generate(int inputs, int first, int second) => GeneratorHarness.Run(Source
            .Replace("Inputs = 8", $"Inputs = {inputs}")
            .Replace("[Dense(16,", $"[Dense({first},")
            .Replace("[Dense(4,", $"[Dense({second},")).AssertClean().Source;

        string wide = Generate(784, 2560, 1280);
        string wider = Generate(1568, 5120, 2560);
        Assert.Equal(wide.Split('\n').Length, wider.Split('\n').Length);
        Assert.True(wider.Length < wide.Length * 1.02, $"{wide.Length} characters for 784-2560-1280-3, {wider.Length} for 1568-5120-2560-3");
    }
}
