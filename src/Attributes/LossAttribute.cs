using System;

namespace SymbolicGd
{
    /// <summary>
    /// Marks the loss of a <see cref="DifferentiableAttribute">[Differentiable]</see> model: an instance method that
    /// returns <see cref="double"/>. Its own parameters, if any, are the data of one sample (inputs and targets);
    /// they are held fixed while the loss is differentiated with respect to the model's
    /// <see cref="ParamAttribute">[Param]</see> members.
    /// </summary>
    /// <remarks>
    /// The body is ordinary C#: double locals, assignment and compound assignment, arithmetic, <c>System.Math</c>
    /// functions, the functions of <c>SymbolicGd.Functions</c>, the conditional operator and <c>if</c>/<c>else</c>
    /// on comparisons, and calls to other methods of the same class written in the same language.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class LossAttribute : Attribute
    {
    }
}
