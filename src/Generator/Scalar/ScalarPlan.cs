using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// Everything the generated code of a scalar model says, decided: the lowered and differentiated graph, the
/// closed forms, the names of the locals, the statements of Backward and Evaluate (locals shared where a method
/// would pass .NET's limit), the findings and the cost. The counterpart of a layer stack's <c>StackPlan</c>;
/// <see cref="ModelEmitter"/> only writes it down. Immutable once <see cref="Create"/> returns.
/// </summary>
/// <remarks>
/// A new output (a second-order method, loops) is one more step in <see cref="Create"/> that adds its planned
/// statements here, never state in the emitter. The plan is made and written within the pipeline's one Generate
/// step rather than being a step's output of its own: it holds the graph, which is neither cheap to compare nor
/// worth keeping in the driver's cache between edits, while the <see cref="ModelSpec"/> before it and the
/// <see cref="GeneratedModel"/> after it are equatable values, so the caching tests still see every cached step.
/// </remarks>
internal sealed class ScalarPlan
{
    /// <summary>Reverse mode's bound is about 4–5× the loss: above 4×, an info diagnostic says so (SGD0031).</summary>
    private const int MaxBackwardRatio = 4;

    /// <summary>
    /// Past this many named locals, the derivation in the docs defines the first and last half of it and says how
    /// many it leaves out: a comment block of tens of thousands of lines helps no reader, and the C# compiler parses
    /// one slowly when documentation is not being generated, the default (the 33,344-line block of a 33,334-statement
    /// loss took 6 of its 8 s of parsing).
    /// </summary>
    private const int MaxDerivationDefinitions = 1_000;

    /// <summary>The summary names this many parameters and counts the rest.</summary>
    private const int MaxSummaryParameterNames = 10;

    private ScalarPlan(
        ModelSpec spec,
        string typeReference,
        string fullTypeReference,
        IReadOnlyList<NamedValue> intermediates,
        IReadOnlyList<string> derivativeFormulas,
        IReadOnlyList<string> derivation,
        OperationCount cost,
        IReadOnlyList<string> summary,
        EquatableArray<Finding> findings,
        BackwardPlan backward,
        EvaluatePlan evaluate,
        SecondOrderPlan? secondOrder)
    {
        Spec = spec;
        TypeReference = typeReference;
        FullTypeReference = fullTypeReference;
        Intermediates = intermediates;
        DerivativeFormulas = derivativeFormulas;
        Derivation = derivation;
        Cost = cost;
        Summary = summary;
        Findings = findings;
        Backward = backward;
        Evaluate = evaluate;
        SecondOrder = secondOrder;
    }

    /// <summary>A loss with loops or arrays, planned by <see cref="Loops.LoopPlanner"/>.</summary>
    internal static ScalarPlan ForLoops(
        ModelSpec spec, string typeReference, string fullTypeReference, IReadOnlyList<NamedValue> intermediates,
        IReadOnlyList<string> derivativeFormulas, IReadOnlyList<string> derivation, OperationCount cost, IReadOnlyList<string> summary,
        Loops.LoopMethod backward, Loops.LoopMethod evaluate, IReadOnlyList<int> offsets, IReadOnlyList<string> derivativeNames, EquatableArray<Finding> findings) =>
        new(spec, typeReference, fullTypeReference, intermediates, derivativeFormulas, derivation, cost, summary, findings,
            new BackwardPlan(backward.SpanArgument, backward.Statements, backward.ReturnValue, null, backward.UsesTape),
            new EvaluatePlan(evaluate.SpanArgument, evaluate.FillsWithNaN, Array.Empty<Statement>(), evaluate.Statements, evaluate.ReturnValue),
            secondOrder: null)
        {
            ParameterOffsets = offsets,
            DerivativeNames = derivativeNames,
        };

    /// <summary>Where each parameter starts in the gradient: arrays hold several (see <see cref="ParameterSpec.Length"/>).</summary>
    public IReadOnlyList<int>? ParameterOffsets { get; private init; }

    /// <summary>Whether the loss has arrays or loops (see <see cref="Loops.LoopPlanner"/>).</summary>
    public bool IsLoopProgram => ParameterOffsets is not null;

    public ModelSpec Spec { get; }

    /// <summary>The loss's name: L in ∂L/∂θ (the loss method's, or that of ½r² of a [Residual]).</summary>
    public string LossName => Spec.LossName;

    /// <summary>The model type as its own members name it (with its type parameters).</summary>
    public string TypeReference { get; }

    /// <summary>The model type with <c>global::</c>, its namespace and containing types.</summary>
    public string FullTypeReference { get; }

