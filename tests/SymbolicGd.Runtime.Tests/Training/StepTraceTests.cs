using System;

namespace SymbolicGd.Runtime.Tests.Training;

public sealed class StepTraceTests
{
    private static OneWeight.Sample[] OneSample => new OneWeight.Sample[] { new(1.0, 1.0) }; // a fresh array per use: no shared mutable state

    [Fact]
    public void The_hand_derivation_of_two_steps_reads_exactly()
    {
        // E = ½(w·x − t)², f = w·x, ∂E/∂w = x·(f − t); w = 0, x = 1, t = 1, η = 0.5:
        // step 1: f = 0, E = ½·1 = 0.5, ∂E/∂w = 1·(0 − 1) = −1, w ← 0 − 0.5·(−1) = 0.5;
        // step 2: f = 0.5, E = ½·0.25 = 0.125, ∂E/∂w = −0.5, w ← 0.5 + 0.25 = 0.75. All binary fractions: exact.
        var model = new OneWeight(0.0);
        StepTrace trace = StepTrace.Record(model, OneSample, new GradientDescent(0.5), steps: 2);

        Assert.Equal(
            "| step | w | f | E | ∂E/∂w | Δw | w ← |\n" +
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
            "| 1 | 0 | 0 | 0.5 | −1 | 0.5 | 0.5 |\n" +
            "| 2 | 0.5 | 0.5 | 0.125 | −0.5 | 0.25 | 0.75 |\n",
            trace.ToMarkdown());
        Assert.Equal(
            "step    w    f      E  ∂E/∂w    Δw   w ←\n" +
            "   1    0    0    0.5     −1   0.5   0.5\n" +
            "   2  0.5  0.5  0.125   −0.5  0.25  0.75\n",
            trace.ToTable());
        Assert.Equal(trace.ToTable(), trace.ToString());
        Assert.Equal(0.75, model.w);
    }

    [Fact]
    public void The_recorded_values_are_exact_numbers()
    {
        var model = new OneWeight(0.0);
        StepTrace trace = StepTrace.Record(model, OneSample, new GradientDescent(0.5), steps: 2);

        Assert.Equal(new[] { "w" }, trace.ParameterNames);
        Assert.Equal(new[] { "f" }, trace.IntermediateNames);
        Assert.Equal("E", trace.LossName);
        Assert.Equal(2, trace.Steps.Count);
        TraceStep second = trace.Steps[1];
        Assert.Equal(2, second.Step);
        Assert.Equal(0, second.FirstSample);
        Assert.Equal(1, second.SampleCount);
        Assert.Equal(0.5, second.LearningRate);
        Assert.Equal(new[] { 0.5 }, second.ParametersBefore);
        Assert.Equal(new[] { 0.5 }, second.Intermediates!);
        Assert.Equal(0.125, second.Loss);
        Assert.Equal(new[] { -0.5 }, second.Gradient);
        Assert.Equal(new[] { 0.25 }, second.Update);
        Assert.Equal(new[] { 0.75 }, second.ParametersAfter);
    }

