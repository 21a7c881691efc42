using System;

namespace SymbolicGd
{
    /// <summary>
    /// Marks a trainable parameter of a <see cref="DifferentiableAttribute">[Differentiable]</see> model: a writable
    /// instance field or property of type <see cref="double"/>.
    /// </summary>
    /// <remarks>
    /// Parameters are numbered in declaration order; that order is the order of the gradient span passed to
    /// <c>Backward</c> and of <c>ParameterNames</c>. Doubles that are read by the loss but not marked are constants:
    /// their derivative is zero.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
    public sealed class ParamAttribute : Attribute
    {
    }
}
