using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>A local of the loss that names a node: formulas and generated code call the node by this name.</summary>
/// <param name="Name">The identifier, versioned when the local is assigned more than once (s, s_2, …).</param>
/// <param name="Node">The node it names.</param>
internal sealed record NamedValue(string Name, int Node);

/// <summary>The loss as a DAG: the value node and the locals that name nodes, in the order they were assigned.</summary>
internal sealed class LoweredModel
{
    public LoweredModel(Graph graph, int value, IReadOnlyList<NamedValue> named, IReadOnlyList<NamedValue> intermediates, ISet<string> identifiers)
    {
        Graph = graph;
        Value = value;
        Named = named;
        Intermediates = intermediates;
        Identifiers = identifiers;
    }

    public Graph Graph { get; }

    public int Value { get; }

    /// <summary>The locals that name a node: code and formulas call the node by that name.</summary>
    public IReadOnlyList<NamedValue> Named { get; }

    /// <summary>
    /// Every local of the loss with its value, in the order they were first assigned: the named ones, and those whose
    /// value is a parameter, an argument, a constant or a node another local already names (double q = p;).
    /// </summary>
    public IReadOnlyList<NamedValue> Intermediates { get; }

    /// <summary>Every identifier the model's code uses: generated names must avoid them all.</summary>
    public ISet<string> Identifiers { get; }
}

/// <summary>
/// What <see cref="Lowering"/> reads: a function of the loss language to differentiate, the functions it calls, its
/// parameters, and the names that generated locals must not take. A [Differentiable] model gives one (see
/// <see cref="ModelSpec.ToLoweringInput"/>), and so does a layer's custom activation, whose one parameter is its
/// argument.
/// </summary>
internal sealed class LoweringInput
{
    public LoweringInput(IReadOnlyList<string> parameterNames, FunctionSpec loss, IReadOnlyList<FunctionSpec> helpers, IEnumerable<string> reservedNames)
    {
        ParameterNames = parameterNames;
        Loss = loss;
        Helpers = helpers;
        ReservedNames = reservedNames;
    }

    /// <summary>The parameters the gradient is taken with respect to, in order: <see cref="ExprKind.Parameter"/>
    /// expressions index them.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The function differentiated: its arguments are data.</summary>
    public FunctionSpec Loss { get; }

    /// <summary>The functions <see cref="ExprKind.HelperCall"/> expressions call, inlined at their call sites.</summary>
    public IReadOnlyList<FunctionSpec> Helpers { get; }

    /// <summary>Identifiers of the type the code is generated into (its members and its own name): no generated
    /// local may take one.</summary>
    public IEnumerable<string> ReservedNames { get; }
}

/// <summary>
/// The loss cannot be lowered: a local read before it is assigned, a path without a return. The parser only passes
/// code the C# compiler accepts, so this is a disagreement with C#'s rules, reported as SGD0026.
/// </summary>
internal sealed class InvalidSourceException : Exception
{
    public InvalidSourceException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Turns the statements of the loss into nodes of a <see cref="Graph"/>, in static single assignment form: each
/// assignment to a local makes a new node; where the branches of an <c>if</c> assign a local differently the join
/// is a choice (Select) on the condition; a <c>return</c> inside a branch becomes a choice between the returned
/// value and the value of the rest of the method. Calls to the model's own methods are inlined.
/// </summary>
internal sealed class Lowering
{
    private const int MaxInliningDepth = 64;
    private const int Unassigned = -1;

    private readonly LoweringInput _input;
    private readonly Graph _graph;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<(string Code, ExprKind Access), int> _memberIndex = new();
    private readonly List<NamedValue> _named = new();
    private readonly HashSet<int> _namedNodes = new();

    // Every assignment of a loss local, in order: the name it gave its node, or null where the node already had one
    // or cannot have one (a leaf); such a local is listed under its own name unless another assignment names it.
    private readonly List<(string Key, string? Name, int Node)> _assignments = new();
    private UniqueNames _usedNames = null!;
    private readonly HashSet<string> _identifiers = new(StringComparer.Ordinal);
    private int _inliningDepth;

