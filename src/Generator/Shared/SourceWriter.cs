using System.Collections.Generic;
using System.Text;

namespace SymbolicGd.Generator.Shared;

/// <summary>An indented text writer with \n line endings, whatever the host, so output is the same everywhere.</summary>
internal sealed class SourceWriter
{
    /// <summary>Comments of a block are aligned up to this column; longer lines keep theirs one space away.</summary>
    private const int CommentColumnLimit = 72;

    /// <summary>
    /// A comment longer than this is cut with a note: a formula of thousands of characters helps no reader and made
    /// the files of long losses tens of megabytes. Only comments are cut, never code (nor the Derivatives strings).
    /// </summary>
    internal const int MaxCommentLength = 240;

    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public void WriteLine() => _builder.Append('\n');

    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(line);
        }

        _builder.Append('\n');
    }

    /// <summary>A preprocessor directive, at the start of the line as people write them.</summary>
    public void WriteDirective(string directive) => _builder.Append(directive).Append('\n');

    public void OpenBrace()
    {
        WriteLine("{");
        Indent();
    }

    public void CloseBrace(string suffix = "")
    {
        Unindent();
        WriteLine("}" + suffix);
    }

    /// <summary>Writes lines of code with their comments lined up, as a careful person would.</summary>
    public void WriteCommented(IReadOnlyList<(string Code, string? Comment)> lines)
    {
        int column = 0;
        foreach (var (code, comment) in lines)
        {
            if (comment is not null && code.Length <= CommentColumnLimit && code.Length > column)
            {
                column = code.Length;
            }
        }

        foreach (var (code, comment) in lines)
        {
            if (comment is null)
            {
                WriteLine(code);
                continue;
            }

            int padding = code.Length < column ? column - code.Length : 0;
            _builder.Append(' ', _indent * 4).Append(code).Append(' ', padding + 2).Append("// ");
            AppendAbbreviated(comment, MaxCommentLength);
            _builder.Append('\n');
        }
    }

    /// <summary>The text, or its start and a note of how long it is if it is longer than <paramref name="limit"/>.</summary>
    internal static string Abbreviate(string text, int limit) => Abbreviate(text, text.Length, limit);

    /// <summary>As <see cref="Abbreviate(string, int)"/>, for a text of which only the start (at least
    /// <paramref name="limit"/> characters, or all of it) was written.</summary>
    internal static string Abbreviate(string start, long length, int limit)
    {
        if (length <= limit)
        {
            return start;
        }

        int cut = limit - 60;
        if (char.IsHighSurrogate(start[cut - 1]))
        {
            cut--;
        }

        return start.Substring(0, cut) + " … (abbreviated, " + length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " characters in all)";
    }

    private void AppendAbbreviated(string text, int limit)
    {
        if (text.Length <= limit)
        {
            _builder.Append(text);
            return;
        }

        _builder.Append(Abbreviate(text, limit));
    }

    public override string ToString() => _builder.ToString();
}
