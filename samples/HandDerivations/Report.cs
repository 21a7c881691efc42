using System;
using System.Globalization;
using Spectre.Console;

namespace HandDerivations;

/// <summary>Printing helpers: numbers as the hand derivation writes them, and how closely two numbers agree.</summary>
internal static class Report
{
    public static void Heading(string title)
    {
        AnsiConsole.WriteLine();
        AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
    }

    public static void Line(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    /// <summary>Shortest round-trip digits, with a real minus sign.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace("-", "−");

    /// <summary>"exact", "≈ 2 ulps" or "≈ 3.1e-13 relative": how far the generated value is from the hand value.</summary>
    public static string Agreement(double generated, double hand)
    {
        if (generated == hand)
        {
            return "[green]exact[/]";
        }

        double ulp = Math.BitIncrement(Math.Abs(hand)) - Math.Abs(hand);
        double ulps = Math.Abs(generated - hand) / ulp;
        if (ulps <= 8)
        {
            return $"[green]≈ {ulps:0} ulp{(ulps >= 1.5 ? "s" : string.Empty)}[/]";
        }

        double relative = Math.Abs(generated - hand) / Math.Abs(hand);
        string colour = relative < 1e-9 ? "green" : "red";
        return $"[{colour}]≈ {relative.ToString("0.0e0", CultureInfo.InvariantCulture)} relative[/]";
    }

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }
}
