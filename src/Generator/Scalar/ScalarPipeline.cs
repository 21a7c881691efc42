using System;
using System.Linq;
using System.Globalization;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// The scalar front end's Generate step: a <see cref="ModelSpec"/> in, its <see cref="ScalarPlan"/> made and
/// written down by <see cref="ModelEmitter"/>, a <see cref="GeneratedModel"/> out.
/// </summary>
internal static class ScalarPipeline
{
    /// <summary>Lowers, differentiates, plans and writes one model; never throws but for cancellation.</summary>
    public static GeneratedModel Generate(ModelSpec spec, CancellationToken cancellationToken) =>
        Generate(spec, cancellationToken, LocalReuse.MaxLocals);

    /// <summary>As <see cref="Generate(ModelSpec, CancellationToken)"/>, with a lower limit on a method's locals, so
    /// that tests reach the limit with small models.</summary>
    internal static GeneratedModel Generate(ModelSpec spec, CancellationToken cancellationToken, int maxLocals) =>
        DeepStack.Run(DeepStack.SpecDepthExceeds(spec), () => GenerateModel(spec, cancellationToken, maxLocals));

    private static GeneratedModel GenerateModel(ModelSpec spec, CancellationToken cancellationToken, int maxLocals)
    {
        string hintName = ModelEmitter.HintName(spec);
        try
        {
            var findings = EquatableArray<Finding>.Empty;
            var plan = spec.Loss.HasArraysOrLoops || spec.Parameters.Any(p => p.IsArray)
                ? Loops.LoopPlanner.Create(spec, cancellationToken)
                : ScalarPlan.Create(spec, cancellationToken, maxLocals, out findings);
            string? source = plan is null ? null : ModelEmitter.Write(plan, cancellationToken);
            return new GeneratedModel(spec.Key, hintName, source, findings);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (ModelTooLargeException e)
        {
            var finding = new Finding(Diagnostics.ModelTooLarge.Id, -1, EquatableArray.Create(spec.FullName, e.Limit.ToString("N0", CultureInfo.InvariantCulture)));
            return new GeneratedModel(spec.Key, hintName, null, EquatableArray.Create(finding));
        }
        catch (Exception e)
        {
            var finding = new Finding(Diagnostics.InternalError.Id, -1, EquatableArray.Create(spec.FullName, e.GetType().Name + ": " + e.Message));
            return new GeneratedModel(spec.Key, hintName, null, EquatableArray.Create(finding));
        }
    }
}
