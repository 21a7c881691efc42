using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace SymbolicGd;

/// <summary>
/// Checks that a model's declared shape is consistent before training, tracing or checking it, so that a broken
/// model fails with a message naming the argument and the numbers instead of an index error deep in a loop.
/// </summary>
internal static class ModelChecks
{
    internal static void Validate(IDifferentiable model, string name)
    {
        int count = model.ParameterCount;
        if (count < 1)
        {
            Throw(name, $"{name}.ParameterCount must be >= 1; it was {NumberText.Int(count)}.");
        }

        CheckCount(model.ParameterNames, count, name, "ParameterNames", "name");
        // A scalar model has one closed form per parameter, a layer stack one per tensor (and per δ): only "some".
        if (model.Derivatives is null || model.Derivatives.Count == 0)
        {
            Throw(name, $"{name}.Derivatives must hold at least one closed form; it was {(model.Derivatives is null ? "null" : "empty")}.");
        }
        if (model.IntermediateNames is null)
        {
            Throw(name, $"{name}.IntermediateNames must not be null.");
        }
    }

    /// <summary>The name of the model's loss method (<c>E</c>, <c>L</c>…), from its first derivative.</summary>
    internal static string LossName(IDifferentiable model) => model.Derivatives[0].Loss;

    internal static void SamplesNotEmpty(int count, string name)
    {
        if (count == 0)
        {
            Throw(name, $"{name} is empty; it must hold at least one sample.");
        }
    }

    private static void CheckCount(IReadOnlyList<string>? list, int parameterCount, string name, string member, string noun)
    {
        if (list is null)
        {
            Throw(name, $"{name}.{member} must not be null.");
        }

        if (list.Count != parameterCount)
        {
            Throw(
                name,
                $"{name}.{member} has {NumberText.Int(list.Count)} {noun}{(list.Count == 1 ? "" : "s")}, but " +
                $"{name}.ParameterCount is {NumberText.Int(parameterCount)}; they must be equal.");
        }
    }

    [DoesNotReturn]
    private static void Throw(string name, string message) => throw new ArgumentException(message, name);
}