    [Fact]
    public void Overshooting_at_eta_1_5_oscillates_around_w_1_exactly()
    {
        // w ← w − 1.5·(w − 1): the error w − 1 is multiplied by −0.5 each step: −1, 0.5, −0.25, 0.125, −0.0625.
        var model = new OneWeight(0.0);
        StepTrace trace = StepTrace.Record(model, OneSample, new GradientDescent(1.5), steps: 4);

        Assert.Equal(new[] { 1.5, 0.75, 1.125, 0.9375 }, Array.ConvertAll(ToArray(trace), s => s.ParametersAfter[0]));
        Assert.Contains("| 2 | 1.5 | 1.5 | 0.125 | 0.5 | −0.75 | 0.75 |", trace.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_steps_use_means_and_leave_the_per_sample_intermediates_blank()
    {
        // Two samples, one batch: E = mean(½(0·1 − 1)², ½(0·2 − 0)²) = mean(0.5, 0) = 0.25;
        // ∂E/∂w = mean(1·(0 − 1), 2·(0 − 0)) = −0.5; w ← 0 − 1·(−0.5) = 0.5.
        var model = new OneWeight(0.0);
        OneWeight.Sample[] samples = { new(1.0, 1.0), new(2.0, 0.0) };
        StepTrace trace = StepTrace.Record(model, samples, new GradientDescent(1.0), steps: 1);

        TraceStep step = trace.Steps[0];
        Assert.Null(step.Intermediates);
        Assert.Equal(0.25, step.Loss);
        Assert.Equal(new[] { -0.5 }, step.Gradient);
        Assert.Equal(
            "| step | sample | w | E | ∂E/∂w | Δw | w ← |\n" +
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
            "| 1 | 0–1 | 0 | 0.25 | −0.5 | 0.5 | 0.5 |\n",
            trace.ToMarkdown());
    }

    [Fact]
    public void Single_sample_steps_cycle_through_the_data_in_order()
    {
        // Batch 1 over three samples: the samples 0, 1, 2, 0, and intermediates f = w·x at each.
        var model = new OneWeight(0.0);
        OneWeight.Sample[] samples = { new(1.0, 1.0), new(2.0, 2.0), new(-1.0, -1.0) };
        StepTrace trace = StepTrace.Record(model, samples, new GradientDescent(0.25), steps: 4, batchSize: 1);

        Assert.Equal(new[] { 0, 1, 2, 0 }, Array.ConvertAll(ToArray(trace), s => s.FirstSample));
        Assert.All(trace.Steps, s => Assert.Equal(1, s.SampleCount));
        // Step 1: w 0 → 0.25. Step 2: x = 2: f = 0.5, ∂E/∂w = 2·(0.5 − 2) = −3, w ← 0.25 + 0.75 = 1.
        Assert.Equal(new[] { 0.5 }, trace.Steps[1].Intermediates!);
        Assert.Equal(new[] { -3.0 }, trace.Steps[1].Gradient);
        Assert.Equal(1.0, trace.Steps[1].ParametersAfter[0]);
        Assert.StartsWith("| step | sample | w | f | E |", trace.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_short_batch_is_used_in_a_trace()
    {
        var model = new OneWeight(0.0);
        OneWeight.Sample[] samples = { new(1.0, 1.0), new(1.0, 1.0), new(1.0, 1.0) };
        StepTrace trace = StepTrace.Record(model, samples, new GradientDescent(0.1), steps: 3, batchSize: 2);

        Assert.Equal(new[] { 2, 1, 2 }, Array.ConvertAll(ToArray(trace), s => s.SampleCount));
        Assert.Equal(new[] { 0, 2, 0 }, Array.ConvertAll(ToArray(trace), s => s.FirstSample));
        Assert.Null(trace.Steps[0].Intermediates);
        Assert.NotNull(trace.Steps[1].Intermediates);
    }

    [Fact]
    public void A_data_free_trace_names_its_own_loss_and_locals()
    {
        // L = u² + 100·v², u = 1 − a, v = b − a² at (a, b) = (0, 0): u = 1, v = 0, L = 1,
        // ∂L/∂a = −2·1 − 0 = −2, ∂L/∂b = 0; η = 0.25: a ← 0.5, b ← 0.
        var model = new RosenbrockModel(0.0, 0.0);
        StepTrace trace = StepTrace.Record(model, new GradientDescent(0.25), steps: 1);

        Assert.Equal(
            "| step | a | b | u | v | L | ∂L/∂a | ∂L/∂b | Δa | Δb | a ← | b ← |\n" +
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
            "| 1 | 0 | 0 | 1 | 0 | 1 | −2 | 0 | 0.5 | 0 | 0.5 | 0 |\n",
            trace.ToMarkdown());
        Assert.Equal(0.5, model.a);
    }

    [Fact]
    public void Numbers_print_shortest_round_trip_with_a_true_minus_sign()
    {
        // η = 0.1 from w = 0: ∂E/∂w = −1, w ← 0.1; then f = 0.1, E = ½·0.81 = 0.405 (rounded: 0.405 in binary is
        // inexact, so the shortest round-trip text is whatever the double prints).
        var model = new OneWeight(0.0);
        StepTrace trace = StepTrace.Record(model, OneSample, new GradientDescent(0.1), steps: 2);

        TraceStep second = trace.Steps[1];
        string expectedLoss = second.Loss.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        string expectedGradient = second.Gradient[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            .Replace('-', '−');
        Assert.Contains($"| {expectedLoss} | {expectedGradient} |", trace.ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain("-", trace.ToMarkdown().Replace("---:", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(second.Loss, double.Parse(expectedLoss, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static TraceStep[] ToArray(StepTrace trace)
    {
        var steps = new TraceStep[trace.Steps.Count];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = trace.Steps[i];
        }

        return steps;
    }
}
