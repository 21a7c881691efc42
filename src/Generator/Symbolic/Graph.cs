using System;
using System.Collections.Generic;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>The operation of a <see cref="Node"/>.</summary>
internal enum Op : byte
{
    // Leaves.
    Constant,
    True,
    False,
    Parameter,
    Data,
    Member,

    // Arithmetic.
    Add,
    Subtract,
    Multiply,
    Divide,
    Negate,

    // Functions (one operand unless noted): each has its entry in FunctionTable, which says how to add one.
    Square,
    Pow, // 2
    Exp,
    Log,
    LogBase, // 2
    Log10,
    Sqrt,
    Cbrt,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2, // 2
    Sinh,
    Cosh,
    Tanh,
    Abs,
    Max, // 2
    Min, // 2
    Sign,
    Clamp, // 3
    Sigmoid,
    Relu,
    Softplus,

    /// <summary>The derivative of |x|: 1, −1, or 0 at zero and for NaN. Unlike Math.Sign it never throws.</summary>
    SignOrZero,

    // Functions end here (FunctionTable is indexed by Op up to Select).

    // Conditions and choice.
    Select, // 3: condition, when true, when false
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    Or,
    Not,
}

/// <summary>
/// One node of the expression DAG. Operands are node ids, always smaller than the node's own id, so ids are a
/// topological order. <see cref="Value"/> holds a constant; <see cref="Index"/> numbers a leaf.
/// </summary>
internal readonly struct Node : IEquatable<Node>
{
    public Node(Op op, int a = -1, int b = -1, int c = -1, double value = 0, int index = -1)
    {
        Op = op;
        A = a;
        B = b;
        C = c;
        Value = value;
        Index = index;
    }

    public Op Op { get; }

    public int A { get; }

    public int B { get; }

    public int C { get; }

    public double Value { get; }

    public int Index { get; }

    public int Arity => C >= 0 ? 3 : B >= 0 ? 2 : A >= 0 ? 1 : 0;

    public int Operand(int i) => i switch { 0 => A, 1 => B, _ => C };

    // Constants compare by bits, so that 0.0 and -0.0, and NaN, are told apart and found again.
    public bool Equals(Node other) =>
        Op == other.Op && A == other.A && B == other.B && C == other.C && Index == other.Index &&
        BitConverter.DoubleToInt64Bits(Value) == BitConverter.DoubleToInt64Bits(other.Value);

    public override bool Equals(object? obj) => obj is Node other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = (int)Op;
            hash = (hash * 397) ^ A;
            hash = (hash * 397) ^ B;
            hash = (hash * 397) ^ C;
            hash = (hash * 397) ^ Index;
            return (hash * 397) ^ BitConverter.DoubleToInt64Bits(Value).GetHashCode();
        }
    }
}

/// <summary>How much the constructors of <see cref="Graph"/> may rewrite.</summary>
internal enum Simplification
{
    /// <summary>
    /// Only rewrites that keep every value bit for bit what the user's C# computes (x·1 → x, folding arithmetic on
    /// constants, sharing equal subexpressions): used for the forward pass, so the generated loss value is the
    /// user's own.
    /// </summary>
    Exact,

    /// <summary>
    /// Algebra as a person does it: x·0 → 0, constants collected, like terms combined, a choice moved outward past
    /// the products that only matter on one branch. Used for derivatives.
    /// </summary>
    Algebraic,
}

/// <summary>A leaf that is not a parameter: a data argument, or a field or property read as a constant.</summary>
/// <param name="Name">How formulas show it.</param>
/// <param name="Code">How code reads it (before any <c>this.</c> that a shadowing local makes necessary).</param>
/// <param name="IsInstanceMember">An instance member of the model, which a local of the same name would hide.</param>
internal sealed record Leaf(string Name, string Code, bool IsInstanceMember);

/// <summary>
/// A hash-consed expression DAG: building a node that already exists returns the existing one, so a
/// subexpression the loss computes twice is one node, evaluated once and differentiated once. The constructors
/// simplify according to <see cref="Mode"/>.
/// </summary>
internal sealed class Graph
{
    /// <summary>
    /// The most nodes one model may produce; past it differentiation stops with SGD0025 (the generated file would be
    /// tens of megabytes, and the graph would hold the compiler's memory).
    /// </summary>
    public const int MaxNodes = 500_000;

    private readonly List<Node> _nodes;
    private readonly Dictionary<Node, int> _ids;
    private readonly List<Leaf> _data;

    // Per node: whether it is a choice with a zero branch, or a sum, multiple or choice holding one (an adjoint that
    // is zero where no branch using its value is taken). It depends on the node alone, never on the mode it was
    // interned in: the forward pass (exact) may intern the very choice a derivative (algebra) builds later, and the
    // derivative must then find it marked (SimplificationModeTests).
    private readonly List<bool> _guarded;

    // Set while a product is being moved into a choice, which moves it one level only: a guard against recursion,
    // which changes the rewrite of the call under way and nothing stored.
    private bool _hoisting;

