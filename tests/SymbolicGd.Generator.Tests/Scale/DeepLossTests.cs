using System;
using System.Linq;
using System.Threading.Tasks;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Scale;

/// <summary>
/// Losses far deeper than the thread's stack has frames for, if the generator recursed once per operation: a
/// stack overflow kills the compiler, so these must generate, on an ordinary thread-pool thread (1.5 MB of stack,
/// the size the compiler's own threads have).
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

    private static async Task AssertGenerates(string source)
    {
        var run = await Task.Run(() => GeneratorHarness.Run(source));
        Assert.Null(run.Result.Exception);
        Assert.Empty(run.GeneratorDiagnostics.Select(d => d.ToString()));
        Assert.Contains("public double Backward(", run.Source, StringComparison.Ordinal);
    }
}
