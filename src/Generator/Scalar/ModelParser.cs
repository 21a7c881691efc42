using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// Reads a [Differentiable] class: checks its shape, finds its [Param] members and its [Loss] method, and hands
/// the loss to <see cref="FunctionParser"/>. Produces a location-free <see cref="ModelSpec"/> and the diagnostics.
/// </summary>
internal static partial class ModelParser
{
    /// <summary>Members the generator adds to every model: a user member of the same name would collide.</summary>
    private static readonly ImmutableArray<(string Name, string What)> s_generatedMembers = ImmutableArray.Create(
        ("Gradient", "nested type Gradient"),
        ("ParameterCount", "property ParameterCount"),
        ("ParameterNames", "property ParameterNames"),
        ("IntermediateNames", "property IntermediateNames"),
        ("Derivatives", "property Derivatives"),
        ("Summary", "property Summary"),
        ("ValueAndGradient", "method ValueAndGradient"),
        ("Backward", "method Backward"),
        ("Evaluate", "method Evaluate"),
        ("CopyParametersTo", "method CopyParametersTo"),
        ("SetParameters", "method SetParameters"),
        ("__parameterNames", "field __parameterNames"),
        ("__intermediateNames", "field __intermediateNames"),
        ("__gradientBuffer", "field __gradientBuffer"),
        ("__ThrowBackwardLengthMismatch", "method __ThrowBackwardLengthMismatch"),
        ("__ThrowEvaluateLengthMismatch", "method __ThrowEvaluateLengthMismatch"),
        ("__ThrowCopyParametersToLengthMismatch", "method __ThrowCopyParametersToLengthMismatch"),
        ("__ThrowSetParametersLengthMismatch", "method __ThrowSetParametersLengthMismatch"));

    /// <summary>Members the generator adds to a model with <c>SecondOrder = true</c>.</summary>
    private static readonly ImmutableArray<(string Name, string What)> s_secondOrderMembers = ImmutableArray.Create(
        ("Hessian", "method Hessian"),
        ("HessianVectorProduct", "method HessianVectorProduct"),
        ("SecondDerivatives", "property SecondDerivatives"),
        ("HessianStructure", "property HessianStructure"),
        ("__ThrowHessianLengthMismatch", "method __ThrowHessianLengthMismatch"),
        ("__ThrowVectorLengthMismatch", "method __ThrowVectorLengthMismatch"),
        ("__ThrowProductLengthMismatch", "method __ThrowProductLengthMismatch"));

    /// <summary>Members of a record struct: a parameter or data argument of the same name would collide.</summary>
    private static readonly ImmutableHashSet<string> s_recordStructMembers = ImmutableHashSet.Create(
        StringComparer.Ordinal, "Equals", "GetHashCode", "ToString", "Deconstruct", "PrintMembers", "GetType", "MemberwiseClone", "Finalize");

    public static ParseResult<ModelSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        DeepStack.Run(DeepStack.SyntaxDepthExceeds(context.TargetNode, cancellationToken), () => ParseModel(context, cancellationToken));