    /// <param name="expectedNodes">
    /// About how many nodes the model will make: sized up front, the node table of a long loss is not rehashed and
    /// copied a dozen times as it grows.
    /// </param>
    public Graph(IReadOnlyList<string> parameterNames, IReadOnlyList<Leaf> data, IReadOnlyList<Leaf> members, int expectedNodes = 0)
    {
        int capacity = Math.Min(Math.Max(expectedNodes, 16), MaxNodes);
        _nodes = new List<Node>(capacity);
        _ids = new Dictionary<Node, int>(capacity);
        _guarded = new List<bool>(capacity);
        ParameterNames = parameterNames;
        _data = new List<Leaf>(data);
        Members = members;
        Zero = Constant(0);
        One = Constant(1);
        TrueNode = Intern(new Node(Op.True));
        FalseNode = Intern(new Node(Op.False));
    }

    public IReadOnlyList<string> ParameterNames { get; }

    public IReadOnlyList<Leaf> Data => _data;

    public IReadOnlyList<Leaf> Members { get; }

    /// <summary>
    /// Exact while the loss is lowered, algebraic once <see cref="BeginDerivatives"/> has been called; never back.
    /// The mode steers only which rewrites a constructor tries: a node, once interned, is the same node with the same
    /// facts (see <c>_guarded</c>) whichever mode finds it again.
    /// </summary>
    public Simplification Mode { get; private set; } = Simplification.Exact;

    /// <summary>Switches to <see cref="Simplification.Algebraic"/> for the derivatives; the forward pass is complete.</summary>
    public void BeginDerivatives()
    {
        if (Mode == Simplification.Algebraic)
        {
            throw new InvalidOperationException("The derivatives of this graph have already begun.");
        }

        Mode = Simplification.Algebraic;
    }

    public int Count => _nodes.Count;

    public int Zero { get; }

    public int One { get; }

    public int TrueNode { get; }

    public int FalseNode { get; }

    public Node this[int id] => _nodes[id];

    private bool IsAlgebraic => Mode == Simplification.Algebraic;

    // ---- Leaves -----------------------------------------------------------------------------------------------

    public int Constant(double value) => Intern(new Node(Op.Constant, value: value));

    public int Boolean(bool value) => value ? TrueNode : FalseNode;

    public int Parameter(int index) => Intern(new Node(Op.Parameter, index: index));

    public int DataArgument(int index) => Intern(new Node(Op.Data, index: index));

    /// <summary>A data leaf that is not an argument of the loss: the elements of the vector a Hessian-vector product
    /// multiplies by (<c>vector[0]</c>), which only the second-order methods read.</summary>
    public int AddDataLeaf(Leaf leaf)
    {
        _data.Add(leaf);
        return DataArgument(_data.Count - 1);
    }

    public int Member(int index) => Intern(new Node(Op.Member, index: index));

    /// <summary>Whether a leaf was ever built: a parameter the loss never reads has no node.</summary>
    public bool Contains(Op leaf, int index) => _ids.ContainsKey(new Node(leaf, index: index));

    public bool IsConstant(int id, out double value)
    {
        var node = _nodes[id];
        value = node.Value;
        return node.Op == Op.Constant;
    }

    public bool IsConstant(int id, double value) => IsConstant(id, out double v) && v.Equals(value);

    public bool IsZero(int id) => IsConstant(id, out double v) && v == 0;

    private bool IsNegativeZero(int id) => IsZero(id) && BitConverter.DoubleToInt64Bits(_nodes[id].Value) < 0;

    public static bool IsLeaf(Op op) => op <= Op.Member;

    /// <summary>
    /// Set while the local derivatives of a value the loss computes only on some branches are multiplied by its
    /// adjoint: such products are masked where the adjoint is zero (see <see cref="TryMask"/>). A derivative rule,
    /// so only in <see cref="Simplification.Algebraic"/> mode; like the mode, it chooses a rewrite and is stored in
    /// no node.
    /// </summary>
    public bool MaskGuardedProducts
    {
        get => _maskGuardedProducts;
        set => _maskGuardedProducts = !value || IsAlgebraic
            ? value
            : throw new InvalidOperationException("Products are masked only in derivatives.");
    }

    private bool _maskGuardedProducts;



    public static bool IsCondition(Op op) => op is Op.True or Op.False || op >= Op.Less;

    // ---- The logistic function --------------------------------------------------------------------------------

    /// <summary>
    /// Whether the node is the logistic function σ(z) written out as people write it: 1/(1 + exp(−z)) or
    /// exp(z)/(1 + exp(z)), with the sum in either order. (A call of Functions.Sigmoid is its own operation.)
    /// </summary>
    /// <remarks>The node stays what the user wrote (the forward value is theirs, bit for bit); knowing what it is
    /// lets the differentiator use σ′ = σ·(1 − σ) through it and the printer write σ(z).</remarks>
    public bool IsLogistic(int id, out int argument)
    {
        argument = -1;
        var node = _nodes[id];
        if (node.Op != Op.Divide)
        {
            return false;
        }

        var denominator = _nodes[node.B];
        if (denominator.Op != Op.Add)
        {
            return false;
        }

        int exponential = IsConstant(denominator.A, 1) ? denominator.B : IsConstant(denominator.B, 1) ? denominator.A : -1;
        if (exponential < 0 || _nodes[exponential].Op != Op.Exp)
        {
            return false;
        }

        int exponent = _nodes[exponential].A;
        if (node.A == exponential)
        {
            argument = exponent;
        }
        else if (IsConstant(node.A, 1) && _nodes[exponent].Op == Op.Negate)
        {
            argument = _nodes[exponent].A;
        }

        return argument >= 0;
    }

