using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Loops;

/// <summary>
/// Plans a loss with loops or arrays (see <see cref="LoopProgram"/>): lowers and differentiates each region, decides
/// what the tape keeps, and writes Backward (the forward sweep, then the reverse sweep with every loop run backwards) and
/// Evaluate as statements, into the same <see cref="ScalarPlan"/> a loop-free loss gets, so one emitter writes both.
/// Generated code is loops: its size does not depend on the lengths.
/// </summary>
internal sealed class LoopPlanner
{
    private readonly ModelSpec _spec;
    private readonly FunctionSpec _loss;
    private readonly LoopProgram _program;
    private readonly CancellationToken _cancellationToken;
    private readonly string _lossName;
    private readonly string _typeReference;
    private readonly int[] _offsets;
    private readonly List<RegionPlan> _regions = new();
    private readonly HashSet<string> _identifiers;

    private LoopPlanner(ModelSpec spec, CancellationToken cancellationToken)
    {
        _spec = spec;
        _loss = spec.Loss;
        _program = LoopProgram.Build(spec.Loss);
        _cancellationToken = cancellationToken;
        _lossName = spec.Loss.Name;
        _typeReference = spec.Type.Name + TypeNames.TypeParameterList(spec.Type);
        _offsets = new int[spec.Parameters.Count];
        for (int i = 1; i < _offsets.Length; i++)
        {
            _offsets[i] = _offsets[i - 1] + spec.Parameters[i - 1].Length;
        }

        _identifiers = new HashSet<string>(spec.MemberNames, StringComparer.Ordinal) { spec.Type.Name, _lossName };
        _identifiers.UnionWith(_loss.Arguments);
        foreach (var statement in _loss.Statements)
        {
            if (statement.Target is not null)
            {
                _identifiers.Add(Display(statement.Target));
            }
        }

        foreach (var helper in spec.Helpers)
        {
            _identifiers.Add(helper.Name);
            _identifiers.UnionWith(helper.Arguments);
        }
    }

    public static ScalarPlan Create(ModelSpec spec, CancellationToken cancellationToken) => new LoopPlanner(spec, cancellationToken).Plan();

    /// <summary>The user's name of a local: the parser keys a second local of the same name as name#2.</summary>
    private static string Display(string key)
    {
        int hash = key.IndexOf('#');
        return hash < 0 ? key : key.Substring(0, hash);
    }

    private sealed class RegionPlan
    {
        public RegionPlan(LoopProgram.RegionItem item, LoweredRegion lowered, RegionLeaves leaves, IReadOnlyList<int> gradient, List<string> liveOutputs)
        {
            Item = item;
            Lowered = lowered;
            Leaves = leaves;
            Gradient = gradient;
            LiveOutputs = liveOutputs;
        }

        public LoopProgram.RegionItem Item { get; }

        public LoweredRegion Lowered { get; }

        public Graph Graph => Lowered.Model.Graph;

        public RegionLeaves Leaves { get; }

        /// <summary>Per differentiable leaf, ∂(region's value)/∂leaf.</summary>
        public IReadOnlyList<int> Gradient { get; }

        /// <summary>The outputs later code reads: each has a seed (its adjoint) in the region's value.</summary>
        public List<string> LiveOutputs { get; }

        /// <summary>The outputs whose old value the tape keeps: pushed before the region runs, popped before its reverse.</summary>
        public List<string> Pushes { get; } = new();

        /// <summary>The keys of the inputs the reverse sweep of the region reads.</summary>
        public HashSet<string> ReverseReads { get; } = new(StringComparer.Ordinal);

        /// <summary>The keys the forward code writes: hoisted locals and elements.</summary>
        public IEnumerable<string> ForwardOutputs(ISet<string> hoisted) =>
            Item.Writes.Where(key => ElementKey.IsElement(key) || hoisted.Contains(key));
    }

    // ---- Analysis -----------------------------------------------------------------------------------------------

    private ScalarPlan Plan()
    {
        var input = _spec.ToLoweringInput();
        foreach (var region in _program.Regions)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var live = region.Writes
                .Where(key => (ElementKey.IsElement(key) || _program.Hoisted.Contains(key)) && _program.IsLiveOut(region, key))
                .OrderBy(key => key, StringComparer.Ordinal)
                .ToList();
            var leaves = Leaves(region, live);
            var lowered = Lowering.LowerRegion(input, leaves, region.Statements, _cancellationToken);
            var gradient = Differentiator.Differentiate(lowered.Model, _cancellationToken).Gradient;
            var plan = new RegionPlan(region, lowered, leaves, gradient, live);
            var needed = Reachability.Needed(plan.Graph, gradient.Where(g => !plan.Graph.IsZero(g)).ToList());
            for (int i = 0; i < leaves.Differentiable.Count; i++)
            {
                int leaf = plan.Graph.Parameter(i);
                if (leaf < needed.Length && needed[leaf])
                {
                    plan.ReverseReads.Add(leaves.Differentiable[i].Key);
                }
            }

            _regions.Add(plan);
        }

        foreach (var plan in _regions)
        {
            foreach (string key in plan.ForwardOutputs(_program.Hoisted))
            {
                string? array = ElementKey.IsElement(key) ? ElementKey.ArrayOf(key) : null;
                bool needed = _regions.Any(reader => LoopProgram.RunsBefore(reader.Item, plan.Item) &&
                    (array is null ? reader.ReverseReads.Contains(key) : reader.ReverseReads.Any(read => ElementKey.IsElement(read) && ElementKey.ArrayOf(read) == array)));
                // A declaration outside loops assigns for the first time; inside a loop it overwrites the last iteration's.
                if (needed && (plan.Item.Parent is not null || !plan.Item.Declares.Contains(key)))
                {
                    plan.Pushes.Add(key);
                }
            }
        }

        var backward = new MethodWriter(this, reverse: true).Write();
        var evaluateWriter = new MethodWriter(this, reverse: false);
        var evaluate = evaluateWriter.Write();
        var formulas = DerivativeFormulas();
        var derivation = Derivation();
        for (int i = 0; i < formulas.Count; i++)
        {
            derivation.Add($"∂{_lossName}/∂{DerivativeParameterName(i)} = {formulas[i]}");
        }

