using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// Writes the generated half of a model: the Gradient and Sample types, Backward, ValueAndGradient, Evaluate, the
/// closed-form Derivatives and the IDifferentiable plumbing, each with XML documentation that shows the derivation
/// and a comment on every computing line saying what it computes.
/// </summary>
internal sealed class ModelEmitter
{
    /// <summary>On every generated member: the tool and the version of SymbolicGd (Directory.Build.props) that wrote it.</summary>
    internal const string GeneratedCodeAttribute =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"SymbolicGd.Generator\", \"" + ThisVersion.Value + "\")]";

    /// <summary>Up to this many parameters ValueAndGradient keeps the gradient on the stack.</summary>
    private const int StackallocLimit = 512;

    /// <summary>Reverse mode's bound is about 4–5× the loss: above 4×, an info diagnostic says so (SGD0031).</summary>
    private const int MaxBackwardRatio = 4;

    /// <summary>A derivation longer than this is written once, on Derivatives, and referred to elsewhere.</summary>
    private const int MaxRepeatedDerivationLines = 40;

    /// <summary>
    /// Past this many named locals, the derivation in the docs defines the first and last half of it and says how
    /// many it leaves out: a comment block of tens of thousands of lines helps no reader, and the C# compiler parses
    /// one slowly when documentation is not being generated, the default (the 33,344-line block of a 33,334-statement
    /// loss took 6 of its 8 s of parsing).
    /// </summary>
    private const int MaxDerivationDefinitions = 1_000;

    /// <summary>A line of the derivation in the docs is cut beyond this (the Derivatives strings never are).</summary>
    private const int MaxDerivationLineLength = 1000;

    private readonly ModelSpec _spec;
    private readonly GradientResult _result;
    private readonly Graph _graph;
    private readonly NameTable _names;
    private readonly CodePlan _backward;
    private readonly CodePlan _evaluate;
    private readonly FormulaPrinter _formulas;

    /// <summary>Formulas without the generated locals: the derivation and <c>Derivatives</c>, read away from the code.</summary>
    private readonly FormulaPrinter _readerFormulas;
    private readonly List<NamedValue> _intermediates;
    private readonly Dictionary<int, string> _adjointLabels = new();
    private readonly string _lossName;
    private readonly string _gradientArgument;
    private readonly string _intermediatesArgument;
    private readonly string _typeReference;
    private readonly string _fullTypeReference;
    private readonly SourceWriter _writer = new();
    private readonly List<(string Helper, string Argument, string Expected)> _lengthChecks = new();
    private List<string>? _derivation;
    private (int Loss, int Backward)? _cost;
    private CodePrinter _code = null!;
    private string?[]? _comments;

    // The locals Backward declares before any reuse; per top-level step of Backward, the step whose local it takes
    // over (LocalReuse), when there are too many; the method and count past the limit even so.
    private readonly int _backwardLocals;
    private readonly int[]? _backwardDonors;
    private readonly IReadOnlyList<Step> _backwardSteps;
    private readonly (string Method, int Locals)? _tooManyLocals;

