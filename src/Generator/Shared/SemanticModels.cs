using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SymbolicGd.Generator.Shared;

/// <summary>
/// Semantic models for reading a loss, without C#'s nullable analysis where the compiler running the generator can
/// leave it out.
/// </summary>
/// <remarks>
/// <para>
/// The generator reads a loss through its operation tree, which only needs the body bound. In a project with
/// nullable reference types enabled (the default of every new .NET project), asking a semantic model for that tree
/// also runs the nullable flow analysis over the whole body: for a loss of 10⁵ operations it was most of the
/// generator's time (about 2.5–3.5 s of binding against 1 s without it). Nothing the generator reads depends on it:
/// the loss is over <c>double</c> and <c>bool</c>, and declared types keep their annotations either way.
/// </para>
/// <para>
/// Roslyn 4.9 and later (every .NET 9 and 10 SDK) take <c>SemanticModelOptions.DisableNullableAnalysis</c>; the
/// generator is built against Roslyn 4.8, which lacks it, so the overload is found by reflection once, and on an older
/// compiler the ordinary semantic model is used.
/// </para>
/// </remarks>
internal static class SemanticModels
{
    private static readonly Func<Compilation, SyntaxTree, SemanticModel>? WithoutNullable = Find();

    /// <summary>Whether the compiler running the generator can leave nullable analysis out.</summary>
    public static bool CanSkipNullableAnalysis => WithoutNullable is not null;

    /// <summary>A semantic model of <paramref name="tree"/> that skips nullable analysis where the compiler can.</summary>
    public static SemanticModel ForOperations(Compilation compilation, SyntaxTree tree) =>
        WithoutNullable is { } create ? create(compilation, tree) : compilation.GetSemanticModel(tree);

    private static Func<Compilation, SyntaxTree, SemanticModel>? Find()
    {
        try
        {
            var options = typeof(Compilation).Assembly.GetType("Microsoft.CodeAnalysis.SemanticModelOptions", throwOnError: false);
            if (options is null || !options.IsEnum || !Enum.GetNames(options).Contains("DisableNullableAnalysis"))
            {
                return null;
            }

            var method = typeof(Compilation).GetMethod(
                nameof(Compilation.GetSemanticModel),
                BindingFlags.Public | BindingFlags.Instance,
                binder: null,
                new[] { typeof(SyntaxTree), options },
                modifiers: null);
            if (method is null || !typeof(SemanticModel).IsAssignableFrom(method.ReturnType))
            {
                return null;
            }

            object disableNullableAnalysis = Enum.Parse(options, "DisableNullableAnalysis");
            return (compilation, tree) => (SemanticModel)method.Invoke(compilation, new[] { tree, disableNullableAnalysis });
        }
        catch (Exception)
        {
            // A compiler whose API differs from the one looked for: the ordinary model is always correct.
            return null;
        }
    }
}
