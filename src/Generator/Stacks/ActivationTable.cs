using System;
using System.Collections.Generic;
using System.Linq;

namespace SymbolicGd.Generator.Stacks;

/// <summary>What a backward kernel reads besides δ: the layer's input z, or its output a (tanh′ = 1 − a² needs only a).</summary>
internal enum KernelReads
{
    Z,
    A,
}

/// <summary>The argument a kernel takes after its spans, if any.</summary>
internal enum KernelArgument
{
    None,

    /// <summary>The layer's <c>NegativeSlope</c>, as a literal of the network's precision.</summary>
    NegativeSlope,

    /// <summary>The layer's width, for a kernel that works row by row.</summary>
    Width,
}

/// <summary>The names a formula is written in: the layer's z and a, and its negative slope as written.</summary>
internal readonly struct FormulaNames
{
    public FormulaNames(string z, string a, string slope)
    {
        Z = z;
        A = a;
        Slope = slope;
    }

    public string Z { get; }

    public string A { get; }

    public string Slope { get; }
}

/// <summary>
/// One built-in activation: everything the generator knows about it, so that adding one is one entry here, one value
/// in the public enum and its runtime kernels (ActivationTableTests checks the three agree).
/// </summary>
internal sealed class ActivationEntry
{
    public ActivationEntry(
        LayerActivation kind,
        string summaryName,
        string? forwardKernel,
        string? backwardKernel,
        KernelReads backwardReads,
        KernelArgument argument,
        Func<FormulaNames, string> forwardFormula,
        Func<FormulaNames, string>? factor,
        Func<FormulaNames, string>? derivativeDefinition = null,
        bool lastLayerOnly = false,
        string? singleUnitProblem = null)
    {
        Kind = kind;
        SummaryName = summaryName;
        ForwardKernel = forwardKernel;
        BackwardKernel = backwardKernel;
        BackwardReads = backwardReads;
        Argument = argument;
        ForwardFormula = forwardFormula;
        Factor = factor;
        DerivativeDefinition = derivativeDefinition;
        LastLayerOnly = lastLayerOnly;
        SingleUnitProblem = singleUnitProblem;
    }

    public LayerActivation Kind { get; }

    /// <summary>The member's name in the public <c>SymbolicGd.Activation</c> enum.</summary>
    public string Name => Kind.ToString();

    /// <summary>The name in the network's <c>Summary</c> table, like Keras's.</summary>
    public string SummaryName { get; }

    /// <summary>The method of <c>SymbolicGd.Layers.Activations</c> computing a = g(z); null for the identity.</summary>
    public string? ForwardKernel { get; }

    /// <summary>The method multiplying δ in place by g′; null for the identity.</summary>
    public string? BackwardKernel { get; }

    public KernelReads BackwardReads { get; }

    public KernelArgument Argument { get; }

    /// <summary>a = g(z) as the derivation prints it.</summary>
    public Func<FormulaNames, string> ForwardFormula { get; }

    /// <summary>g′ as the element-wise factor of δ, in what the forward pass kept; null when g′ is not element-wise (softmax).</summary>
    public Func<FormulaNames, string>? Factor { get; }

    /// <summary>A line for the derivation's "where" section, defining a factor too long to print inside δ.</summary>
    public Func<FormulaNames, string>? DerivativeDefinition { get; }

    /// <summary>Whether the activation couples a layer's outputs, so that only the last layer may use it.</summary>
    public bool LastLayerOnly { get; }

    /// <summary>Why a layer of one unit cannot use it; null when it can.</summary>
    public string? SingleUnitProblem { get; }

    public bool IsIdentity => ForwardKernel is null;
}

/// <summary>The built-in activations of a <c>[Dense]</c> layer, one entry each, in the order of <c>SymbolicGd.Activation</c>.</summary>
internal static class ActivationTable
{
    public static readonly IReadOnlyList<ActivationEntry> Entries = new[]
    {
        new ActivationEntry(LayerActivation.Identity, "identity", null, null, KernelReads.Z, KernelArgument.None, n => n.Z, n => "1"),
        new ActivationEntry(LayerActivation.Tanh, "tanh", "Tanh", "TanhBackward", KernelReads.A, KernelArgument.None,
            n => $"tanh({n.Z})", n => $"(1 − {n.A}²)"),
        new ActivationEntry(LayerActivation.Sigmoid, "sigmoid", "Sigmoid", "SigmoidBackward", KernelReads.A, KernelArgument.None,
            n => $"σ({n.Z})", n => $"{n.A} ⊙ (1 − {n.A})"),
        new ActivationEntry(LayerActivation.Relu, "relu", "Relu", "ReluBackward", KernelReads.Z, KernelArgument.None,
            n => $"max({n.Z}, 0)", n => $"[{n.Z} > 0]"),
        new ActivationEntry(LayerActivation.LeakyRelu, "leaky relu", "LeakyRelu", "LeakyReluBackward", KernelReads.Z, KernelArgument.NegativeSlope,
            n => $"leakyrelu({n.Z}) = {n.Z} where {n.Z} > 0, {n.Slope}·{n.Z} elsewhere", n => $"([{n.Z} > 0] + {n.Slope}·[{n.Z} ≤ 0])"),
        new ActivationEntry(LayerActivation.Softplus, "softplus", "Softplus", "SoftplusBackward", KernelReads.Z, KernelArgument.None,
            n => $"softplus({n.Z}) = log(1 + e^{n.Z})", n => $"σ({n.Z})"),
        new ActivationEntry(LayerActivation.Softmax, "softmax", "Softmax", "SoftmaxBackward", KernelReads.A, KernelArgument.Width,
            n => $"softmax({n.Z})", null, lastLayerOnly: true,
            singleUnitProblem: "the softmax of one output is always 1; give the layer one unit per class, or use Activation.Sigmoid for one probability"),
        new ActivationEntry(LayerActivation.Gelu, "gelu", "Gelu", "GeluBackward", KernelReads.Z, KernelArgument.None,
            n => $"gelu({n.Z}) = ½·{n.Z}·(1 + tanh(√(2/π)·({n.Z} + 0.044715·{n.Z}³)))", n => $"gelu′({n.Z})",
            n => $"gelu′({n.Z}) = ½·(1 + t) + ½·{n.Z}·(1 − t²)·√(2/π)·(1 + 3·0.044715·{n.Z}²) with t = tanh(√(2/π)·({n.Z} + 0.044715·{n.Z}³))"),
        new ActivationEntry(LayerActivation.Elu, "elu", "Elu", "EluBackward", KernelReads.Z, KernelArgument.None,
            n => $"elu({n.Z}) = {n.Z} where {n.Z} > 0, e^{n.Z} − 1 elsewhere", n => $"([{n.Z} > 0] + e^{n.Z}·[{n.Z} ≤ 0])"),
    };

    /// <summary>The entry of a built-in activation; null for a custom one or a value outside the enum.</summary>
    public static ActivationEntry? Find(LayerActivation kind)
    {
        int index = (int)kind;
        return index >= 0 && index < Entries.Count ? Entries[index] : null;
    }

    /// <summary>"Activation.Identity, Activation.Tanh, …": every value the enum defines, for a diagnostic.</summary>
    public static string AllNames => "Activation." + string.Join(", Activation.", Entries.Select(e => e.Name));

    /// <summary>"Tanh, Sigmoid, … or Softplus": the activations a hidden layer may use.</summary>
    public static string HiddenLayerNames => string.Join(", ", Entries.Where(e => !e.IsIdentity && !e.LastLayerOnly).Select(e => e.Name));
}
