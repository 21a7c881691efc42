namespace SymbolicGd.Generator.Loops;

/// <summary>
/// How an array element is named where the lowering keys values by name: <c>z[k]</c>, the array's key and the index as
/// C# writes it. Two spellings of one index are two keys, so a region of straight-line code never reads an element
/// through a key another write of the same array might alias (see <see cref="LoopProgram"/>, which splits there).
/// </summary>
internal static class ElementKey
{
    public static string Of(string array, string index) => array + "[" + index + "]";

    public static bool IsElement(string key) => key.EndsWith("]", System.StringComparison.Ordinal);

    /// <summary>The array of an element key.</summary>
    public static string ArrayOf(string key) => key.Substring(0, key.IndexOf('['));

    /// <summary>The index of an element key, as C# writes it.</summary>
    public static string IndexOf(string key)
    {
        int open = key.IndexOf('[');
        return key.Substring(open + 1, key.Length - open - 2);
    }
}
