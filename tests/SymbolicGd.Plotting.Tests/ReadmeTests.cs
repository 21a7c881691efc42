using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SymbolicGd.Plotting.Tests.Readme;

namespace SymbolicGd.Plotting.Tests;

/// <summary>
/// The README's examples are code that compiles and runs: every C# block after a <c>&lt;!-- ReadmeExamples: name --&gt;</c>
/// comment must be the region of that name in ReadmeExamples.cs, and the regions run here.
/// </summary>
[Collection(nameof(ReadmeTests))] // changes the current directory: not in parallel with itself
public sealed class ReadmeTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_marked_readme_block_is_the_region_of_ReadmeExamples_that_the_tests_run()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        string source = File.ReadAllText(Path.Combine(Root, "tests", "SymbolicGd.Plotting.Tests", "ReadmeExamples.cs"));
        var blocks = Regex.Matches(readme, @"<!-- ReadmeExamples: (\w+) -->\s*```csharp\n(.*?)```", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(new[] { "lbfgs", "leastsquares", "models", "pictures", "residual", "usings", "validation" }, blocks.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, string block) in blocks)
        {
            Match region = Regex.Match(source, $@"// README {name}\n(.*?)\n[ ]*// END README {name}", RegexOptions.Singleline);
            Assert.True(region.Success, $"ReadmeExamples.cs has no region '{name}'");
            Assert.Equal(Dedent(region.Groups[1].Value), Dedent(block));
        }
    }

    [Fact]
    public void The_readme_examples_run_and_do_what_their_comments_say()
    {
        string folder = Path.Combine(Path.GetTempPath(), "symbolicgd-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string previous = Environment.CurrentDirectory;
        TextWriter output = Console.Out;
        try
        {
            Environment.CurrentDirectory = folder;
            Console.SetOut(TextWriter.Null);
            (TrainingResult result, Line again) = ReadmeExamples.Validation();
            Assert.Equal(StopReason.EarlyStopping, result.StopReason);
            Assert.NotNull(result.BestEpoch);
            Assert.Equal(result.Parameters, new[] { again.a, again.b });
            Assert.Equal(2.0, again.a, 3);   // y = 2x + 1
            Assert.Equal(1.0, again.b, 3);

            Assert.Equal(3, ReadmeExamples.Lbfgs().Epochs);

            ReadmeExamples.Pictures(result);
            Assert.True(new FileInfo(Path.Combine(folder, "loss.png")).Length > 1000);
            Assert.True(new FileInfo(Path.Combine(folder, "valley.svg")).Length > 1000);
        }
        finally
        {
            Console.SetOut(output);
            Environment.CurrentDirectory = previous;
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_least_squares_example_prints_what_the_readme_shows_after_it()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Match shown = Regex.Match(readme, @"<!-- ReadmeOutput: leastsquares -->\s*```text\n(.*?)```", RegexOptions.Singleline);
        TextWriter output = Console.Out;
        var printed = new StringWriter { NewLine = "\n" };
        TrainingResult fit;
        Readme.Decay model;
        try
        {
            Console.SetOut(printed);
            (fit, model) = ReadmeExamples.LeastSquaresFit();
        }
        finally
        {
            Console.SetOut(output);
        }

        Assert.True(shown.Success, "README.md has no ```text block after <!-- ReadmeOutput: leastsquares -->; the example prints:\n" + printed);
        Assert.Equal(shown.Groups[1].Value.TrimEnd(), printed.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd());
        Assert.Equal(StopReason.FunctionTolerance, fit.StopReason);
        Assert.Equal(fit.Parameters, new[] { model.A, model.k, model.c });
    }

    private static string Dedent(string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SymbolicGd.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (SymbolicGd.sln) is not above " + AppContext.BaseDirectory);
    }
}