    private ModelEmitter(ModelSpec spec, GradientResult result, int maxLocals)
    {
        _spec = spec;
        _result = result;
        _graph = result.Model.Graph;
        _lossName = spec.Loss.Name;
        _typeReference = spec.Type.Name + TypeNames.TypeParameterList(spec.Type);
        _fullTypeReference = TypeNames.FullReference(spec.Namespace, spec.ContainingTypes, spec.Type);

        // The user's locals first: a local assigned twice is versioned (gradient, gradient_2), and the names of
        // Backward's and Evaluate's span arguments must avoid the versions too.
        _names = new NameTable(result.Model.Identifiers);
        foreach (var named in result.Model.Named)
        {
            _names.NameAfterLocal(named.Node, named.Name);
        }

        _gradientArgument = _names.Unique("gradient");
        _intermediatesArgument = _names.Unique("intermediates");

        int value = result.Model.Value;
        if (!spec.Loss.Arguments.Contains(_lossName) && !result.Model.Named.Any(n => n.Name == _lossName))
        {
            _names.Release(_lossName); // no local of Backward calls the loss method, so its name is free there
        }

        if (!Graph.IsLeaf(_graph[value].Op))
        {
            _names.Prefer(value, _lossName);
        }

        foreach (var named in result.Model.Named)
        {
            // An adjoint that is also a forward value (∂E/∂o1 = o1 − t1) keeps a forward name.
            if (result.NamedAdjoints.TryGetValue(named.Node, out int adjoint) && adjoint > value &&
                !Graph.IsLeaf(_graph[adjoint].Op) && !_names.IsUserNamed(adjoint) && !_adjointLabels.ContainsKey(adjoint))
            {
                _adjointLabels[adjoint] = $"∂{_lossName}/∂{named.Name}";
                _names.Prefer(adjoint, $"d{_lossName}_d{named.Name}");
            }
        }

        var forced = new HashSet<int>(result.Model.Named.Select(n => n.Node)) { value };
        var backwardRoots = new List<int> { value };
        backwardRoots.AddRange(result.Gradient.Where(g => !_graph.IsZero(g)));
        _backward = CodePlan.Create(_graph, backwardRoots, forced, _names);

        _intermediates = LiveNamedValues(result.Model);
        // The live named locals are forced and needed by the value, so each gets a local in the region that uses
        // it; as roots they would all be computed up front, even on a branch not taken.
        var evaluateRoots = new List<int> { value };
        _evaluate = CodePlan.Create(_graph, evaluateRoots, forced, _names);

        // Past .NET's limit on a method's locals, Backward's generated temporaries share locals once dead; its
        // comments then name every operand that has a local, which holds that operand's value on that line, rather
        // than expand operands whose names may by then hold other values.
        _backwardLocals = LocalReuse.CountDeclared(_backward.Steps) + ParameterCount;
        _backwardSteps = _backward.Steps;
        if (_backwardLocals > maxLocals)
        {
            // Only derivative nodes (after the value) share locals: names are one per node across the file, and a
            // forward node renamed here would carry its new name into Evaluate.
            var finalReads = new List<int>(_result.Gradient) { value };
            (_backwardSteps, _backwardDonors) = LocalReuse.Plan(
                _graph, _backward.Steps, _backward.IsMaterialized,
                node => node > value && !_names.IsUserNamed(node) && !_adjointLabels.ContainsKey(node),
                finalReads);
        }

        int backwardDeclared = _backwardLocals - (_backwardDonors?.Count(donor => donor >= 0) ?? 0);
        int evaluateDeclared = LocalReuse.CountDeclared(_evaluate.Steps);
        if (Math.Max(backwardDeclared, evaluateDeclared) > maxLocals)
        {
            _tooManyLocals = backwardDeclared >= evaluateDeclared ? ("Backward", backwardDeclared) : ("Evaluate", evaluateDeclared);
        }

        _formulas = new FormulaPrinter(_graph, _names, _backward.IsMaterialized, _backwardDonors is null ? FormulaPrinter.ExpansionBudget : 0);
        _readerFormulas = FormulaPrinter.ForReaders(_graph, _names);
    }

    /// <summary>Lowers, differentiates and writes one model; never throws but for cancellation.</summary>
    public static GeneratedModel Generate(ModelSpec spec, CancellationToken cancellationToken) =>
        Generate(spec, cancellationToken, LocalReuse.MaxLocals);

    /// <summary>As <see cref="Generate(ModelSpec, CancellationToken)"/>, with a lower limit on a method's locals, so
    /// that tests reach the limit with small models.</summary>
    internal static GeneratedModel Generate(ModelSpec spec, CancellationToken cancellationToken, int maxLocals) =>
        DeepStack.Run(DeepStack.SpecDepthExceeds(spec), () => GenerateModel(spec, cancellationToken, maxLocals));

