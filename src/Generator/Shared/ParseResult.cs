using SymbolicGd.Generator.Scalar;

namespace SymbolicGd.Generator.Shared;

/// <summary>
/// What a front end's parser makes of one class (a [Differentiable] model, <typeparamref name="TSpec"/> =
/// <see cref="ModelSpec"/>, or a [Network], <see cref="Stacks.StackSpec"/>): the spec (null when the class has
/// errors), the diagnostics to report, and the locations later diagnostics (from generation) are placed at.
/// </summary>
/// <param name="ModelKey">The class's fully qualified metadata name: joins later results to these locations.</param>
/// <param name="Spec">The model, or <see langword="null"/> if it cannot be generated.</param>
/// <param name="Diagnostics">Errors and warnings found while parsing.</param>
/// <param name="ClassLocation">The class's identifier.</param>
/// <param name="FindingLocations">
/// What a <see cref="Finding.ParameterIndex"/> names: each [Param]'s identifier in parameter order for a model, each
/// [Dense] attribute in layer order for a network.
/// </param>
internal sealed record ParseResult<TSpec>(
    string ModelKey,
    TSpec? Spec,
    EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? ClassLocation,
    EquatableArray<LocationInfo> FindingLocations)
    where TSpec : class;

/// <summary>The generated source of one model, or why there is none, plus findings for the diagnostics output.</summary>
/// <param name="ModelKey">Joins the findings to <see cref="ParseResult{TSpec}.FindingLocations"/>.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Source">The generated C#, or <see langword="null"/> when generation failed.</param>
/// <param name="Findings">Diagnostics that only differentiation can find, located by parameter index.</param>
internal sealed record GeneratedModel(
    string ModelKey,
    string HintName,
    string? Source,
    EquatableArray<Finding> Findings);

/// <summary>
/// A diagnostic found after parsing: <paramref name="ParameterIndex"/> names the [Param] it is placed at, or -1 for
/// the class itself.
/// </summary>
internal sealed record Finding(string Id, int ParameterIndex, EquatableArray<string> MessageArguments);
