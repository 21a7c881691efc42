using System;
using System.Collections.Generic;
using System.Text;

namespace SymbolicGd;

/// <summary>
/// A table of already formatted cells, printed as aligned plain text (columns right-aligned, two spaces apart) or
/// as a Markdown table. Lines end with <c>\n</c> on every platform.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = new();

    internal TextTable(IReadOnlyList<string> headers)
    {
        _headers = new string[headers.Count];
        for (int i = 0; i < _headers.Length; i++)
        {
            _headers[i] = headers[i];
        }
    }

    internal void AddRow(IReadOnlyList<string> cells)
    {
        if (cells.Count != _headers.Length)
        {
            throw new InvalidOperationException(
                $"A row has {NumberText.Int(cells.Count)} cells but the table has {NumberText.Int(_headers.Length)} columns.");
        }

        var row = new string[cells.Count];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = cells[i];
        }

        _rows.Add(row);
    }

    internal string ToPlainText()
    {
        int[] widths = new int[_headers.Length];
        for (int c = 0; c < widths.Length; c++)
        {
            widths[c] = _headers[c].Length;
            foreach (string[] row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        AppendPlain(text, _headers, widths);
        foreach (string[] row in _rows)
        {
            AppendPlain(text, row, widths);
        }

        return text.ToString();
    }

    internal string ToMarkdown()
    {
        var text = new StringBuilder();
        AppendMarkdown(text, _headers);
        text.Append('|');
        for (int c = 0; c < _headers.Length; c++)
        {
            text.Append(" ---: |");
        }

        text.Append('\n');
        foreach (string[] row in _rows)
        {
            AppendMarkdown(text, row);
        }

        return text.ToString();
    }

    private static void AppendPlain(StringBuilder text, string[] cells, int[] widths)
    {
        for (int c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                text.Append("  ");
            }

            text.Append(' ', widths[c] - cells[c].Length).Append(cells[c]);
        }

        text.Append('\n');
    }

    private static void AppendMarkdown(StringBuilder text, string[] cells)
    {
        text.Append('|');
        foreach (string cell in cells)
        {
            text.Append(' ').Append(cell.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |");
        }

        text.Append('\n');
    }
}
