using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Testing;
using Xunit.Abstractions;

namespace SymbolicGd.Generator.Tests.Loops;

/// <summary>
/// The loop and array models of issue 15, section 1, compiled by the real generator in memory: their gradients
/// against PyTorch's float64 autograd (Reference/loop-models.json, written by tools/reference/loop_models.py) and
/// against central differences of the user's own loss; ParameterNames flattened in declaration order, row-major;
/// SetParameters writing the fields in that order; Backward allocating nothing after its first call; generated code
/// whose size does not grow with the length of an array; a finite gradient where the user's loss overflows.
/// </summary>
/// <remarks>
/// The contract these tests hold the generator to (issue 15): the generated <c>Backward</c> takes the loss's data
/// arguments in order, with their own C# types (<c>double[] x</c>, <c>int label</c>, <c>double y</c>), then the
/// gradient span, and adds to it; the <c>Sample</c> record carries the arrays; SetParameters and CopyParametersTo work
/// on the flattened vector. The models are used through a probe class compiled with each of them, so that the test
/// calls that exact signature and measures nothing of its own (reflection, boxing) as Backward's allocation.
/// Until the generator has loops and arrays, every test here but the reference test fails at its first step, with the
/// generator's SGD0007 (array [Param]) or SGD0010 (array or int argument) listed in the message. The harness itself
/// was checked against hand-written Backward methods for the logistic and softmax models (they pass; a gradient off
/// by 1e-9 relative, or an allocation, fails).
/// </remarks>
public sealed class LoopModelTests(ITestOutputHelper output)
{
    /// <summary>PyTorch agreement, relative to the largest gradient component (to the value, for the loss).</summary>
    private const double PyTorchTolerance = 1e-12;

    private static readonly ConcurrentDictionary<string, Lazy<LoadedLoopModel>> s_loaded = new(StringComparer.Ordinal);

