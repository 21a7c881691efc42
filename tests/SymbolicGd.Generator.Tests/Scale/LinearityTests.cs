using System;
using System.Linq;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Scale;

/// <summary>
/// Build time stays linear, checked by counts rather than by the clock: the names of a local reassigned k times
/// cost O(1) each (they cost O(k) each, a tenth of a minute for 33,334 reassignments), ten times the loss gives at
/// most about ten times the generated code and text, and formulas too long to read are cut in comments only.
/// </summary>
public class LinearityTests
{
    [Fact]
    public void Versions_of_one_name_cost_a_constant_number_of_probes_each()
    {
        var names = new UniqueNames(new[] { "u", "u_7", "t1" });
        const int Count = 20_000;
        for (int i = 0; i < Count; i++)
        {
            names.Unique("u");
        }

        Assert.Equal("u_20003", names.Unique("u")); // u is taken; the calls gave u_2 … u_20002, skipping u_7
        for (int i = 0; i < Count; i++)
        {
            names.Numbered("t");
        }

        Assert.Equal("t20001", names.Numbered("t")); // the calls gave t0 … t20000, skipping t1
        Assert.True(names.Probes <= 2 * (2 * Count + 2) + 4, $"{names.Probes} probes for {2 * Count + 2} names");
    }

    [Fact]
    public void A_released_name_is_given_out_again()
    {
        var names = new UniqueNames(new[] { "L" });
        Assert.Equal("L_2", names.Unique("L"));
        names.Release("L");
        Assert.Equal("L", names.Unique("L"));
        Assert.Equal("L_3", names.Unique("L"));
    }

    [Theory]
    [InlineData(nameof(ScaleLosses.SquaredTerms), 100)]
    [InlineData(nameof(ScaleLosses.TanhStatements), 100)]
    public void Ten_times_the_loss_gives_at_most_about_ten_times_the_code_and_text(string family, int n)
    {
        var small = Measure(family, n);
        var large = Measure(family, 10 * n);

        double lossRatio = (double)large.Loss / small.Loss;
        double backwardRatio = (double)large.Backward / small.Backward;
        double textRatio = (double)large.SourceLength / small.SourceLength;
        Assert.InRange(lossRatio, 9.5, 10.5);
        Assert.True(backwardRatio <= 1.2 * lossRatio, $"{family}: Backward went from {small.Backward} to {large.Backward} operations");
        Assert.True(textRatio <= 1.2 * lossRatio, $"{family}: the generated file went from {small.SourceLength} to {large.SourceLength} characters");
    }

    [Fact]
    public void Second_order_code_grows_with_the_loss_as_Backward_does_and_the_product_stays_within_four_Backwards()
    {
        // The tangent pass differentiates each node of the gradient once per Hessian column and once for H·v: ten
        // times the loss gives about ten times Hessian's and HessianVectorProduct's operations and text, never more.
        var small = MeasureSecondOrder(30);
        var large = MeasureSecondOrder(300);
        double lossRatio = (double)large.Loss / small.Loss;
        Assert.InRange(lossRatio, 9.5, 10.5);
        Assert.True(large.Hessian <= 1.2 * lossRatio * small.Hessian, $"Hessian went from {small.Hessian} to {large.Hessian} operations");
        Assert.True(large.Product <= 1.2 * lossRatio * small.Product, $"HessianVectorProduct went from {small.Product} to {large.Product} operations");
        Assert.True(large.SourceLength <= 1.2 * lossRatio * small.SourceLength, $"the generated file went from {small.SourceLength} to {large.SourceLength} characters");

        // Forward over reverse: H·v costs a small multiple of the gradient (the bound is 4×), and a Hessian
        // column about as much, so Hessian with its two columns stays below Backward plus two products.
        Assert.All(new[] { small, large }, m => Assert.True(m.Product <= 4 * m.Backward, $"HessianVectorProduct {m.Product} operations, Backward {m.Backward}"));
        Assert.All(new[] { small, large }, m => Assert.True(m.Hessian <= m.Backward + (2 * m.Product), $"Hessian {m.Hessian} operations, Backward {m.Backward}, HessianVectorProduct {m.Product}"));
    }

    [Fact]
    public void Long_formulas_are_cut_in_comments_and_Derivatives_with_a_note_but_never_in_code()
    {
        var run = GeneratorHarness.Run(ScaleLosses.NestedTanh(300)).AssertClean();
        var lines = run.Source.Split('\n');

        // Comments stop at the limit, with a note.
        var comments = lines.Where(l => l.Contains("// ", StringComparison.Ordinal) && !l.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Select(l => l.Substring(l.IndexOf("// ", StringComparison.Ordinal) + 3)).ToList();
        Assert.All(comments, c => Assert.True(c.Length <= Shared.SourceWriter.MaxCommentLength, c));
        Assert.Contains(comments, c => c.EndsWith(" characters in all)", StringComparison.Ordinal));

        // Written out in the user's names only, ∂L/∂p0 would take hundreds of thousands of characters (each of the
        // 300 factors holds the tanh nest below it): Derivatives shows its start, names nothing of the generated
        // code, and says that it is cut. The code itself computes the whole gradient (checked by FD in ScaleTests).
        var model = (IDifferentiableLoss)Activator.CreateInstance(run.Load().GetType("Tests.Model")!)!;
        var derivatives = (System.Collections.Generic.IReadOnlyList<Derivative>)model.GetType().GetProperty("Derivatives")!.GetValue(null)!;
        string formula = derivatives[0].Formula;
        Assert.EndsWith(" … (abbreviated: the whole formula is longer than " + FormulaPrinter.MaxReaderLength.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " characters)", formula, StringComparison.Ordinal);
        Assert.StartsWith("x·(1 − tanh(p0·x + p1)²)·p0·(1 − tanh(p0·tanh(p0·x + p1) + p1)²)", formula, StringComparison.Ordinal);
        Assert.True(formula.Length < 1000, $"the cut formula has {formula.Length} characters");
        Assert.All(FormulaEvaluator.Names(formula), name => Assert.Contains(name, new[] { "p0", "p1", "x" }));

        // The text stays proportionate to the loss: a few hundred characters per operation, not tens of thousands.
        int operations = OperationCounter.LossOperations(ScaleLosses.NestedTanh(300));
        Assert.True(run.Source.Length < 1000 * operations, $"{run.Source.Length} characters for {operations} operations");
    }

    private static SecondOrderMeasurement MeasureSecondOrder(int n)
    {
        string source = ScaleLosses.TanhStatements(n).Replace("[Differentiable]", "[Differentiable(SecondOrder = true)]", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(source).AssertClean();
        Assert.Contains("public double HessianVectorProduct(", run.Source, StringComparison.Ordinal);
        return new SecondOrderMeasurement(
            OperationCounter.LossOperations(source), OperationCounter.BackwardOperations(run.Source),
            OperationCounter.MethodOperations(run.Source, "Hessian"), OperationCounter.MethodOperations(run.Source, "HessianVectorProduct"),
            run.Source.Length);
    }

    private static Measurement Measure(string family, int n)
    {
        string source = family == nameof(ScaleLosses.SquaredTerms) ? ScaleLosses.SquaredTerms(n) : ScaleLosses.TanhStatements(n);
        var run = GeneratorHarness.Run(source).AssertClean();
        return new Measurement(OperationCounter.LossOperations(source), OperationCounter.BackwardOperations(run.Source), run.Source.Length);
    }
}

/// <summary>The operations of the loss and of the generated first- and second-order methods, and the file's length.</summary>
public sealed record SecondOrderMeasurement(int Loss, int Backward, int Hessian, int Product, int SourceLength);
