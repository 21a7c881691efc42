using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SymbolicGd.Layers;

namespace SymbolicGd;

/// <summary>
/// Trains a model by gradient descent: batch, stochastic or mini-batch, with any <see cref="IOptimizer"/>, working
/// from the model's generated <c>Backward</c> alone, or from its batch kernel
/// (<see cref="IBatchDifferentiableLoss{TSample}.BackwardBatch"/>) when it has one, as layer stacks do.
/// </summary>
/// <remarks>
/// <para>
/// <b>Mean loss.</b> The loss of a batch is the mean of its samples' losses, so its gradient is the mean of their
/// gradients: the trainer adds every sample's gradient into one buffer (<c>Backward</c> adds), divides by the
/// batch size and steps, as PyTorch does with a mean-reduced loss. The learning rate therefore means the same for
/// every batch size.
/// </para>
/// <para>
/// <b>What an epoch reports.</b> <see cref="EpochRecord.Loss"/> is the mean of the per-sample losses seen during the
/// epoch, each taken at the parameters its batch's gradient was taken at, before that batch's step;
/// <see cref="EpochRecord.GradientNorm"/> is the norm of the mean of the per-sample gradients, taken the same way.
/// For batch gradient descent both are exact at the parameters the epoch started from. The tolerances and the
/// divergence bound apply to these values. <see cref="TrainingResult.FinalLoss"/> and
/// <see cref="TrainingResult.FinalGradientNorm"/> are instead evaluated once more, over the whole data set, at the
/// parameters training ends with.
/// </para>
/// <para>
/// <b>Divergence.</b> A NaN or infinite batch loss or gradient, or a step that makes a parameter NaN or infinite,
/// stops training at once; the model is then set back to the last parameters at which the loss and gradient were
/// finite (<see cref="TrainingResult.ParametersRestored"/>). An epoch loss above
/// <see cref="TrainingOptions.DivergenceBound"/> stops training after that epoch with the parameters it reached,
/// which are finite. Either way the result's <see cref="TrainingResult.StopReason"/> is
/// <see cref="StopReason.Diverged"/> and its message names the epoch and the learning rate.
/// </para>
/// <para>
/// <b>State.</b> The model is trained in place. The optimizer is not reset, so a second <c>Fit</c> continues with
/// its state (Adam's moments, momentum); call <see cref="IOptimizer.Reset"/> to start afresh. Cancellation is not an
/// error: the run returns with <see cref="StopReason.Cancelled"/>. Exceptions thrown by the model, the optimizer or
/// a callback propagate, with the optimizer's learning rate restored.
/// </para>
/// <para>
/// <b>Allocation.</b> Buffers are allocated once per <c>Fit</c>; the shuffle's index array is rented from
/// <see cref="ArrayPool{T}.Shared"/>. After that the per-sample loop allocates nothing, and an epoch allocates
/// nothing but its history entry (and the checkpoint it writes, with <see cref="TrainingOptions.Checkpoint"/>),
/// whatever the number of samples. Neither the model nor the optimizer may be used by
/// another thread during <c>Fit</c>.
/// </para>
/// </remarks>
public static partial class Trainer
{
    private static readonly TrainingOptions Defaults = new();

