using System;
using System.Collections.Generic;
using System.Linq;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// The members a [Residual] model has besides those of every model (see <see cref="ResidualPlan"/>): Residual,
/// ResidualGradient, the members of ILeastSquares, and the closed forms ∂r/∂θ. Each writer does nothing for a [Loss].
/// </summary>
internal sealed partial class ModelEmitter
{
    /// <summary>The derivation in the docs: the loss's, then for a [Residual] every ∂r/∂θ.</summary>
    private IReadOnlyList<string> Derivation => _plan.Residual is { } residual
        ? _plan.Derivation.Concat(Enumerable.Range(0, ParameterCount).Select(i => residual.DerivativeText(_spec, i))).ToList()
        : _plan.Derivation;

    private IEnumerable<LengthCheck> LengthChecks()
    {
        yield return BackwardCheck;
        yield return EvaluateCheck;
        if (_plan.Residual is { } residual)
        {
            yield return new LengthCheck("ResidualGradient", residual.JacobianRowArgument, ParameterCount, "parameters");
        }

        yield return CopyParametersToCheck;
        yield return SetParametersCheck;
    }

    /// <summary>After the loss's derivatives in <c>Derivatives</c>: ∂r/∂θ for every parameter θ.</summary>
    private void WriteResidualDerivatives()
    {
        if (_plan.Residual is not { } residual)
        {
            return;
        }

        for (int i = 0; i < ParameterCount; i++)
        {
            _writer.WriteLine($"new global::SymbolicGd.Derivative({Literal(residual.Name)}, {Literal(_spec.Parameters[i].Name)}, {Literal(residual.DerivativeFormulas[i])}),");
        }
    }

    /// <summary>Residual(data) (unless the [Residual] method is itself named Residual) and ResidualGradient(data, row).</summary>
    private void WriteResidualMethods()
    {
        if (_plan.Residual is not { } residual)
        {
            return;
        }

        var w = _writer;
        string name = residual.Name;
        if (_spec.LossCall is not null || name != "Residual")
        {
            string call = _spec.LossCall ?? "this." + Identifier.Escape(name);
            w.WriteLine($"/// <summary>The residual {Xml(name)} of one sample: <see cref=\"{LossCref()}\"/>, under the name <see cref=\"global::SymbolicGd.ILeastSquares{{TSample}}\"/> gives it.</summary>");
            WriteDataParameterDocs();
            w.WriteLine($"/// <returns>The value of {Xml(name)}.</returns>");
            WriteGeneratedCodeAttribute();
            w.WriteLine($"public double Residual({DataParameters()}) => {call}({string.Join(", ", _spec.Loss.Arguments.Select(Identifier.Escape))});");
            w.WriteLine();
        }

        string row = residual.JacobianRowArgument;
        var cost = residual.Cost;
        w.WriteLine($"/// <summary>Computes the residual {Xml(name)} and writes (does not add) ∂{Xml(name)}/∂θ for every parameter θ to <paramref name=\"{row}\"/>: the sample's row of the Jacobian." +
            FormattableString.Invariant($" Cost: {cost.Backward:N0} operations, the residual's {cost.Loss:N0} included.</summary>"));
        w.WriteLine("/// <remarks>");
        w.WriteLine("/// <code>");
        foreach (string line in residual.Derivation.Take(MaxRepeatedDerivationLines))
        {
            w.WriteLine("/// " + Xml(SourceWriter.Abbreviate(line, MaxDerivationLineLength)));
        }

        if (residual.Derivation.Count > MaxRepeatedDerivationLines)
        {
            w.WriteLine("/// … (the rest is in the remarks of Derivatives)");
        }

        w.WriteLine("/// </code>");
        w.WriteLine("/// </remarks>");
        WriteDataParameterDocs();
        w.WriteLine($"/// <param name=\"{row}\">One element per parameter, in declaration order ({Xml(string.Join(", ", _spec.Parameters.Select(p => p.Name)))}), overwritten.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(name)}.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"{row}\"/> is not {ParameterCount}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double ResidualGradient({DataParameters(trailing: "global::System.Span<double> " + row)})");
        w.OpenBrace();
        WriteLengthCheck(new LengthCheck("ResidualGradient", row, ParameterCount, "parameters"));
        if (residual.UnsharedLocals is int unshared)
        {
            w.WriteLine(FormattableString.Invariant(
                $"// Generated temporaries share locals once no longer needed: one each would be {unshared:N0} locals, past the 65,534 .NET allows in a method."));
        }

        StatementWriter.Write(w, residual.Statements);
        w.WriteLine($"return {residual.ReturnValue};");
        w.CloseBrace();
        w.WriteLine();
    }

    /// <summary>Loss(in Sample) of a [Residual] model: ½r², computed as Backward computes it.</summary>
    private void WriteResidualSampleLoss(string residualCall, string fromSample)
    {
        var w = _writer;
        string name = _spec.Loss.Name;
        w.WriteLine($"/// <summary>The loss {Xml(_lossName)} = ½·{Xml(name)}² of one sample: <see cref=\"{LossCref()}\"/> with the sample's values, squared and halved.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public double Loss(in Sample sample)");
        w.OpenBrace();
        w.WriteLine($"double residual = {residualCall}({fromSample});");
        w.WriteLine("return 0.5 * (residual * residual);");
        w.CloseBrace();
    }

    /// <summary>The members of ILeastSquares that take a Sample.</summary>
    private void WriteResidualInterfaceMembers(string residualCall, string fromSample)
    {
        if (_plan.Residual is not { } residual)
        {
            return;
        }

        var w = _writer;
        string name = residual.Name;
        w.WriteLine();
        w.WriteLine($"/// <summary>The residual {Xml(name)} of one sample: <see cref=\"{LossCref()}\"/> with the sample's values.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the residual is evaluated at.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(name)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Residual(in Sample sample) => {residualCall}({fromSample});");
        w.WriteLine();
        w.WriteLine($"/// <summary>Computes the residual {Xml(name)} of one sample and writes ∂{Xml(name)}/∂θ for every parameter θ to <paramref name=\"jacobianRow\"/>.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the residual is evaluated at.</param>");
        w.WriteLine("/// <param name=\"jacobianRow\">One element per parameter, in declaration order; overwritten.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(name)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double ResidualGradient(in Sample sample, global::System.Span<double> jacobianRow) => ResidualGradient({fromSample}, jacobianRow);");
    }
}
