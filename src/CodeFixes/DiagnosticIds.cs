namespace SymbolicGd.CodeFixes;

/// <summary>
/// The ids of the generator's diagnostics that have code fixes (the generator's Diagnostics class is the source of
/// truth; a test checks that these agree with it).
/// </summary>
internal static class DiagnosticIds
{
    public const string ClassNotPartial = "SGD0001";
    public const string ContainingTypeNotPartial = "SGD0002";
    public const string MissingLoss = "SGD0004";
    public const string InvalidParameterType = "SGD0007";
}
