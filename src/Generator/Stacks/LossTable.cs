using System;
using System.Collections.Generic;
using System.Linq;
using static SymbolicGd.Generator.Shared.Numbers;

namespace SymbolicGd.Generator.Stacks;

/// <summary>What a sample carries besides its input, for the loss to compare the output with.</summary>
internal enum SampleTarget
{
    /// <summary>A vector t of one value per output: <c>Sample(double[] Input, double[] Target)</c>.</summary>
    Vector,

    /// <summary>An integer class: <c>Sample(double[] Input, int Label)</c>; a batch passes the labels as a span of ints.</summary>
    Label,
}

/// <summary>Where a diagnostic about the last layer goes: on the network's <c>Loss</c> argument, or on the last [Dense].</summary>
internal enum RequirementLocation
{
    LossArgument,
    LastLayer,
}

/// <summary>A condition the last layer must meet for a loss, and what the diagnostic says when it does not.</summary>
internal sealed class LastLayerRequirement
{
    public LastLayerRequirement(Func<LayerSpec, bool> isMet, RequirementLocation location, string problem)
    {
        IsMet = isMet;
        Location = location;
        Problem = problem;
    }

    public Func<LayerSpec, bool> IsMet { get; }

    public RequirementLocation Location { get; }

    /// <summary>Why the layer does not fit and what to write instead, for SGD diagnostic LossDoesNotFitLastLayer.</summary>
    public string Problem { get; }
}

/// <summary>
/// One built-in loss of a network: everything the generator knows about it, so that adding one is one entry here, one
/// value in the public enum (and its mirror <see cref="StackLoss"/>) and its runtime kernels (LossTableTests checks
/// they agree).
/// </summary>
/// <remarks>
/// The formulas take the name of the head's input: the last layer's z when the loss works on logits (its
/// <see cref="OutputActivation"/> is fused into the loss), else its a.
/// </remarks>
internal sealed class LossEntry
{
    public LossEntry(
        StackLoss kind,
        string summaryName,
        SampleTarget target,
        string kernel,
        string valueKernel,
        LayerActivation outputActivation,
        Func<string, string> lossFormula,
        Func<string, string> headGradient,
        Func<PlannedLayer, string>? fusionRewrite,
        Func<int, string>? targetDescription,
        Func<string, string> predictDescription,
        string predictBatchDescription,
        double singleOutputThreshold,
        string singleOutputRule,
        string? correctRule,
        string? targetMatchKernel,
        IReadOnlyList<LastLayerRequirement> requirements)
    {
        Kind = kind;
        SummaryName = summaryName;
        Target = target;
        Kernel = kernel;
        ValueKernel = valueKernel;
        OutputActivation = outputActivation;
        LossFormula = lossFormula;
        HeadGradient = headGradient;
        FusionRewrite = fusionRewrite;
        TargetDescription = targetDescription;
        PredictDescription = predictDescription;
        PredictBatchDescription = predictBatchDescription;
        SingleOutputThreshold = singleOutputThreshold;
        SingleOutputRule = singleOutputRule;
        CorrectRule = correctRule;
        TargetMatchKernel = targetMatchKernel;
        Requirements = requirements;
    }

    public StackLoss Kind { get; }

    /// <summary>The member's name in the public <c>SymbolicGd.NetworkLoss</c> enum.</summary>
    public string Name => Kind.ToString();

    /// <summary>The name in the first line of the network's <c>Summary</c>.</summary>
    public string SummaryName { get; }

    public SampleTarget Target { get; }

    public bool HasLabel => Target == SampleTarget.Label;

    /// <summary>
    /// The method of <c>SymbolicGd.Layers.Losses</c> returning E and overwriting δ = ∂E/∂(head input), for one sample
    /// (target t, or an int label) and for a batch (rows of targets, or a span of labels), in both precisions.
    /// </summary>
    public string Kernel { get; }

