using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;
using static SymbolicGd.Generator.Shared.Numbers;

namespace SymbolicGd.Generator.Stacks;

/// <summary>
/// Writes the generated half of a layer stack: the Sample type, the parameter vector and its per-layer views,
/// initialization, the forward pass, back-propagation for one sample and for a mini-batch (as matrix products over
/// the batch), Predict and Classify, and the closed-form derivatives in matrix notation. The loops themselves are
/// the runtime's kernels (SymbolicGd.Layers), called with the layers' compile-time shapes, so the generated code
/// reads like the derivation and does not grow with the layers' widths.
/// </summary>
internal sealed class StackEmitter
{
    private const string Kernels = "global::SymbolicGd.Layers.";
    private const string Dense = Kernels + "Dense";
    private const string Activations = Kernels + "Activations";
    private const string Losses = Kernels + "Losses";
    private const string Checks = Kernels + "SampleChecks";

    private readonly StackPlan _plan;
    private readonly StackSpec _spec;
    private readonly SourceWriter _writer = new();
    private readonly string _typeReference;
    private readonly string _fullTypeReference;
    private readonly string _name;

    /// <summary>The element type of every parameter, sample, activation and gradient span: double, or float for Precision.Single.</summary>
    private readonly string _element;

    private StackEmitter(StackPlan plan)
    {
        _plan = plan;
        _spec = plan.Spec;
        _element = plan.Numbers.Keyword;
        _typeReference = _spec.Type.Name + TypeNames.TypeParameterList(_spec.Type);
        _fullTypeReference = TypeNames.FullReference(_spec.Namespace, _spec.ContainingTypes, _spec.Type);
        _name = GeneratedText.Literal(_spec.Type.Name);
    }

