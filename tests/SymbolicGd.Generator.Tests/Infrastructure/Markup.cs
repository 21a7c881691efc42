using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SymbolicGd.Generator.Tests.Infrastructure;

/// <summary>
/// Source with expected diagnostics marked in place, as Roslyn's own tests write them: <c>{|SGD0011:for|}</c> means
/// an SGD0011 whose location is exactly the text <c>for</c> there.
/// </summary>
public sealed class Markup
{
    private static readonly Regex s_marker = new(@"\{\|(?<id>[A-Z]+\d+):");

    private Markup(string source, IReadOnlyList<(string Id, TextSpan Span)> expected)
    {
        Source = source;
        Expected = expected;
    }

    public string Source { get; }

    public IReadOnlyList<(string Id, TextSpan Span)> Expected { get; }

    public static Markup Parse(string markup)
    {
        var source = new StringBuilder();
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < markup.Length;)
        {
            var match = s_marker.Match(markup, i);
            if (match.Success && match.Index == i)
            {
                open.Push((match.Groups["id"].Value, source.Length));
                i += match.Length;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i += 2;
            }
            else
            {
                source.Append(markup[i++]);
            }
        }

        return new Markup(source.ToString(), expected.OrderBy(e => e.Item2.Start).ThenBy(e => e.Item1).ToList());
    }

    /// <summary>Asserts that the SGD diagnostics are exactly the marked ones, at exactly the marked spans.</summary>
    public void AssertMatches(IEnumerable<Diagnostic> diagnostics)
    {
        var actual = diagnostics.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(e => e.SourceSpan.Start).ThenBy(e => e.Id).ToList();
        string Show(IEnumerable<(string Id, TextSpan Span)> items) =>
            string.Join("\n", items.Select(e => $"{e.Id} at {e.Span}: '{Source.Substring(e.Span.Start, e.Span.Length)}'"));
        Assert.True(
            actual.SequenceEqual(Expected),
            $"Expected:\n{Show(Expected)}\nActual:\n{Show(actual)}\nMessages:\n{string.Join("\n", diagnostics.Select(d => d.GetMessage()))}");
    }
}
