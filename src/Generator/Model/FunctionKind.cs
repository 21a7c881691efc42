namespace SymbolicGd.Generator.Model;

/// <summary>The functions the generator knows the derivatives of.</summary>
internal enum FunctionKind
{
    /// <summary>Math.Exp.</summary>
    Exp,

    /// <summary>Math.Log with one argument (natural logarithm).</summary>
    Log,

    /// <summary>Math.Log(a, newBase).</summary>
    LogBase,

    /// <summary>Math.Log10.</summary>
    Log10,

    /// <summary>Math.Sqrt.</summary>
    Sqrt,

    /// <summary>Math.Cbrt.</summary>
    Cbrt,

    /// <summary>Math.Pow.</summary>
    Pow,

    /// <summary>Math.Sin.</summary>
    Sin,

    /// <summary>Math.Cos.</summary>
    Cos,

    /// <summary>Math.Tan.</summary>
    Tan,

    /// <summary>Math.Asin.</summary>
    Asin,

    /// <summary>Math.Acos.</summary>
    Acos,

    /// <summary>Math.Atan.</summary>
    Atan,

    /// <summary>Math.Atan2(y, x).</summary>
    Atan2,

    /// <summary>Math.Sinh.</summary>
    Sinh,

    /// <summary>Math.Cosh.</summary>
    Cosh,

    /// <summary>Math.Tanh.</summary>
    Tanh,

    /// <summary>Math.Abs.</summary>
    Abs,

    /// <summary>Math.Max.</summary>
    Max,

    /// <summary>Math.Min.</summary>
    Min,

    /// <summary>Math.Sign (an int in C#, converted to double).</summary>
    Sign,

    /// <summary>Math.Clamp(value, min, max).</summary>
    Clamp,

    /// <summary>SymbolicGd.Functions.Sigmoid.</summary>
    Sigmoid,

    /// <summary>SymbolicGd.Functions.Relu.</summary>
    Relu,

    /// <summary>SymbolicGd.Functions.Softplus.</summary>
    Softplus,

    /// <summary>SymbolicGd.Functions.Square.</summary>
    Square,
}
