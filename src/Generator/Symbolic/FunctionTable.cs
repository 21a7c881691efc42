using System;
using System.Collections.Generic;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>
/// The local derivative ∂f/∂(one operand) of the function node <paramref name="id"/> (<paramref name="node"/> is
/// <c>g[id]</c>), built in <paramref name="g"/>: the chain rule multiplies it by the node's adjoint.
/// </summary>
internal delegate int LocalDerivative(Graph g, int id, Node node);

/// <summary>How generated code spells a function node.</summary>
internal enum CodeForm : byte
{
    /// <summary><c>global::Type.Method(a, b)</c>.</summary>
    Call,

    /// <summary>The call, cast to double (Math.Sign returns an int).</summary>
    CallAsDouble,

    /// <summary><c>a * a</c>: a product, which reads the operand twice.</summary>
    SelfProduct,

    /// <summary><c>(a &gt; 0.0 ? 1.0 : a &lt; 0.0 ? -1.0 : 0.0)</c>, which reads the operand twice.</summary>
    SignTest,
}

/// <summary>How formulas spell a function node.</summary>
internal enum FormulaForm : byte
{
    /// <summary><c>name(a, b)</c>.</summary>
    Call,

    /// <summary>The symbol before the operand: √a, ∛a.</summary>
    Prefix,

    /// <summary>The symbol after the operand: a².</summary>
    Postfix,

    /// <summary>Between bars: |a|.</summary>
    Bars,

    /// <summary>A power: a superscript for an integer constant exponent, else a^b.</summary>
    Power,
}

/// <summary>One supported function: everything the generator knows of it, from parsing to printing.</summary>
internal sealed class Function
{
    public Function(
        Op op,
        int arity,
        string? type,
        string? method,
        string formula,
        LocalDerivative?[]? derivatives,
        Func<double, double?>? foldUnary = null,
        Func<double, double, double?>? foldBinary = null,
        CodeForm code = CodeForm.Call,
        FormulaForm formulaForm = FormulaForm.Call)
    {
        Op = op;
        Arity = arity;
        Type = type;
        Method = method;
        Formula = formula;
        Derivatives = derivatives;
        FoldUnary = foldUnary;
        FoldBinary = foldBinary;
        Code = code;
        FormulaForm = formulaForm;
        CSharp = type is null ? null : "global::" + type + "." + method;
        FormulaOpening = formula + "(";
    }

    /// <summary>The node's operation.</summary>
    public Op Op { get; }

    /// <summary>How many double arguments it takes.</summary>
    public int Arity { get; }

    /// <summary>The type the user calls it on (System.Math or SymbolicGd.Functions); null for a function only
    /// derivatives produce (sgn), which the user cannot call.</summary>
    public string? Type { get; }

    /// <summary>The method's name on <see cref="Type"/> (Math.Log of two arguments is <see cref="Op.LogBase"/>).</summary>
    public string? Method { get; }

    /// <summary>The method as generated code calls it: <c>global::System.Math.Tanh</c>.</summary>
    public string? CSharp { get; }

    /// <summary>Its name or symbol in formulas (tanh, σ, √, ²), written as <see cref="FormulaForm"/> says.</summary>
    public string Formula { get; }

    public FormulaForm FormulaForm { get; }

    /// <summary><see cref="Formula"/> and its opening parenthesis, for <see cref="FormulaForm.Call"/>: made once,
    /// not once per formula that calls it.</summary>
    public string FormulaOpening { get; }

    public CodeForm Code { get; }

    /// <summary>Whether the code form reads the operand twice (the planner counts it as two uses).</summary>
    public bool ReadsOperandTwice => Code is CodeForm.SelfProduct or CodeForm.SignTest;

    /// <summary>
    /// One rule per operand, in operand order; a null rule is a derivative of zero (a piecewise constant function).
    /// Null for a function that is never differentiated (one only derivatives produce).
    /// </summary>
    public LocalDerivative?[]? Derivatives { get; }

    /// <summary>The value at a constant operand, or null where it is not folded. Fold only what IEEE 754 rounds
    /// exactly (the generated code must not depend on the math library of the compiler that ran the generator).</summary>
    public Func<double, double?>? FoldUnary { get; }

