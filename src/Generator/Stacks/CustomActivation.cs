using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Stacks;

/// <summary>
/// A user-written activation, <c>static double Swish(double z) =&gt; z * Functions.Sigmoid(z);</c>, derived by the
/// scalar core: lowered as a one-variable loss whose one parameter is the argument, so the differentiator's
/// gradient is g′. It writes the two element-wise loops a layer needs (a = g(z), and δ ⊙= g′(z)) as private
/// methods of the network, and the closed forms for the documentation.
/// </summary>
internal sealed class CustomActivation
{
    private readonly Graph _graph;
    private readonly NameTable _names;
    private readonly int _value;
    private readonly int _derivative;
    private readonly string _argument;
    private readonly string _typeReference;
    private readonly NumberType _numbers;
    private readonly HashSet<int> _named = new();

    private CustomActivation(string name, string argument, LoweredModel lowered, int derivative, string typeReference, NumberType numbers)
    {
        _numbers = numbers;
        Name = name;
        _argument = argument;
        _graph = lowered.Graph;
        _value = lowered.Value;
        _derivative = derivative;
        _typeReference = typeReference;
        _names = new NameTable(lowered.Identifiers);
        foreach (var named in lowered.Named)
        {
            _names.NameAfterLocal(named.Node, named.Name);
            _named.Add(named.Node);
        }

        var formulas = new FormulaPrinter(_graph, _names, _ => false);
        Formula = formulas.Expand(_value);
        DerivativeFormula = formulas.Expand(_derivative);
        var where = new List<string>();
        foreach (var named in lowered.Named)
        {
            where.Add($"{named.Name} = {formulas.Expand(named.Node)}");
        }

        Where = where;
    }

    /// <summary>The method's name, as the layer names it.</summary>
    public string Name { get; }

    /// <summary>The closed form of g in the method's own names: <c>z·σ(z)</c>.</summary>
    public string Formula { get; }

    /// <summary>The closed form of g′: <c>σ(z) + z·σ(z)·(1 − σ(z))</c>.</summary>
    public string DerivativeFormula { get; }

    /// <summary>The method's named locals, as formulas refer to them.</summary>
    public IReadOnlyList<string> Where { get; }

    /// <summary>g′ is identically zero (a step function): no gradient flows through the layer.</summary>
    public bool DerivativeIsZero => _graph.IsZero(_derivative);

    /// <summary><c>Swish(z) = z·σ(z)</c>.</summary>
    public string Definition => $"{Name}({_argument}) = {Formula}";

    /// <summary><c>Swish′(z) = σ(z) + z·σ(z)·(1 − σ(z))</c>.</summary>
    public string DerivativeDefinition => $"{Name}′({_argument}) = {DerivativeFormula}";

    /// <summary>
    /// A constant of g or g′ that the code's number type cannot hold (in float, a finite double beyond ±3.4e38, or a
    /// non-zero one that rounds to 0), or null: float code would silently compute with ∞ or 0 instead.
    /// </summary>
    public double? ConstantOutsideRange()
    {
        if (!_numbers.IsSingle)
        {
            return null;
        }

        var seen = new HashSet<int>();
        var pending = new Stack<int>(new[] { _value, _derivative });
        while (pending.Count > 0)
        {
            int id = pending.Pop();
            if (id < 0 || !seen.Add(id))
            {
                continue;
            }

            var node = _graph[id];
            if (node.Op == Op.Constant)
            {
                double value = node.Value;
                float rounded = (float)value;
                if ((!double.IsInfinity(value) && float.IsInfinity(rounded)) || (value != 0 && rounded == 0))
                {
                    return value;
                }

                continue;
            }

            for (int i = 0; i < node.Arity; i++)
            {
                pending.Push(node.Operand(i));
            }
        }

        return null;
    }

    /// <summary>The private method that applies g element by element.</summary>
    public string ForwardMethod => "__" + Name;

    /// <summary>The private method that multiplies δ by g′ element by element.</summary>
    public string BackwardMethod => "__" + Name + "Backward";

