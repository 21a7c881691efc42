using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Symbolic;
using static SymbolicGd.Generator.Shared.Numbers;

namespace SymbolicGd.Generator.Stacks;

/// <summary>
/// The schedule of a layer stack, from its spec: every layer's shapes, names and place in the parameter vector, the
/// one op per step of the forward pass and its vector-Jacobian rule for the backward pass, the fused loss head, and
/// the closed forms in the layers' own names. The emitter only writes this down.
/// </summary>
/// <remarks>
/// The op table is the design's: a dense product z = W·a + b (back: ∂E/∂W += δ·aᵀ, ∂E/∂b += δ, ā = Wᵀ·δ), an
/// element-wise activation a = g(z) (back: δ = ā ⊙ g′), a row-wise softmax (back: δ = a ⊙ (ā − a·ā)), and a loss
/// head that starts the backward pass with ∂E/∂ℓ. A softmax or sigmoid last layer feeding the matching
/// cross-entropy is fused into the head: the layer then computes logits, and the probabilities only in Predict.
/// </remarks>
internal sealed class StackPlan
{
    /// <summary>Rows of a batch processed at once: large enough for the products to run at full speed, small enough for the caches.</summary>
    public const int ChunkRows = 64;

    /// <summary>Up to this many doubles of scratch a single-sample method takes from the stack; above, from the shared pool.</summary>
    public const int StackScratchLimit = 2048;

    private StackPlan(StackSpec spec, List<PlannedLayer> layers, LossEntry loss, string? rewrite, List<CustomActivation> customs)
    {
        Spec = spec;
        Layers = layers;
        Loss = loss;
        Rewrite = rewrite;
        CustomActivations = customs;
        var last = layers[layers.Count - 1];
        ParameterCount = last.BiasOffset + last.Units;
        ValueCount = last.ValueEnd;
        DeltaCount = 0;
        foreach (var layer in layers)
        {
            DeltaCount += layer.Units;
        }
    }

    public StackSpec Spec { get; }

    /// <summary>The type the generated code computes in: double, or float for Precision.Single.</summary>
    public NumberType Numbers => NumbersOf(Spec);

    private static NumberType NumbersOf(StackSpec spec) => spec.Precision == StackPrecision.Single ? NumberType.Single : NumberType.Double;

    public IReadOnlyList<PlannedLayer> Layers { get; }

    public PlannedLayer Last => Layers[Layers.Count - 1];

    /// <summary>The table's entry of the network's loss: its formulas, kernels, sample shape and fusion.</summary>
    public LossEntry Loss { get; }

    /// <summary>Which rewrite was made and why, for the documentation; null when the loss is computed as declared.</summary>
    public string? Rewrite { get; }

    public IReadOnlyList<CustomActivation> CustomActivations { get; }

    public int ParameterCount { get; }

    /// <summary>The values <c>Evaluate</c> writes: z and (where it differs) a of every layer.</summary>
    public int ValueCount { get; }

    /// <summary>The δ of every layer, one sample.</summary>
    public int DeltaCount { get; }

    /// <summary>Whether the samples carry an integer label (softmax cross-entropy) rather than a target vector.</summary>
    public bool HasLabel => Loss.HasLabel;

    /// <summary>Whether the network implements IClassifier.</summary>
    public bool IsClassifier => Loss.IsClassifier;

    /// <summary>The quantity the loss head reads: the logits ℓ of a cross-entropy, the output y of the squared error.</summary>
    public string LossInput => Last.HeadInput;

    public static StackPlan Create(StackSpec spec, string typeReference, CancellationToken cancellationToken)
    {
        var loss = LossTable.Of(spec.Loss);
        bool fused = loss.Fuses(spec.Layers[spec.Layers.Count - 1].Activation);

        var customs = new List<CustomActivation>();
        var byFunction = new Dictionary<int, CustomActivation>();
        var layers = new List<PlannedLayer>();
        int parameter = 0;
        int value = 0;
        int delta = 0;
        int inputs = spec.Inputs;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var layer = spec.Layers[i];
            CustomActivation? custom = null;
            if (layer.Activation == LayerActivation.Custom && !byFunction.TryGetValue(layer.Function, out custom))
            {
                custom = CustomActivation.Derive(spec, layer, typeReference, NumbersOf(spec), cancellationToken);
                byFunction[layer.Function] = custom;
                customs.Add(custom);
            }

            bool isLast = i == spec.Layers.Count - 1;
            var forward = isLast && fused ? LayerActivation.Identity : layer.Activation;
            var planned = new PlannedLayer(i + 1, inputs, layer, forward, custom, parameter, value, delta, i == 0 ? "x" : layers[i - 1].A, isLast);
            layers.Add(planned);
            parameter = planned.BiasOffset + layer.Units;
            value = planned.ValueEnd;
            delta += layer.Units;
            inputs = layer.Units;
        }

