using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// The least-squares half of a [Residual] model's plan. The model's own <see cref="ScalarPlan"/> differentiates the loss
/// ½r², built on the residual's graph by <see cref="HalfSquare"/> (so r̄ = r and Backward adds r·∂r/∂θ); this plan
/// differentiates r itself, as a loss of its own, for <c>ResidualGradient</c> (which writes ∂r/∂θ, a row of the Jacobian)
/// and the closed forms ∂r/∂θ.
/// </summary>
/// <remarks>
/// Differentiating r separately costs a second lowering at build time but keeps both plans ordinary: each graph has one
/// value, the forward nodes before it and the derivatives after, as every step of <see cref="ScalarPlan"/> expects.
/// </remarks>
internal sealed class ResidualPlan
{
    private ResidualPlan(ScalarPlan residual)
    {
        Name = residual.LossName;
        JacobianRowArgument = residual.Backward.GradientArgument;
        Statements = residual.Backward.Statements;
        ReturnValue = residual.Backward.ReturnValue;
        UnsharedLocals = residual.Backward.UnsharedLocals;
        DerivativeFormulas = residual.DerivativeFormulas;
        Derivation = residual.Derivation;
        Cost = residual.Cost;
    }

    /// <summary>The residual method's name: r in ∂r/∂θ.</summary>
    public string Name { get; }

    /// <summary>The name of ResidualGradient's span argument (jacobianRow unless the residual uses that name).</summary>
    public string JacobianRowArgument { get; }

    /// <summary>ResidualGradient's body: the residual, and each ∂r/∂θ written to the row.</summary>
    public IReadOnlyList<Statement> Statements { get; }

    /// <summary>The expression ResidualGradient returns: the residual's value.</summary>
    public string ReturnValue { get; }

    /// <summary>As <see cref="BackwardPlan.UnsharedLocals"/>, for ResidualGradient.</summary>
    public int? UnsharedLocals { get; }

    /// <summary>Per parameter, in declaration order, the closed form of ∂r/∂θ.</summary>
    public IReadOnlyList<string> DerivativeFormulas { get; }

    /// <summary>The residual's own derivation: r, its named locals, and every ∂r/∂θ.</summary>
    public IReadOnlyList<string> Derivation { get; }

    /// <summary>The operations of the residual and of ResidualGradient.</summary>
    public OperationCount Cost { get; }

    /// <summary>∂r/∂θ for the parameter: <c>∂R/∂A = exp(−k·t)</c>.</summary>
    public string DerivativeText(ModelSpec spec, int parameter) => $"∂{Name}/∂{spec.Parameters[parameter].Name} = {DerivativeFormulas[parameter]}";

    /// <summary>
    /// The residual r (the lowered [Residual] method) made into the loss ½r², on the same graph. r is named after the
    /// residual method unless a local of the user's already names it, so the loss's formulas read ∂L/∂θ = R·∂R/∂θ and
    /// Evaluate reports the residual.
    /// </summary>
    public static LoweredModel HalfSquare(LoweredModel residual, FunctionSpec residualMethod)
    {
        string residualName = residualMethod.Name;
        var graph = residual.Graph;
        int r = residual.Value;
        int loss = graph.Multiply(graph.Constant(0.5), graph.Multiply(r, r));
        var named = residual.Named.ToList();
        var intermediates = residual.Intermediates.ToList();
        var identifiers = new HashSet<string>(residual.Identifiers, System.StringComparer.Ordinal);
        // Not when a data argument has the method's name (double R(double R, …)): the local would shadow it.
        if (!Graph.IsLeaf(graph[r].Op) && !residualMethod.Arguments.Contains(residualName) && !named.Any(n => n.Node == r || n.Name == residualName))
        {
            named.Add(new NamedValue(residualName, r));
            intermediates.Add(new NamedValue(residualName, r));
            identifiers.Add(residualName);
        }

        return new LoweredModel(graph, loss, named, intermediates, identifiers);
    }

    /// <summary>Plans ResidualGradient: r differentiated as a loss whose gradient is written to the row. Null, with
    /// <paramref name="findings"/> saying why, when it would pass .NET's limit on locals.</summary>
    public static ResidualPlan? Create(ModelSpec spec, CancellationToken cancellationToken, int maxLocals, out EquatableArray<Finding> findings)
    {
        var residual = ScalarPlan.Create(spec with { ResidualLossName = null }, cancellationToken, maxLocals, out findings, "jacobianRow", writesGradient: true);
        if (residual is null)
        {
            return null;
        }

        // Its warnings (a parameter never read, a derivative identically zero) are the model's, reported once already.
        findings = EquatableArray<Finding>.Empty;
        return new ResidualPlan(residual);
    }
}