    // A region of a loop program (see LowerRegion): its inputs are leaves keyed by name, and the locals it must not
    // name (those that live on after it, held in variables of the whole method).
    private readonly bool _isRegion;
    private readonly ISet<string>? _unnamed;

    private Lowering(LoweringInput input, CancellationToken cancellationToken, RegionLeaves? region = null)
    {
        _input = input;
        _cancellationToken = cancellationToken;
        _isRegion = region is not null;
        _unnamed = region?.Unnamed;

        var parameterNames = new List<string>();
        var data = new List<Leaf>();
        if (region is null)
        {
            parameterNames.AddRange(input.ParameterNames);
            foreach (string argument in input.Loss.Arguments)
            {
                data.Add(new Leaf(argument, argument, IsInstanceMember: false));
            }
        }
        else
        {
            parameterNames.AddRange(region.Differentiable.Select(leaf => leaf.Name));
            data.AddRange(region.Constant);
        }

        var members = new List<Leaf>();
        CollectMembers(input.Loss, members);
        foreach (var helper in input.Helpers)
        {
            CollectMembers(helper, members);
        }

        // Reverse mode makes about three nodes for each of the loss's: its value, its adjoint and the product between.
        int expressions = input.Loss.Expressions.Count;
        foreach (var helper in input.Helpers)
        {
            expressions += helper.Expressions.Count;
        }

        _graph = new Graph(parameterNames, data, members, expectedNodes: 3 * expressions);
        CollectIdentifiers();
    }

    public static LoweredModel Lower(LoweringInput input, CancellationToken cancellationToken)
    {
        var lowering = new Lowering(input, cancellationToken);
        var arguments = new int[input.Loss.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = lowering._graph.DataArgument(i);
        }

        int value = lowering.LowerFunction(input.Loss, arguments, isLoss: true);
        return new LoweredModel(lowering._graph, value, lowering._named, lowering.Intermediates(), lowering._identifiers);
    }

    /// <summary>
    /// Lowers a region of a loop program: straight-line statements of the loss (ifs included) run from the values its
    /// inputs hold on entry, each input a leaf: <see cref="RegionLeaves.Differentiable"/> ones as parameters of the
    /// region's graph (so the differentiator gives the derivative with respect to each), the others as data. The
    /// region's value is <c>Σ seedₖ·outₖ</c> over the outputs, plus what it returns: its gradient is then what reverse
    /// mode sends back through the region, given the adjoints (seeds) of its outputs.
    /// </summary>
    public static LoweredRegion LowerRegion(LoweringInput input, RegionLeaves leaves, IReadOnlyList<int> statements, CancellationToken cancellationToken)
    {
        var lowering = new Lowering(input, cancellationToken, leaves);
        var graph = lowering._graph;
        var environment = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < leaves.Differentiable.Count; i++)
        {
            environment[leaves.Differentiable[i].Key] = graph.Parameter(i);
        }

        for (int i = 0; i < leaves.Constant.Count; i++)
        {
            if (leaves.ConstantKeys[i] is { } key)
            {
                environment[key] = graph.DataArgument(i);
            }
        }

        lowering._inliningDepth = 1;
        var context = new FunctionContext(input.Loss, isLoss: true);
        var flow = lowering.Execute(context, statements.ToEquatableArray(), new Flow(graph.FalseNode, Unassigned, environment), branchLocals: null);
        if (flow.Guard != graph.FalseNode && flow.Guard != graph.TrueNode)
        {
            throw new InvalidSourceException("not every path of the last part of the loss returns a value");
        }

        var outputs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in flow.Environment)
        {
            outputs[pair.Key] = pair.Value;
        }

        int returned = flow.Guard == graph.TrueNode ? flow.Value : -1;
        var terms = new List<int>();
        if (returned >= 0)
        {
            terms.Add(returned);
        }

        foreach (var (key, seed) in leaves.Seeds)
        {
            if (outputs.TryGetValue(key, out int output) && output != Unassigned)
            {
                terms.Add(graph.Multiply(graph.DataArgument(seed), output));
            }
        }