    /// <summary>σ′ = σ·(1 − σ), from the value σ of <paramref name="logistic"/> itself: for a value the user named
    /// (p = σ(z)) it reads p·(1 − p), and costs a subtraction and a product.</summary>
    public int LogisticDerivative(int logistic) => Multiply(logistic, Subtract(One, logistic));

    // ---- Arithmetic -------------------------------------------------------------------------------------------

    public int Add(int a, int b)
    {
        if (IsConstant(a, out double x) && IsConstant(b, out double y))
        {
            return Constant(x + y);
        }

        // x + (−0) is x for every x, but x + 0 is not where x is −0 (−0 + 0 = +0): only algebra drops a +0.
        if (IsZero(b) && (IsAlgebraic || IsNegativeZero(b)))
        {
            return a;
        }

        if (IsZero(a) && (IsAlgebraic || IsNegativeZero(a)))
        {
            return b;
        }

        if (IsAlgebraic)
        {
            if (TryMergeChoices(a, b, Op.Add, out int merged))
            {
                return merged;
            }

            var (ca, baseA) = Split(a);
            var (cb, baseB) = Split(b);
            if (baseA == baseB)
            {
                return Scale(ca + cb, baseA);
            }

            if (cb < 0)
            {
                return Subtract(a, Scale(-cb, baseB));
            }
        }

        return InternCommutative(Op.Add, a, b);
    }

    public int Subtract(int a, int b)
    {
        if (IsConstant(a, out double x) && IsConstant(b, out double y))
        {
            return Constant(x - y);
        }

        // x − 0 is x and −0 − x is −x for every x, but x − (−0) is not at x = −0, nor 0 − x at x = +0.
        if (IsZero(b) && (IsAlgebraic || !IsNegativeZero(b)))
        {
            return a;
        }

        if (IsZero(a) && (IsAlgebraic || IsNegativeZero(a)))
        {
            return Negate(b);
        }

        if (IsAlgebraic)
        {
            if (TryMergeChoices(a, b, Op.Subtract, out int merged))
            {
                return merged;
            }

            var (ca, baseA) = Split(a);
            var (cb, baseB) = Split(b);
            if (baseA == baseB)
            {
                return Scale(ca - cb, baseA);
            }

            if (cb < 0)
            {
                return Add(a, Scale(-cb, baseB));
            }
        }

        return Intern(new Node(Op.Subtract, a, b));
    }

    public int Multiply(int a, int b)
    {
        if (IsConstant(a, out double x) && IsConstant(b, out double y))
        {
            return Constant(x * y);
        }

        if (IsConstant(a, 1))
        {
            return b;
        }

        if (IsConstant(b, 1))
        {
            return a;
        }

        if (!IsAlgebraic)
        {
            return InternCommutative(Op.Multiply, a, b);
        }

        if (IsZero(a) || IsZero(b))
        {
            return Zero;
        }

        // A factor that is zero on one branch of a choice makes the product a choice: the other factor is then
        // computed only on the branch that needs it, so a NaN it would produce on the other branch never appears.
        if (TryHoistChoice(a, Hoisted.MultipliedBy, b, out int hoisted) ||
            TryHoistChoice(b, Hoisted.Multiplying, a, out hoisted))
        {
            return hoisted;
        }

        if (TryMask(Op.Multiply, a, b, out int masked))
        {
            return masked;
        }

        if (TryCancelDenominators(a, b, out int cancelled) || TryCancelDenominators(b, a, out cancelled))
        {
            return cancelled;
        }

        // c/d · b = c·b/d for a constant c: the reciprocal of a local derivative times the upstream factor reads as
        // a quotient (∂ln u/∂u · ū = ū/u). Not a logistic function 1/(1 + exp(−z)), which stays σ(z), a factor
        // like any other value.
        var nodeA = _nodes[a];
        if (nodeA.Op == Op.Divide && IsConstant(nodeA.A, out _) && !IsLogistic(a, out _))
        {
            return Divide(Multiply(nodeA.A, b), nodeA.B);
        }

        var nodeB = _nodes[b];
        if (nodeB.Op == Op.Divide && IsConstant(nodeB.A, out _) && !IsLogistic(b, out _))
        {
            return Divide(Multiply(a, nodeB.A), nodeB.B);
        }

        var (ca, baseA) = Split(a);
        var (cb, baseB) = Split(b);
        double coefficient = ca * cb;
        if (baseA == One)
        {
            return Scale(coefficient, baseB);
        }

        if (baseB == One)
        {
            return Scale(coefficient, baseA);
        }

        int product = baseA == baseB
            ? Intern(new Node(Op.Square, baseA))
            : InternCommutative(Op.Multiply, baseA, baseB);
        return Scale(coefficient, product);
    }

    public int Divide(int a, int b)
    {
        if (IsConstant(a, out double x) && IsConstant(b, out double y))
        {
            return Constant(x / y);
        }

        if (IsConstant(b, 1))
        {
            return a;
        }

        if (IsAlgebraic)
        {
            if (IsZero(a))
            {
                return Zero;
            }

            if (a == b)
            {
                return One;
            }

            if (TryHoistChoice(a, Hoisted.DividedBy, b, out int hoisted))
            {
                return hoisted;
            }

            if (TryMask(Op.Divide, a, b, out int masked))
            {
                return masked;
            }

            var (ca, baseA) = Split(a);
            if (ca < 0 && baseA != One)
            {
                return Negate(Divide(Scale(-ca, baseA), b));
            }
        }

        return Intern(new Node(Op.Divide, a, b));
    }

