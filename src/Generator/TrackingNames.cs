namespace SymbolicGd.Generator;

/// <summary>The names of the pipeline's steps, for the incremental caching tests.</summary>
internal static class TrackingNames
{
    /// <summary>Roslyn symbols and syntax in, <see cref="Shared.ParseResult{TSpec}"/> out.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The location-free model: unchanged by edits that only move the class.</summary>
    public const string Spec = nameof(Spec);

    /// <summary>Differentiation and emission, the expensive step.</summary>
    public const string Generate = nameof(Generate);

    /// <summary>[Network] classes: Roslyn symbols and attributes in, <see cref="Shared.ParseResult{TSpec}"/> out.</summary>
    public const string StackParse = nameof(StackParse);

    /// <summary>The location-free layer stack.</summary>
    public const string StackSpec = nameof(StackSpec);

    /// <summary>Planning and emission of a layer stack.</summary>
    public const string StackGenerate = nameof(StackGenerate);
}
