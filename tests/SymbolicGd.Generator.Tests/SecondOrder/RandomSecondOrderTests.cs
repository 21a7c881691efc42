using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Generator.Tests.Robustness;

namespace SymbolicGd.Generator.Tests.SecondOrder;

/// <summary>
/// Random models of the whole supported language (the fuzzer's grammar: branches, helpers, every function, names like
/// the generated code's) with SecondOrder = true: each generates second-order code that compiles without a warning,
/// and at a point where everything is finite its Hessian is symmetric, HessianVectorProduct with eⱼ is its column j,
/// and both return Backward's loss and gradient.
/// </summary>
public class RandomSecondOrderTests
{
    private const int Models = 40;

    [Fact]
    public void Random_losses_with_SecondOrder_compile_and_their_Hessians_agree_with_their_products_and_Backward()
    {
        var random = new Random(1717);
        var models = Enumerable.Range(0, Models).Select(i => LossGenerator.Generate(random, $"S{i}", allowInjection: false)).ToList();
        var options = GeneratorHarness.ParseOptions;
        var trees = models.Select(m => CSharpSyntaxTree.ParseText(
            m.Source.Replace("    [Differentiable]\n", "    [Differentiable(SecondOrder = true)]\n"), options, path: m.FileName)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(FuzzRunner.ProbeSource, options, path: "Harness/Probe.cs"));
        trees.AddRange(models.Where(m => m.Harness is not null).Select(m => CSharpSyntaxTree.ParseText(m.Harness!, options, path: $"Harness/{m.Name}.cs")));
        var compilation = CSharpCompilation.Create(
            "SecondOrderFuzz", trees, GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var run = GeneratorHarness.Run(compilation);

        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.GeneratedFileProblems.Select(d => $"{d.Id}: {d.GetMessage()} at {d.Location.GetLineSpan()}"));
        Assert.Equal(Models, run.Sources.Values.Count(s => s.Contains("public double HessianVectorProduct(", StringComparison.Ordinal)));

        var assembly = run.Load();
        int checkedModels = 0;
        foreach (var type in assembly.GetTypes().Where(t => t.Name.StartsWith('S') && !t.ContainsGenericParameters && typeof(IDifferentiable).IsAssignableFrom(t)))
        {
            var model = (IDifferentiable)Activator.CreateInstance(type, nonPublic: true)!;
            var face = type.GetInterfaces().Single(i => i.Name.StartsWith("ITwiceDifferentiableLoss", StringComparison.Ordinal));
            checkedModels += face.IsGenericType
                ? (int)typeof(RandomSecondOrderTests).GetMethod(nameof(CheckWithSample), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(face.GetGenericArguments()[0]).Invoke(null, new object[] { model })!
                : Check(type.Name, SecondOrderSubject.For((ITwiceDifferentiableLoss)model));
        }

        Assert.True(checkedModels >= Models / 3, $"only {checkedModels} of {Models} models were finite at the point tried");
    }

    private static int CheckWithSample<TSample>(IDifferentiable model)
        where TSample : struct
    {
        // Every data argument 0.7, −0.3, 1.1, … in order (the generated Sample's constructor takes them all).
        var constructor = typeof(TSample).GetConstructors().Single();
        var values = constructor.GetParameters().Select((_, i) => (object)(i % 3 == 0 ? 0.7 : i % 3 == 1 ? -0.3 : 1.1)).ToArray();
        var sample = (TSample)constructor.Invoke(values);
        return Check(model.GetType().Name, SecondOrderSubject.For((ITwiceDifferentiableLoss<TSample>)model, sample));
    }

    private static int Check(string name, SecondOrderSubject subject)
    {
        int n = subject.N;
        var (loss, gradient, hessian) = subject.ComputeHessian();
        if (!double.IsFinite(loss) || gradient.Any(g => !double.IsFinite(g)) || hessian.Any(h => !double.IsFinite(h)))
        {
            return 0;
        }

        var backward = new double[n];
        Assert.Equal(subject.Backward(backward), loss);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Close(backward[i], gradient[i], 1e-12), $"{name}: gradient[{i}] {gradient[i]:R} against Backward's {backward[i]:R}");
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(hessian[i * n + j], hessian[j * n + i]);
            }
        }

        for (int j = 0; j < n; j++)
        {
            var unit = new double[n];
            unit[j] = 1;
            var (productLoss, _, product) = subject.ComputeProduct(unit);
            Assert.Equal(loss, productLoss);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Close(hessian[i * n + j], product[i], 1e-9), $"{name}: H[{i},{j}] = {hessian[i * n + j]:R}, (H·e{j})[{i}] = {product[i]:R}");
            }
        }

        return 1;
    }

    private static bool Close(double expected, double actual, double relative) =>
        expected.Equals(actual) || Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected));
}
