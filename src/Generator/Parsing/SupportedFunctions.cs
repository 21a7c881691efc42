using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SymbolicGd.Generator.Model;

namespace SymbolicGd.Generator.Parsing;

/// <summary>The System.Math and SymbolicGd.Functions methods a loss may call, by their double overloads.</summary>
internal static class SupportedFunctions
{
    private static readonly Dictionary<(string Name, int Arity), FunctionKind> s_math = new()
    {
        [("Exp", 1)] = FunctionKind.Exp,
        [("Log", 1)] = FunctionKind.Log,
        [("Log", 2)] = FunctionKind.LogBase,
        [("Log10", 1)] = FunctionKind.Log10,
        [("Sqrt", 1)] = FunctionKind.Sqrt,
        [("Cbrt", 1)] = FunctionKind.Cbrt,
        [("Pow", 2)] = FunctionKind.Pow,
        [("Sin", 1)] = FunctionKind.Sin,
        [("Cos", 1)] = FunctionKind.Cos,
        [("Tan", 1)] = FunctionKind.Tan,
        [("Asin", 1)] = FunctionKind.Asin,
        [("Acos", 1)] = FunctionKind.Acos,
        [("Atan", 1)] = FunctionKind.Atan,
        [("Atan2", 2)] = FunctionKind.Atan2,
        [("Sinh", 1)] = FunctionKind.Sinh,
        [("Cosh", 1)] = FunctionKind.Cosh,
        [("Tanh", 1)] = FunctionKind.Tanh,
        [("Abs", 1)] = FunctionKind.Abs,
        [("Max", 2)] = FunctionKind.Max,
        [("Min", 2)] = FunctionKind.Min,
        [("Sign", 1)] = FunctionKind.Sign,
        [("Clamp", 3)] = FunctionKind.Clamp,
    };

    private static readonly Dictionary<string, FunctionKind> s_functions = new()
    {
        ["Sigmoid"] = FunctionKind.Sigmoid,
        ["Relu"] = FunctionKind.Relu,
        ["Softplus"] = FunctionKind.Softplus,
        ["Square"] = FunctionKind.Square,
    };

    /// <summary>The function a call binds to, if it is a supported one taking doubles.</summary>
    public static FunctionKind? Lookup(IMethodSymbol method)
    {
        if (!method.IsStatic || method.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Double || p.RefKind != RefKind.None))
        {
            return null;
        }

        string? type = method.ContainingType?.ToDisplayString();
        if (type == "System.Math" && s_math.TryGetValue((method.Name, method.Parameters.Length), out var kind))
        {
            return kind;
        }

        if (type == "SymbolicGd.Functions" && method.Parameters.Length == 1 && s_functions.TryGetValue(method.Name, out kind))
        {
            return kind;
        }

        return null;
    }

    public static bool IsMathOrFunctions(IMethodSymbol method)
    {
        string? type = method.ContainingType?.ToDisplayString();
        return type is "System.Math" or "SymbolicGd.Functions";
    }
}
