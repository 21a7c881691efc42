using System;
using System.Collections.Generic;

namespace SymbolicGd;

/// <summary>
/// A step-by-step record of gradient descent on a small model, for checking a hand derivation or teaching one: per
/// step the parameters, the named intermediates, the loss, the gradient, the update and the new parameters, printable
/// as a table whose columns carry the model's own names.
/// </summary>
/// <remarks>
/// <para>
/// For <c>E = ½(w·x − t)²</c> with the local <c>f = w·x</c>, w = 0, one sample x = 1, t = 1 and
/// <c>new GradientDescent(0.5)</c>, two steps print (<see cref="ToMarkdown"/>):
/// </para>
/// <code>
/// | step | w | f | E | ∂E/∂w | Δw | w ← |
/// | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
/// | 1 | 0 | 0 | 0.5 | −1 | 0.5 | 0.5 |
/// | 2 | 0.5 | 0.5 | 0.125 | −0.5 | 0.25 | 0.75 |
/// </code>
/// <para>
/// Recording trains the model: it ends holding the parameters after the last step. Steps take consecutive batches
/// of the data set in order (no shuffling, no schedule), starting again from the first sample after the last; the
/// loss and gradient of a batch are means, as in <see cref="Trainer"/>. Nothing stops a trace early: a NaN shows
/// in the table. Numbers print as the shortest text that round-trips, with − (U+2212) for minus.
/// </para>
/// </remarks>
public sealed class StepTrace
{
    private readonly int _sampleCount;

    private StepTrace(IDifferentiable model, int sampleCount, List<TraceStep> steps)
    {
        ParameterNames = model.ParameterNames;
        IntermediateNames = model.IntermediateNames;
        LossName = ModelChecks.LossName(model);
        _sampleCount = sampleCount;
        Steps = steps.AsReadOnly();
    }

    /// <summary>The model's parameter names, in declaration order.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The model's named intermediates, in the order of <see cref="TraceStep.Intermediates"/>.</summary>
    public IReadOnlyList<string> IntermediateNames { get; }

    /// <summary>The name of the model's loss method, such as <c>E</c>.</summary>
    public string LossName { get; }

    /// <summary>The recorded steps, in order.</summary>
    public IReadOnlyList<TraceStep> Steps { get; }