    private static GeneratedModel GenerateModel(ModelSpec spec, CancellationToken cancellationToken, int maxLocals)
    {
        string hintName = HintName(spec);
        try
        {
            // A loss long enough that Backward may pass the limit on locals sums each adjoint's terms in the order
            // they become available, so that its temporaries are short-lived and can share locals (LocalReuse); a
            // shorter one in the consumers' order, as a derivation by hand reads. Should a shorter one still pass
            // the limit, it is differentiated again the first way.
            var lowered = Lowering.Lower(spec, cancellationToken);
            bool large = lowered.Value > maxLocals / 4;
            var gradient = Differentiator.Differentiate(lowered, cancellationToken, sumAsAvailable: large);
            var emitter = new ModelEmitter(spec, gradient, maxLocals);
            if (emitter._backwardDonors is not null && !large)
            {
                lowered = Lowering.Lower(spec, cancellationToken);
                gradient = Differentiator.Differentiate(lowered, cancellationToken, sumAsAvailable: true);
                emitter = new ModelEmitter(spec, gradient, maxLocals);
            }

            if (emitter._tooManyLocals is var (method, locals))
            {
                var finding = new Finding(Diagnostics.TooManyLocals.Id, -1, EquatableArray.Create(
                    spec.FullName, method, locals.ToString("N0", CultureInfo.InvariantCulture)));
                return new GeneratedModel(spec.Key, hintName, null, EquatableArray.Create(finding));
            }

            string source = emitter.Write(cancellationToken);
            return new GeneratedModel(spec.Key, hintName, source, emitter.Findings());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (ModelTooLargeException e)
        {
            var finding = new Finding(Diagnostics.ModelTooLarge.Id, -1, EquatableArray.Create(spec.FullName, e.Limit.ToString("N0", CultureInfo.InvariantCulture)));
            return new GeneratedModel(spec.Key, hintName, null, EquatableArray.Create(finding));
        }
        catch (Exception e)
        {
            var finding = new Finding(Diagnostics.InternalError.Id, -1, EquatableArray.Create(spec.FullName, e.GetType().Name + ": " + e.Message));
            return new GeneratedModel(spec.Key, hintName, null, EquatableArray.Create(finding));
        }
    }

    public static string HintName(ModelSpec spec) => TypeNames.HintName(spec.Namespace, spec.ContainingTypes, spec.Type);

    // ---- Findings ---------------------------------------------------------------------------------------------

    private EquatableArray<Finding> Findings()
    {
        var findings = new List<Finding>();
        for (int i = 0; i < _result.Gradient.Count; i++)
        {
            if (!_graph.IsZero(_result.Gradient[i]))
            {
                continue;
            }

            string name = _spec.Parameters[i].Name;
            findings.Add(_graph.Contains(Op.Parameter, i)
                ? new Finding(Diagnostics.ZeroDerivative.Id, i, EquatableArray.Create(_lossName, name))
                : new Finding(Diagnostics.ParameterNeverRead.Id, i, EquatableArray.Create(name)));
        }

        var (loss, backward) = Cost();
        if (backward > MaxBackwardRatio * loss)
        {
            findings.Add(new Finding(Diagnostics.CostlyBackward.Id, -1, EquatableArray.Create(
                _spec.FullName,
                backward.ToString("N0", CultureInfo.InvariantCulture),
                ((double)backward / loss).ToString("F1", CultureInfo.InvariantCulture),
                loss.ToString("N0", CultureInfo.InvariantCulture))));
        }

        return findings.ToEquatableArray();
    }

    /// <summary>
    /// The arithmetic and function operations of the loss and of Backward (the loss's forward pass included), each
    /// shared subexpression once, as the generated code computes it; choices and comparisons are not counted.
    /// </summary>
    private (int Loss, int Backward) Cost()
    {
        if (_cost is { } cost)
        {
            return cost;
        }

        var backwardRoots = new List<int> { _result.Model.Value };
        backwardRoots.AddRange(_result.Gradient);
        int loss = Operations(new[] { _result.Model.Value });
        _cost = cost = (Math.Max(loss, 1), Operations(backwardRoots));
        return cost;
    }

    private int Operations(IReadOnlyList<int> roots)
    {
        var reached = Reachability.Needed(_graph, roots);
        int count = 0;
        for (int id = 0; id < reached.Length; id++)
        {
            if (!reached[id])
            {
                continue;
            }

            var op = _graph[id].Op;
            if (!Graph.IsLeaf(op) && !Graph.IsCondition(op) && op != Op.Select)
            {
                count++;
            }
        }

        return count;
    }

    // ---- The file ---------------------------------------------------------------------------------------------

    private string Write(CancellationToken cancellationToken)
    {
        var locals = new HashSet<string>(_names.Names, StringComparer.Ordinal);
        locals.UnionWith(_spec.Loss.Arguments);
        locals.Add(_gradientArgument);
        locals.Add(_intermediatesArgument);

        var w = _writer;
        FileFrame.Open(w, _spec.Namespace, _spec.ContainingTypes, _spec.Type, InterfaceName());

        WriteGradientType();
        WriteSampleType();
        WriteTables();

        _code = new CodePrinter(_graph, _names, _backward.IsMaterialized, locals, _typeReference);
        WriteValueAndGradient();
        // Backward and Evaluate compute with doubles alone, so the compiler's nullable analysis has nothing to find
        // in them; for a long loss it was most of the user's build (a 20,000-statement chain: 42 s of csc against
        // 19 s without it), since its cost grows faster than the methods' length.
        w.WriteDirective("#nullable disable // Backward and Evaluate: doubles only, nothing for nullable analysis to check");
        WriteBackward(cancellationToken);
        _code = new CodePrinter(_graph, _names, _evaluate.IsMaterialized, locals, _typeReference);
        WriteEvaluate();
        w.WriteDirective("#nullable enable");
        WriteParameterAccess();
        WriteThrowHelpers();
        WriteInterfaceImplementation();

        FileFrame.Close(w, _spec.Namespace, _spec.ContainingTypes);
        return w.ToString();
    }

    private bool HasData => _spec.Loss.Arguments.Count > 0;

    private int ParameterCount => _spec.Parameters.Count;

    private string InterfaceName() => HasData
        ? "global::SymbolicGd.IDifferentiableLoss<" + _fullTypeReference + ".Sample>"
        : "global::SymbolicGd.IDifferentiableLoss";

    private void WriteGradientType()
    {
        var w = _writer;
        w.WriteLine($"/// <summary>The gradient of <see cref=\"{LossCref()}\"/>: ∂{Xml(_lossName)}/∂θ for every parameter θ.</summary>");
        for (int i = 0; i < ParameterCount; i++)
        {
            w.WriteLine($"/// <param name=\"{_spec.Parameters[i].Name}\">{Xml(DerivativeText(i))}</param>");
        }

        string members = string.Join(", ", _spec.Parameters.Select(p => "double " + Identifier.Escape(p.Name)));
        w.WriteLine($"public readonly record struct Gradient({members});");
        w.WriteLine();
    }

    private void WriteSampleType()
    {
        if (!HasData)
        {
            return;
        }

        var w = _writer;
        w.WriteLine($"/// <summary>One sample of data for <see cref=\"{LossCref()}\"/>: its arguments, in order.</summary>");
        foreach (string argument in _spec.Loss.Arguments)
        {
            w.WriteLine($"/// <param name=\"{argument}\">The argument <c>{argument}</c> of {Xml(_lossName)}.</param>");
        }

        w.WriteLine($"public readonly record struct Sample({DataParameters()});");
        w.WriteLine();
    }

    private void WriteTables()
    {
        var w = _writer;
        w.WriteLine("private static readonly global::System.Collections.Generic.IReadOnlyList<string> __parameterNames =");
        w.WriteLine("    global::System.Array.AsReadOnly(new string[] { " + string.Join(", ", _spec.Parameters.Select(p => Literal(p.Name))) + " });");
        w.WriteLine("private static readonly global::System.Collections.Generic.IReadOnlyList<string> __intermediateNames =");
        w.WriteLine(_intermediates.Count == 0
            ? "    global::System.Array.AsReadOnly(global::System.Array.Empty<string>());"
            : "    global::System.Array.AsReadOnly(new string[] { " + string.Join(", ", _intermediates.Select(n => Literal(n.Name))) + " });");
        w.WriteLine();

        w.WriteLine($"/// <summary>The number of [Param] members: {ParameterCount}.</summary>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public int ParameterCount => {ParameterCount};");
        w.WriteLine();

        w.WriteLine($"/// <summary>The parameters in declaration order, the order of every gradient span: {Xml(string.Join(", ", _spec.Parameters.Select(p => p.Name)))}.</summary>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public global::System.Collections.Generic.IReadOnlyList<string> ParameterNames => __parameterNames;");
        w.WriteLine();

        string intermediates = _intermediates.Count == 0 ? "none" : string.Join(", ", _intermediates.Select(n => n.Name));
        w.WriteLine($"/// <summary>The named locals of {Xml(_lossName)}, in the order <see cref=\"{EvaluateCref()}\"/> writes them: {Xml(intermediates)}.</summary>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public global::System.Collections.Generic.IReadOnlyList<string> IntermediateNames => __intermediateNames;");
        w.WriteLine();

        w.WriteLine($"/// <summary>The closed form of ∂{Xml(_lossName)}/∂θ for every parameter θ, as derived at build time.</summary>");
        WriteDerivationRemarks(full: true);
        WriteGeneratedCodeAttribute();
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<global::SymbolicGd.Derivative> Derivatives { get; } = global::System.Array.AsReadOnly(new global::SymbolicGd.Derivative[]");
        w.OpenBrace();
        for (int i = 0; i < ParameterCount; i++)
        {
            w.WriteLine($"new global::SymbolicGd.Derivative({Literal(_lossName)}, {Literal(_spec.Parameters[i].Name)}, {Literal(FormulaOf(i))}),");
        }

        w.CloseBrace(");");
        w.WriteLine();
    }

    private void WriteValueAndGradient()
    {
        var w = _writer;
        var used = new UniqueNames(_spec.Loss.Arguments);
        string gradient = used.Unique("gradient");
        string value = used.Unique("value");

        if (ParameterCount > StackallocLimit)
        {
            w.WriteLine("[global::System.ThreadStatic]");
            WriteGeneratedCodeAttribute();
            w.WriteLine("private static double[]? __gradientBuffer;");
            w.WriteLine();
        }

        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} and its gradient at the current parameters.</summary>");
        WriteDerivationRemarks();
        WriteDataParameterDocs();
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}, and ∂{Xml(_lossName)}/∂θ for every parameter θ.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public (double Value, Gradient Gradient) ValueAndGradient({DataParameters()})");
        w.OpenBrace();
        if (ParameterCount <= StackallocLimit)
        {
            w.WriteLine($"global::System.Span<double> {gradient} = stackalloc double[{ParameterCount}];");
            w.WriteLine($"{gradient}.Clear();");
        }
        else
        {
            // Too large for the stack: one buffer per thread, allocated on the first call, so calls do not allocate.
            w.WriteLine($"global::System.Span<double> {gradient} = {_fullTypeReference}.__gradientBuffer ??= new double[{ParameterCount}];");
            w.WriteLine($"{gradient}.Clear();");
        }

        string arguments = string.Join(", ", _spec.Loss.Arguments.Select(Identifier.Escape).Concat(new[] { gradient }));
        w.WriteLine($"double {value} = this.Backward({arguments});"); // this.: a data argument may be named Backward
        string components = string.Join(", ", Enumerable.Range(0, ParameterCount).Select(i => $"{gradient}[{i}]"));
        w.WriteLine($"return ({value}, new Gradient({components}));");
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteBackward(CancellationToken cancellationToken)
    {
        var w = _writer;
        string gradient = _gradientArgument;
        var (lossCost, backwardCost) = Cost();
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} and adds ∂{Xml(_lossName)}/∂θ for every parameter θ to <paramref name=\"{gradient}\"/>." +
            FormattableString.Invariant($" Cost: {backwardCost:N0} operations, the loss's {lossCost:N0} included: {(double)backwardCost / lossCost:F1}× the loss (reverse mode's bound is about 4–5×).</summary>"));
        WriteDerivationRemarks();
        WriteDataParameterDocs();
        w.WriteLine($"/// <param name=\"{gradient}\">One element per parameter, in declaration order ({Xml(string.Join(", ", _spec.Parameters.Select(p => p.Name)))}). The derivatives are added to it, so calls over a batch accumulate.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"{gradient}\"/> is not {ParameterCount}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Backward({DataParameters(trailing: "global::System.Span<double> " + gradient)})");
        w.OpenBrace();
        WriteLengthCheck("Backward", gradient, ParameterCount, "parameters");
        var lines = new List<(string, string?)>();
        if (_backwardDonors is not null)
        {
            w.WriteLine(FormattableString.Invariant(
                $"// Generated temporaries share locals once no longer needed: one each would be {_backwardLocals:N0} locals, past the 65,534 .NET allows in a method."));
        }