    /// <summary>Trains a model on a data set; see the remarks of <see cref="Trainer"/>.</summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="samples">The data set: at least one sample. It must not change during training.</param>
    /// <param name="optimizer">The optimizer; its learning rate at the start is the schedule's base rate.</param>
    /// <param name="options">How to train; <see langword="null"/> for the defaults of <see cref="TrainingOptions"/>.</param>
    /// <param name="validation">
    /// A validation set, scored at the end of every epoch (<see cref="EpochRecord.ValidationLoss"/>,
    /// <see cref="EpochRecord.ValidationAccuracy"/>) and monitored by early stopping and reduce-on-plateau; empty
    /// (the default) for none. It is never trained on.
    /// </param>
    /// <returns>Why training stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="samples"/> is empty, the model's parameter count disagrees with its names or derivatives,
    /// <see cref="TrainingOptions.MeasureAccuracy"/> is set for a model that is not an <see cref="IClassifier{TSample}"/>,
    /// <see cref="TrainingOptions.ValidationSplit"/> leaves a side empty or comes with a validation set, or
    /// <see cref="TrainingOptions.ResumeFrom"/>, <see cref="TrainingOptions.Checkpoint"/> or a momentum-cycling
    /// <see cref="TrainingOptions.StepSchedule"/> does not fit the model or the optimizer (nothing has changed then).
    /// </exception>
    public static TrainingResult Fit<TSample>(
        IDifferentiableLoss<TSample> model,
        ReadOnlySpan<TSample> samples,
        IOptimizer optimizer,
        TrainingOptions? options = null,
        ReadOnlySpan<TSample> validation = default)
        where TSample : struct =>
        FitData(model, samples, optimizer, options, validation, split: true);

    /// <summary>The checks and the loop of every first-order <c>Fit</c> with data; L-BFGS splits the samples itself first.</summary>
    private static TrainingResult FitData<TSample>(
        IDifferentiableLoss<TSample> model,
        ReadOnlySpan<TSample> samples,
        IOptimizer optimizer,
        TrainingOptions? options,
        ReadOnlySpan<TSample> validation,
        bool split)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ModelChecks.Validate(model, nameof(model));
        ModelChecks.SamplesNotEmpty(samples.Length, nameof(samples));
        options ??= Defaults;
        if (options.MeasureAccuracy && model is not IClassifier<TSample>)
        {
            throw new ArgumentException(
                $"MeasureAccuracy needs a model that classifies (IClassifier<{typeof(TSample).Name}>); " +
                $"{model.GetType().Name} does not.",
                nameof(options));
        }

        if (split)
        {
            SplitValidation(options, ref samples, ref validation);
        }

