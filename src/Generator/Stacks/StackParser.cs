using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;
using static SymbolicGd.Generator.Shared.Numbers;

namespace SymbolicGd.Generator.Stacks;

/// <summary>
/// Reads a [Network] class: its input length and loss, its [Dense] layers in source order, and the methods its
/// custom activations name (handed to the scalar front end, <see cref="FunctionParser"/>, so they get the same
/// diagnostics as a [Loss]). Produces a location-free <see cref="StackSpec"/> and the diagnostics, each on the
/// attribute argument it is about.
/// </summary>
internal static class StackParser
{
    private static readonly string[] s_precisionNames = { "Double", "Single" };

    /// <summary>Members every network gets; a user member of the same name would collide.</summary>
    private static readonly string[] s_generatedMembers =
    {
        "Sample", "InputCount", "OutputCount", "ParameterCount", "ParameterNames", "IntermediateNames", "Derivatives", "Summary",
        "Initialize", "Loss", "Backward", "BackwardBatch", "Evaluate", "Predict", "Classify", "IsCorrect",
        "PredictBatch", "ClassifyBatch", "ScoreBatch",
        "CopyParametersTo", "SetParameters",
    };

    public static ParseResult<StackSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var model = ModelClass.Of(context);
        var type = model.Type;
        var syntax = model.Syntax;
        var diagnostics = model.Diagnostics;
        var layerLocations = model.FindingLocations;

        ParseResult<StackSpec> Result(StackSpec? spec) => model.Result(spec);

        if (!model.IsReadable())
        {
            return Result(null);
        }

        var network = context.Attributes.FirstOrDefault();
        if (network?.AttributeClass is null || network.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax networkSyntax)
        {
            return Result(null);
        }

        var containers = model.CheckShape();
        CheckNotAScalarModel(type, syntax, diagnostics);

        int inputs = NamedInt(network, "Inputs", 0);
        if (inputs < 1)
        {
            diagnostics.Add(Diagnostics.InvalidInputs, (SyntaxNode?)NamedArgument(networkSyntax, "Inputs") ?? networkSyntax, type.Name, Number(inputs));
        }

        int lossValue = NamedInt(network, "Loss", (int)StackLoss.SquaredError);
        if (LossTable.Find((StackLoss)lossValue) is null)
        {
            diagnostics.Add(Diagnostics.UndefinedEnumValue, (SyntaxNode?)NamedArgument(networkSyntax, "Loss") ?? networkSyntax,
                $"(NetworkLoss){Number(lossValue)}", "NetworkLoss", LossTable.AllNames);
        }

        int precisionValue = NamedInt(network, "Precision", (int)StackPrecision.Double);
        if (precisionValue < 0 || precisionValue >= s_precisionNames.Length)
        {
            diagnostics.Add(Diagnostics.UndefinedEnumValue, (SyntaxNode?)NamedArgument(networkSyntax, "Precision") ?? networkSyntax,
                $"(Precision){Number(precisionValue)}", "Precision", "Precision." + string.Join(", Precision.", s_precisionNames));
        }

        var dense = DenseAttributes(type, syntax, diagnostics, cancellationToken);
        if (dense.Count == 0 && !diagnostics.HasErrors)
        {
            diagnostics.Add(Diagnostics.NetworkWithoutLayers, syntax.Identifier, type.Name);
        }

        FunctionParser.Context? functions = null;
        var layers = new List<LayerSpec>();
        try
        {
            for (int i = 0; i < dense.Count; i++)
            {
                var (data, attribute) = dense[i];
                layerLocations.Add(LocationInfo.From(attribute)!);
                var layer = Layer(context, type, data, attribute, i + 1, dense.Count, diagnostics, ref functions, cancellationToken);
                if (layer is not null)
                {
                    layers.Add(layer);
                }
            }
        }
        catch (InvalidCodeException)
        {
            // The activation has C# errors of its own: the compiler reports them.
            return Result(null);
        }