    /// <summary>The named locals Evaluate reports, in its order: those the loss's value needs, and leaves.</summary>
    public IReadOnlyList<NamedValue> Intermediates { get; }

    /// <summary>Per parameter, in declaration order, the closed form of ∂L/∂θ as a reader reads it.</summary>
    public IReadOnlyList<string> DerivativeFormulas { get; }

    /// <summary>The derivation in the docs: the loss, its named locals (the middle of a long list left out), the
    /// members held constant, and every ∂L/∂θ.</summary>
    public IReadOnlyList<string> Derivation { get; }

    public OperationCount Cost { get; }

    /// <summary>The lines of the model's <c>Summary</c>, like Keras's <c>model.summary()</c>: its parameters, the
    /// operations of the loss and of Backward, and their ratio.</summary>
    public IReadOnlyList<string> Summary { get; }

    /// <summary>Warnings and information about the model: a derivative identically zero, a parameter never read, a
    /// costly Backward.</summary>
    public EquatableArray<Finding> Findings { get; }

    public BackwardPlan Backward { get; }

    public EvaluatePlan Evaluate { get; }

    /// <summary>Hessian and HessianVectorProduct, for <c>SecondOrder = true</c>; null otherwise, or when the model is
    /// too large for them (SGD0034 in <see cref="Findings"/>).</summary>
    public SecondOrderPlan? SecondOrder { get; }

    /// <summary>For a [Residual] model, the residual's own plan (ResidualGradient, ∂r/∂θ); null for a [Loss].</summary>
    public ResidualPlan? Residual { get; private set; }

    /// <summary>∂L/∂θ for the parameter: <c>∂E/∂w = x·(z − y)</c>.</summary>
    public string DerivativeText(int parameter) => $"∂{LossName}/∂{DerivativeName(parameter)} = {DerivativeFormulas[parameter]}";

    /// <summary>The parameter as its derivative names it: an array's in index form (<c>w[i]</c>).</summary>
    public string DerivativeName(int parameter) => DerivativeNames?[parameter] ?? Spec.Parameters[parameter].Name;

    /// <summary>For a loop program, the parameters as their derivatives name them; null otherwise.</summary>
    public IReadOnlyList<string>? DerivativeNames { get; private init; }

    /// <summary>
    /// Lowers and differentiates the loss and plans its generated code. Null when a generated method would still
    /// pass .NET's limit on locals (<paramref name="maxLocals"/>) after sharing them; <paramref name="findings"/> then
    /// say so. Throws <see cref="ModelTooLargeException"/> and <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="gradientArgument">The preferred name of Backward's span argument.</param>
    /// <param name="writesGradient">Backward writes the derivatives to the span (a Jacobian row) instead of adding them.</param>
    public static ScalarPlan? Create(
        ModelSpec spec, CancellationToken cancellationToken, int maxLocals, out EquatableArray<Finding> findings,
        string gradientArgument = "gradient", bool writesGradient = false)
    {
        // A loss long enough that Backward may pass the limit on locals sums each adjoint's terms in the order
        // they become available, so that its temporaries are short-lived and can share locals (LocalReuse); a
        // shorter one in the consumers' order, as a derivation by hand reads. Should a shorter one still pass
        // the limit, it is differentiated again the first way.
        var lowered = Lower(spec, cancellationToken);
        bool large = lowered.Value > maxLocals / 4;
        var gradient = Differentiator.Differentiate(lowered, cancellationToken, sumAsAvailable: large);
        var planner = new Planner(spec, gradient, maxLocals, gradientArgument, writesGradient);
        if (planner.SharesLocals && !large)
        {
            lowered = Lower(spec, cancellationToken);
            gradient = Differentiator.Differentiate(lowered, cancellationToken, sumAsAvailable: true);
            planner = new Planner(spec, gradient, maxLocals, gradientArgument, writesGradient);
        }

        if (planner.TooManyLocals is var (method, locals))
        {
            findings = EquatableArray.Create(new Finding(Diagnostics.TooManyLocals.Id, -1, EquatableArray.Create(
                spec.FullName, method, locals.ToString("N0", CultureInfo.InvariantCulture))));
            return null;
        }

        var plan = planner.Plan(cancellationToken);
        findings = plan.Findings;
        if (spec.IsResidual)
        {
            plan.Residual = ResidualPlan.Create(spec, cancellationToken, maxLocals, out var residualFindings);
            if (plan.Residual is null)
            {
                findings = residualFindings;
                return null;
            }
        }

        return plan;
    }