    /// <summary>The method of <c>SymbolicGd.Layers.Losses</c> returning E alone for one sample, in both precisions.</summary>
    public string ValueKernel { get; }

    /// <summary>
    /// The activation turning the head's input into what Predict returns (softmax for probabilities of classes); a last
    /// layer with this activation is fused into the loss, which then reads its logits. The identity for a loss on the
    /// outputs themselves.
    /// </summary>
    public LayerActivation OutputActivation { get; }

    /// <summary>The table's entry of <see cref="OutputActivation"/>.</summary>
    public ActivationEntry Output => ActivationTable.Find(OutputActivation) ?? throw new InvalidOperationException($"{Name}: {OutputActivation} is not a built-in activation.");

    /// <summary>E in the name of the head's input.</summary>
    public Func<string, string> LossFormula { get; }

    /// <summary>∂E/∂(the head's input), in its name.</summary>
    public Func<string, string> HeadGradient { get; }

    /// <summary>The derivation's paragraph on the fusion of the last layer (given as planned, computing logits); null when the loss fuses nothing.</summary>
    public Func<PlannedLayer, string>? FusionRewrite { get; }

    /// <summary>The Sample record's doc of a target of this many values; null to say only how many (and for a label).</summary>
    public Func<int, string>? TargetDescription { get; }

    /// <summary>What Predict writes, in the name of the head's input.</summary>
    public Func<string, string> PredictDescription { get; }

    /// <summary>What PredictBatch writes for each input.</summary>
    public string PredictBatchDescription { get; }

    /// <summary>Classify of a single output: the class is 1 when the head's input is at least this.</summary>
    public double SingleOutputThreshold { get; }

    /// <summary>Classify's documentation of that rule.</summary>
    public string SingleOutputRule { get; }

    /// <summary>When IsCorrect holds; null when the network is not a classifier (no IsCorrect, no IClassifier, accuracy 0).</summary>
    public string? CorrectRule { get; }

    public bool IsClassifier => CorrectRule is not null;

    /// <summary>
    /// For a classifier whose samples carry target vectors: the method of <c>SymbolicGd.Layers.Predictions</c> telling
    /// whether the head's input matches the targets (a labelled one compares Classify with the label instead).
    /// </summary>
    public string? TargetMatchKernel { get; }

    /// <summary>What the last layer must meet, checked in order; the first one not met is reported.</summary>
    public IReadOnlyList<LastLayerRequirement> Requirements { get; }

    /// <summary>Whether a last layer with this activation is fused into the loss.</summary>
    public bool Fuses(LayerActivation lastActivation) => OutputActivation != LayerActivation.Identity && lastActivation == OutputActivation;
}

