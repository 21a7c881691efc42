using System.Linq;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// Everything the generator needs to know about one [Differentiable] class, as equatable data: no symbols, no
/// syntax, no locations (locations live beside it, in <see cref="ParseResult{TSpec}"/>), so that an edit that does not
/// change the model leaves it equal and the expensive differentiation step cached.
/// </summary>
/// <param name="Key">The class's fully qualified metadata name (see <see cref="ParseResult{TSpec}.ModelKey"/>).</param>
/// <param name="Namespace">The namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The types that contain the model, outermost first.</param>
/// <param name="Type">The model's own declaration.</param>
/// <param name="Parameters">The [Param] members in declaration order.</param>
/// <param name="Loss">The [Loss] method.</param>
/// <param name="Helpers">The methods of the class the loss calls (directly or not), inlined at their call sites.</param>
/// <param name="MemberNames">Every member name of the class, so generated names never shadow one.</param>
/// <param name="LossCall">How generated code calls the user's loss, up to its argument list; null to call it by
/// <see cref="FunctionSpec.Name"/>. A loss that explicitly implements an interface member (<c>double ILoss.L(double x)</c>)
/// has no name of its own in the class: it is called through the interface, <c>((global::N.ILoss)this).L</c>.</param>
/// <param name="LossCref">How generated documentation refers to the loss (a cref without its parameter list), on the
/// same terms: null to refer to it by name, else the interface member (<c>global::N.ILoss.L</c>).</param>
/// <param name="SecondOrder"><c>[Differentiable(SecondOrder = true)]</c>: the model also gets its Hessian, Hessian-vector
/// product and closed-form second derivatives (see <see cref="SecondOrderPlan"/>).</param>
/// <param name="ResidualLossName">Null for a [Loss]. For a [Residual] method (then <see cref="Loss"/>), the name of the
/// model's loss ½r² in formulas and generated code (∂Loss/∂θ), chosen by the parser among names the model leaves free.</param>
internal sealed record ModelSpec(
    string Key,
    string? Namespace,
    EquatableArray<TypeDeclarationSpec> ContainingTypes,
    TypeDeclarationSpec Type,
    EquatableArray<ParameterSpec> Parameters,
    FunctionSpec Loss,
    EquatableArray<FunctionSpec> Helpers,
    EquatableArray<string> MemberNames,
    string? LossCall = null,
    string? LossCref = null,
    bool SecondOrder = false,
    string? ResidualLossName = null)
{
    /// <summary>The loss's name in formulas (L in ∂L/∂θ): the [Loss] method's, or the name of ½r² of a [Residual].</summary>
    public string LossName => ResidualLossName ?? Loss.Name;

    /// <summary>The loss is ½r² of the [Residual] method <see cref="Loss"/>.</summary>
    public bool IsResidual => ResidualLossName is not null;

    /// <summary>The loss and what it refers to, as <see cref="Lowering"/> reads them.</summary>
    public LoweringInput ToLoweringInput() => new(
        Parameters.Select(p => p.Name).ToList(),
        Loss,
        Helpers,
        MemberNames.Concat(new[] { Type.Name }));

    /// <summary>The dotted name of the model, for messages and the generated file's name.</summary>
    public string FullName
    {
        get
        {
            var builder = new System.Text.StringBuilder();
            if (Namespace is not null)
            {
                builder.Append(Namespace).Append('.');
            }

            foreach (var container in ContainingTypes)
            {
                builder.Append(container.Name).Append('.');
            }

            return builder.Append(Type.Name).ToString();
        }
    }
}

/// <summary>A type declaration as the generated partial declaration must repeat it.</summary>
/// <param name="Keyword">"class", "record", "struct", "record struct" or "interface".</param>
/// <param name="Name">The type's name.</param>
/// <param name="TypeParameters">The type parameter names (constraints need not be repeated on a partial part).</param>
internal sealed record TypeDeclarationSpec(string Keyword, string Name, EquatableArray<string> TypeParameters);

/// <summary>A trainable parameter: a [Param] double field or property, or a double[] or double[,] field of a length
/// known at build time, whose elements are parameters.</summary>
/// <param name="Shape">Empty for a double; the length of a double[]; the two lengths of a double[,].</param>
internal sealed record ParameterSpec(string Name, bool IsProperty, EquatableArray<int> Shape = default)
{
    public bool IsArray => Shape.Count > 0;

