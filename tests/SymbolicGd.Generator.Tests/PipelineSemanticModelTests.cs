using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests;

/// <summary>
/// The loss is read through a semantic model without nullable analysis where the compiler allows it (Roslyn 4.9 and
/// later): in a project with nullable enabled that analysis was most of the binding of a long loss. These tests run
/// on Roslyn 4.8, the oldest the generator supports, which cannot; the compiler of the .NET SDK that runs them can,
/// and the generator is loaded beside it to check that the option is found there.
/// </summary>
public class PipelineSemanticModelTests
{
    private const string Source = "class C { double M(double x) => x * x; }";

    [Fact]
    public void On_Roslyn_4_8_the_ordinary_semantic_model_reads_the_loss()
    {
        Assert.False(SemanticModels.CanSkipNullableAnalysis);
        var compilation = GeneratorHarness.Compilation(Source);
        var tree = compilation.SyntaxTrees.Single();
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();

        var model = SemanticModels.ForOperations(compilation, tree);

        Assert.Same(compilation, model.Compilation);
        Assert.NotNull(model.GetOperation(method));
    }

    [Fact]
    public void On_the_SDKs_compiler_the_loss_is_read_without_nullable_analysis()
    {
        string roslyn = SdkRoslynDirectory();
        var context = new BesideRoslyn(roslyn);
        var generator = context.LoadFromAssemblyPath(typeof(SymbolicGdGenerator).Assembly.Location);
        var semanticModels = generator.GetType(typeof(SemanticModels).FullName!, throwOnError: true)!;
        var codeAnalysis = context.LoadFromAssemblyName(new AssemblyName("Microsoft.CodeAnalysis"));
        Assert.StartsWith(roslyn, codeAnalysis.Location, StringComparison.Ordinal);

        bool canSkip = (bool)semanticModels.GetProperty(nameof(SemanticModels.CanSkipNullableAnalysis), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Assert.True(canSkip, $"the generator found no way to skip nullable analysis in the Roslyn at {roslyn}");

        // A model made by the generator on that compiler says that it skips the analysis, and still binds.
        var csharp = context.LoadFromAssemblyName(new AssemblyName("Microsoft.CodeAnalysis.CSharp"));
        object tree = Call(csharp.GetType("Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree", throwOnError: true)!, "ParseText", Source);
        var treeType = codeAnalysis.GetType("Microsoft.CodeAnalysis.SyntaxTree", throwOnError: true)!;
        var trees = Array.CreateInstance(treeType, 1);
        trees.SetValue(tree, 0);
        object compilation = Call(csharp.GetType("Microsoft.CodeAnalysis.CSharp.CSharpCompilation", throwOnError: true)!, "Create", "Probe", trees);
        object model = semanticModels.GetMethod(nameof(SemanticModels.ForOperations), BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new[] { compilation, tree })!;

        var disabled = model.GetType().GetProperty("NullableAnalysisIsDisabled", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.NotNull(disabled);
        Assert.True((bool)disabled.GetValue(model)!);
    }

    /// <summary>Calls the static method of that name whose leading parameters take the arguments, the rest defaulted.</summary>
    private static object Call(Type type, string name, params object[] arguments)
    {
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == name)
            .Select(m => (Method: m, Parameters: m.GetParameters()))
            .Where(m => m.Parameters.Length >= arguments.Length &&
                        m.Parameters.Take(arguments.Length).Select((p, i) => p.ParameterType.IsInstanceOfType(arguments[i])).All(fits => fits) &&
                        m.Parameters.Skip(arguments.Length).All(p => p.HasDefaultValue))
            .OrderBy(m => m.Parameters.Length)
            .First();
        var values = arguments.Concat(method.Parameters.Skip(arguments.Length).Select(p => p.DefaultValue)).ToArray();
        return method.Method.Invoke(null, values)!;
    }

    /// <summary>
    /// The Roslyn of the .NET SDK this test runs under: sdk/&lt;version&gt;/Roslyn/bincore beside the shared runtime,
    /// the newest SDK that has one (global.json rolls forward to it).
    /// </summary>
    private static string SdkRoslynDirectory()
    {
        // shared/Microsoft.NETCore.App/<version>/ → the dotnet root.
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidates = Directory.Exists(Path.Combine(root, "sdk"))
            ? Directory.GetDirectories(Path.Combine(root, "sdk"))
                .Select(sdk => Path.Combine(sdk, "Roslyn", "bincore"))
                .Where(directory => File.Exists(Path.Combine(directory, "Microsoft.CodeAnalysis.dll")))
                .OrderByDescending(directory => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(directory))), out var version) ? version : new Version())
                .ToList()
            : new List<string>();
        Assert.True(candidates.Count > 0, $"no .NET SDK with a Roslyn/bincore folder under {root}");
        return candidates[0] + Path.DirectorySeparatorChar;
    }

    /// <summary>Loads Roslyn from the SDK's folder and the generator beside it, as the compiler does in a build.</summary>
    private sealed class BesideRoslyn : AssemblyLoadContext
    {
        private readonly string _roslyn;

        public BesideRoslyn(string roslyn)
            : base(isCollectible: true) => _roslyn = roslyn;

        protected override Assembly? Load(AssemblyName name)
        {
            string path = Path.Combine(_roslyn, name.Name + ".dll");
            return name.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && File.Exists(path)
                ? LoadFromAssemblyPath(path)
                : null;
        }
    }
}