    /// <summary>The loss lowered to a graph; for a [Residual], ½r² built on the residual's graph.</summary>
    private static LoweredModel Lower(ModelSpec spec, CancellationToken cancellationToken)
    {
        var lowered = Lowering.Lower(spec.ToLoweringInput(), cancellationToken);
        return spec.IsResidual ? ResidualPlan.HalfSquare(lowered, spec.Loss) : lowered;
    }

    /// <summary>The steps of planning, in the order their names are handed out: that order is the generated code's
    /// t0, t1, …, so it is the order in which the methods are written.</summary>
    private sealed class Planner
    {
        private readonly ModelSpec _spec;
        private readonly int _maxLocals;
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
        private readonly bool _writesGradient;
        private readonly string _intermediatesArgument;
        private readonly string _typeReference;
        private readonly string _fullTypeReference;
        private string?[]? _comments;

        // The locals Backward declares before any reuse; per top-level step of Backward, the step whose local it takes
        // over (LocalReuse), when there are too many.
        private readonly int _backwardLocals;
        private readonly int[]? _backwardDonors;
        private readonly IReadOnlyList<Step> _backwardSteps;

        public Planner(ModelSpec spec, GradientResult result, int maxLocals, string gradientArgument, bool writesGradient)
        {
            _spec = spec;
            _maxLocals = maxLocals;
            _result = result;
            _graph = result.Model.Graph;
            _lossName = spec.LossName;
            _writesGradient = writesGradient;
            _typeReference = spec.Type.Name + TypeNames.TypeParameterList(spec.Type);
            _fullTypeReference = TypeNames.FullReference(spec.Namespace, spec.ContainingTypes, spec.Type);

            // The user's locals first: a local assigned twice is versioned (gradient, gradient_2), and the names of
            // Backward's and Evaluate's span arguments must avoid the versions too.
            _names = new NameTable(result.Model.Identifiers);
            foreach (var named in result.Model.Named)
            {
                _names.NameAfterLocal(named.Node, named.Name);
            }

            _gradientArgument = _names.Unique(gradientArgument);
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
            _backwardLocals = LocalReuse.CountDeclared(_backward.Steps) + spec.Parameters.Count;
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
                TooManyLocals = backwardDeclared >= evaluateDeclared ? ("Backward", backwardDeclared) : ("Evaluate", evaluateDeclared);
            }

            _formulas = new FormulaPrinter(_graph, _names, _backward.IsMaterialized, _backwardDonors is null ? FormulaPrinter.ExpansionBudget : 0);
            _readerFormulas = FormulaPrinter.ForReaders(_graph, _names);
        }

        /// <summary>Backward's temporaries share locals, to stay within .NET's limit.</summary>
        public bool SharesLocals => _backwardDonors is not null;

        /// <summary>The method and its count of locals, when one passes the limit even with shared locals.</summary>
        public (string Method, int Locals)? TooManyLocals { get; }

        public ScalarPlan Plan(CancellationToken cancellationToken)
        {
            var derivativeFormulas = Enumerable.Range(0, _spec.Parameters.Count).Select(FormulaOf).ToList();
            var derivation = DerivationLines(derivativeFormulas);
            var cost = Cost();

            // Both methods' code reaches a member hidden by one of their locals or arguments through this. or the
            // type: the locals are those named so far, the user's and the arguments (the temporaries are t-names,
            // which no member of the model can have, see UniqueNames).
            var locals = new HashSet<string>(_names.Names, StringComparer.Ordinal);
            locals.UnionWith(_spec.Loss.Arguments);
            locals.Add(_gradientArgument);
            locals.Add(_intermediatesArgument);

            var backward = PlanBackward(locals, derivativeFormulas, cancellationToken);
            var evaluate = PlanEvaluate(locals, cancellationToken);

            // Second order: one more step, after Backward's and Evaluate's, so that their locals keep their names.
            var findings = Findings(cost);
            SecondOrderPlan? secondOrder = null;
            if (_spec.SecondOrder)
            {
                var input = new SecondOrderPlan.Input(_spec, _result, _names, _gradientArgument, _typeReference, _maxLocals);
                secondOrder = SecondOrderPlan.Create(input, cancellationToken, out var tooLarge);
                if (tooLarge is not null)
                {
                    findings = findings.Concat(new[] { tooLarge }).ToEquatableArray();
                }
            }

            return new ScalarPlan(
                _spec, _typeReference, _fullTypeReference, _intermediates, derivativeFormulas, derivation, cost,
                SummaryLines(cost), findings, backward, evaluate, secondOrder);
        }