        string? rewrite = fused ? loss.FusionRewrite?.Invoke(layers[layers.Count - 1]) : null;
        return new StackPlan(spec, layers, loss, rewrite, customs);
    }

    // ---- Closed forms -----------------------------------------------------------------------------------------

    /// <summary>E in the last layer's names.</summary>
    public string LossFormula => Loss.LossFormula(LossInput);

    /// <summary>∂E/∂(the head's input).</summary>
    private string HeadGradient => Loss.HeadGradient(LossInput);

    /// <summary>δ of a layer = ∂E/∂z: the head's gradient through the last activation, or Wᵀ·δ of the next layer through this one's.</summary>
    public string DeltaFormula(PlannedLayer layer)
    {
        string incoming = layer.IsLast ? HeadGradient : $"{Layers[layer.Number].W}ᵀ·δ{layer.Number + 1}";
        if (layer.Forward == LayerActivation.Identity)
        {
            return incoming;
        }

        if (layer.Custom is null && layer.Entry.Factor is null)
        {
            // softmax's Jacobian diag(a) − a·aᵀ, the one g′ that is not element-wise
            return $"{layer.A} ⊙ (({incoming}) − {layer.A}ᵀ·({incoming}))";
        }

        return $"({incoming}) ⊙ {layer.Factor}";
    }

    /// <summary>
    /// The lines of the network's <c>Summary</c>, like Keras's <c>model.summary()</c>: one row per layer (units,
    /// activation, output shape, parameters) and the total.
    /// </summary>
    public List<string> SummaryLines()
    {
        var rows = new List<string[]> { new[] { "Layer", "Units", "Activation", "Output shape", "Parameters" } };
        foreach (var layer in Layers)
        {
            rows.Add(new[]
            {
                "dense " + Number(layer.Number),
                Number(layer.Units),
                ActivationName(layer),
                "(" + Number(layer.Units) + ")",
                (layer.WeightCount + layer.Units).ToString("N0", CultureInfo.InvariantCulture),
            });
        }

        // Names and words left-aligned, counts right-aligned, as in Keras's table.
        bool[] rightAligned = { false, true, false, false, true };
        var widths = Enumerable.Range(0, 5).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var lines = new List<string> { $"{Spec.Type.Name} ({Number(Spec.Inputs)} input{(Spec.Inputs == 1 ? "" : "s")}, loss {Loss.SummaryName})" };
        foreach (var row in rows)
        {
            lines.Add(string.Join("  ", row.Select((cell, column) => rightAligned[column] ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]))).TrimEnd());
        }

        lines.Add("Total parameters: " + ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        return lines;
    }

    private static string ActivationName(PlannedLayer layer)
    {
        var entry = ActivationTable.Find(layer.Spec.Activation);
        if (entry is null)
        {
            return layer.Spec.FunctionName ?? "custom";
        }

        return entry.Argument == KernelArgument.NegativeSlope ? entry.SummaryName + " (" + layer.Slope + ")" : entry.SummaryName;
    }

    /// <summary>The lines of the derivation, as the documentation shows them.</summary>
    public List<string> DerivationLines()
    {
        var lines = new List<string> { "Forward, for one sample x:" };
        foreach (var layer in Layers)
        {
            lines.Add($"  {layer.Z} = {layer.W}·{layer.Input} + {layer.B}        {layer.W}: {Number(layer.Units)} × {Number(layer.Inputs)}");
            if (layer.Forward != LayerActivation.Identity)
            {
                lines.Add($"  {layer.A} = {layer.ForwardFormula}");
            }
        }

        lines.Add($"  E = {LossFormula}");
        lines.Add("Back-propagation (δ = ∂E/∂z of a layer):");
        for (int i = Layers.Count - 1; i >= 0; i--)
        {
            var layer = Layers[i];
            lines.Add($"  δ{layer.Number} = {DeltaFormula(layer)}");
            lines.Add($"  ∂E/∂{layer.W} = δ{layer.Number}·{layer.Input}ᵀ");
            lines.Add($"  ∂E/∂{layer.B} = δ{layer.Number}");
        }

        var where = new List<string>();
        foreach (var layer in Layers)
        {
            if (layer.Custom is null && layer.Entry.DerivativeDefinition is { } definition)
            {
                where.Add("  " + definition(layer.Names));
            }
        }

        foreach (var custom in CustomActivations)
        {
            where.Add("  " + custom.Definition);
            where.Add("  " + custom.DerivativeDefinition);
            foreach (string local in custom.Where)
            {
                where.Add("    " + local);
            }
        }

        if (where.Count > 0)
        {
            lines.Add("where");
            lines.AddRange(where);
        }

        if (Rewrite is not null)
        {
            lines.Add(Rewrite);
        }

        return lines;
    }

}

