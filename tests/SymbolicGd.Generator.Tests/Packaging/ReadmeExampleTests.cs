using System;
using System.CodeDom.Compiler;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Packaging;

/// <summary>
/// The README's first example is what a new user pastes into the Program.cs of a new console project: it must
/// compile there as it stands, do what its comments say, and the README must say rightly which generated members
/// are static.
/// </summary>
public class ReadmeExampleTests
{
    // What `dotnet new console` turns on: the SDK's implicit usings for Microsoft.NET.Sdk, and nullable.
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    [Fact]
    public void The_first_example_compiles_as_a_console_projects_Program_cs_and_does_what_its_comments_say()
    {
        string example = FirstExample();
        var compilation = CSharpCompilation.Create(
            "ReadmeExample",
            new[]
            {
                CSharpSyntaxTree.ParseText(ImplicitUsings, GeneratorHarness.ParseOptions, path: "GlobalUsings.g.cs"),
                CSharpSyntaxTree.ParseText(example, GeneratorHarness.ParseOptions, path: "Program.cs"),
            },
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var run = GeneratorHarness.Run(compilation).AssertClean();
        var micrograd = run.Load().GetType("Micrograd", throwOnError: true)!;

        // var (value, grad) = m.ValueAndGradient();   // value == -8; grad.a == 6, grad.b == -4, grad.c == -2, grad.f == 4
        Assert.Contains("// value == -8; grad.a == 6, grad.b == -4, grad.c == -2, grad.f == 4", example, StringComparison.Ordinal);
        object model = Activator.CreateInstance(micrograd)!;
        var result = (ITuple)micrograd.GetMethod("ValueAndGradient")!.Invoke(model, null)!;
        Assert.Equal(-8.0, (double)result[0]!);
        object gradient = result[1]!;
        Assert.Equal(
            new[] { 6.0, -4.0, -2.0, 4.0 },
            new[] { "a", "b", "c", "f" }.Select(name => (double)gradient.GetType().GetProperty(name)!.GetValue(gradient)!));

        // foreach (var d in Micrograd.Derivatives) Console.WriteLine(d);   and the lines it prints, as comments
        var printed = ((System.Collections.IEnumerable)micrograd.GetProperty("Derivatives", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
            .Cast<object>().Select(d => "// " + d).ToList();
        var commented = example.Split('\n').SkipWhile(l => !l.StartsWith("foreach (var d in Micrograd.Derivatives)", StringComparison.Ordinal))
            .Skip(1).TakeWhile(l => l.StartsWith("// ", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "// ∂L/∂a = b·f", "// ∂L/∂b = a·f", "// ∂L/∂c = f", "// ∂L/∂f = a·b + c" }, printed);
        Assert.Equal(printed, commented);

        // "Derivatives and Summary are the static members": true of every member the generator adds.
        var generated = micrograd.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m is PropertyInfo or MethodInfo { IsSpecialName: false } && !m.Name.StartsWith("__", StringComparison.Ordinal) && !m.Name.Contains('.'))
            .Where(m => m.GetCustomAttribute<GeneratedCodeAttribute>() is not null)
            .ToList();
        Assert.Contains(generated, m => m.Name == "IntermediateNames");
        Assert.Equal(new[] { "Derivatives", "Summary" }, generated.Where(IsStatic).Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Contains("`Derivatives` and `Summary` are the static members", Readme(), StringComparison.Ordinal);

        // The summary the README shows under the example is the model's.
        string summary = (string)micrograd.GetProperty("Summary", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Assert.Contains("prints\n\n```\n" + summary + "\n```", Readme(), StringComparison.Ordinal);
    }

    private static bool IsStatic(MemberInfo member) => member switch
    {
        PropertyInfo property => property.GetMethod!.IsStatic,
        MethodInfo method => method.IsStatic,
        _ => false,
    };

    /// <summary>The first C# block of the README's "An example" section.</summary>
    private static string FirstExample()
    {
        string readme = Readme();
        int section = readme.IndexOf("## An example", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no section 'An example'");
        var block = Regex.Match(readme[section..], "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success);
        return block.Groups[1].Value;
    }

    private static string Readme([CallerFilePath] string here = "")
    {
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(here)!); folder is not null; folder = folder.Parent)
        {
            string path = Path.Combine(folder.FullName, "README.md");
            if (File.Exists(Path.Combine(folder.FullName, "SymbolicGd.sln")))
            {
                return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            }
        }

        throw new InvalidOperationException("No SymbolicGd.sln above " + here);
    }
}