    /// <summary>Plans and writes one network; never throws but for cancellation.</summary>
    public static GeneratedModel Generate(StackSpec spec, CancellationToken cancellationToken)
    {
        string hintName = TypeNames.HintName(spec.Namespace, spec.ContainingTypes, spec.Type);
        string fullName = (spec.Namespace is null ? "" : spec.Namespace + ".") + string.Concat(spec.ContainingTypes.Select(c => c.Name + ".")) + spec.Type.Name;
        try
        {
            var plan = StackPlan.Create(spec, spec.Type.Name + TypeNames.TypeParameterList(spec.Type), cancellationToken);
            var rangeErrors = ConstantsOutsideRange(plan);
            if (rangeErrors.Count > 0)
            {
                return new GeneratedModel(spec.Key, hintName, null, rangeErrors);
            }

            var emitter = new StackEmitter(plan);
            string source = emitter.Write(cancellationToken);
            return new GeneratedModel(spec.Key, hintName, source, Findings(plan));
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (ModelTooLargeException e)
        {
            var finding = new Finding(Diagnostics.ModelTooLarge.Id, -1, EquatableArray.Create(fullName, e.Limit.ToString("N0", CultureInfo.InvariantCulture)));
            return new GeneratedModel(spec.Key, hintName, null, EquatableArray.Create(finding));
        }
        catch (Exception e)
        {
            var finding = new Finding(Diagnostics.InternalError.Id, -1, EquatableArray.Create(fullName, e.GetType().Name + ": " + e.Message));
            return new GeneratedModel(spec.Key, hintName, null, EquatableArray.Create(finding));
        }
    }

    /// <summary>SGD0053 at each layer whose user-written activation has a constant its float code cannot hold.</summary>
    private static EquatableArray<Finding> ConstantsOutsideRange(StackPlan plan)
    {
        var findings = new List<Finding>();
        foreach (var layer in plan.Layers)
        {
            if (layer.Custom?.ConstantOutsideRange() is double constant)
            {
                string text = constant.ToString("R", CultureInfo.InvariantCulture);
                string rounded = Math.Abs(constant) > 1 ? (constant > 0 ? "∞" : "−∞") : "0";
                findings.Add(new Finding(Diagnostics.ConstantOutsideSingle.Id, layer.Number - 1, EquatableArray.Create(layer.Custom.Name, Number(layer.Number), text, rounded)));
            }
        }

        return findings.ToEquatableArray();
    }

    /// <summary>Warnings only planning can find, placed at the layer (index) they are about.</summary>
    private static EquatableArray<Finding> Findings(StackPlan plan)
    {
        var findings = new List<Finding>();
        foreach (var layer in plan.Layers)
        {
            if (layer.Custom is { DerivativeIsZero: true } custom)
            {
                findings.Add(new Finding(Diagnostics.ZeroActivationDerivative.Id, layer.Number - 1, EquatableArray.Create(custom.Name, Number(layer.Number))));
            }
        }

        return findings.ToEquatableArray();
    }

    // ---- The file ---------------------------------------------------------------------------------------------

    private string Write(CancellationToken cancellationToken)
    {
        var w = _writer;
        string sample = _fullTypeReference + ".Sample";
        // A float32 network is an INetwork<Sample, float>, whose default members give IDifferentiable's double forms.
        string interfaces = IsSingle
            ? "global::SymbolicGd.INetwork<" + sample + ", float>"
            : "global::SymbolicGd.INetwork<" + sample + ">, global::SymbolicGd.IBatchPredictor<" + sample + ">";
        if (_plan.IsClassifier)
        {
            interfaces += ", global::SymbolicGd.IClassifier<" + sample + ">";
        }

        FileFrame.Open(w, _spec.Namespace, _spec.ContainingTypes, _spec.Type, interfaces);

        WriteSampleType();
        WriteFields();
        WriteShape();
        WriteDerivatives();
        ModelEmitter.WriteSummary(w, _plan.SummaryLines(), "one row per layer (units, activation, output shape, weights and biases) and the total");
        WriteInitialization();
        cancellationToken.ThrowIfCancellationRequested();
        WriteLoss();
        WriteBackward();
        WriteBackwardBatch();
        WriteEvaluate();
        WritePredict();
        WriteClassify();
        WriteClassifierBridge(sample);
        WriteBatchInference();
        WriteParameterAccess();
        foreach (var custom in _plan.CustomActivations)
        {
            w.WriteLine();
            custom.WriteMethods(w, ModelEmitter.GeneratedCodeAttribute);
        }

        FileFrame.Close(w, _spec.Namespace, _spec.ContainingTypes);
        return w.ToString();
    }

    private int Inputs => _spec.Inputs;

    private string Span => "global::System.Span<" + _element + ">";

    private string ReadOnlySpan => "global::System.ReadOnlySpan<" + _element + ">";

    private string Pool => "global::System.Buffers.ArrayPool<" + _element + ">.Shared";

    /// <summary>How a cref names a span of the element type: <c>global::System.Span{double}</c>.</summary>
    private string SpanCref => "global::System.Span{" + _element + "}";

    private string ReadOnlySpanCref => "global::System.ReadOnlySpan{" + _element + "}";

    private bool IsSingle => _element == "float";

    private int Outputs => _spec.Outputs;

    private void WriteSampleType()
    {
        var w = _writer;
        if (_plan.HasLabel)
        {
            w.WriteLine($"/// <summary>One labelled sample for {Xml(_spec.Type.Name)}: an input x of {Count(Inputs, "value")} and its class.</summary>");
            w.WriteLine($"/// <param name=\"Input\">x: {Count(Inputs, "value")}.</param>");
            w.WriteLine($"/// <param name=\"Label\">The class, 0 to {Number(Outputs - 1)}.</param>");
            w.WriteLine($"public readonly record struct Sample({_element}[] Input, int Label);");
        }
        else
        {
            string target = _plan.Loss.TargetDescription?.Invoke(Outputs) ?? $"t: {Count(Outputs, "value")}";
            w.WriteLine($"/// <summary>One sample for {Xml(_spec.Type.Name)}: an input x of {Count(Inputs, "value")} and its target t.</summary>");
            w.WriteLine($"/// <param name=\"Input\">x: {Count(Inputs, "value")}.</param>");
            w.WriteLine($"/// <param name=\"Target\">{target}.</param>");
            w.WriteLine($"public readonly record struct Sample({_element}[] Input, {_element}[] Target);");
        }

        w.WriteLine();
    }

    private void WriteFields()
    {
        var w = _writer;
        w.WriteLine($"private readonly {_element}[] __parameters = __InitialParameters();");
        w.WriteLine($"private {_element}[]? __batchScratch;");
        if (_plan.HasLabel)
        {
            w.WriteLine("private int[]? __batchLabels;");
        }

        w.WriteLine("private static global::System.Collections.Generic.IReadOnlyList<string>? __parameterNames;");
        w.WriteLine("private static global::System.Collections.Generic.IReadOnlyList<string>? __intermediateNames;");
        w.WriteLine();
    }

    private void WriteShape()
    {
        var w = _writer;
        w.WriteLine($"/// <summary>The length of an input vector x: {Number(Inputs)}.</summary>");
        Generated();
        w.WriteLine($"public int InputCount => {Number(Inputs)};");
        w.WriteLine();
        w.WriteLine($"/// <summary>The number of outputs of the last layer: {Number(Outputs)}.</summary>");
        Generated();
        w.WriteLine($"public int OutputCount => {Number(Outputs)};");
        w.WriteLine();
        string sizes = string.Join(" + ", _plan.Layers.Select(l => $"{Number(l.Units)}·{Number(l.Inputs)} + {Number(l.Units)}"));
        w.WriteLine($"/// <summary>The number of weights and biases: {Xml(sizes)} = {Number(_plan.ParameterCount)}.</summary>");
        Generated();
        w.WriteLine($"public int ParameterCount => {Number(_plan.ParameterCount)};");
        w.WriteLine();

        foreach (var layer in _plan.Layers)
        {
            w.WriteLine($"/// <summary>");
            w.WriteLine($"/// {layer.W}, the {Number(layer.Units)} × {Number(layer.Inputs)} {(layer.WeightCount == 1 ? "weight" : "weights")} of layer {Number(layer.Number)}, row-major as <c>torch.nn.Linear.weight</c>:");
            w.WriteLine($"/// {layer.W}[j, i] is element j·{Number(layer.Inputs)} + i. A view of the parameter vector ({Elements(layer.WeightOffset, layer.BiasOffset - 1)}): writing it changes the network.");
            w.WriteLine($"/// </summary>");
            Generated();
            w.WriteLine($"public {Span} {layer.W} => new {Span}(__parameters, {Number(layer.WeightOffset)}, {Number(layer.WeightCount)});");
            w.WriteLine();
            string biases = layer.Units == 1 ? "the bias" : $"the {Number(layer.Units)} biases";
            w.WriteLine($"/// <summary>{layer.B}, {biases} of layer {Number(layer.Number)}: a view of the parameter vector ({Elements(layer.BiasOffset, layer.BiasOffset + layer.Units - 1)}).</summary>");
            Generated();
            w.WriteLine($"public {Span} {layer.B} => new {Span}(__parameters, {Number(layer.BiasOffset)}, {Number(layer.Units)});");
            w.WriteLine();
        }

        string units = string.Join(", ", _plan.Layers.Select(l => Number(l.Units)));
        w.WriteLine("/// <summary>The parameters in the order of every gradient span: W1[0,0] … W1[j,i] …, then b1[0] …, then the next layer's.</summary>");
        Generated();
        w.WriteLine($"public global::System.Collections.Generic.IReadOnlyList<string> ParameterNames => __parameterNames ??= {Kernels}NetworkNames.Parameters({Number(Inputs)}, {units});");
        w.WriteLine();
        string activations = string.Join(", ", _plan.Layers.Select(l => l.HasActivationValues ? "true" : "false"));
        w.WriteLine($"/// <summary>The values <see cref=\"Evaluate(in Sample, {SpanCref})\"/> writes, {Number(_plan.ValueCount)} in all: z1[0] …, a1[0] …, z2[0] …; a layer without an activation lists only z.</summary>");
        Generated();
        w.WriteLine($"public global::System.Collections.Generic.IReadOnlyList<string> IntermediateNames => __intermediateNames ??= {Kernels}NetworkNames.Intermediates(new int[] {{ {units} }}, new bool[] {{ {activations} }});");
        w.WriteLine();
    }

    private void WriteDerivatives()
    {
        var w = _writer;
        w.WriteLine("/// <summary>The closed forms of back-propagation, as derived at build time: each layer's δ = ∂E/∂z, then ∂E/∂W and ∂E/∂b, from the last layer to the first.</summary>");
        WriteDerivationRemarks();
        Generated();
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<global::SymbolicGd.Derivative> Derivatives { get; } = global::System.Array.AsReadOnly(new global::SymbolicGd.Derivative[]");
        w.OpenBrace();
        for (int i = _plan.Layers.Count - 1; i >= 0; i--)
        {
            var layer = _plan.Layers[i];
            string delta = "δ" + Number(layer.Number);
            w.WriteLine($"new global::SymbolicGd.Derivative(\"E\", {Literal(layer.Z)}, {Literal(_plan.DeltaFormula(layer))}, {Literal(delta)}),");
            w.WriteLine($"new global::SymbolicGd.Derivative(\"E\", {Literal(layer.W)}, {Literal(delta + "·" + layer.Input + "ᵀ")}),");
            w.WriteLine($"new global::SymbolicGd.Derivative(\"E\", {Literal(layer.B)}, {Literal(delta)}),");
        }

        w.CloseBrace(");");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("global::System.Collections.Generic.IReadOnlyList<global::SymbolicGd.Derivative> global::SymbolicGd.IDifferentiable.Derivatives => Derivatives;");
        w.WriteLine();
    }

    private void WriteInitialization()
    {
        var w = _writer;
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Draws new weights and biases, layer by layer, from U(−1/√fan_in, 1/√fan_in), the distribution of <c>torch.nn.Linear</c>'s");
        w.WriteLine("/// default initialization, with a <see cref=\"global::System.Random\"/> of this seed: the same seed gives the same network.");
        w.WriteLine("/// A new network starts from seed 0.");
        w.WriteLine("/// </summary>");
        w.WriteLine("/// <param name=\"seed\">The seed of the draws.</param>");
        Generated();
        w.WriteLine("public void Initialize(int seed) => __Initialize(__parameters, new global::System.Random(seed));");
        w.WriteLine();
        w.WriteLine("/// <summary>Draws new weights and biases from U(−1/√fan_in, 1/√fan_in), layer by layer, W before b, from <paramref name=\"random\"/>.</summary>");
        w.WriteLine("/// <param name=\"random\">The source of the draws.</param>");
        w.WriteLine("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"random\"/> is null.</exception>");
        Generated();
        w.WriteLine("public void Initialize(global::System.Random random)");
        w.OpenBrace();
        w.WriteLine("if (random is null)");
        w.OpenBrace();
        w.WriteLine("throw new global::System.ArgumentNullException(nameof(random));");
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine("__Initialize(__parameters, random);");
        w.CloseBrace();
        w.WriteLine();

        w.WriteLine($"private static {_element}[] __InitialParameters()");
        w.OpenBrace();
        w.WriteLine($"var parameters = new {_element}[{Number(_plan.ParameterCount)}];");
        w.WriteLine("__Initialize(parameters, new global::System.Random(0));");
        w.WriteLine("return parameters;");
        w.CloseBrace();
        w.WriteLine();

        w.WriteLine($"private static void __Initialize({_element}[] parameters, global::System.Random random)");
        w.OpenBrace();
        var lines = new List<(string, string?)>();
        foreach (var layer in _plan.Layers)
        {
            lines.Add((
                $"{Kernels}DenseInitialization.Uniform(new {Span}(parameters, {Number(layer.WeightOffset)}, {Number(layer.WeightCount)}), new {Span}(parameters, {Number(layer.BiasOffset)}, {Number(layer.Units)}), {Number(layer.Inputs)}, random);",
                $"{layer.W}, {layer.B} ~ U(−1/√{Number(layer.Inputs)}, 1/√{Number(layer.Inputs)})"));
        }

        w.WriteCommented(lines);
        w.CloseBrace();
        w.WriteLine();
    }

    // ---- One sample -------------------------------------------------------------------------------------------

    private void WriteLoss()
    {
        var w = _writer;
        w.WriteLine($"/// <summary>The loss of one sample: E = {Xml(_plan.LossFormula)}.</summary>");
        w.WriteLine("/// <param name=\"sample\">The input and its " + (_plan.HasLabel ? "label" : "target") + ".</param>");
        w.WriteLine("/// <returns>E.</returns>");
        WriteSampleExceptions();
        Generated();
        w.WriteLine("public double Loss(in Sample sample)");
        w.OpenBrace();
        WriteSampleChecks();
        WithScratch(new[] { ("values", _plan.ValueCount) }, () =>
        {
            WriteForward("values");
            _writer.WriteCommented(new[] { ($"return {HeadLoss()};", (string?)("E = " + _plan.LossFormula)) });
        });
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteBackward()
    {
        var w = _writer;
        w.WriteLine("/// <summary>Computes E for one sample and adds ∂E/∂θ for every weight and bias θ to <paramref name=\"gradient\"/>.</summary>");
        WriteDerivationRemarks();
        w.WriteLine("/// <param name=\"sample\">The input and its " + (_plan.HasLabel ? "label" : "target") + ".</param>");
        w.WriteLine("/// <param name=\"gradient\">One element per parameter, in the order of <see cref=\"ParameterNames\"/>; the derivatives are added to it, so calls over a batch accumulate.</param>");
        w.WriteLine("/// <returns>E.</returns>");
        WriteSampleExceptions(span: ("gradient", _plan.ParameterCount));
        Generated();
        w.WriteLine($"public double Backward(in Sample sample, {Span} gradient)");
        w.OpenBrace();
        WriteLengthCheck("gradient", _plan.ParameterCount, "parameters");
        WriteSampleChecks();
        WithScratch(new[] { ("values", _plan.ValueCount), ("deltas", _plan.DeltaCount) }, () =>
        {
            WriteForward("values");
            var lines = new List<(string, string?)>();
            foreach (var layer in _plan.Layers)
            {
                lines.Add(($"{Span} δ{Number(layer.Number)} = deltas.Slice({Number(layer.DeltaOffset)}, {Number(layer.Units)});", null));
            }

            _writer.WriteCommented(lines);
            _writer.WriteLine();
            WriteBackPropagation(batch: false);
            _writer.WriteLine("return E;");
        });
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteEvaluate()
    {
        var w = _writer;
        w.WriteLine("/// <summary>Computes E for one sample and writes every layer's z and a to <paramref name=\"intermediates\"/>, in the order of <see cref=\"IntermediateNames\"/>.</summary>");
        w.WriteLine("/// <param name=\"sample\">The input and its " + (_plan.HasLabel ? "label" : "target") + ".</param>");
        w.WriteLine($"/// <param name=\"intermediates\">{Count(_plan.ValueCount, "element")}, overwritten.</param>");
        w.WriteLine("/// <returns>E.</returns>");
        WriteSampleExceptions(span: ("intermediates", _plan.ValueCount));
        Generated();
        w.WriteLine($"public double Evaluate(in Sample sample, {Span} intermediates)");
        w.OpenBrace();
        WriteLengthCheck("intermediates", _plan.ValueCount, "intermediate values");
        WriteSampleChecks();
        WriteForward("intermediates");
        w.WriteCommented(new[] { ($"return {HeadLoss()};", (string?)("E = " + _plan.LossFormula)) });
        w.CloseBrace();
        w.WriteLine();
    }

    private void WritePredict()
    {
        var w = _writer;
        string what = _plan.Loss.PredictDescription(_plan.LossInput);
        w.WriteLine($"/// <summary>Runs the network on one input and writes {Xml(what)} to <paramref name=\"output\"/>.</summary>");
        w.WriteLine($"/// <param name=\"input\">x: {Count(Inputs, "value")}.</param>");
        w.WriteLine($"/// <param name=\"output\">{Count(Outputs, "element")}, overwritten.</param>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"input\"/> is not {Number(Inputs)}, or that of <paramref name=\"output\"/> is not {Number(Outputs)}.</exception>");
        Generated();
        w.WriteLine($"public void Predict({ReadOnlySpan} input, {Span} output)");
        w.OpenBrace();
        WriteLengthCheck("input", Inputs, "inputs");
        WriteLengthCheck("output", Outputs, "outputs");
        w.WriteLine($"{ReadOnlySpan} x = input;");
        WithScratch(new[] { ("values", _plan.ValueCount) }, () =>
        {
            WriteForward("values");
            string l = _plan.LossInput;
            _writer.WriteCommented(new[] { OutputLine(l, "output", rowNote: "") });
        });
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteClassify()
    {
        var w = _writer;
        string rule = Outputs == 1
            ? _plan.Loss.SingleOutputRule
            : "the index of the largest output (the first, on a tie)";
        string l = _plan.LossInput;
        string decision = Outputs == 1
            ? $"{l}[0] >= {_plan.Numbers.Literal(_plan.Loss.SingleOutputThreshold)} ? 1 : 0"
            : $"{Kernels}Predictions.ArgMax({l})";
        w.WriteLine($"/// <summary>The class of one input: {Xml(rule)}.</summary>");
        w.WriteLine($"/// <param name=\"input\">x: {Count(Inputs, "value")}.</param>");
        w.WriteLine("/// <returns>The class.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"input\"/> is not {Number(Inputs)}.</exception>");
        Generated();
        w.WriteLine($"public int Classify({ReadOnlySpan} input)");
        w.OpenBrace();
        WriteLengthCheck("input", Inputs, "inputs");
        w.WriteLine($"{ReadOnlySpan} x = input;");
        WithScratch(new[] { ("values", _plan.ValueCount) }, () =>
        {
            WriteForward("values");
            _writer.WriteLine($"return {decision};");
        });
        w.CloseBrace();
        w.WriteLine();

        if (!_plan.IsClassifier)
        {
            return;
        }

        string correct = _plan.Loss.CorrectRule!;
        w.WriteLine($"/// <summary>Whether the network classifies one sample right: {Xml(correct)}.</summary>");
        w.WriteLine("/// <param name=\"sample\">The input and its " + (_plan.HasLabel ? "label" : "target") + ".</param>");
        w.WriteLine("/// <returns>True when the prediction matches.</returns>");
        WriteSampleExceptions();
        Generated();
        w.WriteLine("public bool IsCorrect(in Sample sample)");
        w.OpenBrace();
        WriteSampleChecks();
        WithScratch(new[] { ("values", _plan.ValueCount) }, () =>
        {
            WriteForward("values");
            _writer.WriteLine(_plan.HasLabel
                ? Outputs == 1 ? $"return ({decision}) == label;" : $"return {decision} == label;"
                : $"return {TargetMatch(l, "t")};");
        });
        w.CloseBrace();
        w.WriteLine();
    }

    /// <summary>
    /// A float32 classifier's <see cref="IClassifier{TSample}"/>.Classify, which takes doubles: each input rounded to
    /// float once, then the float Classify. Training and the batch methods never come here.
    /// </summary>
    private void WriteClassifierBridge(string sample)
    {
        if (!IsSingle || !_plan.IsClassifier)
        {
            return;
        }

        var w = _writer;
        w.WriteLine($"/// <summary>The class of an input given as doubles (the form of <see cref=\"global::SymbolicGd.IClassifier{{TSample}}\"/>): each value rounded to float, then <see cref=\"Classify({ReadOnlySpanCref})\"/>.</summary>");
        Generated();
        w.WriteLine($"int global::SymbolicGd.IClassifier<{sample}>.Classify(global::System.ReadOnlySpan<double> input)");
        w.OpenBrace();
        WriteLengthCheck("input", Inputs, "inputs");
        w.WriteLine($"{_element}[] rounded = {Pool}.Rent({Number(Inputs)});");
        w.WriteLine("try");
        w.OpenBrace();
        w.WriteLine($"for (int i = 0; i < {Number(Inputs)}; i++)");
        w.OpenBrace();
        w.WriteLine($"rounded[i] = ({_element})input[i];");
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine($"return Classify(new {ReadOnlySpan}(rounded, 0, {Number(Inputs)}));");
        w.CloseBrace();
        w.WriteLine("finally");
        w.OpenBrace();
        w.WriteLine($"{Pool}.Return(rounded);");
        w.CloseBrace();
        w.CloseBrace();
        w.WriteLine();
    }

    /// <summary>The forward pass of one sample from x into the values span: z1 = W1·x + b1, a1 = g(z1), …</summary>
    private void WriteForward(string values)
    {
        var lines = new List<(string, string?)>();
        foreach (var layer in _plan.Layers)
        {
            lines.Add(($"{Span} {layer.Z} = {values}.Slice({Number(layer.ValueOffset)}, {Number(layer.Units)});", null));
            if (layer.HasActivationValues)
            {
                lines.Add(($"{Span} {layer.A} = {values}.Slice({Number(layer.ActivationOffset)}, {Number(layer.Units)});", null));
            }
        }

        foreach (var layer in _plan.Layers)
        {
            lines.Add(($"{Dense}.Forward({layer.W}, {layer.B}, {layer.Input}, {layer.Z});", $"{layer.Z} = {layer.W}·{layer.Input} + {layer.B}"));
            if (layer.HasActivationValues)
            {
                lines.Add((ActivationCall(layer, layer.Z, layer.A), $"{layer.A} = {layer.ForwardFormula}"));
            }
        }

        _writer.WriteCommented(lines);
        _writer.WriteLine();
    }

    /// <summary>E of one sample, from the loss input and the local label or t.</summary>
    private string HeadLoss() => $"{Losses}.{_plan.Loss.ValueKernel}({_plan.LossInput}, {(_plan.HasLabel ? "label" : "t")})";

    /// <summary>Whether a classifier's outputs match a sample's target vector, as IsCorrect decides it.</summary>
    private string TargetMatch(string values, string targets) =>
        $"{Kernels}Predictions.{_plan.Loss.TargetMatchKernel ?? throw new InvalidOperationException("Only a classifier with target vectors matches them.")}({values}, {targets})";

    // ---- A batch ----------------------------------------------------------------------------------------------

    /// <summary>
    /// The regions of a batch scratch, each <see cref="StackPlan.ChunkRows"/> rows of its width, in order: X, then per
    /// layer Z (and A where the activation keeps its values); training adds each layer's Δ and, without labels, T.
    /// </summary>
    private (List<(string Name, int Offset, int PerRow)> Offsets, int Size) ScratchLayout(bool training)
    {
        var regions = new List<(string Name, int PerRow)> { ("X", Inputs) };
        foreach (var layer in _plan.Layers)
        {
            regions.Add((Upper(layer.Z), layer.Units));
            if (layer.HasActivationValues)
            {
                regions.Add((Upper(layer.A), layer.Units));
            }

            if (training)
            {
                regions.Add(("Δ" + Number(layer.Number), layer.Units));
            }
        }

        if (training && !_plan.HasLabel)
        {
            regions.Add(("T", Outputs));
        }

        int offset = 0;
        var offsets = new List<(string Name, int Offset, int PerRow)>();
        foreach (var (name, perRow) in regions)
        {
            offsets.Add((name, offset, perRow));
            offset += StackPlan.ChunkRows * perRow;
        }

        return (offsets, offset);
    }

    private void WriteBackwardBatch()
    {
        var w = _writer;
        int rowsCapacity = StackPlan.ChunkRows;
        var (offsets, scratchSize) = ScratchLayout(training: true);

        w.WriteLine("/// <summary>");
        w.WriteLine("/// Computes E for a batch of samples and adds the batch's summed ∂E/∂θ to <paramref name=\"gradient\"/>: the same sums as");
        w.WriteLine($"/// one <see cref=\"Backward(in Sample, {SpanCref})\"/> per sample, computed as matrix products over the batch (row r of X, Z1, A1, Δ1, … is sample r),");
        w.WriteLine($"/// {Number(rowsCapacity)} samples at a time. The trainer calls this for every mini-batch. The scratch space ({Number(scratchSize)} {_element}s)");
        w.WriteLine("/// is allocated by the first call and reused, so no later call allocates; a network is therefore not thread-safe.");
        w.WriteLine("/// </summary>");
        WriteDerivationRemarks();
        w.WriteLine("/// <param name=\"samples\">The data set.</param>");
        w.WriteLine("/// <param name=\"batch\">The indices of the batch's samples in <paramref name=\"samples\"/>.</param>");
        w.WriteLine("/// <param name=\"gradient\">One element per parameter; the batch's summed derivatives are added to it.</param>");
        w.WriteLine("/// <returns>The sum of the batch's losses.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"gradient\"/> is not {Number(_plan.ParameterCount)}, an index is outside <paramref name=\"samples\"/>, or a sample does not fit the network (the message names it).</exception>");
        Generated();

        // Optimized at its first call, not after tiered compilation's 30 calls and delay: a short first training run
        // would otherwise spend most of its time in unoptimized code (the kernels it calls say the same).
        w.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        w.WriteLine($"public double BackwardBatch(global::System.ReadOnlySpan<Sample> samples, global::System.ReadOnlySpan<int> batch, {Span} gradient) => BackwardBatch(samples, batch, gradient, out _);");
        w.WriteLine();
        WriteCountingBackwardBatchHeader();
        w.WriteLine($"public double BackwardBatch(global::System.ReadOnlySpan<Sample> samples, global::System.ReadOnlySpan<int> batch, {Span} gradient, out int correct)");
        w.OpenBrace();
        WriteLengthCheck("gradient", _plan.ParameterCount, "parameters");
        w.WriteLine("int right = 0;");
        w.WriteLine($"{_element}[] scratch = __batchScratch ??= new {_element}[{Number(scratchSize)}];");
        if (_plan.HasLabel)
        {
            w.WriteLine($"int[] labels = __batchLabels ??= new int[{Number(rowsCapacity)}];");
        }

        w.WriteLine("double E = 0.0;");
        w.WriteLine($"for (int start = 0; start < batch.Length; start += {Number(rowsCapacity)})");
        w.OpenBrace();
        w.WriteLine($"int rows = global::System.Math.Min({Number(rowsCapacity)}, batch.Length - start);");
        var lines = new List<(string, string?)>();
        foreach (var (name, start, perRow) in offsets)
        {
            lines.Add(($"{Span} {name} = new {Span}(scratch, {Number(start)}, rows * {Number(perRow)});", null));
        }

        w.WriteCommented(lines);
        w.WriteLine("for (int r = 0; r < rows; r++)");
        w.OpenBrace();
        w.WriteLine($"int index = {Checks}.Index(batch, start + r, samples.Length);");
        w.WriteLine($"{Checks}.Input(samples[index].Input, {Number(Inputs)}, index, {_name}).CopyTo(X.Slice(r * {Number(Inputs)}, {Number(Inputs)}));");
        w.WriteLine(_plan.HasLabel
            ? $"labels[r] = {Checks}.Label(samples[index].Label, {Number(Outputs)}, index, {_name});"
            : $"{Checks}.Target(samples[index].Target, {Number(Outputs)}, index, {_name}).CopyTo(T.Slice(r * {Number(Outputs)}, {Number(Outputs)}));");
        w.CloseBrace();
        w.WriteLine();

        WriteBatchForward(lines, rowByRowNote: true);
        w.WriteLine();
        WriteBatchCount();
        WriteBackPropagation(batch: true);
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine("correct = right;");
        w.WriteLine("return E;");
        w.CloseBrace();
        w.WriteLine();
    }

    // ---- Many inputs ------------------------------------------------------------------------------------------

    /// <summary>
    /// PredictBatch, ClassifyBatch and ScoreBatch: the forward pass of BackwardBatch, 64 rows at a time, in a scratch
    /// of their own (allocated by the first call) so that inference between training steps leaves the training
    /// scratch alone.
    /// </summary>
    private void WriteBatchInference()
    {
        var w = _writer;
        int rowsCapacity = StackPlan.ChunkRows;
        var (offsets, scratchSize) = ScratchLayout(training: false);
        string l = Upper(_plan.LossInput);
        string inferenceRemarks = $"/// {Number(rowsCapacity)} inputs at a time. The scratch space ({Number(scratchSize)} {_element}s) is allocated by the first call of any batch method and reused, so no later call allocates.";

        w.WriteLine($"private {_element}[]? __inferenceScratch;");
        w.WriteLine();

        // PredictBatch: the inputs are read in place, so the X region stays unused.
        string what = _plan.Loss.PredictBatchDescription;
        w.WriteLine("/// <summary>");
        w.WriteLine($"/// Runs the network on many inputs and writes, for each, {Xml(what)}: row r of <paramref name=\"outputs\"/> is what");
        w.WriteLine($"/// <see cref=\"Predict({ReadOnlySpanCref}, {SpanCref})\"/> writes for row r of <paramref name=\"inputs\"/>, computed as matrix products over the rows,");
        w.WriteLine(inferenceRemarks);
        w.WriteLine("/// </summary>");
        w.WriteLine($"/// <param name=\"inputs\">The inputs one after another, {Count(Inputs, "value")} each (row-major, as a PyTorch batch).</param>");
        w.WriteLine($"/// <param name=\"outputs\">{Count(Outputs, "element")} per input, overwritten.</param>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"inputs\"/> is not a multiple of {Number(Inputs)}, or that of <paramref name=\"outputs\"/> is not {Number(Outputs)} per input.</exception>");
        Generated();
        w.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        w.WriteLine($"public void PredictBatch({ReadOnlySpan} inputs, {Span} outputs)");
        w.OpenBrace();
        w.WriteLine($"int count = {Checks}.Rows(inputs.Length, {Number(Inputs)}, outputs.Length, {Number(Outputs)}, nameof(outputs), {_name});");
        WriteInferenceChunk(offsets, scratchSize, readSamples: false, () =>
        {
            _writer.WriteCommented(new[] { OutputLine(l, $"outputs.Slice(start * {Number(Outputs)}, rows * {Number(Outputs)})", rowNote: "row r: ") });
        });
        w.CloseBrace();
        w.WriteLine();

        // ClassifyBatch.
        w.WriteLine("/// <summary>");
        w.WriteLine($"/// The class of each of many inputs: element r of <paramref name=\"classes\"/> is what <see cref=\"Classify({ReadOnlySpanCref})\"/> returns");
        w.WriteLine("/// for row r of <paramref name=\"inputs\"/>, computed as matrix products over the rows,");
        w.WriteLine(inferenceRemarks);
        w.WriteLine("/// </summary>");
        w.WriteLine($"/// <param name=\"inputs\">The inputs one after another, {Count(Inputs, "value")} each (row-major).</param>");
        w.WriteLine("/// <param name=\"classes\">One class per input, overwritten.</param>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"inputs\"/> is not {Number(Inputs)} times that of <paramref name=\"classes\"/>.</exception>");
        Generated();
        w.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        w.WriteLine($"public void ClassifyBatch({ReadOnlySpan} inputs, global::System.Span<int> classes)");
        w.OpenBrace();
        w.WriteLine($"int count = {Checks}.Rows(inputs.Length, {Number(Inputs)}, classes.Length, 1, nameof(classes), {_name});");
        WriteInferenceChunk(offsets, scratchSize, readSamples: false, () =>
        {
            _writer.WriteLine("for (int r = 0; r < rows; r++)");
            _writer.OpenBrace();
            _writer.WriteLine($"classes[start + r] = {RowDecision(l)};");
            _writer.CloseBrace();
        });
        w.CloseBrace();
        w.WriteLine();

        // ScoreBatch.
        string correctDoc = _plan.IsClassifier
            ? "The number of samples <see cref=\"IsCorrect(in Sample)\"/> holds for."
            : $"0: the network does not classify (its loss is the {_plan.Loss.SummaryName}).";
        w.WriteLine("/// <summary>");
        w.WriteLine("/// The sum of the losses of the samples <c>samples[batch[0]]</c>, <c>samples[batch[1]]</c>, …, added in that order, and the number");
        w.WriteLine("/// classified right: the same as one <see cref=\"Loss(in Sample)\"/>" + (_plan.IsClassifier ? " and one <see cref=\"IsCorrect(in Sample)\"/>" : "") + " per sample, from one forward pass");
        w.WriteLine("/// per sample computed as matrix products over the batch. <see cref=\"global::SymbolicGd.Trainer\"/> scores data sets with it.");
        w.WriteLine(inferenceRemarks.Replace("inputs at a time", "samples at a time"));
        w.WriteLine("/// </summary>");
        w.WriteLine("/// <param name=\"samples\">The data set.</param>");
        w.WriteLine("/// <param name=\"batch\">The indices of the samples to score in <paramref name=\"samples\"/>.</param>");
        w.WriteLine($"/// <param name=\"correct\">{correctDoc}</param>");
        w.WriteLine("/// <returns>The sum of the losses.</returns>");
        w.WriteLine("/// <exception cref=\"global::System.ArgumentException\">An index is outside <paramref name=\"samples\"/>, or a sample does not fit the network (the message names it).</exception>");
        Generated();
        w.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        w.WriteLine("public double ScoreBatch(global::System.ReadOnlySpan<Sample> samples, global::System.ReadOnlySpan<int> batch, out int correct)");
        w.OpenBrace();
        w.WriteLine("int count = batch.Length;");
        w.WriteLine("double E = 0.0;");
        w.WriteLine("int right = 0;");
        WriteInferenceChunk(offsets, scratchSize, readSamples: true, () =>
        {
            _writer.WriteLine("for (int r = 0; r < rows; r++)");
            _writer.OpenBrace();
            _writer.WriteLine($"int index = batch[start + r];");
            _writer.WriteLine($"{ReadOnlySpan} {_plan.LossInput} = {l}.Slice(r * {Number(Outputs)}, {Number(Outputs)});");
            if (_plan.HasLabel)
            {
                _writer.WriteLine("int label = samples[index].Label;");
            }
            else
            {
                _writer.WriteLine($"{ReadOnlySpan} t = samples[index].Target;");
            }

            _writer.WriteCommented(new[] { ($"E += {HeadLoss()};", (string?)("E = " + _plan.LossFormula + ", summed")) });
            if (_plan.IsClassifier)
            {
                string decision = _plan.HasLabel
                    ? Outputs == 1 ? $"({RowDecision(_plan.LossInput, row: false)}) == label" : $"{RowDecision(_plan.LossInput, row: false)} == label"
                    : TargetMatch(_plan.LossInput, "t");
                _writer.WriteLine($"if ({decision})");
                _writer.OpenBrace();
                _writer.WriteLine("right++;");
                _writer.CloseBrace();
            }

            _writer.CloseBrace();
        });
        w.WriteLine();
        w.WriteLine("correct = right;");
        w.WriteLine("return E;");
        w.CloseBrace();
        w.WriteLine();
    }

    /// <summary>The documentation and attributes of BackwardBatch with a count of the samples classified right.</summary>
    private void WriteCountingBackwardBatchHeader()
    {
        var w = _writer;
        string correctDoc = _plan.IsClassifier
            ? "The number of the batch's samples <see cref=\"IsCorrect(in Sample)\"/> holds for, before the step."
            : $"0: the network does not classify (its loss is the {_plan.Loss.SummaryName}).";
        w.WriteLine("/// <summary>");
        w.WriteLine($"/// <see cref=\"BackwardBatch(global::System.ReadOnlySpan{{Sample}}, global::System.ReadOnlySpan{{int}}, {SpanCref})\"/>, and a count of the samples classified right");
        w.WriteLine("/// from the same forward pass: the trainer measures accuracy with it at no extra cost.");
        w.WriteLine("/// </summary>");
        w.WriteLine("/// <param name=\"samples\">The data set.</param>");
        w.WriteLine("/// <param name=\"batch\">The indices of the batch's samples in <paramref name=\"samples\"/>.</param>");
        w.WriteLine("/// <param name=\"gradient\">One element per parameter; the batch's summed derivatives are added to it.</param>");
        w.WriteLine($"/// <param name=\"correct\">{correctDoc}</param>");
        w.WriteLine("/// <returns>The sum of the batch's losses.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"gradient\"/> is not {Number(_plan.ParameterCount)}, an index is outside <paramref name=\"samples\"/>, or a sample does not fit the network (the message names it).</exception>");
        Generated();
        w.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
    }

    /// <summary>Counts the chunk's rows classified right, from the loss input of the batch forward pass (before the head overwrites nothing of it).</summary>
    private void WriteBatchCount()
    {
        if (!_plan.IsClassifier)
        {
            return;
        }

        var w = _writer;
        string l = Upper(_plan.LossInput);
        string row = $"{l}.Slice(r * {Number(Outputs)}, {Number(Outputs)})";
        string decision = _plan.HasLabel
            ? Outputs == 1 ? $"({RowDecision(l)}) == labels[r]" : $"{RowDecision(l)} == labels[r]"
            : TargetMatch(row, $"T.Slice(r * {Number(Outputs)}, {Number(Outputs)})");
        w.WriteLine("for (int r = 0; r < rows; r++)");
        w.OpenBrace();
        w.WriteLine($"if ({decision})");
        w.OpenBrace();
        w.WriteLine("right++;");
        w.CloseBrace();
        w.CloseBrace();
        w.WriteLine();
    }

    /// <summary>
    /// What Predict and PredictBatch write from the last layer's values <paramref name="values"/> into
    /// <paramref name="destination"/>: probabilities for the classification heads, the raw outputs otherwise; the
    /// comment, after <paramref name="rowNote"/>, is the formula in the single-sample names.
    /// </summary>
    private (string Code, string? Comment) OutputLine(string values, string destination, string rowNote)
    {
        var output = _plan.Loss.Output;
        string l = _plan.LossInput;
        if (output.IsIdentity)
        {
            return ($"{values}.CopyTo({destination});", $"{rowNote}y = {l}");
        }

        string width = output.Argument == KernelArgument.Width ? ", " + Number(Outputs) : "";
        return ($"{Activations}.{output.ForwardKernel}({values}, {destination}{width});", $"{rowNote}p = {output.ForwardFormula(new FormulaNames(l, l, ""))}");
    }

    /// <summary>
    /// The forward pass over a chunk of rows, one product and one activation call per layer; <paramref name="lines"/> is
    /// reused. Backpropagation's comment also says what a row is, which inference leaves to the method's docs.
    /// </summary>
    private void WriteBatchForward(List<(string, string?)> lines, bool rowByRowNote)
    {
        lines.Clear();
        foreach (var layer in _plan.Layers)
        {
            string z = Upper(layer.Z);
            string product = $"{z} = {Upper(layer.Input)}·{layer.W}ᵀ + {layer.B}";
            lines.Add(($"{Dense}.ForwardBatch({layer.W}, {layer.B}, {Upper(layer.Input)}, {z}, rows);", rowByRowNote ? $"{product}: row r is {layer.Z} = {layer.W}·{layer.Input} + {layer.B} of sample r" : product));
            if (layer.HasActivationValues)
            {
                lines.Add((ActivationCall(layer, z, Upper(layer.A)), $"{Upper(layer.A)} = {layer.ForwardFormula.Replace(layer.Z, z)}, row by row"));
            }
        }

        _writer.WriteCommented(lines);
    }

    /// <summary>
    /// The chunk loop of a batch inference method (count rows): the rows' inputs into X (checked samples) or read in
    /// place (<paramref name="readSamples"/> false: the span inputs), the forward pass as matrix products, then
    /// <paramref name="head"/> on the chunk's rows start … start + rows − 1.
    /// </summary>
    private void WriteInferenceChunk(List<(string Name, int Offset, int PerRow)> offsets, int scratchSize, bool readSamples, Action head)
    {
        var w = _writer;
        int rowsCapacity = StackPlan.ChunkRows;
        w.WriteLine($"{_element}[] scratch = __inferenceScratch ??= new {_element}[{Number(scratchSize)}];");
        w.WriteLine($"for (int start = 0; start < count; start += {Number(rowsCapacity)})");
        w.OpenBrace();
        w.WriteLine($"int rows = global::System.Math.Min({Number(rowsCapacity)}, count - start);");
        var lines = new List<(string, string?)>();
        foreach (var (name, start, perRow) in offsets)
        {
            lines.Add(name == "X" && !readSamples
                ? ($"{ReadOnlySpan} X = inputs.Slice(start * {Number(Inputs)}, rows * {Number(Inputs)});", null)
                : ($"{Span} {name} = new {Span}(scratch, {Number(start)}, rows * {Number(perRow)});", null));
        }

        w.WriteCommented(lines);
        if (readSamples)
        {
            w.WriteLine("for (int r = 0; r < rows; r++)");
            w.OpenBrace();
            w.WriteLine($"int index = {Checks}.Index(batch, start + r, samples.Length);");
            w.WriteLine($"{Checks}.Input(samples[index].Input, {Number(Inputs)}, index, {_name}).CopyTo(X.Slice(r * {Number(Inputs)}, {Number(Inputs)}));");
            w.WriteLine(_plan.HasLabel
                ? $"{Checks}.Label(samples[index].Label, {Number(Outputs)}, index, {_name});"
                : $"{Checks}.Target(samples[index].Target, {Number(Outputs)}, index, {_name});");
            w.CloseBrace();
        }

        w.WriteLine();
        WriteBatchForward(lines, rowByRowNote: false);
        w.WriteLine();
        head();
        w.CloseBrace();
    }

    /// <summary>The class of one row of the loss input, as Classify decides it; <paramref name="row"/>: slice row r of the matrix.</summary>
    private string RowDecision(string matrix, bool row = true)
    {
        string values = row ? $"{matrix}.Slice(r * {Number(Outputs)}, {Number(Outputs)})" : matrix;
        return Outputs == 1
            ? $"{values}[0] >= {_plan.Numbers.Literal(_plan.Loss.SingleOutputThreshold)} ? 1 : 0"
            : $"{Kernels}Predictions.ArgMax({values})";
    }

    /// <summary>
    /// The loss head and back-propagation, from the last layer to the first: for one sample (δ, spans of the
    /// values) or a batch (Δ, rows of every sample, summed).
    /// </summary>
    private void WriteBackPropagation(bool batch)
    {
        var lines = new List<(string, string?)>();
        var last = _plan.Last;
        string Name(string name) => batch ? Upper(name) : name;
        string Delta(PlannedLayer layer) => (batch ? "Δ" : "δ") + Number(layer.Number);

        string l = Name(_plan.LossInput);
        string target = _plan.HasLabel ? (batch ? "new global::System.ReadOnlySpan<int>(labels, 0, rows)" : "label") : (batch ? "T" : "t");
        string head = _plan.Loss.Kernel;
        string assign = batch ? "E +=" : "double E =";
        string headComment = last.HasActivationValues
            ? $"E = {_plan.LossFormula}; {Delta(last)} ← ∂E/∂{last.A}"
            : $"E = {_plan.LossFormula}; δ{Number(last.Number)} = {_plan.DeltaFormula(last)}";
        lines.Add(($"{assign} {Losses}.{head}({l}, {target}, {Delta(last)});", headComment + (batch ? ", summed over the batch" : "")));
        if (last.HasActivationValues)
        {
            lines.Add((ActivationBackwardCall(last, Name(last.Z), Name(last.A), Delta(last)), $"δ{Number(last.Number)} = {_plan.DeltaFormula(last)}"));
        }

        for (int i = _plan.Layers.Count - 1; i >= 0; i--)
        {
            var layer = _plan.Layers[i];
            string delta = Delta(layer);
            string input = Name(layer.Input);
            string weights = $"gradient.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)})";
            string biases = $"gradient.Slice({Number(layer.BiasOffset)}, {Number(layer.Units)})";
            string gradientComment = $"∂E/∂{layer.W} = δ{Number(layer.Number)}·{layer.Input}ᵀ, ∂E/∂{layer.B} = δ{Number(layer.Number)}";
            lines.Add((batch
                ? $"{Dense}.AccumulateGradientBatch({delta}, {input}, {weights}, {biases}, rows);"
                : $"{Dense}.AccumulateGradient({delta}, {input}, {weights}, {biases});",
                gradientComment + (batch ? $", summed: {delta}ᵀ·{input}" : "")));
            if (i == 0)
            {
                break;
            }

            var previous = _plan.Layers[i - 1];
            string previousDelta = Delta(previous);
            lines.Add((batch
                ? $"{Dense}.BackpropagateBatch({layer.W}, {delta}, {previousDelta}, rows);"
                : $"{Dense}.Backpropagate({layer.W}, {delta}, {previousDelta});",
                previous.HasActivationValues
                    ? $"{previousDelta} ← {(batch ? $"{delta}·{layer.W}" : $"{layer.W}ᵀ·{delta}")}"
                    : $"δ{Number(previous.Number)} = {_plan.DeltaFormula(previous)}"));
            if (previous.HasActivationValues)
            {
                lines.Add((ActivationBackwardCall(previous, Name(previous.Z), Name(previous.A), previousDelta), $"δ{Number(previous.Number)} = {_plan.DeltaFormula(previous)}"));
            }
        }

        _writer.WriteCommented(lines);
    }

    // ---- Parameters -------------------------------------------------------------------------------------------

    private void WriteParameterAccess()
    {
        var w = _writer;
        w.WriteLine("/// <summary>Copies the parameters, in the order of <see cref=\"ParameterNames\"/>, to <paramref name=\"destination\"/>.</summary>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"destination\"/> is not {Number(_plan.ParameterCount)}.</exception>");
        Generated();
        w.WriteLine($"public void CopyParametersTo({Span} destination)");
        w.OpenBrace();
        WriteLengthCheck("destination", _plan.ParameterCount, "parameters");
        w.WriteLine($"new {ReadOnlySpan}(__parameters).CopyTo(destination);");
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine("/// <summary>Sets every parameter from <paramref name=\"values\"/>, in the order of <see cref=\"ParameterNames\"/>.</summary>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"values\"/> is not {Number(_plan.ParameterCount)}.</exception>");
        Generated();
        w.WriteLine($"public void SetParameters({ReadOnlySpan} values)");
        w.OpenBrace();
        WriteLengthCheck("values", _plan.ParameterCount, "parameters");
        w.WriteLine("values.CopyTo(__parameters);");
        w.CloseBrace();
    }

    // ---- Pieces -----------------------------------------------------------------------------------------------

    private string ActivationCall(PlannedLayer layer, string z, string a) =>
        layer.Forward == LayerActivation.Custom
            ? $"{layer.Custom!.ForwardMethod}({z}, {a});"
            : KernelCall(layer, layer.Entry.ForwardKernel ?? throw new InvalidOperationException("The identity has no activation call."), z, a);

    private string ActivationBackwardCall(PlannedLayer layer, string z, string a, string delta) =>
        layer.Forward == LayerActivation.Custom
            ? $"{layer.Custom!.BackwardMethod}({z}, {delta});"
            : KernelCall(layer, layer.Entry.BackwardKernel ?? throw new InvalidOperationException("The identity has no backward call."),
                layer.Entry.BackwardReads == KernelReads.A ? a : z, delta);

    private string KernelCall(PlannedLayer layer, string kernel, string input, string output) => layer.Entry.Argument switch
    {
        KernelArgument.NegativeSlope => $"{Activations}.{kernel}({input}, {output}, {_plan.Numbers.Literal(layer.Spec.NegativeSlope)});",
        KernelArgument.Width => $"{Activations}.{kernel}({input}, {output}, {Number(layer.Units)});",
        _ => $"{Activations}.{kernel}({input}, {output});",
    };

    /// <summary>The checks of a sample's input and label or target, as locals x and label or t.</summary>
    private void WriteSampleChecks()
    {
        var w = _writer;
        w.WriteLine($"{ReadOnlySpan} x = {Checks}.Input(sample.Input, {Number(Inputs)}, -1, {_name});");
        w.WriteLine(_plan.HasLabel
            ? $"int label = {Checks}.Label(sample.Label, {Number(Outputs)}, -1, {_name});"
            : $"{ReadOnlySpan} t = {Checks}.Target(sample.Target, {Number(Outputs)}, -1, {_name});");
    }

    private void WriteSampleExceptions((string Name, int Length)? span = null)
    {
        string what = _plan.HasLabel
            ? $"the sample's input does not have {Count(Inputs, "value")}, or its label is not 0 to {Number(Outputs - 1)}"
            : $"the sample's input does not have {Count(Inputs, "value")}, or its target {Count(Outputs, "value")}";
        if (span is { } checkedSpan)
        {
            what = $"the length of <paramref name=\"{checkedSpan.Name}\"/> is not {Number(checkedSpan.Length)}, or " + what;
        }

        _writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">{char.ToUpperInvariant(what[0])}{what.Substring(1)}.</exception>");
    }

    /// <param name="what">The plural noun of the message ("inputs"); its singular (without the final s) is used for a length of one.</param>
    private void WriteLengthCheck(string argument, int length, string what) =>
        _writer.WriteLine($"{Checks}.Length({argument}.Length, {Number(length)}, nameof({argument}), \"{(length == 1 ? what.Substring(0, what.Length - 1) : what)}\", {_name});");

    /// <summary>Spans of scratch for a single-sample method: on the stack when small, from the shared pool otherwise.</summary>
    private void WithScratch(IReadOnlyList<(string Name, int Size)> spans, Action body)
    {
        var w = _writer;
        int total = spans.Sum(s => s.Size);
        if (total <= StackPlan.StackScratchLimit)
        {
            foreach (var (name, size) in spans)
            {
                w.WriteLine($"{Span} {name} = stackalloc {_element}[{Number(size)}];");
            }

            body();
            return;
        }

        w.WriteLine($"{_element}[] rented = {Pool}.Rent({Number(total)});");
        w.WriteLine("try");
        w.OpenBrace();
        int offset = 0;
        foreach (var (name, size) in spans)
        {
            w.WriteLine($"{Span} {name} = new {Span}(rented, {Number(offset)}, {Number(size)});");
            offset += size;
        }

        body();
        w.CloseBrace();
        w.WriteLine("finally");
        w.OpenBrace();
        w.WriteLine($"{Pool}.Return(rented);");
        w.CloseBrace();
    }

    private void WriteDerivationRemarks()
    {
        var w = _writer;
        w.WriteLine("/// <remarks>");
        w.WriteLine("/// <code>");
        foreach (string line in _plan.DerivationLines())
        {
            w.WriteLine("/// " + Xml(line));
        }

        w.WriteLine("/// </code>");
        w.WriteLine("/// </remarks>");
    }

    private void Generated() => _writer.WriteLine(ModelEmitter.GeneratedCodeAttribute);

    /// <summary>The batch matrix of a per-sample vector: x → X, z1 → Z1, a1 → A1.</summary>
    private static string Upper(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);

    private static string Literal(string text) => GeneratedText.Literal(text);

    private static string Xml(string text) => GeneratedText.Xml(text);

    /// <summary>"1 value", "3 values": the docs of a one-unit layer read as English.</summary>
    private static string Count(int count, string noun) => Number(count) + " " + (count == 1 ? noun : noun + "s");

    /// <summary>"element 32" or "elements 32 to 41" of the parameter vector.</summary>
    private static string Elements(int first, int last) =>
        first == last ? $"element {Number(first)}" : $"elements {Number(first)} to {Number(last)}";
}
