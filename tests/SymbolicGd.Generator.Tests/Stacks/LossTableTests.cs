using System;
using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.Stacks;

namespace SymbolicGd.Generator.Tests.Stacks;

/// <summary>
/// The generator's loss table against what it stands for: the public <see cref="NetworkLoss"/> enum (every value has
/// exactly one entry, at its own number), the runtime's kernels (every method an entry names exists in double and
/// float with the arguments the emitter passes, and the gradient kernel's δ is the derivative of the value kernel),
/// and the formulas the derivations print.
/// </summary>
public sealed class LossTableTests
{
    private static readonly Type s_losses = typeof(SymbolicGd.Layers.Losses);
    private static readonly Type s_predictions = typeof(SymbolicGd.Layers.Predictions);

    [Fact]
    public void Every_public_loss_has_one_entry_at_its_own_number_and_the_mirror_enum_agrees()
    {
        var values = Enum.GetValues<NetworkLoss>();
        Assert.Equal(values.Length, LossTable.Entries.Count);
        Assert.Equal(values.Select(v => v.ToString()), Enum.GetNames<StackLoss>());
        foreach (var value in values)
        {
            var entry = LossTable.Find((StackLoss)(int)value);
            Assert.NotNull(entry);
            Assert.Equal(value.ToString(), entry!.Name);
            Assert.Equal((int)value, (int)entry.Kind);
            Assert.Same(entry, LossTable.Of(entry.Kind));
        }

        Assert.Null(LossTable.Find((StackLoss)values.Length));
        Assert.Null(LossTable.Find((StackLoss)(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LossTable.Of((StackLoss)values.Length));
        Assert.Equal("NetworkLoss.SquaredError, NetworkLoss.SoftmaxCrossEntropy, NetworkLoss.BinaryCrossEntropy", LossTable.AllNames);
    }

    [Theory]
    [InlineData(typeof(double))]
    [InlineData(typeof(float))]
    public void Every_kernel_the_table_names_exists_in_both_precisions(Type number)
    {
        var readOnly = typeof(ReadOnlySpan<>).MakeGenericType(number);
        var span = typeof(Span<>).MakeGenericType(number);
        foreach (var entry in LossTable.Entries)
        {
            // One sample passes its label as an int, a batch its labels as a span; a target vector is a span in both.
            var sampleTarget = entry.HasLabel ? typeof(int) : readOnly;
            var batchTarget = entry.HasLabel ? typeof(ReadOnlySpan<int>) : readOnly;
            AssertKernel(s_losses, entry.Name, entry.Kernel, number, readOnly, sampleTarget, span);
            AssertKernel(s_losses, entry.Name, entry.Kernel, number, readOnly, batchTarget, span);
            AssertKernel(s_losses, entry.Name, entry.ValueKernel, number, readOnly, sampleTarget);

            // IsCorrect of a classifier compares Classify with a label, or matches a target vector through a kernel.
            Assert.Equal(entry.IsClassifier && !entry.HasLabel, entry.TargetMatchKernel is not null);
            if (entry.TargetMatchKernel is not null)
            {
                AssertKernel(s_predictions, entry.Name, entry.TargetMatchKernel, typeof(bool), readOnly, readOnly);
            }

            // Predict applies the output activation with the arguments the emitter knows without a layer: none, or the width.
            Assert.NotEqual(KernelArgument.NegativeSlope, entry.Output.Argument);
            Assert.Equal(entry.OutputActivation, entry.Output.Kind);
        }
    }

    /// <summary>
    /// E and δ of every gradient kernel against its value kernel, on one sample: the same E, and each δₖ the central
    /// difference of the value kernel in the head input's k-th element (to 1e-7, the difference's own error).
    /// </summary>
    [Fact]
    public void Every_gradient_kernel_returns_the_value_kernels_loss_and_its_derivative()
    {
        double[] input = { 0.3, -1.2, 0.7 };
        foreach (var entry in LossTable.Entries)
        {
            object target = entry.HasLabel ? 2 : new[] { 1.0, 0.0, 1.0 };
            var sampleTarget = entry.HasLabel ? typeof(int) : typeof(ReadOnlySpan<double>);
            var gradient = s_losses.GetMethod(entry.Kernel, new[] { typeof(ReadOnlySpan<double>), sampleTarget, typeof(Span<double>) })!;
            var value = s_losses.GetMethod(entry.ValueKernel, new[] { typeof(ReadOnlySpan<double>), sampleTarget })!;
            var delta = new double[input.Length];
            double loss = InvokeGradient(gradient, input, target, delta);
            Assert.Equal(InvokeValue(value, input, target), loss, 12);
            Assert.True(loss > 0, $"{entry.Name}: E = {loss}");
            for (int k = 0; k < input.Length; k++)
            {
                const double h = 1e-5;
                double[] up = (double[])input.Clone();
                double[] down = (double[])input.Clone();
                up[k] += h;
                down[k] -= h;
                double difference = (InvokeValue(value, up, target) - InvokeValue(value, down, target)) / (2 * h);
                Assert.True(Math.Abs(difference - delta[k]) < 1e-7, $"{entry.Name}: δ{k} = {delta[k]}, central difference {difference}");
            }
        }
    }

    [Fact]
    public void The_formulas_print_in_the_head_inputs_name_as_the_derivations_show_them()
    {
        var squared = LossTable.Of(StackLoss.SquaredError);
        Assert.Equal("½‖a2 − t‖²", squared.LossFormula("a2"));
        Assert.Equal("a2 − t", squared.HeadGradient("a2"));
        var softmax = LossTable.Of(StackLoss.SoftmaxCrossEntropy);
        Assert.Equal("−log softmax(z2)[label]", softmax.LossFormula("z2"));
        Assert.Equal("softmax(z2) − onehot(label)", softmax.HeadGradient("z2"));
        var binary = LossTable.Of(StackLoss.BinaryCrossEntropy);
        Assert.Equal("Σₖ max(z2ₖ, 0) − z2ₖ·tₖ + log(1 + e^−|z2ₖ|)", binary.LossFormula("z2"));
        Assert.Equal("σ(z2) − t", binary.HeadGradient("z2"));

        Assert.Equal(new[] { "squared error", "softmax cross-entropy", "binary cross-entropy" }, LossTable.Entries.Select(e => e.SummaryName));
        Assert.Equal("t: 1 value, 0 or 1", binary.TargetDescription!(1));
        Assert.Equal("t: 3 values, each 0 or 1", binary.TargetDescription(3));
        Assert.Equal("the probabilities σ(z2) that each target is 1", binary.PredictDescription("z2"));

        foreach (var entry in LossTable.Entries)
        {
            Assert.Contains("q9", entry.LossFormula("q9"));
            Assert.Contains("q9", entry.HeadGradient("q9"));
            Assert.Contains("q9", entry.PredictDescription("q9"));
            Assert.NotEmpty(entry.PredictBatchDescription);
            Assert.NotEmpty(entry.SingleOutputRule);
            // A loss that fuses an activation says so in the derivation; one on the outputs themselves fuses nothing.
            Assert.Equal(entry.OutputActivation != LayerActivation.Identity, entry.FusionRewrite is not null);
        }
    }

    [Fact]
    public void A_fused_last_layer_is_described_in_its_own_names()
    {
        var last = new PlannedLayer(3, 4, new LayerSpec(5, LayerActivation.Sigmoid, 0.01), LayerActivation.Identity, null, 0, 0, 0, "a2", isLast: true);
        var binary = LossTable.Of(StackLoss.BinaryCrossEntropy);
        Assert.True(binary.Fuses(LayerActivation.Sigmoid));
        Assert.False(binary.Fuses(LayerActivation.Identity));
        Assert.False(LossTable.Of(StackLoss.SquaredError).Fuses(LayerActivation.Identity));
        Assert.Equal(
            "Rewrite: the sigmoid of layer 3 is fused into the binary cross-entropy. E is computed on the logits, as " +
            "Σₖ max(z3ₖ, 0) − z3ₖ·tₖ + log(1 + e^−|z3ₖ|), and δ3 = σ(z3) − t: −t·log σ(z) − (1 − t)·log(1 − σ(z)) " +
            "is infinite, and its gradient NaN, once σ(z) rounds to 0 or 1 (for logits of ±1000, say). Predict still returns the probabilities.",
            binary.FusionRewrite!(last));
        Assert.StartsWith(
            "Rewrite: the softmax of layer 3 is fused into the cross-entropy. E = −log softmax(z3)[label] is computed on the logits, as log Σₖ e^(z3ₖ − m) + m − z3[label] with m = max z3, and δ3 = softmax(z3) − onehot(label):",
            LossTable.Of(StackLoss.SoftmaxCrossEntropy).FusionRewrite!(last));
    }

    [Fact]
    public void The_last_layer_requirements_reject_one_softmax_class_and_a_softmax_before_binary_cross_entropy()
    {
        var softmax = LossTable.Of(StackLoss.SoftmaxCrossEntropy).Requirements.Single();
        Assert.False(softmax.IsMet(new LayerSpec(1, LayerActivation.Identity, 0.01)));
        Assert.True(softmax.IsMet(new LayerSpec(2, LayerActivation.Softmax, 0.01)));
        Assert.Equal(RequirementLocation.LossArgument, softmax.Location);
        var binary = LossTable.Of(StackLoss.BinaryCrossEntropy).Requirements.Single();
        Assert.False(binary.IsMet(new LayerSpec(3, LayerActivation.Softmax, 0.01)));
        Assert.True(binary.IsMet(new LayerSpec(3, LayerActivation.Sigmoid, 0.01)));
        Assert.Equal(RequirementLocation.LastLayer, binary.Location);
        Assert.Empty(LossTable.Of(StackLoss.SquaredError).Requirements);
    }

    private static void AssertKernel(Type kernels, string entry, string kernel, Type returns, params Type[] parameters)
    {
        var method = kernels.GetMethod(kernel, BindingFlags.Public | BindingFlags.Static, parameters);
        Assert.True(method is not null, $"{entry}: {kernels.Name}.{kernel}({string.Join(", ", parameters.Select(t => t.ToString()))}) is missing");
        Assert.Equal(returns, method!.ReturnType);
    }

    // Spans cannot be boxed for MethodInfo.Invoke: these call the kernels through delegates of their exact types.
    private delegate double LabelGradient(ReadOnlySpan<double> logits, int label, Span<double> delta);

    private delegate double TargetGradient(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, Span<double> delta);

    private delegate double LabelValue(ReadOnlySpan<double> logits, int label);

    private delegate double TargetValue(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets);

    private static double InvokeGradient(MethodInfo method, double[] input, object target, double[] delta) => target is int label
        ? method.CreateDelegate<LabelGradient>()(input, label, delta)
        : method.CreateDelegate<TargetGradient>()(input, (double[])target, delta);

    private static double InvokeValue(MethodInfo method, double[] input, object target) => target is int label
        ? method.CreateDelegate<LabelValue>()(input, label)
        : method.CreateDelegate<TargetValue>()(input, (double[])target);
}