/// <summary>One layer of a <see cref="StackPlan"/>.</summary>
internal sealed class PlannedLayer
{
    public PlannedLayer(
        int number, int inputs, LayerSpec spec, LayerActivation forward, CustomActivation? custom, int weightOffset, int valueOffset, int deltaOffset,
        string input, bool isLast)
    {
        Number = number;
        Inputs = inputs;
        Spec = spec;
        Forward = forward;
        Custom = custom;
        WeightOffset = weightOffset;
        ValueOffset = valueOffset;
        DeltaOffset = deltaOffset;
        Input = input;
        IsLast = isLast;
        string n = number.ToString(CultureInfo.InvariantCulture);
        Z = "z" + n;
        A = forward == LayerActivation.Identity ? Z : "a" + n;
        W = "W" + n;
        B = "b" + n;
    }

    /// <summary>1 for the first layer.</summary>
    public int Number { get; }

    public int Inputs { get; }

    public int Units => Spec.Units;

    public LayerSpec Spec { get; }

    /// <summary>The activation the forward pass applies: the identity for a last layer fused into the loss.</summary>
    public LayerActivation Forward { get; }

    public CustomActivation? Custom { get; }

    public bool IsLast { get; }

    /// <summary>The layer's input in formulas: x, or the previous layer's a.</summary>
    public string Input { get; }

    public string Z { get; }

    /// <summary>The activation's name; <see cref="Z"/> when the layer has none.</summary>
    public string A { get; }

    public string W { get; }

    public string B { get; }

    public int WeightOffset { get; }

    public int WeightCount => Units * Inputs;

    public int BiasOffset => WeightOffset + WeightCount;

    /// <summary>Where z starts among the values Evaluate writes; a follows it unless it is z.</summary>
    public int ValueOffset { get; }

    public int ActivationOffset => HasActivationValues ? ValueOffset + Units : ValueOffset;

    public int ValueEnd => ValueOffset + (HasActivationValues ? 2 * Units : Units);

    public bool HasActivationValues => Forward != LayerActivation.Identity;

    public int DeltaOffset { get; }

    /// <summary>What the loss head reads when this is the last layer: its z when the layer computes logits, else its a.</summary>
    public string HeadInput => A;

    /// <summary>The table's entry for the activation the forward pass applies; the identity's for a custom one, which the layer's <see cref="Custom"/> describes.</summary>
    public ActivationEntry Entry => ActivationTable.Find(Forward) ?? ActivationTable.Entries[0];

    public FormulaNames Names => new(Z, A, Slope);

    /// <summary>a = g(z) in formulas.</summary>
    public string ForwardFormula => Custom is not null && Forward == LayerActivation.Custom ? $"{Custom.Name}({Z})" : Entry.ForwardFormula(Names);

    /// <summary>g′ as the element-wise factor of δ, in terms of what the forward pass kept.</summary>
    public string Factor => Custom is not null && Forward == LayerActivation.Custom ? $"{Custom.Name}′({Z})" : Entry.Factor?.Invoke(Names) ?? "1";

    public string Slope => Spec.NegativeSlope.ToString("R", CultureInfo.InvariantCulture);
}