    /// <summary>The value at constant operands, as <see cref="FoldUnary"/>.</summary>
    public Func<double, double, double?>? FoldBinary { get; }
}

/// <summary>
/// Every function the generator knows, one entry each: the C# method a loss calls, the node it becomes, its
/// derivative rule, its constant folding, and how code and formulas spell it.
/// </summary>
/// <remarks>
/// <para>To add a function:</para>
/// <list type="number">
/// <item>Add its member to <see cref="Op"/>, in the functions' block (before <see cref="Op.Select"/>).</item>
/// <item>Add one entry to <see cref="All"/>: arity, type and method (a <c>static double</c> method of
/// System.Math, or one you add to SymbolicGd.Functions in src/Runtime), formula name, one derivative rule per
/// operand (from the operands <c>node.A</c>, <c>node.B</c>, … and, where it reads better, the node's own value
/// <c>id</c>, as tanh′ = 1 − tanh²), and a fold only if IEEE 754 rounds it exactly.</item>
/// <item>Tests: <c>FunctionTableTests</c> checks the new entry by itself (its derivative against finite
/// differences, its fold against the runtime method, its C# spelling against System.Math/SymbolicGd.Functions);
/// add a model to tests/…/Models/ConstructsFunctions.cs and a case to Constructs/FunctionTests.cs for the generated
/// code, and the formula name to Infrastructure/FormulaEvaluator.cs.</item>
/// <item>Name it in SGD0013's message (Diagnostics.cs; a test checks that it names every entry) and in the
/// README's list of supported functions.</item>
/// </list>
/// <para>Rewrites beyond folding that need algebra (x^2 → x², (−x)² → x²) stay in <see cref="Graph"/>'s
/// <c>Function</c> builders.</para>
/// </remarks>
internal static class FunctionTable
{
    // ln 10, correctly rounded: Math.Log(10) would tie the output to the math library of the compiler's host.
    private const double Ln10 = 2.302585092994046;

    private const string MathType = "System.Math";
    private const string FunctionsType = "SymbolicGd.Functions";