    /// <summary>How many parameters it holds: 1, or the elements of the array.</summary>
    public int Length
    {
        get
        {
            int length = 1;
            foreach (int extent in Shape)
            {
                length *= extent;
            }

            return length;
        }
    }
}

/// <summary>The type of a loss argument: data the loss reads.</summary>
internal enum ArgumentKind
{
    /// <summary>A double: every argument of a helper method, and the loss's usual kind.</summary>
    Double,

    /// <summary>A double[] of data, of any length; its elements are read, never written.</summary>
    DoubleArray,

    /// <summary>An int used as an index (a class label), never differentiated.</summary>
    Integer,
}

/// <summary>
/// A method in the differentiable language: its arguments (all double), its expressions as a flat post-order list
/// (children always precede their parent, and every statement's expression is a contiguous range), its statements,
/// and the statements of its body.
/// </summary>
/// <param name="ArgumentKinds">The arguments' <see cref="ArgumentKind"/>s, in order; empty when all are double (every helper's).</param>
internal sealed record FunctionSpec(
    string Name,
    EquatableArray<string> Arguments,
    EquatableArray<ExprNode> Expressions,
    EquatableArray<StatementNode> Statements,
    EquatableArray<int> Body,
    EquatableArray<int> ArgumentKinds = default)
{
    public ArgumentKind KindOf(int argument) => ArgumentKinds.Count == 0 ? ArgumentKind.Double : (ArgumentKind)ArgumentKinds[argument];

    /// <summary>Whether the function reads or writes an array or runs a loop: it is then planned as a loop program
    /// (see <see cref="Loops.LoopProgram"/>), not as one expression graph.</summary>
    public bool HasArraysOrLoops
    {
        get
        {
            foreach (var statement in Statements)
            {
                if (statement.Kind is StatementKind.For or StatementKind.DeclareArray || statement.Index is not null)
                {
                    return true;
                }
            }

            foreach (var expression in Expressions)
            {
                if (expression.Kind is ExprKind.Element or ExprKind.Integer)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

internal enum ExprKind
{
    /// <summary>A double constant (<see cref="ExprNode.Number"/>), including folded C# constant expressions.</summary>
    Number,

    /// <summary>A bool constant: <see cref="ExprNode.Number"/> is 1 for true, 0 for false.</summary>
    Boolean,

    /// <summary>A local or an argument: <see cref="ExprNode.Name"/> is its key in the function (unique per symbol).</summary>
    Variable,

    /// <summary>A [Param]: <see cref="ExprNode.Index"/> is its index.</summary>
    Parameter,

    /// <summary>
    /// A double instance field or property of the model read as a constant (reached through <c>this</c>):
    /// <see cref="ExprNode.Name"/> is how formulas show it and <see cref="ExprNode.Code"/> how code reaches it.
    /// </summary>
    InstanceMember,

    /// <summary>A static double field or property, of the model or of another type, read as a constant:
    /// <see cref="ExprNode.Code"/> is its qualified name.</summary>
    StaticMember,

    /// <summary>Unary minus of operand 0.</summary>
    Negate,

    /// <summary>Operand 0 + operand 1.</summary>
    Add,

    /// <summary>Operand 0 − operand 1.</summary>
    Subtract,

    /// <summary>Operand 0 · operand 1.</summary>
    Multiply,

    /// <summary>Operand 0 / operand 1.</summary>
    Divide,

    /// <summary>A function (<see cref="ExprNode.Function"/>, see <see cref="Symbolic.FunctionTable"/>) applied to the operands.</summary>
    Call,

    /// <summary>A call to <see cref="ModelSpec.Helpers"/>[<see cref="ExprNode.Index"/>], inlined.</summary>
    HelperCall,

    /// <summary>The conditional operator: operand 0 ? operand 1 : operand 2.</summary>
    Conditional,

    /// <summary>Operand 0 &lt; operand 1, of doubles.</summary>
    Less,

    /// <summary>Operand 0 ≤ operand 1, of doubles.</summary>
    LessOrEqual,

    /// <summary>Operand 0 &gt; operand 1, of doubles.</summary>
    Greater,

    /// <summary>Operand 0 ≥ operand 1, of doubles.</summary>
    GreaterOrEqual,

    /// <summary>Operand 0 == operand 1, of doubles.</summary>
    Equal,

    /// <summary>Operand 0 != operand 1, of doubles.</summary>
    NotEqual,

    /// <summary>Both conditions (&amp;&amp; or &amp;).</summary>
    And,

    /// <summary>Either condition (|| or |).</summary>
    Or,

    /// <summary>Logical negation of a condition.</summary>
    Not,

    /// <summary>An element of an array: <see cref="ExprNode.Name"/> is the array's key (a [Param] array, a data
    /// argument or a local array), <see cref="ExprNode.Code"/> the index as C# writes it (<c>i</c>, <c>k, j</c>,
    /// <c>i + 1</c>, <c>label</c>), over loop counters, int arguments and constants.</summary>
    Element,

    /// <summary>An int (a loop counter, an int argument, or arithmetic on them) used as a double:
    /// <see cref="ExprNode.Code"/> is the int expression as C# writes it.</summary>
    Integer,
}

/// <summary>The operator of a compound assignment (<c>s += x</c>): <see cref="StatementNode.Operator"/>.</summary>
internal enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// <summary>One expression node of a <see cref="FunctionSpec"/>: its kind says what it is, and which of the other
/// fields it uses.</summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Operands">Indices of earlier nodes of the function, in order.</param>
/// <param name="Index">The parameter of a <see cref="ExprKind.Parameter"/>, the helper of a <see cref="ExprKind.HelperCall"/>.</param>
/// <param name="Function">The function of a <see cref="ExprKind.Call"/>.</param>
/// <param name="Number">The value of a <see cref="ExprKind.Number"/>; 1 or 0 for a <see cref="ExprKind.Boolean"/>.</param>
/// <param name="Name">A variable's key; a member as formulas show it.</param>
/// <param name="Code">A member as code reaches it.</param>
internal sealed record ExprNode(
    ExprKind Kind,
    EquatableArray<int> Operands,
    int Index = -1,
    Op Function = default,
    double Number = 0,
    string? Name = null,
    string? Code = null);

internal enum StatementKind
{
    /// <summary>Declares local <see cref="StatementNode.Target"/>, initialised by the expression if there is one.</summary>
    Declare,

    /// <summary>Assigns (or compound-assigns, per <see cref="StatementNode.Operator"/>) local <see cref="StatementNode.Target"/>.</summary>
    Assign,

    /// <summary>Returns the expression.</summary>
    Return,

    /// <summary>if (expression) Then else Else.</summary>
    If,

    /// <summary>A nested block: its statements are <see cref="StatementNode.Then"/>.</summary>
    Block,

    /// <summary>A counted loop, <see cref="StatementNode.Loop"/>; its body is <see cref="StatementNode.Then"/>.</summary>
    For,

    /// <summary>Declares local array <see cref="StatementNode.Target"/> of <see cref="StatementNode.Length"/> zeros.</summary>
    DeclareArray,
}

/// <summary>A counted loop: <c>for (int Counter = Start; Counter &lt; Bound; Counter++)</c>.</summary>
/// <param name="Counter">The counter's name in generated code.</param>
/// <param name="Start">Its first value.</param>
/// <param name="Bound">The exclusive bound as C# writes it (<c>3</c>, <c>N</c>, <c>x.Length</c>).</param>
/// <param name="Trips">The number of iterations when known at build time; -1 when it is a data array's length.</param>
internal sealed record LoopSpec(string Counter, int Start, string Bound, int Trips);

/// <summary>
/// One statement of a <see cref="FunctionSpec"/>. Its expression is the range
/// [<see cref="ExpressionStart"/>, <see cref="Expression"/>] of the function's expressions (-1 when it has none).
/// </summary>
/// <param name="Operator">For <see cref="StatementKind.Assign"/>: -1 for plain assignment, otherwise the
/// <see cref="ArithmeticOperator"/> of a compound assignment.</param>
/// <param name="Index">For an assignment to an array element, the index as C# writes it; null otherwise.</param>
/// <param name="Loop">For <see cref="StatementKind.For"/>, the loop.</param>
/// <param name="Length">For <see cref="StatementKind.DeclareArray"/>, the array's length.</param>
internal sealed record StatementNode(
    StatementKind Kind,
    string? Target,
    int Operator,
    int ExpressionStart,
    int Expression,
    EquatableArray<int> Then,
    EquatableArray<int> Else,
    string? Index = null,
    LoopSpec? Loop = null,
    int Length = 0)
{
    /// <summary>The key of what an assignment writes: a local, or an element (<c>z[k]</c>).</summary>
    public string? Written => Index is null ? Target : Loops.ElementKey.Of(Target!, Index);
}