        // The products of a batched model (and of L-BFGS's objective, called from the loop) run under the run's limit.
        using (KernelThreads.Limit(options.MaxDegreeOfParallelism))
        {
            return FitSamples(model, samples, optimizer, options, validation);
        }
    }

    /// <summary>Applies <see cref="TrainingOptions.ValidationSplit"/>: the last fraction of the samples, before shuffling.</summary>
    private static void SplitValidation<TSample>(TrainingOptions options, ref ReadOnlySpan<TSample> samples, ref ReadOnlySpan<TSample> validation)
    {
        if (options.ValidationSplit == 0.0)
        {
            return;
        }

        if (!validation.IsEmpty)
        {
            throw new ArgumentException(
                $"ValidationSplit = {NumberText.Csv(options.ValidationSplit)} holds samples out for validation, and a " +
                $"validation set of {NumberText.Int(validation.Length)} samples was passed too; pass one or the other.",
                nameof(validation));
        }

        // Keras's train_validation_split: split_at = floor(n·(1 − validation_split)).
        int n = samples.Length;
        int training = (int)Math.Floor(n * (1.0 - options.ValidationSplit));
        if (training == 0 || training == n)
        {
            throw new ArgumentException(
                $"ValidationSplit = {NumberText.Csv(options.ValidationSplit)} of {NumberText.Int(n)} samples leaves " +
                (training == 0 ? "no sample to train on" : "no sample for validation") +
                $" (the first floor(n·(1 − ValidationSplit)) = {NumberText.Int(training)} are trained on); use more samples or another split.",
                nameof(samples));
        }

        validation = samples[training..];
        samples = samples[..training];
    }

    private static void RejectValidationSplit(TrainingOptions? options)
    {
        if (options is { ValidationSplit: > 0.0 })
        {
            throw new ArgumentException(
                $"ValidationSplit = {NumberText.Csv(options.ValidationSplit)} needs samples to split; a data-free model has none.",
                nameof(options));
        }
    }

    /// <summary>Trains a model on the samples of an array; see the remarks of <see cref="Trainer"/>.</summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="samples">The data set: at least one sample. It must not change during training.</param>
    /// <param name="optimizer">The optimizer; its learning rate at the start is the schedule's base rate.</param>
    /// <param name="options">How to train; <see langword="null"/> for the defaults of <see cref="TrainingOptions"/>.</param>
    /// <param name="validation">A validation set scored after every epoch; <see langword="null"/> (the default) for none.</param>
    /// <returns>Why training stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="samples"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="samples"/> is empty, or the model's parameter count disagrees with its names or derivatives.
    /// </exception>
    public static TrainingResult Fit<TSample>(
        IDifferentiableLoss<TSample> model,
        TSample[] samples,
        IOptimizer optimizer,
        TrainingOptions? options = null,
        TSample[]? validation = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        return Fit(model, new ReadOnlySpan<TSample>(samples), optimizer, options, new ReadOnlySpan<TSample>(validation));
    }

    /// <summary>
    /// Trains a model on the samples of a list (a <see cref="List{T}"/> is read in place; another list is copied
    /// once, into a pooled array); see the remarks of <see cref="Trainer"/>.
    /// </summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="samples">The data set: at least one sample. It must not change during training.</param>
    /// <param name="optimizer">The optimizer; its learning rate at the start is the schedule's base rate.</param>
    /// <param name="options">How to train; <see langword="null"/> for the defaults of <see cref="TrainingOptions"/>.</param>
    /// <param name="validation">A validation set scored after every epoch (copied once); <see langword="null"/> (the default) for none.</param>
    /// <returns>Why training stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="samples"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="samples"/> is empty, or the model's parameter count disagrees with its names or derivatives.
    /// </exception>
    public static TrainingResult Fit<TSample>(
        IDifferentiableLoss<TSample> model,
        IReadOnlyList<TSample> samples,
        IOptimizer optimizer,
        TrainingOptions? options = null,
        IReadOnlyList<TSample>? validation = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        TSample[]? held = validation is null ? null : ToArray(validation);
        switch (samples)
        {
            case TSample[] array:
                return Fit(model, new ReadOnlySpan<TSample>(array), optimizer, options, held);
            case List<TSample> list:
                return Fit(model, (ReadOnlySpan<TSample>)CollectionsMarshal.AsSpan(list), optimizer, options, held);
        }

        int count = samples.Count;
        TSample[] copy = ArrayPool<TSample>.Shared.Rent(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                copy[i] = samples[i];
            }

            return Fit(model, new ReadOnlySpan<TSample>(copy, 0, count), optimizer, options, held);
        }
        finally
        {
            // Generated samples are doubles only; a hand-written sample holding references must not keep them alive.
            ArrayPool<TSample>.Shared.Return(copy, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<TSample>());
        }
    }

    /// <summary>
    /// Trains a data-free model (a loss of the parameters alone): one step per epoch, on the exact gradient.
    /// <see cref="TrainingOptions.BatchSize"/>, <see cref="TrainingOptions.Shuffle"/> and
    /// <see cref="TrainingOptions.Seed"/> do not apply. See the remarks of <see cref="Trainer"/>.
    /// </summary>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="optimizer">The optimizer; its learning rate at the start is the schedule's base rate.</param>
    /// <param name="options">How to train; <see langword="null"/> for the defaults of <see cref="TrainingOptions"/>.</param>
    /// <returns>Why training stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The model's parameter count disagrees with its names or derivatives.</exception>
    public static TrainingResult Fit(IDifferentiableLoss model, IOptimizer optimizer, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ModelChecks.Validate(model, nameof(model));
        RejectValidationSplit(options);
        options ??= Defaults;
        var run = new TrainingRun<double>(model, optimizer, options, sampleCount: 1, stepsPerEpoch: 1);
        try
        {
            Span<double> gradient = run.Gradient;
            while (run.BeginEpoch())
            {
                gradient.Clear();
                double loss = model.Backward(gradient);
                if (!run.Step(loss, 1) || !run.EndEpoch())
                {
                    break;
                }
            }

            run.RestoreBest();
            gradient.Clear();
            return run.Finish(model.Backward(gradient), 1);
        }
        finally
        {
            run.RestoreLearningRate();
        }
    }

    private static TrainingResult FitSamples<TSample>(
        IDifferentiableLoss<TSample> model,
        ReadOnlySpan<TSample> samples,
        IOptimizer optimizer,
        TrainingOptions options,
        ReadOnlySpan<TSample> validation)
        where TSample : struct
    {
        // L-BFGS's stepper works on double parameters (its objective takes the network's float batch gradient).
        if (model is INetwork<TSample, float> single && optimizer is not LbfgsStepper)
        {
            return FitNetwork(single, samples, optimizer, options, validation);
        }

        IClassifier<TSample>? classifier = options.MeasureAccuracy ? (IClassifier<TSample>)model : null;
        int n = samples.Length;
        int batchSize = options.BatchSize is int requested && requested < n ? requested : n;
        int stepsPerEpoch = (n - 1) / batchSize + 1;
        bool shuffle = options.Shuffle && batchSize < n;
        var batched = model as IBatchDifferentiableLoss<TSample>;
        var run = new TrainingRun<double>(model, optimizer, options, n, stepsPerEpoch);
        int[]? rented = null;
        try
        {
            // A batch kernel takes its samples by index, so it gets an order even when the data set is not shuffled.
            Span<int> order = default;
            Random? random = null;
            if (shuffle || batched is not null)
            {
                rented = ArrayPool<int>.Shared.Rent(n);
                order = rented.AsSpan(0, n);
                for (int i = 0; i < n; i++)
                {
                    order[i] = i;
                }
            }

            if (shuffle)
            {
                random = new Random(options.Seed);

                // Resuming: replay the orders of the epochs already trained, so the run continues exactly.
                for (int e = 0; e < options.StartEpoch; e++)
                {
                    Shuffle(order, random);
                }
            }

            while (run.BeginEpoch())
            {
                if (random is not null)
                {
                    Shuffle(order, random);
                }

                bool stepped = batched is not null
                    ? RunEpoch(batched, samples, order, batchSize, run, classifier)
                    : RunEpoch(model, samples, order, batchSize, run, classifier);
                if (!stepped)
                {
                    break;
                }

                double? validationLoss = null, validationAccuracy = null;
                if (!validation.IsEmpty)
                {
                    DataSetScore score = ScoreSamples(model, validation, classifier);
                    validationLoss = score.Loss;
                    validationAccuracy = score.Accuracy;
                }

                if (!run.EndEpoch(validationLoss, validationAccuracy))
                {
                    break;
                }
            }

            run.RestoreBest();
            Span<double> gradient = run.Gradient;
            gradient.Clear();
            double loss = 0.0;
            if (batched is not null)
            {
                // The final evaluation is over the data set's own order, whatever the last shuffle left.
                for (int i = 0; i < n; i++)
                {
                    order[i] = i;
                }

                loss = batched.BackwardBatch(samples, order, gradient);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    loss += model.Backward(in samples[i], gradient);
                }
            }

            return run.Finish(loss, n);
        }
        finally
        {
            run.RestoreLearningRate();
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Trains a network in its own element type T (float for <see cref="Precision.Single"/>): parameters, gradient,
    /// the batch kernels and the optimizer's <see cref="IOptimizer{T}"/> step are all T; the loss of a batch comes
    /// back as one double. Otherwise the loop of the batched double path: the same options, rules and records.
    /// </summary>
    private static TrainingResult FitNetwork<TSample, T>(
        INetwork<TSample, T> model,
        ReadOnlySpan<TSample> samples,
        IOptimizer optimizer,
        TrainingOptions options,
        ReadOnlySpan<TSample> validation)
        where TSample : struct
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = samples.Length;
        int batchSize = options.BatchSize is int requested && requested < n ? requested : n;
        int stepsPerEpoch = (n - 1) / batchSize + 1;
        bool shuffle = options.Shuffle && batchSize < n;
        var run = new TrainingRun<T>(model, ParameterAccess.Of(model), optimizer, options, n, stepsPerEpoch);
        int[] rented = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Span<int> order = rented.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Random? random = null;
            if (shuffle)
            {
                random = new Random(options.Seed);
                for (int e = 0; e < options.StartEpoch; e++)
                {
                    Shuffle(order, random);
                }
            }

            Span<T> gradient = run.Gradient;
            while (run.BeginEpoch())
            {
                if (random is not null)
                {
                    Shuffle(order, random);
                }

                bool stepped = true;
                for (int start = 0, end; start < n; start = end)
                {
                    end = n - start <= batchSize ? n : start + batchSize;
                    gradient.Clear();
                    double loss = model.BackwardBatch(samples, order[start..end], gradient, out int correct);
                    if (options.MeasureAccuracy)
                    {
                        run.AddCorrect(correct);
                    }

                    if (!run.Step(loss, end - start))
                    {
                        stepped = false;
                        break;
                    }
                }

                if (!stepped)
                {
                    break;
                }

                double? validationLoss = null, validationAccuracy = null;
                if (!validation.IsEmpty)
                {
                    DataSetScore score = ScoreSamples(model, validation, options.MeasureAccuracy ? model as IClassifier<TSample> : null);
                    validationLoss = score.Loss;
                    validationAccuracy = score.Accuracy;
                }

                if (!run.EndEpoch(validationLoss, validationAccuracy))
                {
                    break;
                }
            }

            run.RestoreBest();
            gradient.Clear();
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            return run.Finish(model.BackwardBatch(samples, order, gradient), n);
        }
        finally
        {
            run.RestoreLearningRate();
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>One epoch of batches: <paramref name="order"/> is empty when the samples are taken in data-set order.</summary>
    private static bool RunEpoch<TSample>(
        IDifferentiableLoss<TSample> model,
        ReadOnlySpan<TSample> samples,
        ReadOnlySpan<int> order,
        int batchSize,
        TrainingRun<double> run,
        IClassifier<TSample>? classifier)
        where TSample : struct
    {
        int n = samples.Length;
        Span<double> gradient = run.Gradient;
        for (int start = 0, end; start < n; start = end)
        {
            end = n - start <= batchSize ? n : start + batchSize;
            if (classifier is not null)
            {
                run.AddCorrect(CountCorrect(classifier, samples, order, start, end));
            }

            gradient.Clear();
            double loss = 0.0;
            if (order.IsEmpty)
            {
                for (int i = start; i < end; i++)
                {
                    loss += model.Backward(in samples[i], gradient);
                }
            }
            else
            {
                for (int i = start; i < end; i++)
                {
                    loss += model.Backward(in samples[order[i]], gradient);
                }
            }

            if (!run.Step(loss, end - start))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One epoch of batches, each computed at once by the model's batch kernel.</summary>
    private static bool RunEpoch<TSample>(
        IBatchDifferentiableLoss<TSample> model,
        ReadOnlySpan<TSample> samples,
        ReadOnlySpan<int> order,
        int batchSize,
        TrainingRun<double> run,
        IClassifier<TSample>? classifier)
        where TSample : struct
    {
        int n = samples.Length;
        Span<double> gradient = run.Gradient;
        for (int start = 0, end; start < n; start = end)
        {
            end = n - start <= batchSize ? n : start + batchSize;
            gradient.Clear();
            double loss;
            if (classifier is not null && model is IBatchPredictor<TSample> predictor)
            {
                // The classes come from the step's own forward pass, at the parameters before the step.
                loss = predictor.BackwardBatch(samples, order[start..end], gradient, out int correct);
                run.AddCorrect(correct);
            }
            else
            {
                if (classifier is not null)
                {
                    run.AddCorrect(CountCorrect(classifier, samples, order, start, end));
                }

                loss = model.BackwardBatch(samples, order[start..end], gradient);
            }

            if (!run.Step(loss, end - start))
            {
                return false;
            }
        }

        return true;
    }

    private static int CountCorrect<TSample>(
        IClassifier<TSample> classifier, ReadOnlySpan<TSample> samples, ReadOnlySpan<int> order, int start, int end)
        where TSample : struct
    {
        int correct = 0;
        for (int i = start; i < end; i++)
        {
            if (classifier.IsCorrect(in samples[order.IsEmpty ? i : order[i]]))
            {
                correct++;
            }
        }

        return correct;
    }

    /// <summary>
    /// Scores a model on a data set at its current parameters, as Keras's <c>model.evaluate</c>: the mean loss, and
    /// the accuracy when the model is an <see cref="IClassifier{TSample}"/> (a layer stack with a classification
    /// loss). The model is not changed. (The generated <c>Evaluate</c> of a model is another thing: one sample's
    /// loss and intermediates.)
    /// </summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="samples">The data set: at least one sample.</param>
    /// <returns>The mean loss, the accuracy or <see langword="null"/>, and the number of samples.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is empty.</exception>
    public static DataSetScore Score<TSample>(IDifferentiableLoss<TSample> model, ReadOnlySpan<TSample> samples)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelChecks.SamplesNotEmpty(samples.Length, nameof(samples));
        return ScoreSamples(model, samples, model as IClassifier<TSample>);
    }

    /// <summary>Scores a model on the samples of an array; see <see cref="Score{TSample}(IDifferentiableLoss{TSample}, ReadOnlySpan{TSample})"/>.</summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="samples">The data set: at least one sample.</param>
    /// <returns>The mean loss, the accuracy or <see langword="null"/>, and the number of samples.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is empty.</exception>
    public static DataSetScore Score<TSample>(IDifferentiableLoss<TSample> model, TSample[] samples)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Score(model, new ReadOnlySpan<TSample>(samples));
    }

    /// <summary>Scores a model on the samples of a list; see <see cref="Score{TSample}(IDifferentiableLoss{TSample}, ReadOnlySpan{TSample})"/>.</summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="samples">The data set: at least one sample.</param>
    /// <returns>The mean loss, the accuracy or <see langword="null"/>, and the number of samples.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is empty.</exception>
    public static DataSetScore Score<TSample>(IDifferentiableLoss<TSample> model, IReadOnlyList<TSample> samples)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Score(model, samples is TSample[] array ? array : ToArray(samples));
    }

    private static DataSetScore ScoreSamples<TSample>(
        IDifferentiableLoss<TSample> model, ReadOnlySpan<TSample> samples, IClassifier<TSample>? classifier)
        where TSample : struct
    {
        double loss = 0.0;
        int correct = 0;
        int n = samples.Length;
        if (model is IBatchPredictor<TSample> or INetwork<TSample, float>)
        {
            // One batched forward pass per sample gives both the loss and the class, summed in the same order.
            int[] rented = ArrayPool<int>.Shared.Rent(n);
            try
            {
                Span<int> all = rented.AsSpan(0, n);
                for (int i = 0; i < n; i++)
                {
                    all[i] = i;
                }

                loss = model is IBatchPredictor<TSample> predictor
                    ? predictor.ScoreBatch(samples, all, out correct)
                    : ((INetwork<TSample, float>)model).ScoreBatch(samples, all, out correct);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                loss += model.Loss(in samples[i]);
                if (classifier is not null && classifier.IsCorrect(in samples[i]))
                {
                    correct++;
                }
            }
        }

        return new DataSetScore(loss / n, classifier is null ? null : (double)correct / n, n);
    }

    private static TSample[] ToArray<TSample>(IReadOnlyList<TSample> samples)
    {
        var copy = new TSample[samples.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = samples[i];
        }

        return copy;
    }

    /// <summary>Fisher–Yates: every permutation of <paramref name="order"/> equally likely, given a uniform <see cref="Random.Next(int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Shuffle(Span<int> order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