    /// <summary>Every function, in <see cref="Op"/> order.</summary>
    public static readonly IReadOnlyList<Function> All = new Function[]
    {
        new(Op.Square, 1, FunctionsType, "Square", "²",
            new LocalDerivative?[] { static (g, id, n) => g.Multiply(g.Constant(2), n.A) },
            foldUnary: static x => x * x, code: CodeForm.SelfProduct, formulaForm: FormulaForm.Postfix),
        new(Op.Pow, 2, MathType, "Pow", "pow",
            new LocalDerivative?[]
            {
                // Where x^y is constant in x (y = 0) or in y (x = 0, y > 0, so x^y = 0) the derivative is 0, which
                // y·x^(y−1) and x^y·ln x give as 0·∞ = NaN.
                static (g, id, n) => g.IsConstant(n.B, out double exponent)
                    ? g.Multiply(n.B, g.Function(Op.Pow, n.A, g.Constant(exponent - 1)))
                    : g.Select(g.Compare(Op.Equal, n.B, g.Zero), g.Zero, g.Multiply(n.B, g.Function(Op.Pow, n.A, g.Subtract(n.B, g.One)))),
                static (g, id, n) => g.Select(g.Compare(Op.Equal, id, g.Zero), g.Zero, g.Multiply(id, g.Function(Op.Log, n.A))),
            },
            formulaForm: FormulaForm.Power),
        new(Op.Exp, 1, MathType, "Exp", "exp", new LocalDerivative?[] { static (g, id, n) => id }),
        new(Op.Log, 1, MathType, "Log", "ln", new LocalDerivative?[] { static (g, id, n) => g.Divide(g.One, n.A) }),
        new(Op.LogBase, 2, MathType, "Log", "log",
            new LocalDerivative?[]
            {
                static (g, id, n) => g.Divide(g.One, g.Multiply(n.A, g.Function(Op.Log, n.B))),
                static (g, id, n) => g.Negate(g.Divide(id, g.Multiply(n.B, g.Function(Op.Log, n.B)))),
            }),
        new(Op.Log10, 1, MathType, "Log10", "log₁₀",
            new LocalDerivative?[] { static (g, id, n) => g.Divide(g.One, g.Multiply(n.A, g.Constant(Ln10))) }),
        new(Op.Sqrt, 1, MathType, "Sqrt", "√",
            new LocalDerivative?[] { static (g, id, n) => g.Divide(g.One, g.Multiply(g.Constant(2), id)) },
            foldUnary: static x => Math.Sqrt(x), formulaForm: FormulaForm.Prefix),
        new(Op.Cbrt, 1, MathType, "Cbrt", "∛",
            new LocalDerivative?[] { static (g, id, n) => g.Divide(g.One, g.Multiply(g.Constant(3), g.Function(Op.Square, id))) },
            formulaForm: FormulaForm.Prefix),
        new(Op.Sin, 1, MathType, "Sin", "sin", new LocalDerivative?[] { static (g, id, n) => g.Function(Op.Cos, n.A) }),
        new(Op.Cos, 1, MathType, "Cos", "cos", new LocalDerivative?[] { static (g, id, n) => g.Negate(g.Function(Op.Sin, n.A)) }),
        new(Op.Tan, 1, MathType, "Tan", "tan", new LocalDerivative?[] { static (g, id, n) => g.Add(g.One, g.Function(Op.Square, id)) }),
        new(Op.Asin, 1, MathType, "Asin", "asin",
            new LocalDerivative?[] { static (g, id, n) => g.Divide(g.One, g.Function(Op.Sqrt, g.Subtract(g.One, g.Function(Op.Square, n.A)))) }),
        new(Op.Acos, 1, MathType, "Acos", "acos",
            new LocalDerivative?[] { static (g, id, n) => g.Negate(g.Divide(g.One, g.Function(Op.Sqrt, g.Subtract(g.One, g.Function(Op.Square, n.A))))) }),
        new(Op.Atan, 1, MathType, "Atan", "atan",
            new LocalDerivative?[] { static (g, id, n) => g.Divide(g.One, g.Add(g.One, g.Function(Op.Square, n.A))) }),
        new(Op.Atan2, 2, MathType, "Atan2", "atan2",
            new LocalDerivative?[]
            {
                // atan2(y, x): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
                static (g, id, n) => g.Divide(n.B, g.Add(g.Function(Op.Square, n.B), g.Function(Op.Square, n.A))),
                static (g, id, n) => g.Negate(g.Divide(n.A, g.Add(g.Function(Op.Square, n.B), g.Function(Op.Square, n.A)))),
            }),
        new(Op.Sinh, 1, MathType, "Sinh", "sinh", new LocalDerivative?[] { static (g, id, n) => g.Function(Op.Cosh, n.A) }),
        new(Op.Cosh, 1, MathType, "Cosh", "cosh", new LocalDerivative?[] { static (g, id, n) => g.Function(Op.Sinh, n.A) }),
        new(Op.Tanh, 1, MathType, "Tanh", "tanh", new LocalDerivative?[] { static (g, id, n) => g.Subtract(g.One, g.Function(Op.Square, id)) }),
        new(Op.Abs, 1, MathType, "Abs", "|",
            // |x|′ = sgn(x), and 0 at x = 0 (the documented policy).
            new LocalDerivative?[] { static (g, id, n) => g.Function(Op.SignOrZero, n.A) },
            foldUnary: static x => Math.Abs(x), formulaForm: FormulaForm.Bars),
        new(Op.Max, 2, MathType, "Max", "max",
            new LocalDerivative?[]
            {
                // A tie sends the gradient to the first argument.
                static (g, id, n) => g.Select(g.Compare(Op.GreaterOrEqual, n.A, n.B), g.One, g.Zero),
                static (g, id, n) => g.Select(g.Compare(Op.GreaterOrEqual, n.A, n.B), g.Zero, g.One),
            },
            foldBinary: static (x, y) => Math.Max(x, y)),
        new(Op.Min, 2, MathType, "Min", "min",
            new LocalDerivative?[]
            {
                static (g, id, n) => g.Select(g.Compare(Op.LessOrEqual, n.A, n.B), g.One, g.Zero),
                static (g, id, n) => g.Select(g.Compare(Op.LessOrEqual, n.A, n.B), g.Zero, g.One),
            },
            foldBinary: static (x, y) => Math.Min(x, y)),
        new(Op.Sign, 1, MathType, "Sign", "sign",
            new LocalDerivative?[] { null }, // piecewise constant: derivative 0
            foldUnary: static x => double.IsNaN(x) ? null : Math.Sign(x), code: CodeForm.CallAsDouble),
        new(Op.Clamp, 3, MathType, "Clamp", "clamp",
            new LocalDerivative?[]
            {
                // Math.Clamp(x, lo, hi) is lo below lo, hi above hi, and x otherwise (x itself at a tie).
                static (g, id, n) => g.Select(g.And(g.Compare(Op.GreaterOrEqual, n.A, n.B), g.Compare(Op.LessOrEqual, n.A, n.C)), g.One, g.Zero),
                static (g, id, n) => g.Select(g.Compare(Op.Less, n.A, n.B), g.One, g.Zero),
                static (g, id, n) => g.Select(g.And(g.Compare(Op.GreaterOrEqual, n.A, n.B), g.Compare(Op.Greater, n.A, n.C)), g.One, g.Zero),
            }),
        new(Op.Sigmoid, 1, FunctionsType, "Sigmoid", "σ",
            // σ′ = σ·(1 − σ), from the forward value.
            new LocalDerivative?[] { static (g, id, n) => g.LogisticDerivative(id) }),
        new(Op.Relu, 1, FunctionsType, "Relu", "relu",
            // relu′(0) = 0.
            new LocalDerivative?[] { static (g, id, n) => g.Select(g.Compare(Op.Greater, n.A, g.Zero), g.One, g.Zero) },
            foldUnary: static x => x > 0 ? x : 0),
        new(Op.Softplus, 1, FunctionsType, "Softplus", "softplus",
            new LocalDerivative?[] { static (g, id, n) => g.Function(Op.Sigmoid, n.A) }),

        // The derivative of |x|: 1, −1, or 0 at zero and for NaN. Only derivatives produce it; it is never
        // differentiated.
        new(Op.SignOrZero, 1, type: null, method: null, "sgn", derivatives: null,
            foldUnary: static x => x > 0 ? 1 : x < 0 ? -1 : 0, code: CodeForm.SignTest),
    };