    public int Negate(int a)
    {
        var node = _nodes[a];
        if (node.Op == Op.Constant)
        {
            return Constant(-node.Value);
        }

        if (node.Op == Op.Negate)
        {
            return node.A;
        }

        if (IsAlgebraic)
        {
            if (TryHoistChoice(a, Hoisted.Negated, -1, out int hoisted))
            {
                return hoisted;
            }

            var (ca, baseA) = Split(a);
            if (ca != 1)
            {
                return Scale(-ca, baseA);
            }
        }

        return Intern(new Node(Op.Negate, a));
    }

    /// <summary>c·x, written without a product where c is 0, 1 or −1.</summary>
    public int Scale(double coefficient, int x)
    {
        if (coefficient == 0 && IsAlgebraic)
        {
            return Zero;
        }

        if (x == One)
        {
            return Constant(coefficient);
        }

        if (coefficient == 1)
        {
            return x;
        }

        if (coefficient == -1)
        {
            return _nodes[x].Op == Op.Negate ? _nodes[x].A : Intern(new Node(Op.Negate, x));
        }

        return Intern(new Node(Op.Multiply, Constant(coefficient), x));
    }

    /// <summary>The sum of <paramref name="terms"/>, with like terms collected and choices on one condition merged.</summary>
    public int Sum(IReadOnlyList<int> terms)
    {
        if (terms.Count == 0)
        {
            return Zero;
        }

        if (terms.Count == 1)
        {
            return terms[0];
        }

        // A term that is itself a small sum is opened up when that lets terms combine:
        // (size − 0.5·delta) + (−0.5·delta) is size − delta. Otherwise the sum stays whole, so a forward value
        // like a·b + c is reused rather than rebuilt.
        var flattened = Flatten(terms);
        if (flattened is not null && HasLikeTerms(flattened))
        {
            terms = flattened;
        }

        // Collect c·x terms by x, in the order they first appear.
        var order = new List<int>();
        var coefficients = new Dictionary<int, double>();
        foreach (int term in terms)
        {
            var (c, x) = Split(term);
            if (coefficients.TryGetValue(x, out double existing))
            {
                coefficients[x] = existing + c;
            }
            else
            {
                coefficients[x] = c;
                order.Add(x);
            }
        }

        // Merge choices on the same condition into one choice of sums.
        var collected = new List<int>();
        var choicesByCondition = new Dictionary<int, (List<int> WhenTrue, List<int> WhenFalse, int Position)>();
        foreach (int x in order)
        {
            double coefficient = coefficients[x];
            int term = coefficient == 1 ? x : Multiply(Constant(coefficient), x);
            if (IsZero(term))
            {
                continue;
            }

            var node = _nodes[term];
            if (node.Op == Op.Select)
            {
                if (!choicesByCondition.TryGetValue(node.A, out var group))
                {
                    group = (new List<int>(), new List<int>(), collected.Count);
                    choicesByCondition[node.A] = group;
                    collected.Add(-1);
                }

                group.WhenTrue.Add(node.B);
                group.WhenFalse.Add(node.C);
                continue;
            }

            collected.Add(term);
        }

        foreach (var pair in choicesByCondition)
        {
            var (whenTrue, whenFalse, position) = pair.Value;
            collected[position] = whenTrue.Count == 1
                ? Select(pair.Key, whenTrue[0], whenFalse[0])
                : Select(pair.Key, Sum(whenTrue), Sum(whenFalse));
        }

        // −delta + size reads size − delta: lead with a positive term where there is one.
        int positive = collected.FindIndex(t => Split(t).Coefficient > 0);
        if (positive > 0 && Split(collected[0]).Coefficient < 0)
        {
            int first = collected[positive];
            collected.RemoveAt(positive);
            collected.Insert(0, first);
        }

        int sum = Zero;
        foreach (int term in collected)
        {
            sum = Add(sum, term);
        }

        return sum;
    }

    // ---- Functions --------------------------------------------------------------------------------------------

    public int Function(Op op, int a)
    {
        if (IsConstant(a, out double x) && FunctionTable.Of(op)?.FoldUnary?.Invoke(x) is double folded)
        {
            return Constant(folded);
        }

        if (IsAlgebraic && op == Op.Square && _nodes[a].Op == Op.Negate)
        {
            return Function(Op.Square, _nodes[a].A);
        }

        return Intern(new Node(op, a));
    }

    public int Function(Op op, int a, int b)
    {
        if (IsConstant(a, out double x) && IsConstant(b, out double y) && FunctionTable.Of(op)?.FoldBinary?.Invoke(x, y) is double folded)
        {
            return Constant(folded);
        }

        if (op == Op.Pow && IsAlgebraic && IsConstant(b, out double exponent))
        {
            if (exponent == 1)
            {
                return a;
            }

            if (exponent == 0)
            {
                return One;
            }

            if (exponent == 2)
            {
                return Function(Op.Square, a);
            }
        }

        return Intern(new Node(op, a, b));
    }