/// <summary>The losses of a <c>[Network]</c>, one entry each, in the order of <c>SymbolicGd.NetworkLoss</c>.</summary>
internal static class LossTable
{
    public static readonly IReadOnlyList<LossEntry> Entries = new[]
    {
        new LossEntry(
            StackLoss.SquaredError, "squared error", SampleTarget.Vector, "SquaredError", "SquaredErrorLoss", LayerActivation.Identity,
            lossFormula: l => $"½‖{l} − t‖²",
            headGradient: l => $"{l} − t",
            fusionRewrite: null,
            targetDescription: null,
            predictDescription: l => $"the outputs {l} of the last layer",
            predictBatchDescription: "the outputs of the last layer",
            singleOutputThreshold: 0.5,
            singleOutputRule: "1 when the output is at least ½, else 0",
            correctRule: null,
            targetMatchKernel: null,
            requirements: Array.Empty<LastLayerRequirement>()),
        new LossEntry(
            StackLoss.SoftmaxCrossEntropy, "softmax cross-entropy", SampleTarget.Label, "SoftmaxCrossEntropy", "SoftmaxCrossEntropyLoss", LayerActivation.Softmax,
            lossFormula: l => $"−log softmax({l})[label]",
            headGradient: l => $"softmax({l}) − onehot(label)",
            fusionRewrite: last => $"Rewrite: the softmax of layer {last.Number} is fused into the cross-entropy. E = −log softmax({last.Z})[label] is computed on the logits, " +
                    $"as log Σₖ e^({last.Z}ₖ − m) + m − {last.Z}[label] with m = max {last.Z}, and δ{last.Number} = softmax({last.Z}) − onehot(label): the log of the " +
                    "softmax's probabilities is −∞, and its gradient NaN, as soon as a probability rounds to 0 (for logits of ±1000, say). " +
                    "Predict still returns the probabilities.",
            targetDescription: null,
            predictDescription: l => $"the probabilities of the classes, softmax({l})",
            predictBatchDescription: "the probabilities of its classes",
            singleOutputThreshold: 0.0,
            singleOutputRule: "1 when the probability σ(z) is at least ½, else 0",
            correctRule: "Classify(sample.Input) equals the sample's label",
            targetMatchKernel: null,
            requirements: new[]
            {
                new LastLayerRequirement(last => last.Units >= 2, RequirementLocation.LossArgument,
                    "softmax cross-entropy needs one output per class, at least 2; for two classes with one output use NetworkLoss.BinaryCrossEntropy"),
            }),
        new LossEntry(
            StackLoss.BinaryCrossEntropy, "binary cross-entropy", SampleTarget.Vector, "BinaryCrossEntropy", "BinaryCrossEntropyLoss", LayerActivation.Sigmoid,
            lossFormula: l => $"Σₖ max({l}ₖ, 0) − {l}ₖ·tₖ + log(1 + e^−|{l}ₖ|)",
            headGradient: l => $"σ({l}) − t",
            fusionRewrite: last => $"Rewrite: the sigmoid of layer {last.Number} is fused into the binary cross-entropy. E is computed on the logits, as " +
                    $"Σₖ max({last.Z}ₖ, 0) − {last.Z}ₖ·tₖ + log(1 + e^−|{last.Z}ₖ|), and δ{last.Number} = σ({last.Z}) − t: −t·log σ(z) − (1 − t)·log(1 − σ(z)) " +
                    "is infinite, and its gradient NaN, once σ(z) rounds to 0 or 1 (for logits of ±1000, say). Predict still returns the probabilities.",
            targetDescription: outputs => outputs == 1 ? "t: 1 value, 0 or 1" : $"t: {Number(outputs)} values, each 0 or 1",
            predictDescription: l => $"the probabilities σ({l}) that each target is 1",
            predictBatchDescription: "the probabilities σ(z) that each target is 1",
            singleOutputThreshold: 0.0,
            singleOutputRule: "1 when the probability σ(z) is at least ½, else 0",
            correctRule: "every probability σ(z) is on the same side of ½ as its 0/1 target",
            targetMatchKernel: "LogitsMatchTargets",
            requirements: new[]
            {
                new LastLayerRequirement(last => last.Activation != LayerActivation.Softmax, RequirementLocation.LastLayer,
                    "binary cross-entropy scores each output on its own, but softmax makes the outputs sum to 1; use Activation.Identity (logits) or Activation.Sigmoid, or NetworkLoss.SoftmaxCrossEntropy for one class per sample"),
            }),
    };

    /// <summary>The entry of a loss; null for a value outside the enum.</summary>
    public static LossEntry? Find(StackLoss kind)
    {
        int index = (int)kind;
        return index >= 0 && index < Entries.Count ? Entries[index] : null;
    }

    /// <summary>The entry of a loss the parser accepted.</summary>
    public static LossEntry Of(StackLoss kind) => Find(kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a NetworkLoss the parser accepts");

    /// <summary>"NetworkLoss.SquaredError, NetworkLoss.SoftmaxCrossEntropy, …": every value the enum defines, for a diagnostic.</summary>
    public static string AllNames => "NetworkLoss." + string.Join(", NetworkLoss.", Entries.Select(e => e.Name));
}
