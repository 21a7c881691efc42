using System;
using System.Linq;
using System.Threading.Tasks;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Testing;

namespace SymbolicGd.Generator.Tests.Scale;

/// <summary>
/// Losses far deeper than the thread's stack has frames for, if the generator recursed once per operation: a
/// stack overflow kills the compiler, so these must generate on a thread of 1.5 MB of stack, the size the compiler's
/// own threads have.
/// </summary>
public class DeepLossTests
{
    [Fact]
    public async Task A_sum_of_ten_thousand_terms_parses_without_recursing_per_term()
    {
        // Regression: FunctionParser.Binary recursed down the left operand, one frame pair per term, and overflowed
        // at about 4,000 terms; Roslyn binds such sums without recursion, so the C# was valid.
        await AssertGenerates(ScaleLosses.SumOfProducts(10_000));
    }

    [Theory]
    [InlineData(nameof(ScaleLosses.TanhStatements), 6_000)]
    [InlineData(nameof(ScaleLosses.ReluMaxChain), 3_000)]
    public async Task Thousands_of_statements_print_their_formulas_without_recursing_per_statement(string family, int n)
    {
        // Regression: FormulaPrinter expanded a node by recursing into its operands, one frame group per node of
        // the graph, which a chain of statements makes as deep as the loss is long; it overflowed at about 4,000
        // nodes.
        await AssertGenerates(family == nameof(ScaleLosses.TanhStatements) ? ScaleLosses.TanhStatements(n) : ScaleLosses.ReluMaxChain(n));
    }

    [Fact]
    public async Task A_thousand_nested_calls_generate_on_the_compilers_stack()
    {
        // Regression: Roslyn's GetOperation recurses once per nested call without a stack guard and overflowed the
        // 1.5 MB thread at about 330 levels of Math.Tanh(p0 * … + p1), ending the compiler process, though the
        // compiler itself binds and emits the loss at a thousand (DeepStack moves such models to a deep thread).
        await AssertGenerates(ScaleLosses.NestedTanh(1_000));
    }

    [Theory]
    [InlineData("(", ")", 150, true)]
    [InlineData("(", ")", 90, false)]
    [InlineData("- ", "", 150, true)]
    [InlineData("!", "", 110, true)]
    [InlineData("!", "", 95, false)]
    [InlineData("Math.Tanh(", ")", 120, true)]
    public void The_depth_check_finds_nesting_however_tightly_it_is_written(string open, string close, int levels, bool deep)
    {
        // The check skips subtrees too narrow to nest past the limit (a level takes at least one character), so
        // it must still find the tightest nestings: one character a level (!!!…x, - - -x) and parentheses. The
        // padding makes the class long enough to be walked at all.
        string expression = string.Concat(Enumerable.Repeat(open, levels)) + "x" + string.Concat(Enumerable.Repeat(close, levels));
        string source = "class C { void M(double x) { var y = " + expression + "; } " + new string(' ', 2_000) + "}";
        var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot();

        Assert.Equal(deep, DeepStack.SyntaxDepthExceeds(root, default));
    }

    [Fact]
    public void Many_short_statements_are_not_deep()
    {
        var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(ScaleLosses.TanhStatements(5_000)).GetRoot();

        Assert.False(DeepStack.SyntaxDepthExceeds(root, default));
    }

    [Fact]
    public void An_else_if_chain_of_250_cases_generates_runs_and_differentiates()
    {
        // x = 3.3 falls in case 3 (x < 3.5): u = p0·x + 3·p1 = 0.5·3.3 + 0.75 = 2.4, L = u² = 5.76,
        // ∂L/∂p0 = 2u·x = 15.84, ∂L/∂p1 = 2u·3 = 14.4.
        var run = GeneratorHarness.Run(ScaleLosses.ElseIfChain(250)).AssertClean();
        int elseIfs = run.Source.Split("else if (").Length - 1;
        Assert.True(elseIfs >= 249, $"the generated file has {elseIfs} else-ifs: the chain is not kept as a chain");
        var model = (IDifferentiableLoss)Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;
        var gradient = new double[2];

        Assert.Equal(5.76, model.Backward(gradient), 12);
        Assert.Equal(15.84, gradient[0], 12);
        Assert.Equal(14.4, gradient[1], 12);
    }

    /// <summary>
    /// The compiler's threads have 1.5 MB of stack; thread-pool threads here may have more (the test host's
    /// defaults differ), so the work runs on a thread of exactly that size, which a stack overflow would end.
    /// </summary>
    private static Task<T> OnCompilerSizedStack<T>(Func<T> work) => OnStack(1536 * 1024, work);

    private static Task<T> OnStack<T>(int stackSize, Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new System.Threading.Thread(
            () =>
            {
                try
                {
                    completion.SetResult(work());
                }
                catch (Exception e)
                {
                    completion.SetException(e);
                }
            },
            stackSize);
        thread.Start();
        return completion.Task;
    }

    /// <summary>
    /// The loss generates on a thread with the compiler's stack size, compiles, runs, and its gradient matches central differences at
    /// the model's initial parameters (a few of them: enough to catch a wrong adjoint anywhere in the chain).
    /// </summary>
    private static async Task AssertGenerates(string source)
    {
        // Roslyn parses by recursion with a stack guard: on a short stack it puts CS8078 into the syntax tree, at a depth
        // that depends on how far the JIT has optimized the parser's frames (a flake in filtered runs). The tree is the
        // test's input, not the generator's work, so it is parsed on a large stack; the generator runs on the compiler's.
        var compilation = await OnStack(64 * 1024 * 1024, () => GeneratorHarness.Compilation(source));
        var run = await OnCompilerSizedStack(() => GeneratorHarness.Run(compilation));
        Assert.Null(run.Result.Exception);
        Assert.Empty(run.GeneratorDiagnostics.Select(d => d.ToString()));

        // Compiling the user's loss is the test's own check, and Roslyn binds a deeply nested expression by recursion
        // too: it reports CS8078 when the thread's stack runs short, which on a thread-pool thread depends on how far
        // the JIT has optimized Roslyn's frames. Only the generator is held to the compiler's stack size: the check
        // compiles on a large stack, and not concurrently, which would bind the methods on thread-pool threads.
        var sequential = new GeneratorRun(run.Input, run.Output.WithOptions(run.Output.Options.WithConcurrentBuild(false)), run.Driver);
        var assembly = await OnStack(64 * 1024 * 1024, () =>
        {
            Assert.Empty(sequential.CompilationErrors.Select(d => d.ToString()));
            return sequential.Load();
        });
        var model = (IDifferentiableLoss)Activator.CreateInstance(assembly.GetType("Tests.Model")!)!;

        int count = model.ParameterCount;
        var gradient = new double[count];
        Assert.Equal(model.Loss(), model.Backward(gradient));
        const double Step = 1e-6;
        foreach (int i in new[] { 0, 1, count / 2, count - 1 }.Distinct())
        {
            // Central differences are good to about h²·|L‴| + ε·|L|/h; the losses here are of order one to a few
            // thousand (the sum of 10,000 products), so the tolerance is relative to the loss.
            double estimate = CentralDifference.Partial(model, model.Loss, i, Step);
            double tolerance = 1e-5 * Math.Max(1, Math.Abs(model.Loss()));
            Assert.True(Math.Abs(estimate - gradient[i]) <= tolerance, $"∂L/∂{model.ParameterNames[i]}: Backward {gradient[i]:R}, central difference {estimate:R}");
        }
    }
}