    public int Function(Op op, int a, int b, int c) => Intern(new Node(op, a, b, c));

    // ---- Conditions -------------------------------------------------------------------------------------------

    public int Select(int condition, int whenTrue, int whenFalse)
    {
        if (condition == TrueNode || whenTrue == whenFalse)
        {
            return whenTrue;
        }

        if (condition == FalseNode)
        {
            return whenFalse;
        }

        if (_nodes[condition].Op == Op.Not)
        {
            return Select(_nodes[condition].A, whenFalse, whenTrue);
        }

        // A choice between conditions is a condition (where a method returns is one).
        if (whenTrue == TrueNode && IsCondition(_nodes[whenFalse].Op))
        {
            return Or(condition, whenFalse);
        }

        if (whenFalse == FalseNode && IsCondition(_nodes[whenTrue].Op))
        {
            return And(condition, whenTrue);
        }

        if (whenTrue == FalseNode && whenFalse == TrueNode)
        {
            return Not(condition);
        }

        if (IsCondition(_nodes[whenTrue].Op) && IsCondition(_nodes[whenFalse].Op))
        {
            // A Select node is a double: c ? a : b between conditions must be written with && and ||.
            return Or(And(condition, whenTrue), And(Not(condition), whenFalse));
        }

        return Intern(new Node(Op.Select, condition, whenTrue, whenFalse));
    }

    public int Compare(Op op, int a, int b)
    {
        if (a == b && op is Op.Less or Op.Greater)
        {
            return FalseNode; // even for NaN
        }

        if (IsConstant(a, out double x) && IsConstant(b, out double y))
        {
            bool result = op switch
            {
                Op.Less => x < y,
                Op.LessOrEqual => x <= y,
                Op.Greater => x > y,
                Op.GreaterOrEqual => x >= y,
                Op.Equal => x == y,
                _ => x != y,
            };
            return Boolean(result);
        }

        return Intern(new Node(op, a, b));
    }

    public int And(int a, int b)
    {
        if (a == FalseNode || b == FalseNode)
        {
            return FalseNode;
        }

        if (a == TrueNode || a == b)
        {
            return b;
        }

        return b == TrueNode ? a : Intern(new Node(Op.And, a, b));
    }

    public int Or(int a, int b)
    {
        if (a == TrueNode || b == TrueNode)
        {
            return TrueNode;
        }

        if (a == FalseNode || a == b)
        {
            return b;
        }

        return b == FalseNode ? a : Intern(new Node(Op.Or, a, b));
    }

    public int Not(int a)
    {
        var node = _nodes[a];
        return node.Op switch
        {
            Op.True => FalseNode,
            Op.False => TrueNode,
            Op.Not => node.A,
            _ => Intern(new Node(Op.Not, a)),
        };
    }

    // ---- Internals --------------------------------------------------------------------------------------------

    /// <summary>Up to this many terms a sum inside a sum is opened up to collect like terms.</summary>
    private const int MaxFlattenedTerms = 8;

    /// <summary>The terms with every small sum among them opened up (signs kept), or null if none was.</summary>
    private List<int>? Flatten(IReadOnlyList<int> terms)
    {
        var result = new List<int>();
        bool opened = false;
        foreach (int term in terms)
        {
            var parts = new List<int>();
            if (TryOpen(term, negated: false, parts) && parts.Count <= MaxFlattenedTerms)
            {
                result.AddRange(parts);
                opened |= parts.Count > 1;
            }
            else
            {
                result.Add(term);
            }
        }

        return opened ? result : null;
    }

    private bool TryOpen(int id, bool negated, List<int> parts)
    {
        int sums = 0;
        return TryOpen(id, negated, parts, ref sums);
    }

    // A sum of more than MaxFlattenedTerms additions has more terms than that, so it is given up on as soon as its
    // additions are counted, before its terms are: the left spine of a long chain of sums (a gradient's
    // accumulation, differentiated again by the second-order pass) is not walked to its end on every call.
    private bool TryOpen(int id, bool negated, List<int> parts, ref int sums)
    {
        if (parts.Count > MaxFlattenedTerms)
        {
            return false;
        }

        var node = _nodes[id];
        switch (node.Op)
        {
            case Op.Add:
                return ++sums <= MaxFlattenedTerms && TryOpen(node.A, negated, parts, ref sums) && TryOpen(node.B, negated, parts, ref sums);
            case Op.Subtract:
                return ++sums <= MaxFlattenedTerms && TryOpen(node.A, negated, parts, ref sums) && TryOpen(node.B, !negated, parts, ref sums);
            case Op.Negate when _nodes[node.A].Op is Op.Add or Op.Subtract:
                return TryOpen(node.A, !negated, parts, ref sums);
            default:
                parts.Add(negated ? Negate(id) : id);
                return true;
        }
    }

