using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests;

/// <summary>
/// The incremental pipeline: an edit that does not touch a model leaves every tracked step cached; an edit to the
/// loss regenerates; pipeline values hold no Roslyn objects; output is deterministic and culture-independent.
/// </summary>
public class PipelineTests
{
    private static readonly string[] s_trackedSteps = { TrackingNames.Parse, TrackingNames.Spec, TrackingNames.Generate };

    private const string ModelSource = """
        using System;
        using SymbolicGd;

        namespace Tests
        {
            [Differentiable]
            public partial class Regression
            {
                [Param] public double a = 1, b;

                [Loss]
                public double E(double x, double y)
                {
                    double prediction = a * x + b;
                    return 0.5 * Math.Pow(prediction - y, 2);
                }
            }
        }
        """;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compilation(ModelSource);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, CSharpCompilation edited) =>
        driver.RunGenerators(edited).GetRunResult().Results.Single();

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason)> Reasons(GeneratorRunResult result) =>
        s_trackedSteps.SelectMany(name => result.TrackedSteps[name].SelectMany(step => step.Outputs.Select(o => (name, o.Reason))));

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_tracked_step_cached()
    {
        var (driver, compilation) = FirstRun();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Unrelated { public int X; }", GeneratorHarness.ParseOptions));

        var reasons = Reasons(Rerun(driver, edited)).ToList();

        Assert.Equal(s_trackedSteps, reasons.Select(r => r.Step).Distinct());
        Assert.All(reasons, r => Assert.Contains(r.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void Editing_the_same_file_after_the_model_leaves_every_tracked_step_cached()
    {
        var (driver, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().WithChanges(
            new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(tree.Length, 0), "\npublic class Later { }\n"))));

        Assert.All(Reasons(Rerun(driver, edited)), r => Assert.Contains(r.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void Moving_the_model_down_reparses_but_does_not_differentiate_again()
    {
        var (driver, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().WithChanges(
            new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(0, 0), "// a comment that moves every line down\n"))));

        var result = Rerun(driver, edited);

        // The parse result holds the (moved) locations, so it changes; the model itself does not, so the
        // expensive step is not run again.
        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Parse].Single().Outputs.Single().Reason);
        Assert.Contains(result.TrackedSteps[TrackingNames.Spec].Single().Outputs.Single().Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.Equal(IncrementalStepRunReason.Cached, result.TrackedSteps[TrackingNames.Generate].Single().Outputs.Single().Reason);
    }

    [Fact]
    public void Editing_the_loss_regenerates_the_model()
    {
        var (driver, compilation) = FirstRun();
        string before = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(ModelSource.Replace("Math.Pow(prediction - y, 2)", "Math.Abs(prediction - y)"), GeneratorHarness.ParseOptions));

        var result = Rerun(driver, edited);

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Generate].Single().Outputs.Single().Reason);
        string after = result.GeneratedSources.Single().SourceText.ToString();
        Assert.NotEqual(before, after);
        Assert.Contains("∂E/∂a = 0.5·x·sgn(prediction − y)", after);
    }

    [Fact]
    public void Editing_a_helper_in_another_file_regenerates_the_model()
    {
        string model = """
            using SymbolicGd;
            [Differentiable]
            public partial class M
            {
                [Param] public double w;
                [Loss] public double L(double x) => Scale(w * x);
            }
            """;
        string helper = "public partial class M { private static double Scale(double z) => 2 * z; }";
        var compilation = GeneratorHarness.Compilation(model, helper);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var helperTree = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(helperTree, CSharpSyntaxTree.ParseText(helper.Replace("2 * z", "3 * z"), GeneratorHarness.ParseOptions));

        var result = Rerun(driver, edited);

        Assert.Contains("∂L/∂w = 3·x", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Pipeline_values_hold_no_Roslyn_objects()
    {
        var (driver, _) = FirstRun();
        var result = driver.GetRunResult().Results.Single();

        foreach (string name in s_trackedSteps)
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertNoRoslynObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    internal static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        Assert.False(
            value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel or SyntaxTree,
            $"{path} holds a {type.Name}");
        if (value is IEnumerable items && !(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>) && (bool)type.GetProperty("IsDefault")!.GetValue(value)!))
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }

    [Fact]
    public void Output_is_the_same_on_every_run_and_in_every_culture()
    {
        string invariant = GeneratorHarness.Run(ModelSource.Replace("a = 1, b", "a = 1.5, b = -0.25")).Source;
        string again = GeneratorHarness.Run(ModelSource.Replace("a = 1, b", "a = 1.5, b = -0.25")).Source;
        Assert.Equal(invariant, again);

        var original = CultureInfo.CurrentCulture;
        try
        {
            foreach (string culture in new[] { "de-DE", "fr-FR", "ar-SA" })
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
                Assert.Equal(invariant, GeneratorHarness.Run(ModelSource.Replace("a = 1, b", "a = 1.5, b = -0.25")).Source);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = original;
        }
    }

    [Fact]
    public void An_internal_failure_becomes_SGD0026_not_an_exception()
    {
        // A malformed model that the parser would never produce: the body names a statement that does not exist.
        var spec = new ModelSpec(
            "global::Broken",
            null,
            EquatableArray<TypeDeclarationSpec>.Empty,
            new TypeDeclarationSpec("class", "Broken", EquatableArray<string>.Empty),
            EquatableArray.Create(new ParameterSpec("w", IsProperty: false)),
            new FunctionSpec("L", EquatableArray<string>.Empty, EquatableArray<ExprNode>.Empty, EquatableArray<StatementNode>.Empty, EquatableArray.Create(7)),
            EquatableArray<FunctionSpec>.Empty,
            EquatableArray<string>.Empty);

        var generated = ScalarPipeline.Generate(spec, CancellationToken.None);

        Assert.Null(generated.Source);
        var finding = Assert.Single(generated.Findings);
        Assert.Equal("SGD0026", finding.Id);
        Assert.Equal("Broken", finding.MessageArguments[0]);
        Assert.Contains("OutOfRange", finding.MessageArguments[1]);
    }
}
