using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SymbolicGd.CodeFixes;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Packaging;

/// <summary>
/// The code fixes shipped in SymbolicGd.CodeFixes.dll, each applied as the IDE would (in a workspace, to the
/// diagnostic the real generator reports on a broken model): the fixed file is the expected text, and the fixed model
/// generates without diagnostics and compiles, in C# 10 with nullable on.
/// </summary>
public class CodeFixTests
{
    private static readonly CSharpParseOptions s_csharp10 = new(LanguageVersion.CSharp10, DocumentationMode.Diagnose);

    /// <summary>Reports the generator's diagnostics for <paramref name="source"/>, applies the one fix offered for
    /// <paramref name="id"/>, and returns the fixed text and the generator run over it.</summary>
    private static async Task<(string Text, string Title, GeneratorRun Run)> Fix(CodeFixProvider provider, string id, string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Create(), "User", "User", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: s_csharp10,
            metadataReferences: GeneratorHarness.References));
        var document = workspace.AddDocument(project.Id, "Model.cs", SourceText.From(source));

        var diagnostics = (await Run(document)).Sgd.Where(d => d.Id == id).ToList();
        var diagnostic = Assert.Single(diagnostics);
        Assert.Contains(id, provider.FixableDiagnosticIds);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        var fix = Assert.Single(actions);
        var operations = await fix.GetOperationsAsync(CancellationToken.None);
        var solution = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        var fixedDocument = solution.GetDocument(document.Id)!;
        string text = (await fixedDocument.GetTextAsync()).ToString().Replace("\r\n", "\n");
        return (text, fix.Title, await Run(fixedDocument));
    }

    private static async Task<GeneratorRun> Run(Document document)
    {
        var compilation = (CSharpCompilation)(await document.Project.GetCompilationAsync())!;
        return GeneratorHarness.Run(compilation);
    }

    [Fact]
    public void The_fixed_ids_are_the_generators()
    {
        Assert.Equal(DiagnosticIds.ClassNotPartial, SymbolicGd.Generator.Shared.Diagnostics.ClassNotPartial.Id);
        Assert.Equal(DiagnosticIds.ContainingTypeNotPartial, SymbolicGd.Generator.Shared.Diagnostics.ContainingTypeNotPartial.Id);
        Assert.Equal(DiagnosticIds.MissingLoss, SymbolicGd.Generator.Shared.Diagnostics.MissingLoss.Id);
        Assert.Equal(DiagnosticIds.InvalidParameterType, SymbolicGd.Generator.Shared.Diagnostics.InvalidParameterType.Id);
    }

    [Fact]
    public async Task A_model_class_that_is_not_partial_becomes_partial()
    {
        var (text, title, run) = await Fix(new MakePartialCodeFix(), "SGD0001", """
            using SymbolicGd;

            namespace Demo
            {
                [Differentiable]
                public sealed class Line
                {
                    [Param] public double a = 1, b;
                    [Loss] public double E(double x, double y) => 0.5 * (a * x + b - y) * (a * x + b - y);
                }
            }
            """);

        Assert.Equal("Make 'Line' partial", title);
        Assert.Contains("    public sealed partial class Line\n", text, StringComparison.Ordinal);
        run.AssertClean();
        Assert.Contains("Backward", run.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_class_without_modifiers_keeps_its_indentation()
    {
        var (text, _, run) = await Fix(new MakePartialCodeFix(), "SGD0001", """
            using SymbolicGd;

            namespace Demo
            {
                [Differentiable]
                class Square
                {
                    [Param] public double w = 3;
                    [Loss] public double L() => w * w;
                }
            }
            """);

        Assert.Contains("    [Differentiable]\n    partial class Square\n", text, StringComparison.Ordinal);
        run.AssertClean();
    }

    [Fact]
    public async Task A_network_that_is_not_partial_becomes_partial()
    {
        var (text, _, run) = await Fix(new MakePartialCodeFix(), "SGD0001", """
            using SymbolicGd;

            namespace Demo;

            [Network(Inputs = 2, Loss = NetworkLoss.SoftmaxCrossEntropy)]
            [Dense(4, Activation.Tanh)]
            [Dense(2)]
            public class Xor
            {
            }
            """);

        Assert.Contains("public partial class Xor\n", text, StringComparison.Ordinal);
        run.AssertClean();
        Assert.Contains("BackwardBatch", run.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_containing_type_that_is_not_partial_becomes_partial()
    {
        var (text, title, run) = await Fix(new MakePartialCodeFix(), "SGD0002", """
            using SymbolicGd;

            namespace Demo;

            public static class Models
            {
                [Differentiable]
                public partial class Line
                {
                    [Param] public double a = 1;
                    [Loss] public double E(double x) => a * x * x;
                }
            }
            """);

        Assert.Equal("Make 'Models' partial", title);
        Assert.Contains("public static partial class Models\n", text, StringComparison.Ordinal);
        run.AssertClean();
    }

    [Fact]
    public async Task A_float_parameter_becomes_a_double()
    {
        var (text, title, run) = await Fix(new ParameterToDoubleCodeFix(), "SGD0007", """
            using SymbolicGd;

            namespace Demo;

            [Differentiable]
            public partial class Scale
            {
                [Param] public double a = 1;
                [Param] public float b = 0.5f;
                [Loss] public double E(double x, double y) => (a * x + b - y) * (a * x + b - y);
            }
            """);

        Assert.Equal("Change the type of the [Param] to double (from float)", title);
        Assert.Contains("    [Param] public double b = 0.5f;\n", text, StringComparison.Ordinal);
        run.AssertClean();
    }

    [Fact]
    public async Task An_int_property_parameter_becomes_a_double()
    {
        var (text, _, run) = await Fix(new ParameterToDoubleCodeFix(), "SGD0007", """
            using SymbolicGd;

            namespace Demo;

            [Differentiable]
            public partial class Offset
            {
                [Param] public int Shift { get; set; } = 2;
                [Loss] public double E(double x) => (x - Shift) * (x - Shift);
            }
            """);

        Assert.Contains("    [Param] public double Shift { get; set; } = 2;\n", text, StringComparison.Ordinal);
        run.AssertClean();
    }

    [Fact]
    public async Task A_model_without_a_loss_gets_one_that_generates_and_compiles()
    {
        var (text, title, run) = await Fix(new AddLossCodeFix(), "SGD0004", """
            using SymbolicGd;

            namespace Demo
            {
                [Differentiable]
                public partial class Pair
                {
                    [Param] public double u = 1, v = -2;
                    [Param] public double W { get; set; } = 3;
                    public double NotAParameter = 4;
                }
            }
            """);

        Assert.Equal("Add a [Loss] method", title);
        Assert.Contains(
            "        [Loss]\n        public double Objective() => u * u + v * v + W * W;\n    }\n}",
            text, StringComparison.Ordinal);
        run.AssertClean();
        var model = run.Load().GetType("Demo.Pair")!;
        var loss = (SymbolicGd.IDifferentiableLoss)Activator.CreateInstance(model)!;
        var gradient = new double[3];
        Assert.Equal(1 + 4 + 9, loss.Backward(gradient));
        Assert.Equal(new[] { 2.0, -4.0, 6.0 }, gradient);
    }
}