        var cost = new OperationCount(Math.Max(1, _regions.Sum(r => Operations(r, value: true))), _regions.Sum(r => Operations(r, value: false)));
        var summary = new List<string>
        {
            $"{_spec.Type.Name} (loss {_lossName})",
            FormattableString.Invariant($"Parameters: {_spec.Parameters.Sum(p => p.Length):N0} ({string.Join(", ", _spec.Parameters.Select(ParameterDisplay))})"),
            FormattableString.Invariant($"Operations of {_lossName} per iteration of its loops: {cost.Loss:N0}"),
            FormattableString.Invariant($"Operations of Backward per iteration: {cost.Backward:N0}, {cost.Ratio:F1}× the loss"),
        };

        return ScalarPlan.ForLoops(
            _spec, _typeReference, TypeNames.FullReference(_spec.Namespace, _spec.ContainingTypes, _spec.Type),
            evaluateWriter.Intermediates, formulas, derivation, cost, summary, backward, evaluate, _offsets,
            Enumerable.Range(0, _spec.Parameters.Count).Select(DerivativeParameterName).ToList());
    }

    private string ParameterDisplay(ParameterSpec parameter) => parameter.Shape.Count switch
    {
        0 => parameter.Name,
        1 => $"{parameter.Name}[{parameter.Shape[0]}]",
        _ => $"{parameter.Name}[{parameter.Shape[0]}, {parameter.Shape[1]}]",
    };

    private int Operations(RegionPlan plan, bool value)
    {
        var roots = new List<int>();
        if (plan.Lowered.Returned >= 0)
        {
            roots.Add(plan.Lowered.Returned);
        }

        roots.AddRange(plan.ForwardOutputs(_program.Hoisted).Select(key => plan.Lowered.Outputs[key]));
        if (!value)
        {
            roots.AddRange(plan.Gradient.Where(g => !plan.Graph.IsZero(g)));
        }

        var reached = Reachability.Needed(plan.Graph, roots);
        int count = 0;
        for (int id = 0; id < reached.Length; id++)
        {
            var op = plan.Graph[id].Op;
            if (reached[id] && !Graph.IsLeaf(op) && !Graph.IsCondition(op) && op != Op.Select)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The region's inputs as leaves: locals, elements and parameters to differentiate by; arguments, their
    /// elements and ints as data; and a seed per live output.</summary>
    private RegionLeaves Leaves(LoopProgram.RegionItem region, List<string> liveOutputs)
    {
        var differentiable = new List<(string Key, string Name)>();
        var constant = new List<Leaf>();
        var constantKeys = new List<string?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void AddConstant(string key, string name, string code)
        {
            if (seen.Add(key))
            {
                constant.Add(new Leaf(name, code, IsInstanceMember: false));
                constantKeys.Add(key);
            }
        }

        void AddDifferentiable(string key, string name)
        {
            if (seen.Add(key))
            {
                differentiable.Add((key, name));
            }
        }

        foreach (string key in region.Reads.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (ElementKey.IsElement(key))
            {
                string array = ElementKey.ArrayOf(key);
                string shown = ElementKey.Of(Display(array), ElementKey.IndexOf(key));
                if (_loss.Arguments.Contains(array))
                {
                    AddConstant(key, shown, shown);
                }
                else
                {
                    AddDifferentiable(key, shown);
                }
            }
            else if (_loss.Arguments.Contains(key))
            {
                AddConstant(key, key, key);
            }
            else if (_program.Hoisted.Contains(key))
            {
                AddDifferentiable(key, Display(key));
            }
        }

        foreach (int index in region.Statements)
        {
            foreach (var expression in Expressions(index))
            {
                switch (expression.Kind)
                {
                    case ExprKind.Parameter:
                        AddDifferentiable(RegionKeys.Parameter(_spec.Parameters[expression.Index].Name), _spec.Parameters[expression.Index].Name);
                        break;
                    case ExprKind.Element when expression.Index >= 0:
                        string element = ElementKey.Of(expression.Name!, expression.Code!);
                        AddDifferentiable(RegionKeys.Parameter(element), element);
                        break;
                    case ExprKind.Integer:
                        string code = expression.Code!;
                        AddConstant(RegionKeys.Integer(code), code, "(double)" + (code.IndexOf(' ') < 0 ? code : "(" + code + ")"));
                        break;
                }
            }
        }

        var seeds = new List<(string Key, int Seed)>();
        foreach (string key in liveOutputs)
        {
            string shown = ElementKey.IsElement(key) ? ElementKey.Of(Display(ElementKey.ArrayOf(key)), ElementKey.IndexOf(key)) : Display(key);
            seeds.Add((key, constant.Count));
            constant.Add(new Leaf($"∂{_lossName}/∂{shown}", "seed:" + key, IsInstanceMember: false));
            constantKeys.Add(null);
        }

        return new RegionLeaves(differentiable, constant, constantKeys, seeds, _program.Hoisted);
    }

    /// <summary>Every expression of a statement, those of nested statements included.</summary>
    internal IEnumerable<ExprNode> Expressions(int index)
    {
        var statement = _loss.Statements[index];
        for (int e = statement.ExpressionStart; e >= 0 && e <= statement.Expression; e++)
        {
            yield return _loss.Expressions[e];
        }

        foreach (int inner in statement.Then.Concat(statement.Else))
        {
            foreach (var expression in Expressions(inner))
            {
                yield return expression;
            }
        }
    }

    // ---- Formulas -----------------------------------------------------------------------------------------------

    /// <summary>
    /// The loss as a reader writes it: its value, then each local in index form, a sum a loop accumulates written with
    /// Σ (<c>z = b + Σᵢ w[i]·x[i]</c>), an element of a local array likewise (<c>z[k] = b[k] + Σⱼ W[k, j]·x[j]</c>), and
    /// any other assignment in a loop as an update (<c>p ← p·t + c[i]  (for i)</c>).
    /// </summary>
    private List<string> Derivation()
    {
        var lines = new List<string>();
        var final = _regions.LastOrDefault(r => r.Lowered.Returned >= 0);
        if (final is not null)
        {
            lines.Add($"{_lossName} = {FormulaPrinter.ForReaders(final.Graph, ReaderNames(final)).Expand(final.Lowered.Returned)}");
        }

        lines.Add("where");
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in _regions)
        {
            var printer = FormulaPrinter.ForReaders(plan.Graph, ReaderNames(plan));
            foreach (string key in plan.Item.Writes.OrderBy(k => k, StringComparer.Ordinal))
            {
                if ((ElementKey.IsElement(key) || _program.Hoisted.Contains(key)) && done.Add(key))
                {
                    lines.Add("  " + Definition(key));
                }
            }

            if (plan.Item.Parent is null)
            {
                foreach (var named in plan.Lowered.Model.Named)
                {
                    if (named.Node != plan.Lowered.Returned)
                    {
                        lines.Add($"  {named.Name} = {printer.Expand(named.Node)}");
                    }
                }
            }
        }

        if (lines[lines.Count - 1] == "where")
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>Whether a formula is a sum or difference outside any parentheses (and so needs them after a Σ).</summary>
    private static bool HasTopLevelSum(string formula)
    {
        int depth = 0;
        for (int i = 0; i < formula.Length; i++)
        {
            char c = formula[i];
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && i > 0 && (c == '+' || c == '−'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How a local or an element is computed across the regions that write it.</summary>
    private string Definition(string key)
    {
        string shown = ElementKey.IsElement(key) ? ElementKey.Of(Display(ElementKey.ArrayOf(key)), ElementKey.IndexOf(key)) : Display(key);
        string? start = null;
        LoopProgram.RegionItem? startRegion = null;
        var sums = new List<string>();
        var updates = new List<string>();
        foreach (var plan in _regions.Where(r => r.Item.Writes.Contains(key)))
        {
            var graph = plan.Graph;
            var printer = FormulaPrinter.ForReaders(graph, ReaderNames(plan));
            int output = plan.Lowered.Outputs[key];
            int leaf = -1;
            for (int i = 0; i < plan.Leaves.Differentiable.Count; i++)
            {
                if (plan.Leaves.Differentiable[i].Key == key)
                {
                    leaf = graph.Parameter(i);
                }
            }

            bool DependsOnOld(int node) => leaf >= 0 && Reachability.Needed(graph, new[] { node }) is var needed && leaf < needed.Length && needed[leaf];
            var node = graph[output];
            if (!DependsOnOld(output) && start is null && updates.Count == 0 && sums.Count == 0)
            {
                start = printer.Expand(output);
                startRegion = plan.Item;
                continue;
            }

            int term = node.Op == Op.Add && node.A == leaf && !DependsOnOld(node.B) ? node.B
                : node.Op == Op.Add && node.B == leaf && !DependsOnOld(node.A) ? node.A
                : -1;
            var loops = plan.Item.Enclosing.Where(loop => startRegion is null || !startRegion.Enclosing.Contains(loop)).ToList();
            if (term >= 0 && updates.Count == 0)
            {
                string sum = printer.Expand(term);
                foreach (var loop in loops)
                {
                    bool grouped = HasTopLevelSum(sum);
                    sum = $"Σ{Subscript(loop.Loop.Counter)} " + (grouped ? "(" + sum + ")" : sum);
                }

                sums.Add(sum);
                continue;
            }

            string context = plan.Item.Enclosing.Any()
                ? "  (for " + string.Join(", ", plan.Item.Enclosing.Reverse().Select(l => l.Loop.Counter)) + ")"
                : string.Empty;
            updates.Add($"{shown} ← {printer.Expand(output)}{context}");
        }

        if (updates.Count > 0)
        {
            var all = new List<string>();
            if (start is not null)
            {
                all.Add($"{shown} = {start}");
            }

            all.AddRange(sums.Select(sum => $"{shown} ← {shown} + {sum}"));
            all.AddRange(updates);
            return string.Join("; ", all);
        }

        var parts = new List<string>();
        if (start is not null && start != "0")
        {
            parts.Add(start);
        }

        parts.AddRange(sums);
        return $"{shown} = {(parts.Count == 0 ? "0" : string.Join(" + ", parts))}";
    }

    private string DerivativeParameterName(int parameter)
    {
        var spec = _spec.Parameters[parameter];
        if (!spec.IsArray)
        {
            return spec.Name;
        }

        foreach (var plan in _regions)
        {
            foreach (var (key, name) in plan.Leaves.Differentiable)
            {
                if (key.StartsWith(RegionKeys.Parameter(spec.Name) + "[", StringComparison.Ordinal))
                {
                    return name;
                }
            }
        }

        return spec.Name + (spec.Shape.Count == 1 ? "[i]" : "[i, j]");
    }

    /// <summary>Per parameter, ∂L/∂θ in index form: the sum over the regions that read it of what each sends it, with
    /// a Σ over each loop around the region whose counter the parameter's index does not use.</summary>
    private List<string> DerivativeFormulas()
    {
        var formulas = new List<string>();
        for (int p = 0; p < _spec.Parameters.Count; p++)
        {
            var spec = _spec.Parameters[p];
            var terms = new List<string>();
            foreach (var plan in _regions)
            {
                var printer = FormulaPrinter.ForReaders(plan.Graph, ReaderNames(plan));
                for (int i = 0; i < plan.Leaves.Differentiable.Count; i++)
                {
                    var (key, _) = plan.Leaves.Differentiable[i];
                    string scalarKey = RegionKeys.Parameter(spec.Name);
                    bool matches = spec.IsArray ? key.StartsWith(scalarKey + "[", StringComparison.Ordinal) : key == scalarKey;
                    if (!matches || plan.Graph.IsZero(plan.Gradient[i]))
                    {
                        continue;
                    }

                    string term = printer.Expand(plan.Gradient[i]);
                    string index = spec.IsArray ? ElementKey.IndexOf(key.Substring("this.".Length)) : string.Empty;
                    foreach (var loop in plan.Item.Enclosing)
                    {
                        if (!UsesCounter(index, loop.Loop.Counter))
                        {
                            term = $"Σ{Subscript(loop.Loop.Counter)} ({term})";
                        }
                    }

                    terms.Add(term);
                }
            }

            formulas.Add(Substitute(terms.Count == 0 ? "0" : string.Join(" + ", terms)));
        }

        return formulas;
    }

    /// <summary>
    /// Writes the adjoint of a local in closed form where one exists (<c>x[i]·∂Bce/∂z</c> → <c>x[i]·(p − y)</c>): when
    /// exactly one region, outside every loop, sends the local its derivative, and every region in a loop that writes
    /// the local passes the adjoint through unchanged (<c>z += …</c>), the adjoint is the same wherever it is read.
    /// </summary>
    private string Substitute(string formula)
    {
        var closed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in _program.Hoisted)
        {
            var sends = new List<(RegionPlan Plan, int Leaf)>();
            bool varies = false;
            foreach (var plan in _regions)
            {
                for (int i = 0; i < plan.Leaves.Differentiable.Count; i++)
                {
                    if (plan.Leaves.Differentiable[i].Key != key || plan.Graph.IsZero(plan.Gradient[i]))
                    {
                        continue;
                    }

                    bool passes = plan.Leaves.Seeds.Any(seed => seed.Key == key && plan.Graph.DataArgument(seed.Seed) == plan.Gradient[i]);
                    if (passes)
                    {
                        continue;
                    }

                    if (plan.Item.Parent is not null)
                    {
                        varies = true;
                    }

                    sends.Add((plan, i));
                }
            }

            if (!varies && sends.Count == 1)
            {
                var (plan, leaf) = sends[0];
                closed[$"∂{_lossName}/∂{Display(key)}"] = FormulaPrinter.ForReaders(plan.Graph, ReaderNames(plan)).Expand(plan.Gradient[leaf]);
            }
        }

        for (int round = 0; round < 8; round++)
        {
            string before = formula;
            foreach (var pair in closed.OrderByDescending(p => p.Key.Length))
            {
                if (formula == pair.Key)
                {
                    formula = pair.Value;
                }
                else if (formula.Contains(pair.Key))
                {
                    bool atom = pair.Value.IndexOfAny(new[] { ' ', '+', '−' }) < 0;
                    formula = formula.Replace(pair.Key, atom ? pair.Value : "(" + pair.Value + ")");
                }
            }

            if (formula == before)
            {
                break;
            }
        }

        return formula;
    }

    private static bool UsesCounter(string index, string counter) =>
        index.Split(new[] { ' ', ',', '+', '-', '*', '(', ')' }, StringSplitOptions.RemoveEmptyEntries).Contains(counter);

    private static string Subscript(string counter) => counter switch
    {
        "i" => "ᵢ",
        "j" => "ⱼ",
        "k" => "ₖ",
        "n" => "ₙ",
        "m" => "ₘ",
        "t" => "ₜ",
        _ => "_" + counter,
    };

    private NameTable ReaderNames(RegionPlan plan)
    {
        var names = new NameTable(plan.Lowered.Model.Identifiers);
        foreach (var named in plan.Lowered.Model.Named)
        {
            names.NameAfterLocal(named.Node, named.Name);
        }

        return names;
    }

    // ---- Code -------------------------------------------------------------------------------------------------------

    /// <summary>Writes one method (Backward with its reverse sweep, or Evaluate): its names, its variables, its items.</summary>
    private sealed class MethodWriter
    {
        private readonly LoopPlanner _planner;
        private readonly bool _reverse;
        private readonly UniqueNames _pool;
        private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _adjoints = new(StringComparer.Ordinal);
        private readonly Dictionary<int, string> _parameterLocals = new();
        private readonly HashSet<string> _locals = new(StringComparer.Ordinal);
        private readonly List<NamedValue> _intermediates = new();
        private readonly Dictionary<string, int> _intermediatePosition = new(StringComparer.Ordinal);
        private string _tape = "tape";
        private (RegionPlan Plan, CodePrinter Code)? _combined;
        private string _spanArgument = "gradient";
        private string _top = "top";
        private bool _fillsWithNaN;

        public MethodWriter(LoopPlanner planner, bool reverse)
        {
            _planner = planner;
            _reverse = reverse;
            _pool = new UniqueNames(planner._identifiers);
        }

        private ModelSpec Spec => _planner._spec;

        private LoopProgram Program => _planner._program;

        public List<NamedValue> Intermediates => _intermediates;

        public LoopMethod Write()
        {
            var setup = new List<Statement>();
            string spanArgument = _spanArgument = _pool.Unique(_reverse ? "gradient" : "intermediates");
            _locals.UnionWith(Spec.Loss.Arguments);
            _locals.Add(spanArgument);

            // Parameters, read once into locals (an array by reference: its elements are read in place).
            // The loss's own locals, arguments and counters keep their names; a parameter's local takes the member's name
            // unless one of them has it.
            var claimed = new HashSet<string>(Spec.Loss.Arguments, StringComparer.Ordinal);
            foreach (var statement in Spec.Loss.Statements)
            {
                if (statement.Target is not null)
                {
                    claimed.Add(Display(statement.Target));
                }
            }

            if (!claimed.Contains(_planner._lossName))
            {
                _pool.Release(_planner._lossName);
            }

            for (int p = 0; p < Spec.Parameters.Count; p++)
            {
                var parameter = Spec.Parameters[p];
                string local = claimed.Contains(parameter.Name) ? _pool.Unique(parameter.Name) : parameter.Name;
                _pool.Reserve(local);
                _locals.Add(local);
                _parameterLocals[p] = local;
                string type = parameter.Shape.Count switch { 0 => "double", 1 => "double[]", _ => "double[,]" };
                setup.Add(new Line($"{type} {Identifier.Escape(local)} = this.{Identifier.Escape(parameter.Name)};"));
            }

            var taken = new HashSet<string>(StringComparer.Ordinal);
            string OwnName(string key) => taken.Add(Display(key)) ? Display(key) : _pool.Unique(Display(key));
            foreach (var array in Program.LocalArrays)
            {
                string name = OwnName(array.Key);
                _variables[array.Key] = name;
                _locals.Add(name);
                setup.Add(new Line($"global::System.Span<double> {name} = stackalloc double[{array.Value.ToString(CultureInfo.InvariantCulture)}];"));
                setup.Add(new Line($"{name}.Clear();", "stackalloc is zeroed unless the assembly skips locals' initialization"));
            }

            foreach (string key in Program.Hoisted.OrderBy(k => FirstUse(k)))
            {
                string name = OwnName(key);
                _variables[key] = name;
                _locals.Add(name);
                setup.Add(new Line($"double {Identifier.Escape(name)} = 0;", "a local of " + _planner._lossName + " that lives across its loops"));
            }

            // Evaluate reports the loss's top-level locals and the elements of its local arrays.
            if (!_reverse)
            {
                foreach (var statement in Spec.Loss.Body.Select(i => Spec.Loss.Statements[i]))
                {
                    if (statement.Kind == StatementKind.Declare && !_intermediatePosition.ContainsKey(statement.Target!))
                    {
                        _intermediatePosition[statement.Target!] = _intermediates.Count;
                        _intermediates.Add(new NamedValue(Display(statement.Target!), -1));
                    }
                }

                foreach (var array in Program.LocalArrays)
                {
                    for (int i = 0; i < array.Value; i++)
                    {
                        _intermediates.Add(new NamedValue(ElementKey.Of(Display(array.Key), i.ToString(CultureInfo.InvariantCulture)), -1));
                    }
                }
            }

            int pushes = _planner._regions.Sum(r => r.Pushes.Count);
            if (_reverse && pushes > 0)
            {
                _tape = _pool.Unique("tape");
                _top = _pool.Unique("top");
                string length = TapeLength();
                setup.Add(new Line($"int {_top} = 0;", "the tape: values the forward sweep overwrites that the reverse sweep needs back"));
                setup.Add(new Line($"double[] {_tape} = __tape is {{ }} kept && kept.Length >= {length} ? kept : (__tape = new double[{length}]);"));
            }

            if (_reverse)
            {
                foreach (string key in Program.Hoisted.OrderBy(k => FirstUse(k)))
                {
                    _adjoints[key] = _pool.Unique("d" + _planner._lossName + "_d" + Display(key));
                    _locals.Add(_adjoints[key]);
                }

                foreach (var array in Program.LocalArrays)
                {
                    _adjoints[array.Key] = _pool.Unique("d" + _planner._lossName + "_d" + Display(array.Key));
                    _locals.Add(_adjoints[array.Key]);
                }
            }

            var body = new List<Statement>(DataLengthChecks());
            body.AddRange(setup);
            string? returned = null;
            foreach (var item in Program.Items)
            {
                body.AddRange(Forward(item, ref returned));
            }

            if (_reverse)
            {
                foreach (string key in Program.Hoisted.OrderBy(k => FirstUse(k)))
                {
                    string name = _adjoints[key];
                    body.Add(new Line($"double {name} = 0;", $"∂{_planner._lossName}/∂{Display(key)}"));
                }

                foreach (var array in Program.LocalArrays)
                {
                    string name = _adjoints[array.Key];
                    body.Add(new Line($"global::System.Span<double> {name} = stackalloc double[{array.Value.ToString(CultureInfo.InvariantCulture)}];", $"∂{_planner._lossName}/∂{Display(array.Key)}"));
                    body.Add(new Line($"{name}.Clear();"));
                }

                for (int i = Program.Items.Count - 1; i >= 0; i--)
                {
                    body.AddRange(Reverse(Program.Items[i], spanArgument));
                }
            }
            else
            {
                foreach (var pair in _intermediatePosition)
                {
                    if (_variables.TryGetValue(pair.Key, out string? variable))
                    {
                        body.Add(new Line($"{spanArgument}[{pair.Value}] = {Identifier.Escape(variable)};"));
                    }
                }

                int position = _intermediatePosition.Count;
                foreach (var array in Program.LocalArrays)
                {
                    body.Add(new Line($"{_variables[array.Key]}.CopyTo({spanArgument}.Slice({position}, {array.Value}));"));
                    position += array.Value;
                }
            }

            return new LoopMethod(spanArgument, body, returned ?? "0", _reverse && pushes > 0, _fillsWithNaN || (!_reverse && _intermediatePosition.Keys.Any(k => !Program.Hoisted.Contains(k))));
        }

        /// <summary>
        /// A data array a loop runs over (<c>i &lt; x.Length</c>) while it indexes an array of the model with the same
        /// counter (<c>w[i]</c>) must have that array's length: shorter, the loss would quietly leave terms out.
        /// </summary>
        private IEnumerable<Statement> DataLengthChecks()
        {
            var checks = new Dictionary<string, (int Length, string Beside)>(StringComparer.Ordinal);
            foreach (var plan in _planner._regions)
            {
                foreach (var loop in plan.Item.Enclosing)
                {
                    if (loop.Loop.Trips >= 0 || !loop.Loop.Bound.EndsWith(".Length", StringComparison.Ordinal) || loop.Loop.Start != 0)
                    {
                        continue;
                    }

                    string argument = loop.Loop.Bound.Substring(0, loop.Loop.Bound.Length - ".Length".Length);
                    foreach (int index in plan.Item.Statements)
                    {
                        foreach (var expression in _planner.Expressions(index))
                        {
                            if (expression.Kind != ExprKind.Element || expression.Code != loop.Loop.Counter || checks.ContainsKey(argument))
                            {
                                continue;
                            }

                            if (expression.Index >= 0 && Spec.Parameters[expression.Index].Shape.Count == 1)
                            {
                                checks[argument] = (Spec.Parameters[expression.Index].Length, expression.Name!);
                            }
                            else if (Program.LocalArrays.TryGetValue(expression.Name!, out int length))
                            {
                                checks[argument] = (length, Display(expression.Name!));
                            }
                        }
                    }
                }
            }

            foreach (var pair in checks.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                string argument = Identifier.Escape(pair.Key);
                string length = pair.Value.Length.ToString(CultureInfo.InvariantCulture);
                string message = $"{pair.Key} has length {{{argument}.Length}}; {Spec.Type.Name}.{_planner._lossName} reads it beside {pair.Value.Beside}, which has length {length}.";
                yield return new HeaderBlock($"if ({argument}.Length != {length})", new Statement[]
                {
                    new Line($"throw new global::System.ArgumentException(${GeneratedText.Literal(message)}, {GeneratedText.Literal(pair.Key)});"),
                });
            }
        }

        private int FirstUse(string key) => Program.Regions.First(r => r.Reads.Contains(key) || r.Writes.Contains(key)).Order;

        /// <summary>How many values the tape holds: per region, its pushes times the iterations of the loops around it.</summary>
        private string TapeLength()
        {
            var terms = new List<string>();
            foreach (var plan in _planner._regions.Where(r => r.Pushes.Count > 0))
            {
                var factors = new List<string> { plan.Pushes.Count.ToString(CultureInfo.InvariantCulture) };
                foreach (var loop in plan.Item.Enclosing)
                {
                    factors.Add(Trips(loop.Loop));
                }

                terms.Add(string.Join(" * ", factors.Where(f => f != "1" || factors.Count == 1)));
            }

            return terms.Count == 1 && terms[0].IndexOf(' ') < 0 ? terms[0] : "(" + string.Join(" + ", terms) + ")";
        }

        private static string Trips(LoopSpec loop) =>
            loop.Trips >= 0 ? loop.Trips.ToString(CultureInfo.InvariantCulture)
            : loop.Start == 0 ? loop.Bound
            : $"global::System.Math.Max(0, {loop.Bound} - {loop.Start.ToString(CultureInfo.InvariantCulture)})";

        // ---- The forward sweep ---------------------------------------------------------------------------------------

        private IEnumerable<Statement> Forward(LoopProgram.Item item, ref string? returned)
        {
            if (item is LoopProgram.LoopItem loop)
            {
                var body = new List<Statement>();
                foreach (var inner in loop.Body)
                {
                    body.AddRange(Forward(inner, ref returned));
                }

                var spec = loop.Loop;
                string start = spec.Start.ToString(CultureInfo.InvariantCulture);
                return new[] { new HeaderBlock($"for (int {spec.Counter} = {start}; {spec.Counter} < {spec.Bound}; {spec.Counter}++)", body) };
            }

            var region = (LoopProgram.RegionItem)item;
            return ForwardRegion(_planner._regions[region.Order], ref returned);
        }

        private List<Statement> ForwardRegion(RegionPlan plan, ref string? returned)
        {
            var statements = new List<Statement>();
            if (_reverse)
            {
                foreach (string key in plan.Pushes)
                {
                    statements.Add(new Line($"{_tape}[{_top}++] = {Target(key)};", "keep the value the next lines overwrite"));
                }
            }

            var graph = plan.Graph;
            var names = new NameTable(_pool);
            foreach (var named in plan.Lowered.Model.Named)
            {
                names.NameAfterLocal(named.Node, named.Name);
                _locals.Add(named.Name);
            }

            var outputs = plan.ForwardOutputs(Program.Hoisted).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var roots = new List<int>();
            if (plan.Lowered.Returned >= 0)
            {
                roots.Add(plan.Lowered.Returned);
            }

            roots.AddRange(outputs.Select(key => plan.Lowered.Outputs[key]));
            var forced = new HashSet<int>(plan.Lowered.Model.Named.Select(n => n.Node));
            var direct = new HashSet<string>(StringComparer.Ordinal);
            var assignments = new List<(string Target, int Node)>();
            var inputLeaves = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < plan.Leaves.Differentiable.Count; i++)
            {
                inputLeaves[plan.Leaves.Differentiable[i].Key] = graph.Parameter(i);
            }

            foreach (string key in outputs)
            {
                int node = plan.Lowered.Outputs[key];
                string target = Target(key);
                if (inputLeaves.TryGetValue(key, out int own) && own == node)
                {
                    continue; // unchanged
                }

                if (Graph.IsLeaf(graph[node].Op) || names.IsUserNamed(node) || !DirectlyAssignable(plan, key, node, roots, inputLeaves))
                {
                    if (!Graph.IsLeaf(graph[node].Op))
                    {
                        forced.Add(node);
                    }

                    assignments.Add((target, node));
                    continue;
                }

                names.NameAfterLocal(node, target);
                forced.Add(node);
                direct.Add(target);
            }

            if (plan.Lowered.Returned is int value && value >= 0 && !Graph.IsLeaf(graph[value].Op) && !names.IsUserNamed(value))
            {
                names.Prefer(value, _planner._lossName);
                forced.Add(value);
            }

            // The region the loss returns from, when nothing after it changes what it read: its derivatives are planned
            // with its values, as a loss without loops is, so they use its named locals (p − y, not σ(z) again).
            bool combined = _reverse && IsCombinable(plan);
            if (combined)
            {
                roots.AddRange(plan.Gradient.Where(g => !graph.IsZero(g)));
            }

            var codePlan = CodePlan.Create(graph, roots, forced, names);
            var code = Printer(plan, names, codePlan.IsMaterialized);
            if (combined)
            {
                _combined = (plan, code);
            }

            var planner = new StatementPlanner(graph, names, code, _ => null, _ => null);
            var planned = new List<Statement>();
            Func<int, string, IEnumerable<Line>>? stores = null;
            if (!_reverse && plan.Item.Parent is null)
            {
                var positions = new Dictionary<int, List<int>>();
                foreach (var named in plan.Lowered.Model.Named)
                {
                    string key = plan.Lowered.Model.Named.Count > 0 ? KeyOfNamed(plan, named) : string.Empty;
                    if (_intermediatePosition.TryGetValue(key, out int position))
                    {
                        if (!positions.TryGetValue(named.Node, out var list))
                        {
                            positions[named.Node] = list = new List<int>();
                        }

                        list.Add(position);
                    }
                }

                if (positions.Count > 0)
                {
                    _fillsWithNaN |= codePlan.Steps.Any(s => s is Branch);
                    stores = (node, name) => positions.TryGetValue(node, out var at)
                        ? at.Select(p => new Line($"{_spanArgument}[{p}] = {name};"))
                        : Enumerable.Empty<Line>();
                }
            }

            planner.Plan(codePlan.Steps, planned, _planner._cancellationToken, donors: null, stores);
            statements.AddRange(planned.Select(statement => Undeclare(statement, direct)));
            foreach (var (target, node) in assignments)
            {
                statements.Add(new Line($"{target} = {code.Reference(node)};"));
            }

            // Evaluate: a top-level local of the region whose value no node of its own names (an alias, a leaf).
            if (!_reverse && plan.Item.Parent is null)
            {
                foreach (string key in plan.Item.Declares)
                {
                    if (!Program.Hoisted.Contains(key) && _intermediatePosition.TryGetValue(key, out int position) &&
                        plan.Lowered.Outputs.TryGetValue(key, out int node) && node >= 0 && !names.IsUserNamed(node))
                    {
                        statements.Add(new Line($"{_spanArgument}[{position}] = {code.Reference(node)};"));
                    }
                }
            }

            if (plan.Lowered.Returned >= 0)
            {
                returned = code.Reference(plan.Lowered.Returned);
            }

            return statements;
        }

        /// <summary>The key a named node of the region holds the final value of (its user's local).</summary>
        private static string KeyOfNamed(RegionPlan plan, NamedValue named)
        {
            foreach (var pair in plan.Lowered.Outputs)
            {
                if (pair.Value == named.Node && Display(pair.Key) == StripVersion(named.Name))
                {
                    return pair.Key;
                }
            }

            return string.Empty;
        }

        private static string StripVersion(string name)
        {
            int underscore = name.LastIndexOf('_');
            return underscore > 0 && int.TryParse(name.Substring(underscore + 1), out _) ? name.Substring(0, underscore) : name;
        }

        /// <summary>
        /// Whether an output can be assigned where it is computed (<c>z = z + w[i] * x[i];</c>) rather than through a
        /// temporary at the end: only if nothing else the region computes reads the key's value on entry, which the
        /// assignment would overwrite.
        /// </summary>
        private static bool DirectlyAssignable(RegionPlan plan, string key, int node, List<int> roots, Dictionary<string, int> inputLeaves)
        {
            if (!inputLeaves.TryGetValue(key, out int leaf))
            {
                // An element key is also read through other spellings of its index only in another region (see Aliases).
                return true;
            }

            var others = roots.Where(root => root != node).ToList();
            if (others.Count == 0)
            {
                return true;
            }

            var needed = Reachability.Needed(plan.Graph, others);
            return leaf >= needed.Length || !needed[leaf];
        }

        /// <summary>A planned line that declares a hoisted variable or an element assigns it instead.</summary>
        private static Statement Undeclare(Statement statement, HashSet<string> direct)
        {
            switch (statement)
            {
                case Line line:
                    foreach (string target in direct)
                    {
                        string declaration = "double " + target + " = ";
                        if (line.Code.StartsWith(declaration, StringComparison.Ordinal))
                        {
                            return new Line(line.Code.Substring("double ".Length), line.Comment);
                        }
                    }

                    return line;
                case Choice choice:
                    var arms = choice.Arms.Select(arm => new ChoiceArm(arm.Condition, arm.Body.Select(s => Undeclare(s, direct)).ToList())).ToList();
                    bool hoisted = direct.Any(target => choice.Declaration.Code == "double " + target + ";");
                    return new Choice(hoisted ? new Line(string.Empty) : choice.Declaration, arms);
                default:
                    return statement;
            }
        }

        /// <summary>How code names a key: a hoisted local's variable, or an element of a local array.</summary>
        private string Target(string key) => ElementKey.IsElement(key)
            ? ElementKey.Of(_variables[ElementKey.ArrayOf(key)], ElementKey.IndexOf(key))
            : _variables[key];

        private string Adjoint(string key) => ElementKey.IsElement(key)
            ? ElementKey.Of(_adjoints[ElementKey.ArrayOf(key)], ElementKey.IndexOf(key))
            : _adjoints[key];

        /// <summary>How code reads each differentiable leaf of the region.</summary>
        private CodePrinter Printer(RegionPlan plan, NameTable names, Func<int, bool> hasLocal, IReadOnlyDictionary<string, string>? seedCode = null)
        {
            var leafCode = new Dictionary<int, string>();
            for (int i = 0; i < plan.Leaves.Differentiable.Count; i++)
            {
                string key = plan.Leaves.Differentiable[i].Key;
                leafCode[i] = LeafCode(key);
            }

            var graph = plan.Graph;
            var dataCode = new Dictionary<int, string>();
            for (int i = 0; i < graph.Data.Count; i++)
            {
                string code = graph.Data[i].Code;
                if (code.StartsWith("seed:", StringComparison.Ordinal))
                {
                    string key = code.Substring("seed:".Length);
                    dataCode[i] = seedCode is not null && seedCode.TryGetValue(key, out string? copy) ? copy : _reverse ? Adjoint(key) : "0";
                }
            }

            return new CodePrinter(graph, names, hasLocal, _locals, _planner._typeReference, leafCode, dataCode: dataCode);
        }

        private string LeafCode(string key)
        {
            if (key.StartsWith("this.", StringComparison.Ordinal))
            {
                string name = key.Substring("this.".Length);
                if (!ElementKey.IsElement(name))
                {
                    int p = Spec.Parameters.ToList().FindIndex(s => s.Name == name);
                    return _parameterLocals[p];
                }

                string array = ElementKey.ArrayOf(name);
                int index = Spec.Parameters.ToList().FindIndex(s => s.Name == array);
                return ElementKey.Of(_parameterLocals[index], ElementKey.IndexOf(name));
            }

            return Target(key);
        }

        // ---- The reverse sweep ---------------------------------------------------------------------------------------

        private IEnumerable<Statement> Reverse(LoopProgram.Item item, string gradient)
        {
            if (item is LoopProgram.LoopItem loop)
            {
                var body = new List<Statement>();
                for (int i = loop.Body.Count - 1; i >= 0; i--)
                {
                    body.AddRange(Reverse(loop.Body[i], gradient));
                }

                var spec = loop.Loop;
                string last = spec.Trips >= 0
                    ? (spec.Start + spec.Trips - 1).ToString(CultureInfo.InvariantCulture)
                    : spec.Bound + " - 1";
                string start = spec.Start.ToString(CultureInfo.InvariantCulture);
                return new[] { new HeaderBlock($"for (int {spec.Counter} = {last}; {spec.Counter} >= {start}; {spec.Counter}--)", body, "the loop, backwards") };
            }

            return ReverseRegion(_planner._regions[((LoopProgram.RegionItem)item).Order], gradient);
        }

        private bool IsCombinable(RegionPlan plan) =>
            plan.Item.Parent is null && plan == _planner._regions[_planner._regions.Count - 1] && Program.Items[Program.Items.Count - 1] == plan.Item &&
            plan.Pushes.Count == 0 && plan.LiveOutputs.Count == 0 && !plan.Item.Writes.Any(plan.ReverseReads.Contains);

        private List<Statement> ReverseRegion(RegionPlan plan, string gradient)
        {
            var statements = new List<Statement>();
            if (_combined is var (combinedPlan, combinedCode) && combinedPlan == plan)
            {
                var readers = FormulaPrinter.ForReaders(plan.Graph, _planner.ReaderNames(plan));
                for (int i = 0; i < plan.Leaves.Differentiable.Count; i++)
                {
                    int node = plan.Gradient[i];
                    if (!plan.Graph.IsZero(node))
                    {
                        string comment = $"∂{_planner._lossName}/∂{plan.Leaves.Differentiable[i].Name} += {readers.Expand(node)}";
                        statements.Add(new Line($"{SendTarget(plan.Leaves.Differentiable[i].Key, gradient)} += {combinedCode.Reference(node)};",
                            SourceWriter.Abbreviate(comment, comment.Length, SourceWriter.MaxCommentLength)));
                    }
                }

                return statements;
            }

            for (int i = plan.Pushes.Count - 1; i >= 0; i--)
            {
                statements.Add(new Line($"{Target(plan.Pushes[i])} = {_tape}[--{_top}];", "the value before the region, back from the tape"));
            }

            var graph = plan.Graph;
            var seeds = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, seed) in plan.Leaves.Seeds)
            {
                seeds[key] = graph.DataArgument(seed);
            }

            // What each input gets back, and which outputs' adjoints start again from zero: the value they had before the
            // region is overwritten, so it receives only what the region sends it (an element always, since another
            // spelling of its index may reach the same element; a local unless its adjoint passes through unchanged).
            var sends = new List<(string Key, int Index, int Node)>();
            var reset = new List<string>();
            var passThrough = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < plan.Leaves.Differentiable.Count; i++)
            {
                string key = plan.Leaves.Differentiable[i].Key;
                int derivative = plan.Gradient[i];
                if ((!ElementKey.IsElement(key) || OnlySpelling(plan, key)) && seeds.TryGetValue(key, out int own) && derivative == own)
                {
                    passThrough.Add(key);
                    continue;
                }

                if (!graph.IsZero(derivative))
                {
                    sends.Add((key, i, derivative));
                }
            }

            foreach (string key in plan.Item.Writes.Where(k => ElementKey.IsElement(k) || Program.Hoisted.Contains(k)))
            {
                if (plan.LiveOutputs.Contains(key) && !passThrough.Contains(key) && AdjointReadLater(plan, key))
                {
                    reset.Add(key);
                }
            }

            // The adjoints of reset outputs are read into locals first: the resets and the sends that follow may change them.
            var seedCopies = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string key in reset)
            {
                string copy = _pool.Unique("d" + _planner._lossName + "_d" + SafeName(key));
                seedCopies[key] = copy;
                statements.Add(new Line($"double {copy} = {Adjoint(key)};"));
            }

            var names = new NameTable(_pool);
            var roots = sends.Select(s => s.Node).ToList();
            var codePlan = CodePlan.Create(graph, roots, new HashSet<int>(), names);
            var code = Printer(plan, names, codePlan.IsMaterialized, seedCopies);
            new StatementPlanner(graph, names, code, _ => null, _ => null).Plan(codePlan.Steps, statements, _planner._cancellationToken);
            // An output that is also an input gets what the region sends it in place of its old adjoint (p = p·t + c[i]).
            var assigned = new HashSet<string>(sends.Select(send => send.Key).Where(reset.Contains), StringComparer.Ordinal);
            foreach (string key in reset.Where(key => !assigned.Contains(key)))
            {
                statements.Add(new Line($"{Adjoint(key)} = 0;"));
            }

            var formulas = FormulaPrinter.ForReaders(graph, _planner.ReaderNames(plan));
            foreach (var (key, _, node) in sends)
            {
                string operation = assigned.Contains(key) ? " = " : " += ";
                string comment = $"∂{_planner._lossName}/∂{plan.Leaves.Differentiable[sends.First(s => s.Key == key).Index].Name}{operation}{formulas.Expand(node)}";
                statements.Add(new Line($"{SendTarget(key, gradient)}{operation}{code.Reference(node)};", SourceWriter.Abbreviate(comment, comment.Length, SourceWriter.MaxCommentLength)));
            }

            return statements;
        }

        /// <summary>Whether every access of the element's array in the region spells its index the same way: then no
        /// other access can reach the element, and its adjoint may pass through unchanged.</summary>
        private static bool OnlySpelling(RegionPlan plan, string key)
        {
            string array = ElementKey.ArrayOf(key);
            return plan.Item.Reads.Concat(plan.Item.Writes)
                .Where(k => ElementKey.IsElement(k) && ElementKey.ArrayOf(k) == array)
                .All(k => k == key);
        }

        /// <summary>
        /// Whether the reverse sweep reads the key's adjoint after the region's reverse: some region that runs before
        /// it in the forward sweep (or beside it in a loop) uses the key. Otherwise the adjoint is dead once the region
        /// has sent it on, and needs no reset to zero.
        /// </summary>
        private bool AdjointReadLater(RegionPlan plan, string key)
        {
            if (ElementKey.IsElement(key))
            {
                return true;
            }

            return _planner._regions.Any(other =>
                (other != plan || plan.Item.Parent is not null) && LoopProgram.RunsBefore(other.Item, plan.Item) &&
                (other.Item.Reads.Contains(key) || other.Item.Writes.Contains(key)));
        }

        private static string SafeName(string key)
        {
            var builder = new System.Text.StringBuilder();
            foreach (char c in Display(ElementKey.IsElement(key) ? ElementKey.ArrayOf(key) : key))
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            }

            return builder.ToString();
        }

        /// <summary>Where an input's derivative goes: the gradient span for a parameter, else the local's adjoint.</summary>
        private string SendTarget(string key, string gradient)
        {
            if (!key.StartsWith("this.", StringComparison.Ordinal))
            {
                return Adjoint(key);
            }

            string name = key.Substring("this.".Length);
            if (!ElementKey.IsElement(name))
            {
                int p = Spec.Parameters.ToList().FindIndex(s => s.Name == name);
                return $"{gradient}[{_planner._offsets[p].ToString(CultureInfo.InvariantCulture)}]";
            }

            string array = ElementKey.ArrayOf(name);
            int index = Spec.Parameters.ToList().FindIndex(s => s.Name == array);
            var parts = ElementKey.IndexOf(name).Split(new[] { ", " }, StringSplitOptions.None);
            string Wrap(string part) => part.IndexOf(' ') < 0 ? part : "(" + part + ")";
            string flat = parts.Length == 1 ? parts[0] : $"{Wrap(parts[0])} * {Spec.Parameters[index].Shape[1].ToString(CultureInfo.InvariantCulture)} + {Wrap(parts[1])}";
            int offset = _planner._offsets[index];
            return offset == 0 ? $"{gradient}[{flat}]" : $"{gradient}[{offset.ToString(CultureInfo.InvariantCulture)} + {(parts.Length == 1 ? Wrap(flat) : flat)}]";
        }
    }
}

/// <summary>A method of a loop program, planned: its span argument, its statements, what it returns.</summary>
internal sealed record LoopMethod(string SpanArgument, List<Statement> Statements, string ReturnValue, bool UsesTape, bool FillsWithNaN);