        private BackwardPlan PlanBackward(HashSet<string> locals, List<string> derivativeFormulas, CancellationToken cancellationToken)
        {
            var statements = new List<Statement>();
            var parameterLocals = ParameterLocals(statements);
            var code = new CodePrinter(_graph, _names, _backward.IsMaterialized, locals, _typeReference, parameterLocals);
            var planner = new StatementPlanner(_graph, _names, code, CommentFor, value => Comment("", value));
            planner.Plan(_backwardSteps, statements, cancellationToken, _backwardDonors);
            for (int i = 0; i < _spec.Parameters.Count; i++)
            {
                int derivative = _result.Gradient[i];
                string comment = $"∂{_lossName}/∂{_spec.Parameters[i].Name} = {derivativeFormulas[i]}";
                statements.Add(_writesGradient
                    ? new Line($"{_gradientArgument}[{i}] = {(_graph.IsZero(derivative) ? "0.0" : code.Reference(derivative))};", comment)
                    : _graph.IsZero(derivative)
                    ? new Line($"// gradient[{i}] += 0", comment)
                    : new Line($"{_gradientArgument}[{i}] += {code.Reference(derivative)};", comment));
            }

            return new BackwardPlan(_gradientArgument, statements, code.Reference(_result.Model.Value), SharesLocals ? _backwardLocals : null);
        }

        /// <summary>
        /// A local for each parameter Backward reads, declared up front: read from the field after a store to the
        /// gradient span, the JIT must reload it, since the span may alias the object. The local keeps the
        /// parameter's name unless a local or argument of Backward already has it.
        /// </summary>
        private Dictionary<int, string> ParameterLocals(List<Statement> statements)
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
            for (int index = 0; index < _spec.Parameters.Count; index++)
            {
                if (!parameterNodes.ContainsKey(index))
                {
                    continue;
                }

                string name = _spec.Parameters[index].Name;
                string local = backwardLocals.Contains(name) ? _names.Unique(name) : name;
                statements.Add(new Line($"double {Identifier.Escape(local)} = this.{Identifier.Escape(name)};"));
                locals[index] = local;
            }

            return locals;
        }

        private EvaluatePlan PlanEvaluate(HashSet<string> locals, CancellationToken cancellationToken)
        {
            string intermediates = _intermediatesArgument;
            var code = new CodePrinter(_graph, _names, _evaluate.IsMaterialized, locals, _typeReference);
            var positions = new Dictionary<int, List<int>>();
            var leaves = new List<Statement>();
            for (int i = 0; i < _intermediates.Count; i++)
            {
                int node = _intermediates[i].Node;
                if (Graph.IsLeaf(_graph[node].Op))
                {
                    leaves.Add(new Line($"{intermediates}[{i}] = {code.Reference(node)};", Comment(_intermediates[i].Name + " = ", node)));
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

            bool fillsWithNaN = _intermediates.Count > 0 && _evaluate.Steps.Any(s => s is Branch);
            var statements = new List<Statement>();
            var planner = new StatementPlanner(_graph, _names, code, CommentFor, value => Comment("", value));
            planner.Plan(_evaluate.Steps, statements, cancellationToken, donors: null, stores: (node, name) =>
                positions.TryGetValue(node, out var at) ? at.Select(position => new Line($"{intermediates}[{position}] = {name};")) : Enumerable.Empty<Line>());
            return new EvaluatePlan(intermediates, fillsWithNaN, leaves, statements, code.Reference(_result.Model.Value));
        }

        private List<string> SummaryLines(OperationCount cost)
        {
            var names = _spec.Parameters.Take(MaxSummaryParameterNames).Select(p => p.Name).ToList();
            if (_spec.Parameters.Count > MaxSummaryParameterNames)
            {
                names.Add(FormattableString.Invariant($"… ({_spec.Parameters.Count - MaxSummaryParameterNames:N0} more)"));
            }

            return new List<string>
            {
                _spec.IsResidual ? $"{_spec.Type.Name} (loss {_lossName} = ½·{_spec.Loss.Name}² of the residual {_spec.Loss.Name})" : $"{_spec.Type.Name} (loss {_lossName})",
                FormattableString.Invariant($"Parameters: {_spec.Parameters.Count:N0} ({string.Join(", ", names)})"),
                FormattableString.Invariant($"Operations of {_lossName}: {cost.Loss:N0}"),
                FormattableString.Invariant($"Operations of Backward: {cost.Backward:N0} (the loss's {cost.Loss:N0} included), {cost.Ratio:F1}× the loss"),
            };
        }

        private EquatableArray<Finding> Findings(OperationCount cost)
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

            if (cost.Backward > MaxBackwardRatio * cost.Loss)
            {
                findings.Add(new Finding(Diagnostics.CostlyBackward.Id, -1, EquatableArray.Create(
                    _spec.FullName,
                    cost.Backward.ToString("N0", CultureInfo.InvariantCulture),
                    cost.Ratio.ToString("F1", CultureInfo.InvariantCulture),
                    cost.Loss.ToString("N0", CultureInfo.InvariantCulture))));
            }

            return findings.ToEquatableArray();
        }

        /// <summary>
        /// The arithmetic and function operations of the loss and of Backward (the loss's forward pass included), each
        /// shared subexpression once, as the generated code computes it; choices and comparisons are not counted.
        /// </summary>
        private OperationCount Cost()
        {
            var backwardRoots = new List<int> { _result.Model.Value };
            backwardRoots.AddRange(_result.Gradient);
            int loss = Operations(new[] { _result.Model.Value });
            return new OperationCount(Math.Max(loss, 1), Operations(backwardRoots));
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

        private List<string> DerivationLines(List<string> derivativeFormulas)
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

            for (int i = 0; i < _spec.Parameters.Count; i++)
            {
                lines.Add($"∂{_lossName}/∂{_spec.Parameters[i].Name} = {derivativeFormulas[i]}");
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
                    if (expression.Kind is ExprKind.InstanceMember or ExprKind.StaticMember && seen.Add(expression.Name!))
                    {
                        constants.Add(expression.Name!);
                    }
                }
            }

            return constants;
        }

        private string FormulaOf(int parameter)
        {
            int node = _result.Gradient[parameter];
            return _names.IsUserNamed(node) && _names.TryGet(node, out string name) ? name : _readerFormulas.Expand(node);
        }

        private static List<NamedValue> LiveNamedValues(LoweredModel model)
        {
            var live = Reachability.Needed(model.Graph, new[] { model.Value });

            // A local whose value is a leaf is always known; any other must be computed on the way to the loss.
            return model.Intermediates.Where(n => Graph.IsLeaf(model.Graph[n.Node].Op) || (n.Node <= model.Value && live[n.Node])).ToList();
        }
    }
}