    private static readonly Function?[] s_byOp = ByOp();

    private static readonly Dictionary<(string Type, string Method, int Arity), Op> s_byMethod = ByMethod();

    /// <summary>The function of a node's operation, or null if the operation is not a function.</summary>
    public static Function? Of(Op op) => (int)op < s_byOp.Length ? s_byOp[(int)op] : null;

    /// <summary>The function a call of <paramref name="type"/>.<paramref name="method"/> with
    /// <paramref name="arity"/> double arguments binds to, if it is a supported one.</summary>
    public static Op? Lookup(string type, string method, int arity) =>
        s_byMethod.TryGetValue((type, method, arity), out var op) ? op : null;

    /// <summary>Whether <paramref name="type"/> is one that supported functions live on.</summary>
    public static bool IsFunctionType(string? type) => type is MathType or FunctionsType;

    private static Function?[] ByOp()
    {
        var byOp = new Function?[(int)Op.Select];
        foreach (var function in All)
        {
            if (byOp[(int)function.Op] is not null)
            {
                throw new InvalidOperationException($"{function.Op} has two entries.");
            }

            byOp[(int)function.Op] = function;
        }

        return byOp;
    }

    private static Dictionary<(string, string, int), Op> ByMethod()
    {
        var byMethod = new Dictionary<(string, string, int), Op>();
        foreach (var function in All)
        {
            if (function.Type is not null)
            {
                byMethod.Add((function.Type, function.Method!, function.Arity), function.Op);
            }
        }

        return byMethod;
    }
}