        int value = terms.Count == 0 ? graph.Zero : graph.Sum(terms);
        var model = new LoweredModel(graph, value, lowering._named, lowering.Intermediates(), lowering._identifiers);
        return new LoweredRegion(model, outputs, returned);
    }

    private void CollectMembers(FunctionSpec function, List<Leaf> members)
    {
        foreach (var expression in function.Expressions)
        {
            if (expression.Kind is not (ExprKind.InstanceMember or ExprKind.StaticMember))
            {
                continue;
            }

            var key = (expression.Code!, expression.Kind);
            if (!_memberIndex.ContainsKey(key))
            {
                _memberIndex[key] = members.Count;
                members.Add(new Leaf(expression.Name!, expression.Code!, expression.Kind == ExprKind.InstanceMember));
            }
        }
    }

    private void CollectIdentifiers()
    {
        _identifiers.UnionWith(_input.ReservedNames);
        _identifiers.UnionWith(_input.ParameterNames);

        foreach (var function in Functions())
        {
            _identifiers.Add(function.Name);
            foreach (string argument in function.Arguments)
            {
                _identifiers.Add(argument);
            }

            foreach (var statement in function.Statements)
            {
                if (statement.Target is not null)
                {
                    _identifiers.Add(DisplayName(statement.Target));
                }
            }
        }

        var used = new HashSet<string>(_identifiers, StringComparer.Ordinal);
        foreach (var statement in _input.Loss.Statements)
        {
            // A local's own name stays free for its first assignment.
            if (statement.Kind == StatementKind.Declare)
            {
                used.Remove(DisplayName(statement.Target!));
            }
        }

        foreach (string argument in _input.Loss.Arguments)
        {
            used.Add(argument);
        }

        _usedNames = new UniqueNames(used);
    }

    private IEnumerable<FunctionSpec> Functions()
    {
        yield return _input.Loss;
        foreach (var helper in _input.Helpers)
        {
            yield return helper;
        }
    }

    private int LowerFunction(FunctionSpec function, int[] arguments, bool isLoss)
    {
        if (++_inliningDepth > MaxInliningDepth)
        {
            throw new InvalidSourceException($"methods nest more than {MaxInliningDepth} calls deep");
        }

        var environment = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < arguments.Length; i++)
        {
            environment[function.Arguments[i]] = arguments[i];
        }

        var context = new FunctionContext(function, isLoss);
        var flow = new Flow(_graph.FalseNode, Unassigned, environment);
        flow = Execute(context, function.Body, flow, branchLocals: null);
        if (flow.Guard != _graph.TrueNode)
        {
            throw new InvalidSourceException($"not every path of '{function.Name}' returns a value");
        }

        _inliningDepth--;
        return flow.Value;
    }

    // ---- Statements -------------------------------------------------------------------------------------------

    /// <summary>
    /// The state of a method part-way through: if <see cref="Guard"/> holds, it has returned <see cref="Value"/>;
    /// otherwise it goes on with the locals in <see cref="Environment"/>.
    /// </summary>
    private sealed class Flow
    {
        public Flow(int guard, int value, Dictionary<string, int> environment)
        {
            Guard = guard;
            Value = value;
            Environment = environment;
        }

        public int Guard { get; }

        public int Value { get; }

        public Dictionary<string, int> Environment { get; }
    }

    private sealed class FunctionContext
    {
        public FunctionContext(FunctionSpec function, bool isLoss)
        {
            Function = function;
            IsLoss = isLoss;
            Values = new int[function.Expressions.Count];
        }

        public FunctionSpec Function { get; }

        public bool IsLoss { get; }

        public int[] Values { get; }
    }

    /// <param name="branchLocals">Inside a branch of an <c>if</c>, the locals declared in that branch: only they are
    /// named when assigned there (a local from outside is named once, at the join of the branches).</param>
    private Flow Execute(FunctionContext context, EquatableArray<int> statements, Flow flow, HashSet<string>? branchLocals)
    {
        foreach (int index in statements)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (flow.Guard == _graph.TrueNode)
            {
                break; // the rest is unreachable
            }

            var statement = context.Function.Statements[index];
            var environment = flow.Environment;
            switch (statement.Kind)
            {
                case StatementKind.Declare:
                    branchLocals?.Add(statement.Target!);
                    environment[statement.Target!] = statement.Expression < 0
                        ? Unassigned
                        : Assign(context, statement.Target!, Evaluate(context, statement, environment), branchLocals);
                    break;

                case StatementKind.Assign:
                    int value = Evaluate(context, statement, environment);
                    string written = statement.Written!;
                    if (statement.Operator >= 0)
                    {
                        value = Arithmetic((ArithmeticOperator)statement.Operator, Read(environment, written), value);
                    }

                    environment[written] = Assign(context, written, value, branchLocals);
                    break;

                case StatementKind.Return:
                    int returned = Evaluate(context, statement, environment);
                    flow = flow.Guard == _graph.FalseNode
                        ? new Flow(_graph.TrueNode, returned, environment)
                        : new Flow(_graph.TrueNode, _graph.Select(flow.Guard, flow.Value, returned), environment);
                    break;

                case StatementKind.Block:
                    flow = Execute(context, statement.Then, flow, branchLocals);
                    break;

                case StatementKind.If:
                    flow = ExecuteIf(context, statement, flow, branchLocals);
                    break;

                case StatementKind.For or StatementKind.DeclareArray:
                    throw new InvalidOperationException("A loop program's regions hold no loops or array declarations (see LoopProgram).");

                default:
                    throw new InvalidOperationException($"Unknown statement kind {statement.Kind}.");
            }
        }

        return flow;
    }

    private Flow ExecuteIf(FunctionContext context, StatementNode statement, Flow flow, HashSet<string>? branchLocals)
    {
        var before = flow.Environment;
        int condition = Evaluate(context, statement, before);

        var fresh = new Flow(_graph.FalseNode, Unassigned, before);
        var whenTrue = condition == _graph.FalseNode
            ? fresh
            : Execute(context, statement.Then, Copy(fresh), new HashSet<string>(StringComparer.Ordinal));
        var whenFalse = condition == _graph.TrueNode
            ? fresh
            : Execute(context, statement.Else, Copy(fresh), new HashSet<string>(StringComparer.Ordinal));

        // Where the if itself returns, and what.
        int guard = _graph.Select(condition, whenTrue.Guard, whenFalse.Guard);
        int value = whenTrue.Guard == _graph.FalseNode ? whenFalse.Value
            : whenFalse.Guard == _graph.FalseNode ? whenTrue.Value
            : _graph.Select(condition, whenTrue.Value, whenFalse.Value);

        // The locals after the if, for the paths that go on: a branch that always returns does not contribute.
        var joined = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in before)
        {
            int onTrue = whenTrue.Environment[pair.Key];
            int onFalse = whenFalse.Environment[pair.Key];
            int merged = whenTrue.Guard == _graph.TrueNode ? onFalse
                : whenFalse.Guard == _graph.TrueNode ? onTrue
                : onTrue == onFalse ? onTrue
                : condition == _graph.TrueNode ? Assign(context, pair.Key, onTrue, branchLocals) // a constant condition:
                : condition == _graph.FalseNode ? Assign(context, pair.Key, onFalse, branchLocals) // one branch never runs
                : onTrue == Unassigned || onFalse == Unassigned ? Unassigned
                : Assign(context, pair.Key, _graph.Select(condition, onTrue, onFalse), branchLocals);
            joined[pair.Key] = merged;
        }

        if (flow.Guard == _graph.FalseNode)
        {
            return new Flow(guard, value, joined);
        }

        // An earlier branch may already have returned: it keeps its value where it did.
        return new Flow(
            _graph.Or(flow.Guard, guard),
            guard == _graph.FalseNode ? flow.Value : _graph.Select(flow.Guard, flow.Value, value),
            joined);
    }

    private static Flow Copy(Flow flow) =>
        new(flow.Guard, flow.Value, new Dictionary<string, int>(flow.Environment, StringComparer.Ordinal));

    private int Assign(FunctionContext context, string key, int value, HashSet<string>? branchLocals)
    {
        if (_isRegion && (Loops.ElementKey.IsElement(key) || _unnamed!.Contains(key)))
        {
            return value; // an element, or a local held in a variable of the whole method: never a name of its own
        }

        if (context.IsLoss && (branchLocals is null || branchLocals.Contains(key)))
        {
            _assignments.Add((key, Name(value, DisplayName(key)), value));
        }

        return value;
    }

    /// <summary>Names the node after the local, versioned (s, s_2, …), unless it cannot have or already has a name.</summary>
    private string? Name(int node, string name)
    {
        var op = _graph[node].Op;
        if (Graph.IsLeaf(op) || Graph.IsCondition(op) || !_namedNodes.Add(node))
        {
            return null;
        }

        string unique = _usedNames.Unique(name);
        _named.Add(new NamedValue(unique, node));
        return unique;
    }

    private List<NamedValue> Intermediates()
    {
        var namedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in _assignments)
        {
            if (assignment.Name is not null)
            {
                namedKeys.Add(assignment.Key);
            }
        }

        var intermediates = new List<NamedValue>();
        var aliased = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, name, node) in _assignments)
        {
            if (name is not null)
            {
                intermediates.Add(new NamedValue(name, node));
            }
            else if (!namedKeys.Contains(key) && aliased.Add(key))
            {
                intermediates.Add(new NamedValue(_usedNames.Unique(DisplayName(key)), node));
            }
        }

        return intermediates;
    }

    private static int Read(Dictionary<string, int> environment, string key)
    {
        if (!environment.TryGetValue(key, out int value) || value == Unassigned)
        {
            throw new InvalidSourceException($"'{DisplayName(key)}' is read before it is assigned");
        }

        return value;
    }

    /// <summary>The user's name of a local: the parser keys a second local of the same name as name#2.</summary>
    private static string DisplayName(string key)
    {
        int hash = key.IndexOf('#');
        return hash < 0 ? key : key.Substring(0, hash);
    }

    // ---- Expressions ------------------------------------------------------------------------------------------

    private int Evaluate(FunctionContext context, StatementNode statement, Dictionary<string, int> environment)
    {
        var expressions = context.Function.Expressions;
        var values = context.Values;
        for (int i = statement.ExpressionStart; i <= statement.Expression; i++)
        {
            values[i] = Lower(expressions[i], values, environment);
        }

        return values[statement.Expression];
    }

    private int Lower(ExprNode expression, int[] values, Dictionary<string, int> environment)
    {
        var operands = expression.Operands;
        int Operand(int i) => values[operands[i]];

        switch (expression.Kind)
        {
            case ExprKind.Number:
                return _graph.Constant(expression.Number);
            case ExprKind.Boolean:
                return _graph.Boolean(expression.Number != 0);
            case ExprKind.Variable:
                return Read(environment, expression.Name!);
            case ExprKind.Parameter:
                return _isRegion ? Read(environment, Loops.RegionKeys.Parameter(_input.ParameterNames[expression.Index])) : _graph.Parameter(expression.Index);
            case ExprKind.Element:
                return Read(environment, expression.Index >= 0
                    ? Loops.RegionKeys.Parameter(Loops.ElementKey.Of(expression.Name!, expression.Code!))
                    : Loops.ElementKey.Of(expression.Name!, expression.Code!));
            case ExprKind.Integer:
                return Read(environment, Loops.RegionKeys.Integer(expression.Code!));
            case ExprKind.InstanceMember or ExprKind.StaticMember:
                return _graph.Member(_memberIndex[(expression.Code!, expression.Kind)]);
            case ExprKind.Negate:
                return _graph.Negate(Operand(0));
            case ExprKind.Add:
                return _graph.Add(Operand(0), Operand(1));
            case ExprKind.Subtract:
                return _graph.Subtract(Operand(0), Operand(1));
            case ExprKind.Multiply:
                return _graph.Multiply(Operand(0), Operand(1));
            case ExprKind.Divide:
                return _graph.Divide(Operand(0), Operand(1));
            case ExprKind.Call:
                return Call(expression.Function, operands, values);
            case ExprKind.HelperCall:
                var arguments = new int[operands.Count];
                for (int i = 0; i < arguments.Length; i++)
                {
                    arguments[i] = Operand(i);
                }

                return LowerFunction(_input.Helpers[expression.Index], arguments, isLoss: false);
            case ExprKind.Conditional:
                return _graph.Select(Operand(0), Operand(1), Operand(2));
            case ExprKind.Less:
                return _graph.Compare(Op.Less, Operand(0), Operand(1));
            case ExprKind.LessOrEqual:
                return _graph.Compare(Op.LessOrEqual, Operand(0), Operand(1));
            case ExprKind.Greater:
                return _graph.Compare(Op.Greater, Operand(0), Operand(1));
            case ExprKind.GreaterOrEqual:
                return _graph.Compare(Op.GreaterOrEqual, Operand(0), Operand(1));
            case ExprKind.Equal:
                return _graph.Compare(Op.Equal, Operand(0), Operand(1));
            case ExprKind.NotEqual:
                return _graph.Compare(Op.NotEqual, Operand(0), Operand(1));
            case ExprKind.And:
                return _graph.And(Operand(0), Operand(1));
            case ExprKind.Or:
                return _graph.Or(Operand(0), Operand(1));
            case ExprKind.Not:
                return _graph.Not(Operand(0));
            default:
                throw new InvalidOperationException($"Unknown expression kind {expression.Kind}.");
        }
    }

    private int Arithmetic(ArithmeticOperator op, int a, int b) => op switch
    {
        ArithmeticOperator.Add => _graph.Add(a, b),
        ArithmeticOperator.Subtract => _graph.Subtract(a, b),
        ArithmeticOperator.Multiply => _graph.Multiply(a, b),
        _ => _graph.Divide(a, b),
    };

    private int Call(Op function, EquatableArray<int> operands, int[] values)
    {
        int a = values[operands[0]];
        return operands.Count switch
        {
            1 => _graph.Function(function, a),
            2 => _graph.Function(function, a, values[operands[1]]),
            _ => _graph.Function(function, a, values[operands[1]], values[operands[2]]),
        };
    }

}