        if (diagnostics.HasErrors || layers.Count != dense.Count || layers.Count == 0)
        {
            return Result(null);
        }

        var loss = (StackLoss)lossValue;
        CheckLossFitsLastLayer(type, LossTable.Of(loss), layers[layers.Count - 1], layers.Count, networkSyntax, dense[dense.Count - 1].Syntax, diagnostics);
        CheckReservedNames(type, layers.Count, diagnostics);
        if (diagnostics.HasErrors)
        {
            return Result(null);
        }

        var spec = new StackSpec(
            model.Key,
            model.Namespace,
            containers,
            ModelClass.Declaration(type, syntax),
            inputs,
            loss,
            layers.ToEquatableArray(),
            functions?.Helpers.ToEquatableArray() ?? EquatableArray<FunctionSpec>.Empty,
            model.MemberNames(),
            (StackPrecision)precisionValue);
        return Result(spec);
    }

    /// <summary>For the warning that [Dense] without [Network] generates nothing: the first [Dense] attribute, if the class has no [Network].</summary>
    public static DiagnosticInfo? DenseWithoutNetwork(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        if (ModelClass.HasAttribute(type, AttributeNames.Network))
        {
            return null;
        }

        var first = context.Attributes.FirstOrDefault()?.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        return new DiagnosticInfo(Diagnostics.DenseWithoutNetwork.Id, LocationInfo.From(first), EquatableArray.Create(type.Name));
    }

    private static void CheckNotAScalarModel(INamedTypeSymbol type, TypeDeclarationSyntax syntax, DiagnosticBag diagnostics)
    {
        if (ModelClass.HasAttribute(type, AttributeNames.Differentiable))
        {
            diagnostics.Add(Diagnostics.NetworkMixedWithScalarModel, syntax.Identifier, type.Name, "the [Differentiable] attribute");
        }

        foreach (var member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared)
            {
                continue;
            }

            if (ModelClass.HasAttribute(member, AttributeNames.Param))
            {
                diagnostics.Add(Diagnostics.NetworkMixedWithScalarModel, member, type.Name, $"the [Param] member '{member.Name}'");
            }
            else if (ModelClass.HasAttribute(member, AttributeNames.Loss))
            {
                diagnostics.Add(Diagnostics.NetworkMixedWithScalarModel, member, type.Name, $"the [Loss] method '{member.Name}'");
            }
            else if (ModelClass.HasAttribute(member, AttributeNames.Residual))
            {
                diagnostics.Add(Diagnostics.NetworkMixedWithScalarModel, member, type.Name, $"the [Residual] method '{member.Name}'");
            }
        }
    }

    /// <summary>The [Dense] attributes of the declaration that has [Network], in source order; others are SGD0047.</summary>
    private static List<(AttributeData Data, AttributeSyntax Syntax)> DenseAttributes(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var layers = new List<(AttributeData, AttributeSyntax)>();
        bool split = false;
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != AttributeNames.Dense ||
                attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                continue;
            }

            if (syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>() != declaration)
            {
                diagnostics.Add(Diagnostics.LayersSplitAcrossDeclarations, syntax, type.Name);
                split = true;
                continue;
            }

            layers.Add((attribute, syntax));
        }

        layers.Sort((a, b) => a.Item2.SpanStart.CompareTo(b.Item2.SpanStart));
        return split ? new List<(AttributeData, AttributeSyntax)>() : layers;
    }

    private static LayerSpec? Layer(
        GeneratorAttributeSyntaxContext context,
        INamedTypeSymbol type,
        AttributeData data,
        AttributeSyntax syntax,
        int number,
        int count,
        DiagnosticBag diagnostics,
        ref FunctionParser.Context? functions,
        CancellationToken cancellationToken)
    {
        var constructor = data.AttributeConstructor;
        if (constructor is null || data.ConstructorArguments.Length < 1 || data.ConstructorArguments[0].Value is not int units)
        {
            return null; // the compiler reports the malformed attribute
        }

        var arguments = syntax.ArgumentList?.Arguments ?? default;
        SyntaxNode ArgumentSyntax(int index) => index < arguments.Count && arguments[index].NameEquals is null ? arguments[index] : syntax;

        bool valid = true;
        if (units < 1)
        {
            diagnostics.Add(Diagnostics.InvalidUnits, ArgumentSyntax(0), Number(number), Number(units));
            valid = false;
        }

        var activation = LayerActivation.Identity;
        int function = -1;
        string? functionName = null;
        var activationArgument = data.ConstructorArguments.Length > 1 ? data.ConstructorArguments[1] : default;
        if (constructor.Parameters.Length > 1 && constructor.Parameters[1].Type.SpecialType == SpecialType.System_String)
        {
            functionName = activationArgument.Value as string;
            activation = LayerActivation.Custom;
            function = CustomActivation(context, type, functionName, ArgumentSyntax(1), diagnostics, ref functions, cancellationToken);
            valid &= function >= 0;
        }
        else if (activationArgument.Value is int value)
        {
            if (ActivationTable.Find((LayerActivation)value) is null)
            {
                diagnostics.Add(Diagnostics.UndefinedEnumValue, ArgumentSyntax(1), $"(Activation){Number(value)}", "Activation",
                    ActivationTable.AllNames + ", or nameof(a static double → double method of the class)");
                valid = false;
            }
            else
            {
                activation = (LayerActivation)value;
            }
        }

        var entry = ActivationTable.Find(activation);
        if (entry is not null)
        {
            if (entry.LastLayerOnly && number != count)
            {
                diagnostics.Add(Diagnostics.SoftmaxPlacement, ArgumentSyntax(1), Number(number), type.Name,
                    $"{entry.SummaryName} couples a layer's outputs, so it is supported on the last layer only; hidden layers use {ActivationTable.HiddenLayerNames} or a custom activation");
                valid = false;
            }
            else if (entry.SingleUnitProblem is not null && units == 1)
            {
                diagnostics.Add(Diagnostics.SoftmaxPlacement, ArgumentSyntax(1), Number(number), type.Name, entry.SingleUnitProblem);
                valid = false;
            }
        }

        double slope = 0.01;
        foreach (var named in data.NamedArguments)
        {
            if (named.Key != "NegativeSlope" || named.Value.Value is not double given)
            {
                continue;
            }

            SyntaxNode where = (SyntaxNode?)NamedArgument(syntax, "NegativeSlope") ?? syntax;
            string text = given.ToString("R", CultureInfo.InvariantCulture);
            if (entry?.Argument != KernelArgument.NegativeSlope)
            {
                diagnostics.Add(Diagnostics.InvalidNegativeSlope, where, text, Number(number),
                    "only " + string.Join(", ", ActivationTable.Entries.Where(e => e.Argument == KernelArgument.NegativeSlope).Select(e => "Activation." + e.Name)) +
                    " has a negative slope; remove it or make the layer leaky");
                valid = false;
            }
            else if (double.IsNaN(given) || double.IsInfinity(given))
            {
                diagnostics.Add(Diagnostics.InvalidNegativeSlope, where, text, Number(number), "the slope must be a finite number (PyTorch's default is 0.01)");
                valid = false;
            }

            slope = given;
        }

        return valid ? new LayerSpec(units, activation, slope, function, functionName) : null;
    }

    /// <summary>Parses the method a custom activation names; returns its index among the functions, or −1 after reporting why not.</summary>
    private static int CustomActivation(
        GeneratorAttributeSyntaxContext context,
        INamedTypeSymbol type,
        string? name,
        SyntaxNode argument,
        DiagnosticBag diagnostics,
        ref FunctionParser.Context? functions,
        CancellationToken cancellationToken)
    {
        var methods = name is null
            ? new List<IMethodSymbol>()
            : type.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToList();
        if (methods.Count == 0)
        {
            diagnostics.Add(Diagnostics.UnknownActivation, argument, name ?? "null", type.Name);
            return -1;
        }

        // Overloads: the one that takes one double is meant.
        var method = methods.FirstOrDefault(m => m.Parameters.Length == 1 && m.Parameters[0].Type.SpecialType == SpecialType.System_Double) ?? methods[0];
        string? problem = method switch
        {
            { IsStatic: false } => "is an instance method (an activation sees only its argument: make it static)",
            { IsGenericMethod: true } => "is generic",
            { Parameters.Length: not 1 } => $"takes {Number(method.Parameters.Length)} arguments",
            _ when method.Parameters[0].RefKind != RefKind.None => $"takes its argument '{method.Parameters[0].Name}' by reference",
            _ when method.Parameters[0].Type.SpecialType != SpecialType.System_Double => $"takes a '{method.Parameters[0].Type.ToDisplayString()}'",
            { ReturnsByRef: true } or { ReturnsByRefReadonly: true } => "returns by reference",
            _ when method.ReturnType.SpecialType != SpecialType.System_Double => $"returns '{method.ReturnType.ToDisplayString()}'",
            _ => null,
        };
        if (problem is not null)
        {
            diagnostics.Add(Diagnostics.UnsupportedActivation, argument, method.Name, problem);
            return -1;
        }

        functions ??= new FunctionParser.Context(
            context.SemanticModel.Compilation, type, method, new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default), diagnostics, cancellationToken);
        return functions.Helper(method, argument, $"the activation '{method.Name}'");
    }

    private static void CheckLossFitsLastLayer(
        INamedTypeSymbol type, LossEntry loss, LayerSpec last, int count, AttributeSyntax network, AttributeSyntax lastLayer, DiagnosticBag diagnostics)
    {
        var unmet = loss.Requirements.FirstOrDefault(requirement => !requirement.IsMet(last));
        if (unmet is null)
        {
            return;
        }

        SyntaxNode where = unmet.Location == RequirementLocation.LastLayer ? lastLayer : (SyntaxNode?)NamedArgument(network, "Loss") ?? network;
        string layer = $"layer {Number(count)}: {Number(last.Units)} unit{(last.Units == 1 ? "" : "s")}, {ActivationName(last)}";
        diagnostics.Add(Diagnostics.LossDoesNotFitLastLayer, where, "NetworkLoss." + loss.Name, type.Name, layer, unmet.Problem);
    }

    private static void CheckReservedNames(INamedTypeSymbol type, int layers, DiagnosticBag diagnostics)
    {
        var reserved = new List<(string Name, string What)>();
        foreach (string name in s_generatedMembers)
        {
            reserved.Add((name, "member " + name));
        }

        for (int i = 1; i <= layers; i++)
        {
            reserved.Add(("W" + Number(i), $"weights W{Number(i)} of layer {Number(i)}"));
            reserved.Add(("b" + Number(i), $"bias b{Number(i)} of layer {Number(i)}"));
        }

        foreach (var (name, what) in reserved)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (!member.IsImplicitlyDeclared)
                {
                    diagnostics.Add(Diagnostics.ReservedName, member.Locations.FirstOrDefault(), name, what);
                }
            }
        }

        foreach (var member in type.GetMembers())
        {
            if (!member.IsImplicitlyDeclared && member.Name.StartsWith("__", StringComparison.Ordinal))
            {
                diagnostics.Add(Diagnostics.ReservedName, member.Locations.FirstOrDefault(), member.Name, "private members, whose names start with __");
            }
        }
    }

    internal static string ActivationName(LayerSpec layer) =>
        layer.Activation == LayerActivation.Custom ? layer.FunctionName! : "Activation." + layer.Activation;

    private static int NamedInt(AttributeData data, string name, int fallback)
    {
        foreach (var named in data.NamedArguments)
        {
            if (named.Key == name && named.Value.Value is int value)
            {
                return value;
            }
        }

        return fallback;
    }

    private static AttributeArgumentSyntax? NamedArgument(AttributeSyntax syntax, string name) =>
        syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == name);

}
