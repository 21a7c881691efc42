using System.Collections.Generic;
using System.Text;

namespace SymbolicGd.Generator.Emitting;

/// <summary>An indented text writer with \n line endings, whatever the host, so output is the same everywhere.</summary>
internal sealed class SourceWriter
{
    /// <summary>Comments of a block are aligned up to this column; longer lines keep theirs one space away.</summary>
    private const int CommentColumnLimit = 72;

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
            WriteLine(code + new string(' ', padding + 2) + "// " + comment);
        }
    }

    public override string ToString() => _builder.ToString();
}
