using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace SymbolicGd.Generator.Tests.Packaging;

/// <summary>
/// Every SGD diagnostic has a help link to its own section of docs/diagnostics.md (a heading "### SGDnnnn"), and
/// every such section is about a diagnostic that exists.
/// </summary>
public class HelpLinkTests
{
    private static string DocsPath([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "..", "docs", "diagnostics.md"));

    private static string[] Sections() =>
        Regex.Matches(File.ReadAllText(DocsPath()), @"^### (SGD\d{4})\s*$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public void Every_diagnostic_links_to_its_section_of_the_docs()
    {
        var sections = Sections();
        Assert.NotEmpty(SymbolicGd.Generator.Shared.Diagnostics.All);
        foreach (var descriptor in SymbolicGd.Generator.Shared.Diagnostics.All)
        {
            Assert.Matches(@"^SGD\d{4}$", descriptor.Id);
            Assert.Contains(descriptor.Id, sections);
            string anchor = "#" + descriptor.Id.ToLowerInvariant();
            Assert.Equal(ThisVersion.RepositoryUrl + "/blob/main/docs/diagnostics.md" + anchor, descriptor.HelpLinkUri);
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var uri) && uri.Scheme == "https", descriptor.HelpLinkUri);
        }
    }

    [Fact]
    public void Every_section_is_about_one_existing_diagnostic()
    {
        var ids = SymbolicGd.Generator.Shared.Diagnostics.All.Select(d => d.Id).ToHashSet();
        var sections = Sections();
        Assert.Equal(sections.Length, sections.Distinct().Count());
        Assert.All(sections, id => Assert.Contains(id, ids));
    }

    [Fact]
    public void Reported_diagnostics_carry_the_link()
    {
        var run = Infrastructure.GeneratorHarness.Run(
            "using SymbolicGd; namespace Demo; [Differentiable] public class Model { [Param] public double w; [Loss] public double L() => w * w; }");
        var diagnostic = Assert.Single(run.Sgd);
        Assert.Equal("SGD0001", diagnostic.Id);
        Assert.EndsWith("docs/diagnostics.md#sgd0001", diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
    }
}
