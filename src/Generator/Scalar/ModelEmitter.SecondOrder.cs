using System;
using System.Globalization;
using System.Linq;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// The second-order members of a model with <c>[Differentiable(SecondOrder = true)]</c>, written from its
/// <see cref="SecondOrderPlan"/>: SecondDerivatives, HessianStructure, Hessian, HessianVectorProduct, their length
/// checks and the <c>ITwiceDifferentiableLoss</c> members of a model with data. Each writer does nothing for a model
/// without them, so that the rest of the file is the same bytes as before.
/// </summary>
internal sealed partial class ModelEmitter
{
    private void WriteSecondOrderTables()
    {
        if (_plan.SecondOrder is not { } second)
        {
            return;
        }

        var w = _writer;
        w.WriteLine($"/// <summary>The closed form of every structurally non-zero second derivative ∂²{Xml(_lossName)}/∂θᵢ∂θⱼ (i ≤ j, in declaration order), as derived at build time; an entry not listed is identically zero.</summary>");
        WriteSecondDerivativeRemarks(second);
        WriteGeneratedCodeAttribute();
        if (second.Structure.Count == 0)
        {
            w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<global::SymbolicGd.SecondDerivative> SecondDerivatives { get; } = global::System.Array.AsReadOnly(global::System.Array.Empty<global::SymbolicGd.SecondDerivative>());");
        }
        else
        {
            w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<global::SymbolicGd.SecondDerivative> SecondDerivatives { get; } = global::System.Array.AsReadOnly(new global::SymbolicGd.SecondDerivative[]");
            w.OpenBrace();
            for (int k = 0; k < second.Structure.Count; k++)
            {
                var (row, column) = second.Structure[k];
                w.WriteLine($"new global::SymbolicGd.SecondDerivative({Literal(_lossName)}, {Literal(_spec.Parameters[row].Name)}, {Literal(_spec.Parameters[column].Name)}, {Literal(second.Formulas[k])}),");
            }

            w.CloseBrace(");");
        }

        w.WriteLine();
        int entries = ParameterCount * (ParameterCount + 1) / 2;
        w.WriteLine($"/// <summary>The structurally non-zero entries (row ≤ column) of the Hessian of {Xml(_lossName)}: {second.Structure.Count} of the upper triangle's {entries}. <see cref=\"{HessianCref()}\"/> computes only these, and mirrors them.</summary>");
        WriteGeneratedCodeAttribute();
        string structure = second.Structure.Count == 0
            ? "global::System.Array.Empty<(int Row, int Column)>()"
            : "new (int Row, int Column)[] { " + string.Join(", ", second.Structure.Select(e => $"({e.Row}, {e.Column})")) + " }";
        w.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<(int Row, int Column)> HessianStructure {{ get; }} = global::System.Array.AsReadOnly({structure});");
        w.WriteLine();
    }

    private void WriteSecondDerivativeRemarks(SecondOrderPlan second)
    {
        var w = _writer;
        if (second.Structure.Count > MaxRepeatedDerivationLines)
        {
            w.WriteLine($"/// <remarks>{second.Structure.Count.ToString("N0", CultureInfo.InvariantCulture)} second derivatives: see <see cref=\"SecondDerivatives\"/>.</remarks>");
            return;
        }

        w.WriteLine("/// <remarks>");
        w.WriteLine("/// <code>");
        for (int k = 0; k < second.Structure.Count; k++)
        {
            var (row, column) = second.Structure[k];
            string line = SecondOrderPlan.EntryName(_lossName, _spec.Parameters[row].Name, _spec.Parameters[column].Name) + " = " + second.Formulas[k];
            w.WriteLine("/// " + Xml(SourceWriter.Abbreviate(line, MaxDerivationLineLength)));
        }

        if (second.Structure.Count == 0)
        {
            w.WriteLine($"/// every second derivative of {Xml(_lossName)} is identically zero");
        }

        w.WriteLine("/// </code>");
        w.WriteLine("/// </remarks>");
    }

    private void WriteSecondOrderMethods()
    {
        if (_plan.SecondOrder is not { } second)
        {
            return;
        }

        var w = _writer;
        string gradient = second.GradientArgument;
        string hessian = second.HessianArgument;
        int n = ParameterCount;
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)}, adds ∂{Xml(_lossName)}/∂θ to <paramref name=\"{gradient}\"/> and the Hessian ∂²{Xml(_lossName)}/∂θᵢ∂θⱼ to <paramref name=\"{hessian}\"/> (row-major, both triangles), as Newton's method needs them." +
            FormattableString.Invariant($" Only the {second.Structure.Count} structurally non-zero entries of the upper triangle are computed (<see cref=\"HessianStructure\"/>), and mirrored. Cost: {second.HessianOperations:N0} operations.</summary>"));
        WriteSecondDerivativeRemarks(second);
        WriteDataParameterDocs();
        w.WriteLine($"/// <param name=\"{gradient}\">One element per parameter, in declaration order; the derivatives are added to it.</param>");
        w.WriteLine($"/// <param name=\"{hessian}\">{n}×{n} elements, row-major (entry (i, j) at i·{n} + j); the second derivatives are added to it, so calls over a batch accumulate.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"{gradient}\"/> is not {n}, or that of <paramref name=\"{hessian}\"/> is not {n * n}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Hessian({DataParameters(trailing: $"global::System.Span<double> {gradient}, global::System.Span<double> {hessian}")})");
        w.OpenBrace();
        WriteLengthCheck(BackwardCheck);
        WriteLengthCheck(HessianCheck(second));
        StatementWriter.Write(w, second.HessianStatements);
        w.WriteLine($"return {second.HessianReturn};");
        w.CloseBrace();
        w.WriteLine();

        string vector = second.VectorArgument;
        string product = second.ProductArgument;
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)}, adds ∂{Xml(_lossName)}/∂θ to <paramref name=\"{gradient}\"/> and the product H·v of its Hessian with <paramref name=\"{vector}\"/> to <paramref name=\"{product}\"/>, by forward mode over the gradient, without forming H." +
            FormattableString.Invariant($" Cost: {second.ProductOperations:N0} operations, {second.ProductRatio:F1}× Backward's {second.BackwardOperations:N0}.</summary>"));
        WriteSecondDerivativeRemarks(second);
        WriteDataParameterDocs();
        w.WriteLine($"/// <param name=\"{vector}\">The vector v, one element per parameter; only read.</param>");
        w.WriteLine($"/// <param name=\"{gradient}\">One element per parameter, in declaration order; the derivatives are added to it.</param>");
        w.WriteLine($"/// <param name=\"{product}\">One element per parameter; H·v is added to it.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"{vector}\"/>, <paramref name=\"{gradient}\"/> or <paramref name=\"{product}\"/> is not {n}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double HessianVectorProduct({DataParameters(trailing: $"global::System.ReadOnlySpan<double> {vector}, global::System.Span<double> {gradient}, global::System.Span<double> {product}")})");
        w.OpenBrace();
        WriteLengthCheck(VectorCheck(second));
        WriteLengthCheck(BackwardCheck);
        WriteLengthCheck(ProductCheck(second));
        StatementWriter.Write(w, second.ProductStatements);
        w.WriteLine($"return {second.ProductReturn};");
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteSecondOrderThrowHelpers()
    {
        if (_plan.SecondOrder is not { } second)
        {
            return;
        }

        var w = _writer;
        foreach (var (check, expected) in new[]
        {
            (HessianCheck(second), FormattableString.Invariant($"{ParameterCount} parameter{(ParameterCount == 1 ? "" : "s")}, so a Hessian of {ParameterCount}×{ParameterCount} = {ParameterCount * ParameterCount}")),
            (VectorCheck(second), FormattableString.Invariant($"{ParameterCount} parameter{(ParameterCount == 1 ? "" : "s")}")),
            (ProductCheck(second), FormattableString.Invariant($"{ParameterCount} parameter{(ParameterCount == 1 ? "" : "s")}")),
        })
        {
            w.WriteLine();
            WriteGeneratedCodeAttribute();
            w.WriteLine($"private static void {check.Helper}(int length) =>");
            w.Indent();
            string message = Literal(check.Argument + " has length {length}; " + _spec.Type.Name.Replace("{", "{{").Replace("}", "}}") + " has " + expected + ".");
            w.WriteLine($"throw new global::System.ArgumentException(${message}, {Literal(check.Argument)});");
            w.Unindent();
        }
    }

    private void WriteSecondOrderInterfaceImplementation()
    {
        if (_plan.SecondOrder is null || !HasData)
        {
            return;
        }

        var w = _writer;
        string fromSample = string.Join(", ", _spec.Loss.Arguments.Select(a => "sample." + Identifier.Escape(a)));
        w.WriteLine();
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} for one sample and adds its gradient and Hessian to the spans (see <see cref=\"{HessianCref()}\"/>).</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
        w.WriteLine("/// <param name=\"gradient\">One element per parameter; the derivatives are added to it.</param>");
        w.WriteLine("/// <param name=\"hessian\">n×n elements, row-major; the second derivatives are added to it.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Hessian(in Sample sample, global::System.Span<double> gradient, global::System.Span<double> hessian) => Hessian({fromSample}, gradient, hessian);");
        w.WriteLine();
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} for one sample and adds its gradient and the product H·v of its Hessian with <paramref name=\"vector\"/> to the spans.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
        w.WriteLine("/// <param name=\"vector\">The vector v, one element per parameter; only read.</param>");
        w.WriteLine("/// <param name=\"gradient\">One element per parameter; the derivatives are added to it.</param>");
        w.WriteLine("/// <param name=\"product\">One element per parameter; H·v is added to it.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double HessianVectorProduct(in Sample sample, global::System.ReadOnlySpan<double> vector, global::System.Span<double> gradient, global::System.Span<double> product) => HessianVectorProduct({fromSample}, vector, gradient, product);");
    }

    private LengthCheck HessianCheck(SecondOrderPlan second) => new("Hessian", second.HessianArgument, ParameterCount * ParameterCount, "entries");

    private LengthCheck VectorCheck(SecondOrderPlan second) => new("Vector", second.VectorArgument, ParameterCount, "parameters");

    private LengthCheck ProductCheck(SecondOrderPlan second) => new("Product", second.ProductArgument, ParameterCount, "parameters");

    private string HessianCref() =>
        "Hessian(" + string.Concat(_spec.Loss.Arguments.Select(_ => "double, ")) + "global::System.Span{double}, global::System.Span{double})";
}
