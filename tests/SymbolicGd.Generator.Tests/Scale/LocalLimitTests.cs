using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Scale;

/// <summary>
/// .NET allows 65,534 locals in a method (CS0204, reported when the assembly is emitted). The Backward of the issue's
/// 10⁵-operation chain declared 72,011 and did not compile; past the limit, generated temporaries now share locals.
/// The limit is lowered here so that small models reach it and compile quickly.
/// </summary>
public class LocalLimitTests
{
    [Theory]
    [InlineData(nameof(ScaleLosses.TanhStatements), 100)] // a chain of statements: 126 locals without sharing
    [InlineData(nameof(ScaleLosses.ReluMaxChain), 240)]   // relu, max and min: choices among the values, 257 locals
    public void Past_the_limit_temporaries_share_locals_and_the_gradient_is_the_same(string family, int maxLocals)
    {
        string source = family == nameof(ScaleLosses.TanhStatements) ? ScaleLosses.TanhStatements(60) : ScaleLosses.ReluMaxChain(60);
        var ordinary = GeneratorHarness.Run(source).AssertClean();
        int ordinaryLocals = BackwardLocals(ordinary.Source);
        Assert.True(ordinaryLocals > maxLocals, $"the ordinary Backward declares {ordinaryLocals} locals");

        var shared = ScalarPipeline.Generate(Spec(ordinary), default, maxLocals);
        Assert.Empty(shared.Findings);
        Assert.Contains("// Generated temporaries share locals once no longer needed", shared.Source);
        Assert.InRange(BackwardLocals(shared.Source!), 1, maxLocals);

        var expected = (IDifferentiableLoss)Activator.CreateInstance(ordinary.Load().GetType("Tests.Model")!)!;
        var actual = (IDifferentiableLoss)Activator.CreateInstance(Compile(source, shared.Source!).GetType("Tests.Model")!)!;
        int count = expected.ParameterCount;
        var expectedGradient = new double[count];
        var actualGradient = new double[count];

        // The forward pass is the user's own arithmetic either way; the derivatives' sums are added up in the order
        // their terms become available, which may round differently in the last place.
        Assert.Equal(expected.Backward(expectedGradient), actual.Backward(actualGradient));
        for (int i = 0; i < count; i++)
        {
            Assert.True(
                Math.Abs(actualGradient[i] - expectedGradient[i]) <= 1e-13 * Math.Abs(expectedGradient[i]),
                $"∂L/∂{expected.ParameterNames[i]}: {actualGradient[i]:R} with shared locals, {expectedGradient[i]:R} without");
        }

        // And both against central differences, so that neither can be wrong the same way.
        var estimate = FiniteDifferences.Estimate(actual, actual.Loss);
        for (int i = 0; i < count; i++)
        {
            Assert.True(
                Math.Abs(estimate[i] - actualGradient[i]) <= FiniteDifferences.RelativeTolerance * Math.Max(1, Math.Abs(estimate[i])),
                $"∂L/∂{expected.ParameterNames[i]}: {actualGradient[i]:R}, central difference {estimate[i]:R}");
        }
    }

    [Fact]
    public void Only_generated_temporaries_take_over_locals()
    {
        var shared = ScalarPipeline.Generate(Spec(GeneratorHarness.Run(ScaleLosses.TanhStatements(60)).AssertClean()), default, maxLocals: 100).Source!;
        string backward = Method(shared, "Backward");

        // Every assignment without a declaration is to a generated temporary (t…) declared earlier, never to a user's
        // local (u, u_2, …) nor a parameter's: those are named in the derivation and must keep their values.
        var lines = backward.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        var reassigned = lines.Select((line, index) => (Match: Regex.Match(line, @"^(\w+) = "), Index: index)).Where(x => x.Match.Success).ToList();
        Assert.NotEmpty(reassigned);
        foreach (var (match, index) in reassigned)
        {
            string name = match.Groups[1].Value;
            Assert.Matches(@"^t\d+$", name);
            int declared = lines.FindIndex(line => line.StartsWith("double " + name + " = ", StringComparison.Ordinal));
            Assert.InRange(declared, 0, index - 1);
        }
    }

    [Fact]
    public void A_loss_whose_own_locals_pass_the_limit_is_reported_and_nothing_is_generated()
    {
        // 60 versions of the user's local u are 60 locals that cannot be shared: the derivation names them.
        var model = ScalarPipeline.Generate(Spec(GeneratorHarness.Run(ScaleLosses.TanhStatements(60)).AssertClean()), default, maxLocals: 50);

        Assert.Null(model.Source);
        var finding = Assert.Single(model.Findings);
        Assert.Equal("SGD0032", finding.Id);
        Assert.Equal(-1, finding.ParameterIndex); // on the class name
        Assert.Equal("Tests.Model", finding.MessageArguments[0]);
        Assert.Equal("Backward", finding.MessageArguments[1]);
        Assert.True(int.Parse(finding.MessageArguments[2], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) > 50);
    }

    [Fact]
    public void The_issues_chain_of_33334_statements_fits_in_the_locals_dotnet_allows_and_its_derivation_is_abridged()
    {
        // The benchmark loss of 10⁵ operations: its Backward declared 72,011 locals (CS0204 when the user's project
        // was emitted). Compiling it here would take a minute; counting its declarations does not.
        var run = GeneratorHarness.Run(ScaleLosses.TanhStatements(33_334));
        Assert.Empty(run.GeneratorDiagnostics.Select(d => d.ToString()));
        string source = run.Source;

        Assert.InRange(BackwardLocals(source), 33_334, LocalReuse.MaxLocals);
        Assert.InRange(Method(source, "Evaluate").Split('\n').Count(line => Regex.IsMatch(line, @"^\s+double \w+ = ")), 33_334, LocalReuse.MaxLocals);

        // The derivation in the docs defines the first 500 and the last 500 locals and says what it leaves out: a
        // comment block of 33,344 lines took the C# compiler 6 s to parse when it generates no documentation.
        var definitions = source.Split('\n').Where(line => Regex.IsMatch(line, @"^\s+///   u(_\d+)? = ")).ToList();
        Assert.Equal(1_000, definitions.Count);
        Assert.EndsWith("///   u_500 = tanh(p0·u_499 + p1)", definitions[499]);
        Assert.EndsWith("///   u_33334 = tanh(p0·u_33333 + p1)", definitions[^1]);
        Assert.Contains("///   … (32,334 more, u_501 to u_32834: each as the loss computes it; Evaluate gives their values)", source);
    }

    private static ModelSpec Spec(GeneratorRun run) =>
        run.Result.TrackedSteps[TrackingNames.Spec].SelectMany(step => step.Outputs)
            .Select(output => output.Value).OfType<ModelSpec>().Single();

    /// <summary>The declarations in the generated Backward: each is a local of the method.</summary>
    private static int BackwardLocals(string source) =>
        Method(source, "Backward").Split('\n').Count(line => Regex.IsMatch(line, @"^\s+(double|bool) \w+( =|;)"));

    private static string Method(string source, string name)
    {
        int start = source.IndexOf($"public double {name}(", StringComparison.Ordinal);
        int end = source.IndexOf("\n        }\n", start, StringComparison.Ordinal);
        return source.Substring(start, end - start);
    }

    private static Assembly Compile(string model, string generated)
    {
        using var stream = new MemoryStream();
        var emit = GeneratorHarness.Compilation(model, generated).Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext(name: null, isCollectible: true).LoadFromStream(stream);
    }
}
