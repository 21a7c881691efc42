using System.Linq;
using Microsoft.CodeAnalysis;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>The System.Math and SymbolicGd.Functions methods a loss may call (see <see cref="FunctionTable"/>), by their double overloads.</summary>
internal static class SupportedFunctions
{
    /// <summary>The function a call binds to, if it is a supported one taking doubles.</summary>
    public static Op? Lookup(IMethodSymbol method)
    {
        if (!method.IsStatic || method.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Double || p.RefKind != RefKind.None))
        {
            return null;
        }

        string? type = method.ContainingType?.ToDisplayString();
        return FunctionTable.IsFunctionType(type) ? FunctionTable.Lookup(type!, method.Name, method.Parameters.Length) : null;
    }

    public static bool IsMathOrFunctions(IMethodSymbol method) => FunctionTable.IsFunctionType(method.ContainingType?.ToDisplayString());
}
