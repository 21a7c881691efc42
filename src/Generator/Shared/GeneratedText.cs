namespace SymbolicGd.Generator.Shared;

/// <summary>Text inside generated code: XML documentation and C# string literals.</summary>
internal static class GeneratedText
{
    /// <summary>Escapes text for an XML documentation comment.</summary>
    public static string Xml(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A C# string literal of the text.</summary>
    public static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