        _code.ParameterLocals = ParameterLocals(lines);
        WriteSteps(_backwardSteps, intermediates: null, lines, flush: false, cancellationToken, _backwardDonors);
        for (int i = 0; i < ParameterCount; i++)
        {
            int derivative = _result.Gradient[i];
            string comment = $"∂{_lossName}/∂{_spec.Parameters[i].Name} = {FormulaOf(i)}";
            lines.Add(_graph.IsZero(derivative)
                ? ($"// gradient[{i}] += 0", comment)
                : ($"{gradient}[{i}] += {_code.Reference(derivative)};", comment));
        }

        w.WriteCommented(lines);
        w.WriteLine($"return {_code.Reference(_result.Model.Value)};");
        _code.ParameterLocals = null;
        w.CloseBrace();
        w.WriteLine();
    }

    /// <summary>
    /// A local for each parameter Backward reads, declared up front: read from the field after a store to the
    /// gradient span, the JIT must reload it, since the span may alias the object. The local keeps the
    /// parameter's name unless a local or argument of Backward already has it.
    /// </summary>
    private Dictionary<int, string> ParameterLocals(List<(string, string?)> lines)
    {
        var roots = new List<int> { _result.Model.Value };
        roots.AddRange(_result.Gradient);
        var read = Reachability.Needed(_graph, roots);
        var locals = new Dictionary<int, string>();
        var parameterNodes = new Dictionary<int, int>();
        for (int id = read.Length - 1; id >= 0; id--)
        {
            var node = _graph[id];
            if (read[id] && node.Op == Op.Parameter)
            {
                parameterNodes[node.Index] = id;
            }
        }

        var backwardLocals = new HashSet<string>(_names.Names, StringComparer.Ordinal);
        backwardLocals.UnionWith(_spec.Loss.Arguments);
        backwardLocals.Add(_gradientArgument);
        for (int index = 0; index < ParameterCount; index++)
        {
            if (!parameterNodes.ContainsKey(index))
            {
                continue;
            }

            string name = _spec.Parameters[index].Name;
            string local = backwardLocals.Contains(name) ? _names.Unique(name) : name;
            lines.Add(($"double {Identifier.Escape(local)} = this.{Identifier.Escape(name)};", null));
            locals[index] = local;
        }

        return locals;
    }

    private void WriteEvaluate()
    {
        var w = _writer;
        string intermediates = _intermediatesArgument;
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} and writes the value of every named local to <paramref name=\"{intermediates}\"/>, in the order of <see cref=\"IntermediateNames\"/>.</summary>");
        WriteDerivationRemarks();
        WriteDataParameterDocs();
        w.WriteLine($"/// <param name=\"{intermediates}\">One element per name in <see cref=\"IntermediateNames\"/>; a local on a branch not taken is NaN.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"{intermediates}\"/> is not {_intermediates.Count}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Evaluate({DataParameters(trailing: "global::System.Span<double> " + intermediates)})");
        w.OpenBrace();
        WriteLengthCheck("Evaluate", intermediates, _intermediates.Count, "named locals");
        var positions = new Dictionary<int, List<int>>();
        var leaves = new List<(string, string?)>();
        for (int i = 0; i < _intermediates.Count; i++)
        {
            int node = _intermediates[i].Node;
            if (Graph.IsLeaf(_graph[node].Op))
            {
                leaves.Add(($"{intermediates}[{i}] = {_code.Reference(node)};", Comment(_intermediates[i].Name + " = ", node)));
            }
            else
            {
                if (!positions.TryGetValue(node, out var list))
                {
                    positions[node] = list = new List<int>();
                }

                list.Add(i);
            }
        }

        if (_intermediates.Count > 0 && _evaluate.Steps.Any(s => s is Branch))
        {
            w.WriteLine($"{intermediates}.Fill(double.NaN); // locals on a branch not taken keep NaN");
        }

        w.WriteCommented(leaves);

        WriteSteps(_evaluate.Steps, positions, CancellationToken.None);
        w.WriteLine($"return {_code.Reference(_result.Model.Value)};");
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteParameterAccess()
    {
        var w = _writer;
        w.WriteLine("/// <summary>Copies the parameters, in declaration order, to <paramref name=\"destination\"/>.</summary>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"destination\"/> is not {ParameterCount}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public void CopyParametersTo(global::System.Span<double> destination)");
        w.OpenBrace();
        WriteLengthCheck("CopyParametersTo", "destination", ParameterCount, "parameters");
        for (int i = 0; i < ParameterCount; i++)
        {
            w.WriteLine($"destination[{i}] = this.{Identifier.Escape(_spec.Parameters[i].Name)};");
        }

        w.CloseBrace();
        w.WriteLine();

        w.WriteLine("/// <summary>Sets every parameter from <paramref name=\"values\"/>, in declaration order.</summary>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"values\"/> is not {ParameterCount}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public void SetParameters(global::System.ReadOnlySpan<double> values)");
        w.OpenBrace();
        WriteLengthCheck("SetParameters", "values", ParameterCount, "parameters");
        for (int i = 0; i < ParameterCount; i++)
        {
            w.WriteLine($"this.{Identifier.Escape(_spec.Parameters[i].Name)} = values[{i}];");
        }

        w.CloseBrace();
    }

    private void WriteInterfaceImplementation()
    {
        var w = _writer;
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("global::System.Collections.Generic.IReadOnlyList<global::SymbolicGd.Derivative> global::SymbolicGd.IDifferentiable.Derivatives => Derivatives;");
        string loss = _spec.LossCall ?? Identifier.Escape(_lossName);
        if (!HasData)
        {
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            w.WriteLine($"double global::SymbolicGd.IDifferentiableLoss.Loss() => {loss}();");
            return;
        }

        string fromSample = string.Join(", ", _spec.Loss.Arguments.Select(a => "sample." + Identifier.Escape(a)));
        w.WriteLine();
        w.WriteLine($"/// <summary>The loss {Xml(_lossName)} of one sample: <see cref=\"{LossCref()}\"/> with the sample's values.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Loss(in Sample sample) => {loss}({fromSample});");
        w.WriteLine();
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} for one sample and adds ∂{Xml(_lossName)}/∂θ for every parameter θ to <paramref name=\"gradient\"/>.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
        w.WriteLine("/// <param name=\"gradient\">One element per parameter, in declaration order; the derivatives are added to it.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Backward(in Sample sample, global::System.Span<double> gradient) => Backward({fromSample}, gradient);");
        w.WriteLine();
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} for one sample and writes the value of every named local to <paramref name=\"intermediates\"/>.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
        w.WriteLine("/// <param name=\"intermediates\">One element per name in <see cref=\"IntermediateNames\"/>.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Evaluate(in Sample sample, global::System.Span<double> intermediates) => Evaluate({fromSample}, intermediates);");
    }

    // ---- Statements -------------------------------------------------------------------------------------------

    private void WriteSteps(IReadOnlyList<Step> steps, Dictionary<int, List<int>>? intermediates, CancellationToken cancellationToken) =>
        WriteSteps(steps, intermediates, new List<(string, string?)>(), flush: true, cancellationToken);

    /// <summary>Writes the statements; simple lines wait in <paramref name="lines"/> so that their comments line up.</summary>
    /// <param name="donors">Per step, the earlier step whose local it takes over (see <see cref="LocalReuse"/>), or
    /// null when every step declares its own.</param>
    private void WriteSteps(IReadOnlyList<Step> steps, Dictionary<int, List<int>>? intermediates, List<(string, string?)> lines, bool flush, CancellationToken cancellationToken, int[]? donors = null)
    {
        var variables = donors is null ? null : new string[steps.Count];
        for (int index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            cancellationToken.ThrowIfCancellationRequested();
            int node = step.Node;
            if (donors is not null && donors[index] >= 0)
            {
                string variable = variables![donors[index]];
                _names.Reuse(node, variable);
                variables[index] = variable;
                lines.Add(($"{Identifier.Escape(variable)} = {_code.Definition(node)};", CommentFor(node)));
                continue;
            }

            string local = _names.For(node);
            string name = Identifier.Escape(local);
            if (variables is not null)
            {
                variables[index] = local;
            }

            string type = Graph.IsCondition(_graph[node].Op) ? "bool" : "double";
            if (step is Branch branch)
            {
                _writer.WriteCommented(lines);
                lines.Clear();
                _writer.WriteCommented(new[] { ($"{type} {name};", (string?)CommentFor(node)) });
                WriteChoice(branch, name, "if", intermediates, cancellationToken);
            }
            else
            {
                lines.Add(($"{type} {name} = {_code.Definition(node)};", CommentFor(node)));
            }

            if (intermediates is not null && intermediates.TryGetValue(node, out var positions))
            {
                foreach (int position in positions)
                {
                    lines.Add(($"{_intermediatesArgument}[{position}] = {name};", null));
                }
            }
        }

        if (flush)
        {
            _writer.WriteCommented(lines);
            lines.Clear();
        }
    }

    /// <summary>Writes <c>if (c) { … name = a; } else { … name = b; }</c>, or <c>else if</c> for a chain.</summary>
    private void WriteChoice(Branch branch, string name, string keyword, Dictionary<int, List<int>>? intermediates, CancellationToken cancellationToken)
    {
        var select = _graph[branch.Node];
        _writer.WriteLine($"{keyword} ({_code.Reference(select.A)})");
        WriteBranch(branch.WhenTrue, name, select.B, intermediates, cancellationToken);
        if (branch.ElseIf is { } next)
        {
            WriteChoice(next, name, "else if", intermediates, cancellationToken);
            return;
        }

        _writer.WriteLine("else");
        WriteBranch(branch.WhenFalse, name, select.C, intermediates, cancellationToken);
    }

    private void WriteBranch(IReadOnlyList<Step> steps, string name, int value, Dictionary<int, List<int>>? intermediates, CancellationToken cancellationToken)
    {
        _writer.OpenBrace();
        var lines = new List<(string, string?)>();
        WriteSteps(steps, intermediates, lines, flush: false, cancellationToken);
        lines.Add(($"{name} = {_code.Reference(value)};", Comment("", value)));
        _writer.WriteCommented(lines);
        _writer.CloseBrace();
    }

    /// <summary>The comment beside the line that computes the node; Evaluate repeats Backward's forward lines, so
    /// each is made once.</summary>
    private string CommentFor(int node)
    {
        _comments ??= new string?[_graph.Count];
        return _comments[node] ??= Comment(_adjointLabels.TryGetValue(node, out string? label) ? label + " = " : "", node);
    }

    /// <summary>The comment beside a line: the label and the node's formula, abbreviated as the writer would, but
    /// without writing out the part of a long formula that would be cut.</summary>
    private string Comment(string label, int node)
    {
        var (start, length) = _formulas.Start(node, SourceWriter.MaxCommentLength);
        return SourceWriter.Abbreviate(label + start, label.Length + length, SourceWriter.MaxCommentLength);
    }

    /// <summary>
    /// Writes <c>if (argument.Length != length) __ThrowMethodLengthMismatch(argument.Length);</c>; the helper, one per
    /// method, is written by <see cref="WriteThrowHelpers"/>.
    /// </summary>
    /// <remarks>
    /// The shape is the one a careful hand-written gradient uses, and each part was checked in the JIT's output
    /// (bench/README.md, "Backward against the same gradient written by hand"). The helper only throws and is not
    /// marked NoInlining, so the optimizing JIT sees that it never returns: past the check the length is the constant
    /// and the stores to the span have no bounds checks (a NoInlining helper hid that, and each store kept its check).
    /// It takes the length alone, its message being its own: string literals on this cold path are each loaded
    /// through a runtime call, which made the method hold the length in callee-saved registers and push and pop them
    /// on every call. It is a call, not <c>throw helper(...)</c> here: a method whose only branch ends in a throw gets
    /// no profile from the instrumented tier, and without one the JIT stopped inlining Sigmoid into the network's
    /// Backward. Formatting the message inline made every call zero a stack slot and run vzeroupper.
    /// </remarks>
    private void WriteLengthCheck(string method, string argument, int length, string what)
    {
        var w = _writer;
        string helper = "__Throw" + method + "LengthMismatch";
        string count = length == 1 ? "1 " + what.TrimEnd('s') : $"{length} {what}";
        _lengthChecks.Add((helper, argument, _spec.Type.Name + " has " + count));
        w.WriteLine($"if ({argument}.Length != {length})");
        w.OpenBrace();
        w.WriteLine($"{helper}({argument}.Length);");
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteThrowHelpers()
    {
        var w = _writer;
        foreach (var (helper, argument, expected) in _lengthChecks)
        {
            w.WriteLine();
            WriteGeneratedCodeAttribute();
            w.WriteLine($"private static void {helper}(int length) =>");
            w.Indent();
            string message = Literal(argument + " has length {length}; " + expected.Replace("{", "{{").Replace("}", "}}") + ".");
            w.WriteLine($"throw new global::System.ArgumentException(${message}, {Literal(argument)});");
            w.Unindent();
        }
    }

    // ---- Documentation ----------------------------------------------------------------------------------------

    /// <param name="full">The whole derivation (on Derivatives); elsewhere a long one is only referred to.</param>
    private void WriteDerivationRemarks(bool full = false)
    {
        var w = _writer;
        _derivation ??= DerivationLines();
        if (!full && _derivation.Count > MaxRepeatedDerivationLines)
        {
            w.WriteLine($"/// <remarks>The derivation, {_derivation.Count.ToString("N0", CultureInfo.InvariantCulture)} lines, is in the remarks of <see cref=\"Derivatives\"/>.</remarks>");
            return;
        }

        w.WriteLine("/// <remarks>");
        w.WriteLine("/// <code>");
        foreach (string line in _derivation)
        {
            w.WriteLine("/// " + Xml(SourceWriter.Abbreviate(line, MaxDerivationLineLength)));
        }

        w.WriteLine("/// </code>");
        w.WriteLine("/// </remarks>");
    }

    private List<string> DerivationLines()
    {
        var lines = new List<string> { $"{_lossName} = {_readerFormulas.Expand(_result.Model.Value)}" };
        if (_intermediates.Count > 0)
        {
            lines.Add("where");
            int count = _intermediates.Count;
            int head = count <= MaxDerivationDefinitions ? count : MaxDerivationDefinitions / 2;
            int tail = count <= MaxDerivationDefinitions ? count : count - MaxDerivationDefinitions / 2;
            for (int i = 0; i < head; i++)
            {
                lines.Add(Definition(_intermediates[i]));
            }

            if (tail > head)
            {
                string left = (tail - head).ToString("N0", CultureInfo.InvariantCulture);
                lines.Add($"  … ({left} more, {_intermediates[head].Name} to {_intermediates[tail - 1].Name}: each as the loss computes it; Evaluate gives their values)");
                for (int i = tail; i < count; i++)
                {
                    lines.Add(Definition(_intermediates[i]));
                }
            }
        }

        var constants = Constants();
        if (constants.Count > 0)
        {
            // A member that was meant to be a [Param] would silently get no gradient: list what is held fixed.
            lines.Add("constants (members read that are not [Param]; their derivatives are not computed): " + string.Join(", ", constants));
        }

        for (int i = 0; i < ParameterCount; i++)
        {
            lines.Add(DerivativeText(i));
        }

        return lines;
    }

    private string Definition(NamedValue named) => $"  {named.Name} = {_readerFormulas.Expand(named.Node)}";

    /// <summary>The members the loss and the methods it calls read that are not parameters, in order of first use.</summary>
    private List<string> Constants()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var constants = new List<string>();
        foreach (var function in new[] { _spec.Loss }.Concat(_spec.Helpers))
        {
            foreach (var expression in function.Expressions)
            {
                if (expression.Kind == ExprKind.Member && seen.Add(expression.Name!))
                {
                    constants.Add(expression.Name!);
                }
            }
        }

        return constants;
    }

    private string DerivativeText(int parameter) => $"∂{_lossName}/∂{_spec.Parameters[parameter].Name} = {FormulaOf(parameter)}";

    private string FormulaOf(int parameter)
    {
        int node = _result.Gradient[parameter];
        return _names.IsUserNamed(node) && _names.TryGet(node, out string name) ? name : _readerFormulas.Expand(node);
    }

    private void WriteDataParameterDocs()
    {
        foreach (string argument in _spec.Loss.Arguments)
        {
            _writer.WriteLine($"/// <param name=\"{argument}\">The argument <c>{argument}</c> of {Xml(_lossName)}.</param>");
        }
    }

    private void WriteGeneratedCodeAttribute() => _writer.WriteLine(GeneratedCodeAttribute);

    private string EvaluateCref() =>
        "Evaluate(" + string.Concat(_spec.Loss.Arguments.Select(_ => "double, ")) + "global::System.Span{double})";

    private string LossCref() =>
        (_spec.LossCref ?? Identifier.Escape(_lossName)) + "(" + string.Join(", ", _spec.Loss.Arguments.Select(_ => "double")) + ")";

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private string DataParameters(string? trailing = null)
    {
        var parts = _spec.Loss.Arguments.Select(a => "double " + Identifier.Escape(a)).ToList();
        if (trailing is not null)
        {
            parts.Add(trailing);
        }

        return string.Join(", ", parts);
    }

    private static List<NamedValue> LiveNamedValues(LoweredModel model)
    {
        var live = Reachability.Needed(model.Graph, new[] { model.Value });

        // A local whose value is a leaf is always known; any other must be computed on the way to the loss.
        return model.Intermediates.Where(n => Graph.IsLeaf(model.Graph[n.Node].Op) || (n.Node <= model.Value && live[n.Node])).ToList();
    }

    private static string Literal(string text) => GeneratedText.Literal(text);

    private static string Xml(string text) => GeneratedText.Xml(text);
}