/// <summary>The inputs of a region of a loop program, as leaves of its graph (see <see cref="Lowering.LowerRegion"/>).</summary>
internal sealed class RegionLeaves
{
    public RegionLeaves(IReadOnlyList<(string Key, string Name)> differentiable, IReadOnlyList<Leaf> constant, IReadOnlyList<string?> constantKeys,
        IReadOnlyList<(string Key, int Seed)> seeds, ISet<string> unnamed)
    {
        Differentiable = differentiable;
        Constant = constant;
        ConstantKeys = constantKeys;
        Seeds = seeds;
        Unnamed = unnamed;
    }

    /// <summary>Inputs the derivative is taken with respect to (locals, elements, parameters): the graph's parameters.</summary>
    public IReadOnlyList<(string Key, string Name)> Differentiable { get; }

    /// <summary>The graph's data leaves: the inputs that are data (arguments, their elements, counters) and the seeds.</summary>
    public IReadOnlyList<Leaf> Constant { get; }

    /// <summary>For each data leaf, the key it is read by, or null for a seed.</summary>
    public IReadOnlyList<string?> ConstantKeys { get; }

    /// <summary>Per output, the data leaf that holds its adjoint.</summary>
    public IReadOnlyList<(string Key, int Seed)> Seeds { get; }

    /// <summary>Locals that outlive the region: held in variables of the whole method, they name no node.</summary>
    public ISet<string> Unnamed { get; }
}

/// <summary>A lowered region: its graph and value, the value of every key when it ends, and what it returns (or -1).</summary>
internal sealed record LoweredRegion(LoweredModel Model, IReadOnlyDictionary<string, int> Outputs, int Returned);