    private static ParseResult<ModelSpec> ParseModel(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var model = ModelClass.Of(context);
        var type = model.Type;
        var syntax = model.Syntax;
        var diagnostics = model.Diagnostics;
        var parameterLocations = model.FindingLocations;

        ParseResult<ModelSpec> Result(ModelSpec? spec) => model.Result(spec);

        // A class that is also a [Network] is the stack parser's to report (SGD0048), once.
        if (ModelClass.HasAttribute(type, AttributeNames.Network) || !model.IsReadable())
        {
            return Result(null);
        }

        // Two members of one name (CS0102) or two arguments of one name (CS0100): the compiler reports it, and
        // generated code would only repeat the error (a Gradient with two p1, a Sample with two x).
        if (HasDuplicateNames(type))
        {
            return Result(null);
        }

        var containers = model.CheckShape();
        var parameters = FindParameters(type, context.SemanticModel.Compilation, diagnostics, parameterLocations, cancellationToken);
        var loss = FindLossOrResidual(type, syntax, diagnostics, out bool isResidual);
        if (parameters.Count == 0 && !HasParamMember(type))
        {
            // A [Param] of the wrong kind (a float, a static field) has its own error; "declares no [Param]" would
            // contradict the code the user is looking at.
            diagnostics.Add(Diagnostics.NoParameters, syntax.Identifier, type.Name);
        }

        CheckParametersInOneFile(type, parameters, diagnostics);

        bool secondOrder = SecondOrderOption.IsRequested(context.Attributes);
        CheckReservedNames(type, diagnostics, secondOrder ? s_generatedMembers.AddRange(s_secondOrderMembers) : s_generatedMembers);
        if (isResidual && loss is not null)
        {
            CheckResidualReservedNames(type, loss, diagnostics);
        }

        if (loss is null || diagnostics.HasErrors)
        {
            return Result(null);
        }

        if (!TryExplicitLoss(loss, diagnostics, out string? lossCall, out string? lossCref))
        {
            return Result(null);
        }

        var parameterIndex = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        for (int i = 0; i < parameters.Count; i++)
        {
            parameterIndex[parameters[i].Symbol] = i;
        }

        var functions = new FunctionParser.Context(context.SemanticModel.Compilation, type, loss, parameterIndex, diagnostics, cancellationToken);
        foreach (var (symbol, _, shape) in parameters)
        {
            if (shape is not null)
            {
                functions.ParameterShapes[symbol] = shape;
            }
        }
        FunctionSpec? lossSpec;
        try
        {
            lossSpec = functions.ParseLoss();
        }
        catch (InvalidCodeException)
        {
            return Result(null);
        }

        if (lossSpec is null)
        {
            return Result(null);
        }

        if (isResidual && !CheckResidualLanguage(loss, lossSpec, parameters.Any(p => p.Shape is { Length: > 0 }), diagnostics))
        {
            return Result(null);
        }

        foreach (string argument in lossSpec.Arguments)
        {
            if (s_recordStructMembers.Contains(argument) || argument == "Sample")
            {
                diagnostics.Add(Diagnostics.ReservedName, loss.Parameters.First(p => p.Name == argument), argument, "record struct Sample");
            }
        }

        if (lossSpec.Arguments.Count > 0 && type.GetMembers("Sample").Any(m => !m.IsImplicitlyDeclared))
        {
            diagnostics.Add(Diagnostics.ReservedName, type.GetMembers("Sample").First(), "Sample", "nested type Sample (a loss with data arguments gets one)");
        }

        if (lossSpec.Arguments.Count > 0 && type.GetMembers("Loss").FirstOrDefault(m => m is not IMethodSymbol) is { } notAMethod)
        {
            diagnostics.Add(Diagnostics.ReservedName, notAMethod, "Loss", "method Loss(in Sample)");
        }

        var spec = new ModelSpec(
            model.Key,
            model.Namespace,
            containers,
            ModelClass.Declaration(type, syntax),
            parameters.Select(p => new ParameterSpec(p.Symbol.Name, p.Symbol is IPropertySymbol, p.Shape?.ToEquatableArray() ?? default)).ToEquatableArray(),
            lossSpec,
            functions.Helpers.ToEquatableArray(),
            model.MemberNames(),
            lossCall,
            lossCref,
            secondOrder,
            isResidual ? ResidualLossName(lossSpec, parameters.Select(p => p.Symbol.Name)) : null);
        return Result(spec);
    }

    /// <summary>
    /// A loss that explicitly implements an interface member (<c>double ILoss.L(double x)</c>) has no name of its own in
    /// the class: generated code calls it, and its documentation refers to it, through the interface; its value is named
    /// after the interface member (L). An ordinary loss gets null for both and is called by its name. False, with no
    /// code to generate, when the explicit implementation cannot be used: it implements nothing (a C# error the
    /// compiler reports), or a member the generated code implements itself (SGD0023).
    /// </summary>
    private static bool TryExplicitLoss(IMethodSymbol loss, DiagnosticBag diagnostics, out string? call, out string? cref)
    {
        call = cref = null;
        if (loss.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not MethodDeclarationSyntax { ExplicitInterfaceSpecifier: { } specifier } declaration)
        {
            return true;
        }

        if (loss.ExplicitInterfaceImplementations.FirstOrDefault() is not { } member)
        {
            return false;
        }

        var implemented = member.ContainingType;
        if (implemented.ContainingNamespace?.ToDisplayString() == "SymbolicGd")
        {
            var name = Location.Create(declaration.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(specifier.SpanStart, declaration.Identifier.Span.End));
            diagnostics.Add(
                Diagnostics.ReservedName,
                name,
                implemented.Name + "." + member.Name,
                $"implementation of {implemented.Name}.{member.Name}, which calls the loss (declare the loss as an ordinary method)");
            return false;
        }

        string escaped = SyntaxFacts.GetKeywordKind(member.Name) == SyntaxKind.None ? member.Name : "@" + member.Name;
        call = $"(({implemented.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)})this).{escaped}";

        // A cref names a generic type by its definition, type parameters in braces (ILoss{T}); the arguments are doubles.
        cref = implemented.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace('<', '{').Replace('>', '}') + "." + escaped;
        return true;
    }