    private static readonly Lazy<JsonDocument> s_reference = new(() => JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "loop-models.json"))));

    public static TheoryData<string> Models
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var model in LoopModels.All)
            {
                data.Add(model.Name);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_reference_is_the_users_own_loss_and_its_central_differences(string name)
    {
        // This one needs no generated code, and holds before the language has loops: the model is compiled as plain
        // C# ([Differentiable] removed) and its fields are set directly, so that PyTorch's numbers are tied to the C#
        // of LoopModels.cs whatever the generator does with it.
        var spec = LoopModels.Named(name);
        var compilation = GeneratorHarness.Compilation(
            spec.Source(name).Replace("[Differentiable]", "", StringComparison.Ordinal), LoadedLoopModel.UserProbeSource(spec));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var assembly = new AssemblyLoadContext(name: null, isCollectible: true).LoadFromStream(new MemoryStream(stream.ToArray()));
        var probe = assembly.GetType($"Tests.{name}UserProbe", throwOnError: true)!;
        object model = Activator.CreateInstance(assembly.GetType("Tests." + name, throwOnError: true)!)!;

        int records = 0;
        foreach (JsonElement record in Reference(name).GetProperty("records").EnumerateArray())
        {
            double[] theta = Doubles(record.GetProperty("parameters"));
            object[] arguments = LoadedLoopModel.ArgumentsOf(spec, record.GetProperty("arguments"));
            double[] gradient = Doubles(record.GetProperty("gradient"));
            double reference = record.GetProperty("loss").GetDouble();
            string where = $"{name}, record {records} ({Describe(arguments)})";
            Assert.Equal(spec.ParameterNames.Count, theta.Length);
            Assert.Equal(theta.Length, gradient.Length);
            double LossAt(double[] at)
            {
                LoadedLoopModel.Call(probe, "SetFields", model, Array.Empty<object>(), at);
                return (double)LoadedLoopModel.Call(probe, "Loss", model, arguments)!;
            }

            double value = LossAt(theta);
            Assert.Equal(theta, (double[])LoadedLoopModel.Call(probe, "Fields", model, Array.Empty<object>())!);
            if (!record.GetProperty("lossIsUsers").GetBoolean())
            {
                // The confident record: the user's −log(1 − p) overflows where p rounds to 1, which is why PyTorch's
                // numbers for it come from binary_cross_entropy_with_logits.
                Assert.True(double.IsPositiveInfinity(value), $"{where}: the user's loss is {value:R}");
                Assert.True(double.IsFinite(reference), $"{where}: PyTorch's loss is {reference:R}");
                records++;
                continue;
            }

            Assert.True(Math.Abs(value - reference) <= PyTorchTolerance * Math.Abs(reference), $"{where}: the user's loss {value:R}, PyTorch {reference:R}");
            for (int i = 0; i < theta.Length; i++)
            {
                double estimate = CentralDifference.Of(
                    v =>
                    {
                        double[] moved = (double[])theta.Clone();
                        moved[i] = v;
                        return LossAt(moved);
                    },
                    theta[i],
                    FiniteDifferences.RelativeStep * Math.Max(1, Math.Abs(theta[i])));
                double tolerance = FiniteDifferences.RelativeTolerance * Math.Abs(gradient[i]) + FiniteDifferences.AbsoluteTolerance * Math.Max(1, Math.Abs(value));
                Assert.True(
                    Math.Abs(gradient[i] - estimate) <= tolerance,
                    $"{where}: PyTorch's ∂/∂{spec.ParameterNames[i]} = {gradient[i]:R}, central difference of the user's loss {estimate:R} (tolerance {tolerance:R})");
            }

            records++;
        }

        Assert.True(records >= 4, $"only {records} records of {name}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ParameterNames_are_the_arrays_flattened_in_declaration_order_row_major(string name)
    {
        var spec = LoopModels.Named(name);
        var model = Load(name).New();

        // The script names the gradient it wrote by the same rule, independently.
        Assert.Equal(spec.ParameterNames, Reference(name).GetProperty("parameterNames").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(spec.ParameterNames, model.ParameterNames);
        Assert.Equal(spec.ParameterNames.Count, model.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SetParameters_writes_the_fields_in_declaration_order_row_major_and_CopyParametersTo_reads_them_back(string name)
    {
        var loaded = Load(name);
        var model = loaded.New();
        double[] theta = Enumerable.Range(0, model.ParameterCount).Select(i => 0.25 * i - 1.5).ToArray();

        model.SetParameters(theta);

        // The probe reads the fields themselves: a double, a double[] in order, a double[,] by foreach (row-major).
        Assert.Equal(theta, loaded.Fields(model));
        double[] copied = new double[theta.Length];
        model.CopyParametersTo(copied);
        Assert.Equal(theta, copied);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Backward_agrees_with_pytorch_to_1e_minus_12(string name)
    {
        var loaded = Load(name);
        double worst = 0;
        int records = 0;
        foreach (JsonElement record in Reference(name).GetProperty("records").EnumerateArray())
        {
            var model = loaded.New();
            double[] parameters = Doubles(record.GetProperty("parameters"));
            object[] arguments = loaded.Arguments(record.GetProperty("arguments"));
            double[] expected = Doubles(record.GetProperty("gradient"));
            model.SetParameters(parameters);
            string where = $"{name}, record {records} ({Describe(arguments)})";

            double[] gradient = new double[model.ParameterCount];
            double value = loaded.Backward(model, arguments, gradient);

            // The value is the user's own C#, bit for bit, and PyTorch's where the user's loss is finite.
            FiniteDifferences.AssertIdentical(loaded.Loss(model, arguments), value, $"Backward's value against the user's loss, {where}");
            if (record.GetProperty("lossIsUsers").GetBoolean())
            {
                double reference = record.GetProperty("loss").GetDouble();
                Assert.True(
                    Math.Abs(value - reference) <= PyTorchTolerance * Math.Abs(reference),
                    $"{where}: loss {value:R}, PyTorch {reference:R}");
            }

            double scale = expected.Max(Math.Abs);
            for (int i = 0; i < expected.Length; i++)
            {
                double difference = Math.Abs(gradient[i] - expected[i]);
                Assert.True(
                    difference <= PyTorchTolerance * scale,
                    $"{where}: ∂/∂{model.ParameterNames[i]} = {gradient[i]:R}, PyTorch {expected[i]:R} (off by {difference:R}, " +
                    $"tolerance {PyTorchTolerance * scale:R})");
                worst = Math.Max(worst, difference / scale);
            }

            // Through the Sample record (which carries the arrays) the same bits; and Backward adds to the span.
            double[] throughSample = new double[model.ParameterCount];
            FiniteDifferences.AssertIdentical(value, loaded.BackwardThroughSample(model, arguments, throughSample), $"Backward(in Sample)'s value, {where}");
            double[] offset = Enumerable.Range(0, gradient.Length).Select(i => 0.375 * (i + 1) - 1).ToArray();
            double[] added = (double[])offset.Clone();
            loaded.Backward(model, arguments, added);
            for (int i = 0; i < gradient.Length; i++)
            {
                FiniteDifferences.AssertIdentical(gradient[i], throughSample[i], $"Backward(in Sample)'s ∂/∂{model.ParameterNames[i]}, {where}");
                FiniteDifferences.AssertIdentical(offset[i] + gradient[i], added[i], $"Backward's ∂/∂{model.ParameterNames[i]} added to {offset[i]}, {where}");
            }

            records++;
        }

        Assert.True(records >= 4, $"only {records} records of {name}");
        output.WriteLine($"{name}: {records} records, worst gradient difference {worst:G3} of the largest component");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Backward_agrees_with_central_differences_of_the_users_loss(string name)
    {
        var loaded = Load(name);
        int checkedRecords = 0;
        foreach (JsonElement record in Reference(name).GetProperty("records").EnumerateArray())
        {
            if (!record.GetProperty("lossIsUsers").GetBoolean())
            {
                continue; // the user's loss overflows there: nothing to difference
            }

            var model = loaded.New();
            object[] arguments = loaded.Arguments(record.GetProperty("arguments"));
            model.SetParameters(Doubles(record.GetProperty("parameters")));
            double[] gradient = new double[model.ParameterCount];
            double value = loaded.Backward(model, arguments, gradient);

            double[] estimate = CentralDifference.Gradient(model, () => loaded.Loss(model, arguments), FiniteDifferences.RelativeStep);
            double floor = FiniteDifferences.AbsoluteTolerance * Math.Max(1, Math.Abs(value));
            for (int i = 0; i < gradient.Length; i++)
            {
                double tolerance = FiniteDifferences.RelativeTolerance * Math.Abs(gradient[i]) + floor;
                Assert.True(
                    Math.Abs(gradient[i] - estimate[i]) <= tolerance,
                    $"{name} ({Describe(arguments)}): ∂/∂{model.ParameterNames[i]} = {gradient[i]:R}, central difference {estimate[i]:R} (tolerance {tolerance:R})");
            }

            checkedRecords++;
        }

        Assert.True(checkedRecords >= 4, $"only {checkedRecords} records of {name} were differenced");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Backward_allocates_nothing_after_its_first_call(string name)
    {
        var loaded = Load(name);
        JsonElement record = Reference(name).GetProperty("records")[0];
        var model = loaded.New();
        model.SetParameters(Doubles(record.GetProperty("parameters")));

        long allocated = loaded.AllocatedByBackward(model, loaded.Arguments(record.GetProperty("arguments")), new double[model.ParameterCount], calls: 100);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Generated_code_has_as_many_lines_for_4000_features_as_for_4()
    {
        // Data loops bounded by x.Length, only the [Param]'s length differs: the generated code is loops, not unrolled.
        string small = Generate(LoopModels.Logistic(4, "LogisticRegression"));
        string large = Generate(LoopModels.Logistic(4000, "LogisticRegression"));

        int smallLines = small.Split('\n').Length, largeLines = large.Split('\n').Length;
        output.WriteLine($"generated lines: {smallLines} for new double[4], {largeLines} for new double[4000]; {small.Length} and {large.Length} characters");
        Assert.Equal(smallLines, largeLines);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void A_confident_prediction_gives_a_finite_gradient(double y)
    {
        // z = 0 + 10·2 + 5·3 + 2.5·2 = 40: p = σ(40) = 1 − 4.2e-18 rounds to 1, so the expanded derivative
        // p·(1 − p)·((1 − y)/(1 − p) − y/p) is 0·∞ = NaN, and the textbook's x·(p − y) is finite.
        var loaded = Load(LoopModels.LogisticRegression.Name);
        var model = loaded.New();
        model.SetParameters(new[] { 10.0, 5.0, 2.5, 0.0 });
        double[] x = { 2.0, 3.0, 2.0 };
        double[] gradient = new double[4];

        double value = loaded.Backward(model, new object[] { x, y }, gradient);

        FiniteDifferences.AssertIdentical(loaded.Loss(model, new object[] { x, y }), value, "Backward's value against the user's loss at z = 40");
        Assert.All(gradient, g => Assert.True(double.IsFinite(g), $"gradient ({string.Join(", ", gradient.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}) at z = 40, y = {y}"));

        // ∂Bce/∂w[i] = x[i]·(σ(40) − y), ∂Bce/∂b = σ(40) − y, with σ(40) − 1 = −4.2e-18.
        double[] exact = { x[0] * (1 - y), x[1] * (1 - y), x[2] * (1 - y), 1 - y };
        for (int i = 0; i < 4; i++)
        {
            Close.Absolute(exact[i], gradient[i], 1e-15, $"∂Bce/∂{model.ParameterNames[i]} at z = 40, y = {y}");
        }
    }

    private static JsonElement Reference(string name) => s_reference.Value.RootElement.GetProperty("models").GetProperty(name);

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static string Describe(object[] arguments) => string.Join(", ", arguments.Select(a => a switch
    {
        double[] array => $"[{string.Join(", ", array.Take(4).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}{(array.Length > 4 ? ", …" : "")}]",
        IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
        _ => a.ToString(),
    }));

    private static LoadedLoopModel Load(string name) =>
        s_loaded.GetOrAdd(name, n => new Lazy<LoadedLoopModel>(() => LoadedLoopModel.Compile(LoopModels.Named(n)))).Value;

    /// <summary>The generated file of a model that must generate cleanly.</summary>
    private static string Generate(LoopModel spec)
    {
        var run = GeneratorHarness.Run(spec.Source(spec.Name));
        LoadedLoopModel.AssertAccepted(spec, run);
        return run.Source;
    }
}

/// <summary>A loop model compiled with its probe and loaded, used through the probe by reflection.</summary>
internal sealed class LoadedLoopModel
{
    private readonly LoopModel _spec;
    private readonly Type _model;
    private readonly Type _probe;
    private readonly Type _userProbe;

    private LoadedLoopModel(LoopModel spec, Assembly assembly)
    {
        _spec = spec;
        _model = assembly.GetType("Tests." + spec.Name, throwOnError: true)!;
        _probe = assembly.GetType($"Tests.{spec.Name}Probe", throwOnError: true)!;
        _userProbe = assembly.GetType($"Tests.{spec.Name}UserProbe", throwOnError: true)!;
    }

    public static LoadedLoopModel Compile(LoopModel spec)
    {
        var run = GeneratorHarness.Run(spec.Source(spec.Name), UserProbeSource(spec), GeneratedProbeSource(spec));
        AssertAccepted(spec, run);
        return new LoadedLoopModel(spec, run.Load());
    }

    /// <summary>Fails, naming every diagnostic, unless the generator took the model without a word and everything
    /// (the model, its generated file, the probe calling the generated members) compiles.</summary>
    public static void AssertAccepted(LoopModel spec, GeneratorRun run)
    {
        Assert.Null(run.Result.Exception);
        var reported = run.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(
            reported.Count == 0,
            $"the generator rejected {spec.Name}:\n" + string.Join("\n", reported.Select(d => $"  {d.Id} at {d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage(CultureInfo.InvariantCulture)}")));
        Assert.True(run.Result.GeneratedSources.Length == 1, $"{spec.Name}: {run.Result.GeneratedSources.Length} generated files");
        var errors = run.CompilationErrors.Concat(run.GeneratedFileProblems).Distinct().ToList();
        Assert.True(errors.Count == 0, $"{spec.Name} does not compile:\n" + string.Join("\n", errors.Select(e => "  " + e)));
    }

    public IDifferentiable New() => (IDifferentiable)Activator.CreateInstance(_model)!;

    /// <summary>A record's arguments as the loss's C# types.</summary>
    public object[] Arguments(JsonElement arguments) => ArgumentsOf(_spec, arguments);

    /// <summary>A record's arguments as the loss's C# types: a double[] from an array, an int, a double.</summary>
    internal static object[] ArgumentsOf(LoopModel spec, JsonElement arguments)
    {
        var values = arguments.EnumerateArray().ToArray();
        Assert.Equal(spec.Arguments.Length, values.Length);
        return spec.Arguments.Select((argument, i) => argument.Type switch
        {
            "double[]" => (object)values[i].EnumerateArray().Select(e => e.GetDouble()).ToArray(),
            "int" => values[i].GetInt32(),
            "double" => values[i].GetDouble(),
            _ => throw new ArgumentException($"No JSON reading for a {argument.Type} argument.", nameof(arguments)),
        }).ToArray();
    }

    /// <summary>The user's own loss method.</summary>
    public double Loss(IDifferentiable model, object[] arguments) => (double)Call(_userProbe, "Loss", model, arguments)!;

    /// <summary>Backward(arguments…, gradient), the generated method with the loss's own signature.</summary>
    public double Backward(IDifferentiable model, object[] arguments, double[] gradient) => (double)Call(_probe, "Backward", model, arguments, gradient)!;

    /// <summary>Backward(in Sample, gradient) of IDifferentiableLoss&lt;Sample&gt;, the Sample made from the arguments.</summary>
    public double BackwardThroughSample(IDifferentiable model, object[] arguments, double[] gradient) =>
        (double)Call(_probe, "BackwardThroughSample", model, arguments, gradient)!;

    /// <summary>Bytes allocated by <paramref name="calls"/> calls of Backward after a first one, measured in the probe.</summary>
    public long AllocatedByBackward(IDifferentiable model, object[] arguments, double[] gradient, int calls) =>
        (long)Call(_probe, "AllocatedByBackward", model, arguments, gradient, calls)!;

    /// <summary>The [Param] fields themselves, in declaration order, arrays row-major.</summary>
    public double[] Fields(IDifferentiable model) => (double[])Call(_userProbe, "Fields", model, Array.Empty<object>())!;

    /// <summary>A probe method, called with the model, the loss's arguments and any more; its exception rethrown as is.</summary>
    internal static object? Call(Type probe, string method, object model, object[] arguments, params object[] after)
    {
        try
        {
            return probe.GetMethod(method)!.Invoke(null, new object[] { model }.Concat(arguments).Concat(after).ToArray());
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Calls of the generated members with the contract's signatures, compiled beside the model.</summary>
    private static string GeneratedProbeSource(LoopModel spec)
    {
        string name = spec.Name, signature = spec.Signature, arguments = spec.ArgumentList;
        return $$"""
            using System;

            namespace Tests
            {
                public static class {{name}}Probe
                {
                    public static double Backward({{name}} model, {{signature}}, double[] gradient) => model.Backward({{arguments}}, gradient);

                    public static double BackwardThroughSample({{name}} model, {{signature}}, double[] gradient)
                    {
                        global::SymbolicGd.IDifferentiableLoss<{{name}}.Sample> face = model;
                        var sample = new {{name}}.Sample({{arguments}});
                        return face.Backward(in sample, gradient);
                    }

                    public static long AllocatedByBackward({{name}} model, {{signature}}, double[] gradient, int calls)
                    {
                        model.Backward({{arguments}}, gradient);
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        for (int call = 0; call < calls; call++)
                        {
                            model.Backward({{arguments}}, gradient);
                        }

                        return GC.GetAllocatedBytesForCurrentThread() - before;
                    }
                }
            }
            """;
    }

    /// <summary>
    /// What needs no generated code: the user's loss, and the [Param] fields read and written directly in declaration
    /// order (a double, a double[] in order, a double[,] row-major; foreach over a double[,] is row-major).
    /// </summary>
    internal static string UserProbeSource(LoopModel spec)
    {
        string name = spec.Name;
        string read = string.Join("\n", spec.Parameters.Select(p => p.Shape.Length == 0
            ? $"            values.Add(model.{p.Name});"
            : $"            foreach (double v in model.{p.Name}) values.Add(v);"));
        string write = string.Join("\n", spec.Parameters.Select(p => p.Shape.Length switch
        {
            0 => $"            model.{p.Name} = theta[at++];",
            1 => $"            for (int i = 0; i < model.{p.Name}.Length; i++) model.{p.Name}[i] = theta[at++];",
            _ => $"            for (int i = 0; i < model.{p.Name}.GetLength(0); i++) for (int j = 0; j < model.{p.Name}.GetLength(1); j++) model.{p.Name}[i, j] = theta[at++];",
        }));
        return $$"""
            using System.Collections.Generic;

            namespace Tests
            {
                public static class {{name}}UserProbe
                {
                    public static double Loss({{name}} model, {{spec.Signature}}) => model.{{spec.Loss}}({{spec.ArgumentList}});

                    public static double[] Fields({{name}} model)
                    {
                        var values = new List<double>();
            {{read}}
                        return values.ToArray();
                    }

                    public static void SetFields({{name}} model, double[] theta)
                    {
                        int at = 0;
            {{write}}
                        System.Diagnostics.Debug.Assert(at == theta.Length);
                    }
                }
            }
            """;
    }
}