    /// <summary>
    /// Lowers and differentiates the activation a layer names; throws <see cref="ModelTooLargeException"/> like a loss.
    /// The derivation is the same in both precisions; <paramref name="numbers"/> is the type its code computes in.
    /// </summary>
    public static CustomActivation Derive(StackSpec stack, LayerSpec layer, string typeReference, NumberType numbers, CancellationToken cancellationToken)
    {
        var function = stack.Functions[layer.Function];
        string argument = function.Arguments[0];

        // return Activation(argument), with the argument as the one parameter: the gradient is then g′(argument).
        var expressions = EquatableArray.Create(
            new ExprNode(ExprKind.Parameter, EquatableArray<int>.Empty, Index: 0),
            new ExprNode(ExprKind.HelperCall, EquatableArray.Create(0), Index: layer.Function));
        var statements = EquatableArray.Create(
            new StatementNode(StatementKind.Return, null, -1, 0, 1, EquatableArray<int>.Empty, EquatableArray<int>.Empty));
        var loss = new FunctionSpec(function.Name, EquatableArray<string>.Empty, expressions, statements, EquatableArray.Create(0));
        var input = new LoweringInput(new[] { argument }, loss, stack.Functions, stack.MemberNames.Concat(new[] { stack.Type.Name }));
        var lowered = Lowering.Lower(input, cancellationToken);
        var gradient = Differentiator.Differentiate(lowered, cancellationToken);
        return new CustomActivation(function.Name, argument, lowered, gradient.Gradient[0], typeReference, numbers);
    }

    /// <summary>Writes <c>__Swish(input, output)</c> and <c>__SwishBackward(input, delta)</c>.</summary>
    public void WriteMethods(SourceWriter writer, string generatedCodeAttribute)
    {
        string input = _names.Unique("input");
        string output = _names.Unique("output");
        string delta = _names.Unique("delta");
        string index = _names.Unique("i");
        string argument = Identifier.Escape(_argument);

        writer.WriteLine($"/// <summary>The activation {GeneratedText.Xml(Name)}, element by element: {GeneratedText.Xml(Definition)}.</summary>");
        writer.WriteLine(generatedCodeAttribute);
        writer.WriteLine($"private static void {ForwardMethod}(global::System.ReadOnlySpan<{_numbers.Keyword}> {input}, global::System.Span<{_numbers.Keyword}> {output})");
        WriteLoop(writer, input, index, argument, _value, value => $"{output}[{index}] = {value};", $"{Name}({_argument}) = {Formula}");
        writer.WriteLine();

        writer.WriteLine($"/// <summary>Multiplies δ by the derivative of {GeneratedText.Xml(Name)}, element by element: {GeneratedText.Xml(DerivativeDefinition)}.</summary>");
        writer.WriteLine(generatedCodeAttribute);
        writer.WriteLine($"private static void {BackwardMethod}(global::System.ReadOnlySpan<{_numbers.Keyword}> {input}, global::System.Span<{_numbers.Keyword}> {delta})");
        WriteLoop(writer, input, index, argument, _derivative, value => $"{delta}[{index}] *= {value};", $"δ ⊙= {DerivativeDefinition}");
    }

    private void WriteLoop(SourceWriter writer, string input, string index, string argument, int root, System.Func<string, string> store, string comment)
    {
        var plan = CodePlan.Create(_graph, new[] { root }, _named, _names);
        // The argument is the one "parameter" of the lowered activation: it must print as the local it is here, not this.z.
        var locals = new HashSet<string>(_names.Names, System.StringComparer.Ordinal) { input, index };
        var code = new CodePrinter(_graph, _names, plan.IsMaterialized, locals, _typeReference, numbers: _numbers);
        var formulas = new FormulaPrinter(_graph, _names, plan.IsMaterialized);
        var statements = new List<Statement> { new Line($"{_numbers.Keyword} {argument} = {input}[{index}];") };
        new StatementPlanner(_graph, _names, code, formulas.Expand, formulas.Expand).Plan(plan.Steps, statements, CancellationToken.None);
        statements.Add(new Line(store(code.Reference(root)), comment));
        writer.OpenBrace();
        writer.WriteLine($"for (int {index} = 0; {index} < {input}.Length; {index}++)");
        writer.OpenBrace();
        StatementWriter.Write(writer, statements);
        writer.CloseBrace();
        writer.CloseBrace();
    }
}