    /// <summary>Records <paramref name="steps"/> steps of a model trained on data.</summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, trained in place from its current parameters.</param>
    /// <param name="samples">The data set, at least one sample.</param>
    /// <param name="optimizer">The optimizer, used with its current learning rate and state.</param>
    /// <param name="steps">The number of steps, ≥ 1.</param>
    /// <param name="batchSize">
    /// Samples per step: <see langword="null"/> (the default) for the whole data set, 1 for one sample per step.
    /// Intermediates are recorded for steps that use a single sample.
    /// </param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="samples"/> is empty, or the model's declared names disagree with its counts.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="batchSize"/> is less than 1.</exception>
    public static StepTrace Record<TSample>(
        IDifferentiableLoss<TSample> model,
        ReadOnlySpan<TSample> samples,
        IOptimizer optimizer,
        int steps,
        int? batchSize = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ModelChecks.Validate(model, nameof(model));
        ModelChecks.SamplesNotEmpty(samples.Length, nameof(samples));
        HyperParameters.AtLeastOne(steps, nameof(steps));
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batchSize), $"batchSize must be null or >= 1; it was {NumberText.Int(batchSize.Value)}.");
        }

        int n = samples.Length;
        int size = batchSize is int requested && requested < n ? requested : n;
        int count = model.ParameterCount;
        var parameters = new double[count];
        model.CopyParametersTo(parameters);
        var records = new List<TraceStep>(steps);
        int start = 0;
        for (int step = 1; step <= steps; step++)
        {
            int used = Math.Min(size, n - start);
            double[] before = (double[])parameters.Clone();
            double[]? intermediates = null;
            if (used == 1)
            {
                intermediates = new double[model.IntermediateNames.Count];
                model.Evaluate(in samples[start], intermediates);
            }

            var gradient = new double[count];
            double loss = 0.0;
            for (int i = start; i < start + used; i++)
            {
                loss += model.Backward(in samples[i], gradient);
            }

            for (int i = 0; i < count; i++)
            {
                gradient[i] /= used;
            }

            loss /= used;
            double learningRate = optimizer.LearningRate;
            optimizer.Step(parameters, gradient);
            model.SetParameters(parameters);
            records.Add(new TraceStep(step, start, used, learningRate, before, intermediates, loss, gradient, (double[])parameters.Clone()));
            start += used;
            if (start == n)
            {
                start = 0;
            }
        }

        return new StepTrace(model, n, records);
    }

    /// <summary>Records <paramref name="steps"/> steps of a model trained on the samples of an array.</summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, trained in place from its current parameters.</param>
    /// <param name="samples">The data set, at least one sample.</param>
    /// <param name="optimizer">The optimizer, used with its current learning rate and state.</param>
    /// <param name="steps">The number of steps, ≥ 1.</param>
    /// <param name="batchSize">Samples per step: <see langword="null"/> (the default) for the whole data set.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="samples"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="samples"/> is empty, or the model's declared names disagree with its counts.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="batchSize"/> is less than 1.</exception>
    public static StepTrace Record<TSample>(
        IDifferentiableLoss<TSample> model,
        TSample[] samples,
        IOptimizer optimizer,
        int steps,
        int? batchSize = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        return Record(model, new ReadOnlySpan<TSample>(samples), optimizer, steps, batchSize);
    }

    /// <summary>Records <paramref name="steps"/> steps of a model trained on the samples of a list.</summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, trained in place from its current parameters.</param>
    /// <param name="samples">The data set, at least one sample.</param>
    /// <param name="optimizer">The optimizer, used with its current learning rate and state.</param>
    /// <param name="steps">The number of steps, ≥ 1.</param>
    /// <param name="batchSize">Samples per step: <see langword="null"/> (the default) for the whole data set.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="samples"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="samples"/> is empty, or the model's declared names disagree with its counts.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="batchSize"/> is less than 1.</exception>
    public static StepTrace Record<TSample>(
        IDifferentiableLoss<TSample> model,
        IReadOnlyList<TSample> samples,
        IOptimizer optimizer,
        int steps,
        int? batchSize = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        TSample[] array = samples as TSample[] ?? new List<TSample>(samples).ToArray();
        return Record(model, new ReadOnlySpan<TSample>(array), optimizer, steps, batchSize);
    }

    /// <summary>Records <paramref name="steps"/> steps of a data-free model; every step records the intermediates.</summary>
    /// <param name="model">The model, trained in place from its current parameters.</param>
    /// <param name="optimizer">The optimizer, used with its current learning rate and state.</param>
    /// <param name="steps">The number of steps, ≥ 1.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The model's declared names disagree with its counts.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is less than 1.</exception>
    public static StepTrace Record(IDifferentiableLoss model, IOptimizer optimizer, int steps)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ModelChecks.Validate(model, nameof(model));
        HyperParameters.AtLeastOne(steps, nameof(steps));
        int count = model.ParameterCount;
        var parameters = new double[count];
        model.CopyParametersTo(parameters);
        var records = new List<TraceStep>(steps);
        for (int step = 1; step <= steps; step++)
        {
            double[] before = (double[])parameters.Clone();
            var intermediates = new double[model.IntermediateNames.Count];
            model.Evaluate(intermediates);
            var gradient = new double[count];
            double loss = model.Backward(gradient);
            double learningRate = optimizer.LearningRate;
            optimizer.Step(parameters, gradient);
            model.SetParameters(parameters);
            records.Add(new TraceStep(step, 0, 0, learningRate, before, intermediates, loss, gradient, (double[])parameters.Clone()));
        }

        return new StepTrace(model, 0, records);
    }

    /// <summary>The trace as an aligned plain-text table, one line per step (lines end with <c>\n</c>).</summary>
    public string ToTable() => BuildTable().ToPlainText();

    /// <summary>The trace as a Markdown table, one row per step.</summary>
    public string ToMarkdown() => BuildTable().ToMarkdown();

    /// <summary>The plain-text table of <see cref="ToTable"/>.</summary>
    public override string ToString() => ToTable();

    private TextTable BuildTable()
    {
        bool showSamples = _sampleCount > 1;
        bool showIntermediates = IntermediateNames.Count > 0 && HasIntermediates();
        var headers = new List<string> { "step" };
        if (showSamples)
        {
            headers.Add("sample");
        }

        headers.AddRange(ParameterNames);
        if (showIntermediates)
        {
            headers.AddRange(IntermediateNames);
        }

        headers.Add(LossName);
        foreach (string name in ParameterNames)
        {
            headers.Add($"∂{LossName}/∂{name}");
        }

        foreach (string name in ParameterNames)
        {
            headers.Add("Δ" + name);
        }

        foreach (string name in ParameterNames)
        {
            headers.Add(name + " ←");
        }

        var table = new TextTable(headers);
        var cells = new List<string>(headers.Count);
        foreach (TraceStep step in Steps)
        {
            cells.Clear();
            cells.Add(NumberText.Int(step.Step));
            if (showSamples)
            {
                int last = step.FirstSample + step.SampleCount - 1;
                cells.Add(step.SampleCount == 1
                    ? NumberText.Int(step.FirstSample)
                    : NumberText.Int(step.FirstSample) + "–" + NumberText.Int(last));
            }

            AddNumbers(cells, step.ParametersBefore);
            if (showIntermediates)
            {
                if (step.Intermediates is null)
                {
                    for (int i = 0; i < IntermediateNames.Count; i++)
                    {
                        cells.Add("");
                    }
                }
                else
                {
                    AddNumbers(cells, step.Intermediates);
                }
            }

            cells.Add(NumberText.Exact(step.Loss));
            AddNumbers(cells, step.Gradient);
            AddNumbers(cells, step.Update);
            AddNumbers(cells, step.ParametersAfter);
            table.AddRow(cells);
        }

        return table;
    }

    private bool HasIntermediates()
    {
        foreach (TraceStep step in Steps)
        {
            if (step.Intermediates is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddNumbers(List<string> cells, IReadOnlyList<double> values)
    {
        foreach (double value in values)
        {
            cells.Add(NumberText.Exact(value));
        }
    }
}