/// <summary>
/// The arithmetic and function operations of the loss and of Backward (the loss's forward pass included), each
/// shared subexpression once, as the generated code computes them; choices and comparisons are not counted.
/// </summary>
internal readonly record struct OperationCount(int Loss, int Backward)
{
    /// <summary>Backward's cost in losses: reverse mode's bound is about 4–5.</summary>
    public double Ratio => (double)Backward / Loss;
}

/// <summary>Backward's body: parameters read into locals, the loss and its derivatives, each added to the span.</summary>
internal sealed class BackwardPlan
{
    public BackwardPlan(string gradientArgument, IReadOnlyList<Statement> statements, string returnValue, int? unsharedLocals, bool usesTape = false)
    {
        UsesTape = usesTape;
        GradientArgument = gradientArgument;
        Statements = statements;
        ReturnValue = returnValue;
        UnsharedLocals = unsharedLocals;
    }

    /// <summary>The span argument's name, chosen to avoid the loss's own names.</summary>
    public string GradientArgument { get; }

    /// <summary>Backward keeps values on a tape, a per-thread buffer the model owns (a loss with loops).</summary>
    public bool UsesTape { get; }

    public IReadOnlyList<Statement> Statements { get; }

    /// <summary>The expression Backward returns: the loss's value.</summary>
    public string ReturnValue { get; }

    /// <summary>When temporaries share locals (see <see cref="LocalReuse"/>), how many locals Backward would declare
    /// otherwise; null when each has its own.</summary>
    public int? UnsharedLocals { get; }
}

/// <summary>Evaluate's body: the loss, with each named local copied to the span as it is computed.</summary>
internal sealed class EvaluatePlan
{
    public EvaluatePlan(string intermediatesArgument, bool fillsWithNaN, IReadOnlyList<Statement> leaves, IReadOnlyList<Statement> statements, string returnValue)
    {
        IntermediatesArgument = intermediatesArgument;
        FillsWithNaN = fillsWithNaN;
        Leaves = leaves;
        Statements = statements;
        ReturnValue = returnValue;
    }

    /// <summary>The span argument's name, chosen to avoid the loss's own names.</summary>
    public string IntermediatesArgument { get; }

    /// <summary>The span starts as NaN: some named locals are on a branch that may not be taken.</summary>
    public bool FillsWithNaN { get; }

    /// <summary>The named locals whose values are known without computing (parameters, data, constants).</summary>
    public IReadOnlyList<Statement> Leaves { get; }

    public IReadOnlyList<Statement> Statements { get; }

    /// <summary>The expression Evaluate returns: the loss's value.</summary>
    public string ReturnValue { get; }
}