    private static bool HasParamMember(INamedTypeSymbol type) =>
        type.GetMembers().Any(member => member is IFieldSymbol or IPropertySymbol && !member.IsImplicitlyDeclared && ModelClass.HasAttribute(member, AttributeNames.Param));

    private static List<(ISymbol Symbol, SyntaxToken Identifier, int[]? Shape)> FindParameters(
        INamedTypeSymbol type, Compilation compilation, DiagnosticBag diagnostics, List<LocationInfo> locations, CancellationToken cancellationToken)
    {
        var parameters = new List<(ISymbol, SyntaxToken, int[]?)>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not (IFieldSymbol or IPropertySymbol) || member.IsImplicitlyDeclared || !ModelClass.HasAttribute(member, AttributeNames.Param))
            {
                continue;
            }

            var declaration = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
            var (identifier, typeSyntax) = declaration switch
            {
                VariableDeclaratorSyntax declarator => (declarator.Identifier, (declarator.Parent as VariableDeclarationSyntax)?.Type),
                PropertyDeclarationSyntax property => (property.Identifier, property.Type),
                _ => (default(SyntaxToken), (TypeSyntax?)null),
            };

            var memberType = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
            if (memberType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Double, Rank: 1 or 2 } arrayType)
            {
                // An array [Param]: a field whose elements are the parameters; readonly is fine, the elements are written.
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false })
                {
                    diagnostics.Add(Diagnostics.ParameterNotWritable, identifier, member.Name, member.IsStatic ? "static" : "an array property (declare a double[] field)");
                    continue;
                }

                if (ArrayShape(declaration, arrayType.Rank, compilation, cancellationToken) is not { } shape)
                {
                    diagnostics.Add(Diagnostics.ArrayLengthUnknown, identifier, member.Name);
                    continue;
                }

                parameters.Add((member, identifier, shape));
                locations.Add(LocationInfo.From(identifier)!);
                continue;
            }

            if (memberType.SpecialType != SpecialType.System_Double)
            {
                diagnostics.Add(Diagnostics.InvalidParameterType, (SyntaxNode?)typeSyntax ?? declaration, member.Name, memberType.ToDisplayString());
                continue;
            }

            string? problem = member switch
            {
                { IsStatic: true } => "static",
                IFieldSymbol { IsConst: true } => "a constant",
                IFieldSymbol { IsReadOnly: true } => "readonly",
                IPropertySymbol { IsIndexer: true } => "an indexer",
                IPropertySymbol { ReturnsByRef: true } or IPropertySymbol { ReturnsByRefReadonly: true } => "returned by reference",
                IPropertySymbol { GetMethod: null } => "write-only",
                IPropertySymbol { SetMethod: null } => "get-only",
                IPropertySymbol { SetMethod.IsInitOnly: true } => "init-only",
                _ => null,
            };
            if (problem is not null)
            {
                diagnostics.Add(Diagnostics.ParameterNotWritable, identifier, member.Name, problem);
                continue;
            }

            if (s_recordStructMembers.Contains(member.Name))
            {
                diagnostics.Add(Diagnostics.ReservedName, identifier, member.Name, "record struct Gradient");
                continue;
            }

            parameters.Add((member, identifier, null));
            locations.Add(LocationInfo.From(identifier)!);
        }

        return parameters;
    }

    /// <summary>The lengths of a [Param] array from its initializer (<c>new double[3]</c>, <c>new double[N, M]</c>,
    /// <c>{ 0.1, -0.2 }</c>), or null when they are not constants.</summary>
    private static int[]? ArrayShape(SyntaxNode? declaration, int rank, Compilation compilation, CancellationToken cancellationToken)
    {
        if (declaration is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return null;
        }

        var model = SemanticModels.ForOperations(compilation, value.SyntaxTree);
        var operation = model.GetOperation(value, cancellationToken);
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        if (operation is IArrayInitializerOperation initializer)
        {
            // double[] w = { 0.1, -0.2 }; double[,] W = { { 1, 2 }, { 3, 4 } };
            var lengths = new int[rank];
            lengths[0] = initializer.ElementValues.Length;
            if (rank == 2)
            {
                var rows = initializer.ElementValues.OfType<IArrayInitializerOperation>().Select(row => row.ElementValues.Length).Distinct().ToList();
                if (rows.Count != 1 || initializer.ElementValues.Length == 0)
                {
                    return null;
                }

                lengths[1] = rows[0];
            }

            return lengths;
        }

        if (operation is not IArrayCreationOperation creation || creation.DimensionSizes.Length != rank)
        {
            return null;
        }

        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            if (creation.DimensionSizes[d].ConstantValue is not { HasValue: true, Value: int length } || length < 0)
            {
                return null;
            }

            shape[d] = length;
        }

        return shape;
    }

    private static bool HasDuplicateNames(INamedTypeSymbol type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers())
        {
            // Methods may overload each other; any other member's name is its own.
            if (!member.IsImplicitlyDeclared && member is IFieldSymbol or IPropertySymbol or IEventSymbol or INamedTypeSymbol && !names.Add(member.Name))
            {
                return true;
            }

            if (member is IMethodSymbol method && method.Parameters.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != method.Parameters.Length)
            {
                return true;
            }
        }

        // Two methods of one signature (CS0111): a call to either, such as the generated Loss(in Sample)'s, is ambiguous.
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (!method.IsImplicitlyDeclared && method.MethodKind == MethodKind.Ordinary &&
                !signatures.Add(method.Name + "`" + method.Arity + "(" + string.Join(",", method.Parameters.Select(p => (p.RefKind == RefKind.None ? "" : "ref ") + p.Type.ToDisplayString())) + ")"))
            {
                return true;
            }
        }

        // A method named like a field, property, event or nested type is CS0102 too (a loss named like a [Param]).
        return type.GetMembers().Any(m => !m.IsImplicitlyDeclared && m is IMethodSymbol { MethodKind: MethodKind.Ordinary } && names.Contains(m.Name));
    }

    /// <summary>
    /// Parameters are numbered in declaration order: within a file that is the order of the text, but across the
    /// files of a partial class it is the order the files are compiled in, which a build does not promise.
    /// </summary>
    private static void CheckParametersInOneFile(INamedTypeSymbol type, List<(ISymbol Symbol, SyntaxToken Identifier, int[]? Shape)> parameters, DiagnosticBag diagnostics)
    {
        var files = parameters
            .Select(p => p.Identifier.SyntaxTree?.FilePath)
            .Where(path => path is not null)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (files.Count > 1)
        {
            var second = parameters.First(p => p.Identifier.SyntaxTree?.FilePath == files[1]);
            string list = string.Join(", ", files.Select(f => System.IO.Path.GetFileName(f!)));
            diagnostics.Add(Diagnostics.ParametersInSeveralFiles, second.Identifier, type.Name, list);
        }
    }

    private static IMethodSymbol? FindLoss(INamedTypeSymbol type, TypeDeclarationSyntax syntax, DiagnosticBag diagnostics)
    {
        IMethodSymbol? loss = null;
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (!ModelClass.HasAttribute(method, AttributeNames.Loss))
            {
                continue;
            }

            if (loss is null)
            {
                loss = method;
                continue;
            }

            var location = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax second
                ? second.Identifier.GetLocation()
                : method.Locations.FirstOrDefault();
            diagnostics.Add(Diagnostics.DuplicateLoss, location, method.Name, type.Name, loss.Name);
        }

        if (loss is null)
        {
            diagnostics.Add(Diagnostics.MissingLoss, syntax.Identifier, type.Name);
        }

        return loss;
    }

    private static void CheckReservedNames(INamedTypeSymbol type, DiagnosticBag diagnostics, ImmutableArray<(string Name, string What)> generatedMembers)
    {
        foreach (var (name, what) in generatedMembers)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (!member.IsImplicitlyDeclared)
                {
                    diagnostics.Add(Diagnostics.ReservedName, member.Locations.FirstOrDefault(), name, what);
                }
            }
        }
    }
}
