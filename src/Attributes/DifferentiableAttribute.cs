using System;

namespace SymbolicGd
{
    /// <summary>
    /// Marks a <c>partial</c> class as a SymbolicGd model. At build time the SymbolicGd generator differentiates the
    /// class's <see cref="LossAttribute">[Loss]</see> method with respect to its <see cref="ParamAttribute">[Param]</see>
    /// members and adds the forward value, the exact gradient and the closed-form derivatives to the class.
    /// </summary>
    /// <remarks>
    /// The class must be <c>partial</c> (and so must every class that contains it), declare one or more
    /// <c>[Param]</c> doubles and exactly one <c>[Loss]</c> method.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class DifferentiableAttribute : Attribute
    {
        /// <summary>
        /// Whether the generator also differentiates the gradient: the model then gets <c>Hessian</c>,
        /// <c>HessianVectorProduct</c>, the closed forms <c>SecondDerivatives</c> and <c>HessianStructure</c>, and
        /// implements <c>ITwiceDifferentiableLoss</c>, so that <c>Newton</c> trains it. Off by default: it adds code.
        /// </summary>
        public bool SecondOrder { get; set; }
    }
}
