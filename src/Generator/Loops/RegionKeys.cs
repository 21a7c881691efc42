namespace SymbolicGd.Generator.Loops;

/// <summary>
/// Keys of a region's inputs that are not locals: a parameter (<c>this.b</c>, <c>this.w[i]</c>, so that a local of the
/// same name stays apart) and an int used as a number (<c>(int)i</c>). Locals, arguments and local elements are keyed as
/// the parser keys them.
/// </summary>
internal static class RegionKeys
{
    public static string Parameter(string name) => "this." + name;

    public static string Integer(string code) => "(int)" + code;
}
