using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SymbolicGd.Generator.Scalar;

/// <summary>Reads <c>[Differentiable(SecondOrder = true)]</c>, the parser's one contact with the option.</summary>
internal static class SecondOrderOption
{
    /// <summary>The named argument on the attribute.</summary>
    public const string Name = "SecondOrder";

    /// <summary>Whether the [Differentiable] attribute the pipeline matched sets <c>SecondOrder = true</c>.</summary>
    public static bool IsRequested(ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == Name && argument.Value.Value is true)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