    private bool HasLikeTerms(List<int> terms)
    {
        var bases = new HashSet<int>();
        foreach (int term in terms)
        {
            if (!bases.Add(Split(term).Base))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a term into coefficient and base: 3·x → (3, x), −x → (−1, x), 5 → (5, 1), x → (1, x).</summary>
    private (double Coefficient, int Base) Split(int id)
    {
        var node = _nodes[id];
        switch (node.Op)
        {
            case Op.Constant:
                return (node.Value, One);
            case Op.Multiply when IsConstant(node.A, out double c):
                return (c, node.B);
            case Op.Negate:
                var (inner, x) = Split(node.A);
                return (-inner, x);
            default:
                return (1, id);
        }
    }

    /// <summary>
    /// Moves a product (or quotient, or negation) with a choice that has a zero branch into the choice:
    /// k·(c ? p : 0) is c ? k·p : 0, computed only where c holds. One level only: moving it on into the choices
    /// inside p would build a new chain of choices for every k (an else-if chain of n cases would give n² nodes),
    /// and a product inside p that could meet a NaN is masked instead (see <see cref="TryMask"/>).
    /// </summary>
    private bool TryHoistChoice(int id, Hoisted operation, int other, out int result)
    {
        var node = _nodes[id];
        if (_hoisting || node.Op != Op.Select || !(IsZero(node.B) || IsZero(node.C)))
        {
            result = -1;
            return false;
        }

        _hoisting = true;
        try
        {
            int whenTrue = Apply(operation, node.B, other);
            int whenFalse = Apply(operation, node.C, other);
            result = Select(node.A, whenTrue, whenFalse);
        }
        finally
        {
            _hoisting = false;
        }

        return true;
    }

    /// <summary>What is moved into the branches of a choice (an enumeration, not a delegate: these constructors run
    /// hundreds of thousands of times for a long loss, and a capturing lambda allocated on every call).</summary>
    private enum Hoisted
    {
        /// <summary>branch·other</summary>
        MultipliedBy,

        /// <summary>other·branch</summary>
        Multiplying,

        /// <summary>branch/other</summary>
        DividedBy,

        /// <summary>−branch</summary>
        Negated,
    }

    private int Apply(Hoisted operation, int branch, int other) => operation switch
    {
        Hoisted.MultipliedBy => Multiply(branch, other),
        Hoisted.Multiplying => Multiply(other, branch),
        Hoisted.DividedBy => Divide(branch, other),
        _ => Negate(branch),
    };

    /// <summary>
    /// A factor (or dividend) that holds choices with a zero branch but is not one, such as the sum of the choices
    /// of a value used under several conditions, is zero where no branch that uses the value is taken. There the
    /// local derivatives of that value may be NaN or infinite (the 1/x of w/x at x = 0; NaN·0 = NaN), so the product
    /// must be zero explicitly: it becomes a choice on that zero, whose other branch computes the product. Only the
    /// derivatives of values computed on some branches are masked (<see cref="MaskGuardedProducts"/>): a value every
    /// path computes needs no mask, which keeps, say, a relu network's gradient free of tests.
    /// </summary>
    private bool TryMask(Op op, int a, int b, out int result)
    {
        // A leaf (a parameter, an argument, a field, a constant) has its value whichever branch is taken.
        int guarded = !MaskGuardedProducts ? -1
            : _guarded[a] && !IsLeaf(_nodes[b].Op) ? a
            : op == Op.Multiply && _guarded[b] && !IsLeaf(_nodes[a].Op) ? b
            : -1;
        result = guarded < 0 ? -1 : Select(
            Compare(Op.Equal, guarded, Zero),
            Zero,
            op == Op.Multiply ? InternCommutative(Op.Multiply, a, b) : Intern(new Node(Op.Divide, a, b)));
        return guarded >= 0;
    }

    /// <summary>Up to this many factors, and monomials once expanded, a product is cancelled against a sum.</summary>
    private const int MaxCancellationSize = 16;

    /// <summary>
    /// A product whose factors include the denominator of every term of the sum it multiplies is distributed over
    /// that sum, each denominator cancelled against its factor, and the result expanded and like terms collected:
    /// p·(1 − p)·((1 − y)/(1 − p) − y/p) is p·(1 − y) − (1 − p)·y, which is p − y. Done only where it costs fewer
    /// operations than the product it replaces, and only in derivatives: the divisions it removes are where the
    /// expanded form is NaN (0/0 at a confident p of 0 or 1) while the value is finite.
    /// </summary>
    private bool TryCancelDenominators(int factor, int sum, out int result)
    {
        result = -1;
        if (_cancelling || _nodes[sum].Op is not (Op.Add or Op.Subtract) || !IsQuotient(_nodes[sum].B) || LeftmostTerm(sum) is var leftmost && (leftmost < 0 || !IsQuotient(leftmost)))
        {
            return false; // (most products: decided without allocating)
        }

        // Look first, building nothing: a node interned here and not used would still decide the order in which a
        // later product of the same operands is written (InternCommutative).
        var terms = new List<(double Sign, int Term)>();
        if (!TryTerms(sum, 1, terms))
        {
            return false;
        }

        var factors = new List<int>();
        var (factorCoefficient, factorBase) = Split(factor);
        if (!TryFactors(factorBase, factors) || factors.Count > MaxCancellationSize)
        {
            return false;
        }

        var remainders = new List<List<int>>();
        foreach (var (_, term) in terms)
        {
            var quotient = _nodes[Split(term).Base];
            var denominator = new List<int>();
            if (quotient.Op != Op.Divide || !TryFactors(quotient.B, denominator))
            {
                return false;
            }

            var remainder = new List<int>(factors);
            foreach (int d in denominator)
            {
                if (!remainder.Remove(d))
                {
                    return false;
                }
            }

            remainders.Add(remainder);
        }

        // Σ ±c·(factors without the denominator)·numerator, written two ways: distributed (the numerator and the
        // factors left as they are) and expanded into monomials; like terms collected in both.
        var distributed = new Polynomial();
        Polynomial? expanded = new Polynomial();
        for (int i = 0; i < terms.Count; i++)
        {
            var (sign, term) = terms[i];
            var (coefficient, quotientId) = Split(term);
            var (numeratorCoefficient, numerator) = Split(_nodes[quotientId].A);
            coefficient *= sign * factorCoefficient;

            var atoms = new List<int>(remainders[i]);
            if (numerator != One)
            {
                atoms.Add(numerator);
            }

            distributed.Add(new List<(double, List<int>)> { (coefficient * numeratorCoefficient, atoms) });

            var product = Polynomial.Monomial(coefficient);
            foreach (int remaining in remainders[i])
            {
                product = product is null ? null : Expand(remaining, product);
            }

            product = product is null ? null : Expand(_nodes[quotientId].A, product);
            if (expanded is not null && (product is null || !expanded.Add(product)))
            {
                expanded = null;
            }
        }

        // The product it replaces: its factors, one division and one sum per term, and itself.
        int before = factors.Count - 1 + (Math.Abs(factorCoefficient) == 1 ? 0 : 1) + 2 * terms.Count;
        var polynomial = expanded is not null && expanded.Operations <= distributed.Operations ? expanded : distributed;
        if (polynomial.Operations > before)
        {
            return false;
        }

        _cancelling = true;
        try
        {
            var built = new List<int>();
            foreach (var (coefficient, atoms) in polynomial.Terms)
            {
                int monomial = One;
                foreach (int atom in atoms)
                {
                    monomial = Multiply(monomial, atom);
                }

                built.Add(Scale(coefficient, monomial));
            }

            result = Sum(built);
        }
        finally
        {
            _cancelling = false;
        }

        return true;
    }

    // Set while a cancelled product is built: the monomials it multiplies are cancelled no further.
    private bool _cancelling;

    /// <summary>Whether a term of a sum is a quotient, or a sum that may hold only quotients.</summary>
    private bool IsQuotient(int id)
    {
        var node = _nodes[Split(id).Base];
        return node.Op is Op.Divide or Op.Add or Op.Subtract or Op.Negate;
    }

    /// <summary>The first term of a sum; −1 past MaxFlattenedTerms + 1 additions, a sum with too many terms for
    /// <see cref="TryTerms"/> (so a long chain of sums is not walked to its end on every product).</summary>
    private int LeftmostTerm(int sum)
    {
        for (int steps = 0; _nodes[sum].Op is Op.Add or Op.Subtract; steps++)
        {
            if (steps > MaxFlattenedTerms)
            {
                return -1;
            }

            sum = _nodes[sum].A;
        }

        return sum;
    }

    /// <summary>The terms of a sum with their signs, looking through sums, differences and negations.</summary>
    private bool TryTerms(int id, double sign, List<(double Sign, int Term)> terms)
    {
        if (terms.Count > MaxFlattenedTerms)
        {
            return false;
        }

        var node = _nodes[id];
        switch (node.Op)
        {
            case Op.Add:
                return TryTerms(node.A, sign, terms) && TryTerms(node.B, sign, terms);
            case Op.Subtract:
                return TryTerms(node.A, sign, terms) && TryTerms(node.B, -sign, terms);
            case Op.Negate when _nodes[node.A].Op is Op.Add or Op.Subtract:
                return TryTerms(node.A, -sign, terms);
            default:
                terms.Add((sign, id));
                return true;
        }
    }

    /// <summary>The factors of a product (a square twice), without its constants; false if it has a constant factor
    /// inside or more than <see cref="MaxCancellationSize"/> factors.</summary>
    private bool TryFactors(int id, List<int> factors)
    {
        if (factors.Count > MaxCancellationSize)
        {
            return false;
        }

        var node = _nodes[id];
        switch (node.Op)
        {
            case Op.Multiply:
                return !IsConstant(node.A, out _) && !IsConstant(node.B, out _) &&
                       TryFactors(node.A, factors) && TryFactors(node.B, factors);
            case Op.Square:
                factors.Add(node.A);
                factors.Add(node.A);
                return true;
            case Op.Constant:
            case Op.Negate:
                return false;
            default:
                factors.Add(id);
                return true;
        }
    }

    /// <summary><paramref name="product"/> times the node expanded into monomials, or null if it grows too large.</summary>
    private List<(double Coefficient, List<int> Atoms)>? Expand(int id, List<(double Coefficient, List<int> Atoms)> product)
    {
        var node = _nodes[id];
        switch (node.Op)
        {
            case Op.Constant:
                return Polynomial.Times(product, Polynomial.Monomial(node.Value));
            case Op.Add:
            case Op.Subtract:
            case Op.Negate:
                var terms = new List<(double Sign, int Term)>();
                if (!TryTerms(id, 1, terms))
                {
                    return null;
                }

                var sum = new List<(double Coefficient, List<int> Atoms)>();
                foreach (var (sign, term) in terms)
                {
                    var (coefficient, baseTerm) = Split(term);
                    var expanded = Expand(baseTerm, Polynomial.Monomial(sign * coefficient));
                    if (expanded is null)
                    {
                        return null;
                    }

                    sum.AddRange(expanded);
                }

                return Polynomial.Times(product, sum);
            case Op.Multiply:
                var left = Expand(node.A, product);
                return left is null ? null : Expand(node.B, left);
            case Op.Square:
                var once = Expand(node.A, product);
                return once is null ? null : Expand(node.A, once);
            default:
                return Polynomial.Times(product, new List<(double, List<int>)> { (1, new List<int> { id }) });
        }
    }

    /// <summary>A sum of monomials c·x·y·…, collected by their factors (in any order) in the order they first appear.</summary>
    private sealed class Polynomial
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<(double Coefficient, List<int> Atoms)> _terms = new();

        public static List<(double Coefficient, List<int> Atoms)> Monomial(double coefficient) =>
            new() { (coefficient, new List<int>()) };

        /// <summary>The product of two expansions, or null past <see cref="MaxCancellationSize"/> monomials.</summary>
        public static List<(double Coefficient, List<int> Atoms)>? Times(
            List<(double Coefficient, List<int> Atoms)> left, List<(double Coefficient, List<int> Atoms)> right)
        {
            if (left.Count * right.Count > MaxCancellationSize)
            {
                return null;
            }

            var product = new List<(double, List<int>)>(left.Count * right.Count);
            foreach (var (c, atoms) in left)
            {
                foreach (var (d, more) in right)
                {
                    var joined = new List<int>(atoms.Count + more.Count);
                    joined.AddRange(atoms);
                    joined.AddRange(more);
                    product.Add((c * d, joined));
                }
            }

            return product;
        }

        /// <summary>Adds monomials, collecting like ones; false past <see cref="MaxCancellationSize"/> monomials.</summary>
        public bool Add(List<(double Coefficient, List<int> Atoms)> monomials)
        {
            foreach (var (coefficient, atoms) in monomials)
            {
                var sorted = new List<int>(atoms);
                sorted.Sort();
                string key = string.Join(",", sorted);
                if (_index.TryGetValue(key, out int at))
                {
                    _terms[at] = (_terms[at].Coefficient + coefficient, _terms[at].Atoms);
                }
                else if (_terms.Count == MaxCancellationSize)
                {
                    return false;
                }
                else
                {
                    _index[key] = _terms.Count;
                    _terms.Add((coefficient, atoms));
                }
            }

            return true;
        }

        /// <summary>The monomials whose coefficient is not zero.</summary>
        public IEnumerable<(double Coefficient, List<int> Atoms)> Terms
        {
            get
            {
                foreach (var term in _terms)
                {
                    if (term.Coefficient != 0)
                    {
                        yield return term;
                    }
                }
            }
        }

        /// <summary>The operations of the collected sum written out: products within monomials (a coefficient other
        /// than ±1 is one more), and the sums between them.</summary>
        public int Operations
        {
            get
            {
                int operations = -1;
                foreach (var (coefficient, atoms) in Terms)
                {
                    operations += 1 + Math.Max(atoms.Count - 1, 0) + (Math.Abs(coefficient) == 1 || atoms.Count == 0 ? 0 : 1);
                }

                return Math.Max(operations, 0);
            }
        }
    }

    /// <param name="op"><see cref="Op.Add"/> or <see cref="Op.Subtract"/>.</param>
    private bool TryMergeChoices(int a, int b, Op op, out int result)
    {
        var left = _nodes[a];
        var right = _nodes[b];
        if (left.Op == Op.Select && right.Op == Op.Select && left.A == right.A)
        {
            result = op == Op.Add
                ? Select(left.A, Add(left.B, right.B), Add(left.C, right.C))
                : Select(left.A, Subtract(left.B, right.B), Subtract(left.C, right.C));
            return true;
        }

        result = -1;
        return false;
    }

    private int InternCommutative(Op op, int a, int b)
    {
        // Look for the operands in either order, but keep the order of the first occurrence: it is the order the
        // user wrote, or the chain rule's order (local derivative first), which the formulas show.
        return _ids.TryGetValue(new Node(op, b, a), out int existing) ? existing : Intern(new Node(op, a, b));
    }

    private int Intern(Node node)
    {
        if (_ids.TryGetValue(node, out int id))
        {
            return id;
        }

        if (_nodes.Count >= MaxNodes)
        {
            throw new ModelTooLargeException(MaxNodes);
        }

        id = _nodes.Count;
        _nodes.Add(node);
        _ids.Add(node, id);

        _guarded.Add(node.Op switch
        {
            Op.Select => IsZero(node.B) || IsZero(node.C) || _guarded[node.B] || _guarded[node.C],
            Op.Add or Op.Subtract => _guarded[node.A] || _guarded[node.B],
            Op.Negate => _guarded[node.A],
            Op.Multiply => (IsConstant(node.A, out _) && _guarded[node.B]) || (IsConstant(node.B, out _) && _guarded[node.A]),
            _ => false,
        });
        return id;
    }
}

/// <summary>The loss expands to more than <see cref="Graph.MaxNodes"/> nodes.</summary>
internal sealed class ModelTooLargeException : Exception
{
    public ModelTooLargeException(int limit)
        : base($"The loss expands to more than {limit} operations.")
    {
        Limit = limit;
    }

    public int Limit { get; }
}
