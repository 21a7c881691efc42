using System;
using System.Collections.Generic;

namespace SymbolicGd;

public static partial class Trainer
{
    /// <summary>
    /// Minimises a data-free model with L-BFGS: one <see cref="Lbfgs.Step"/> (up to
    /// <see cref="Lbfgs.MaxIterations"/> iterations) per epoch. The epoch's loss and gradient norm are those at the
    /// parameters the step started from; the stopping rules, schedules, early stopping and the history work as for
    /// the first-order optimizers. <see cref="TrainingOptions.MaxGradientNorm"/> and
    /// <see cref="TrainingOptions.StepSchedule"/> do not apply to L-BFGS and are rejected.
    /// </summary>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="optimizer">The L-BFGS optimizer; its history carries over to a later <c>Fit</c>.</param>
    /// <param name="options">How to train; <see langword="null"/> for the defaults of <see cref="TrainingOptions"/>.</param>
    /// <returns>Why training stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">An option does not apply to L-BFGS, or the model's shape is inconsistent.</exception>
    public static TrainingResult Fit(IDifferentiableLoss model, Lbfgs optimizer, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckLbfgsOptions(options, sampleCount: 1);
        RejectValidationSplit(options);
        LbfgsObjective objective = (parameters, gradient) =>
        {
            model.SetParameters(parameters);
            return model.Backward(gradient);
        };
        return Fit(model, new LbfgsStepper(optimizer, objective), options);
    }

    /// <summary>
    /// Trains a model on a data set with L-BFGS, full batch: one <see cref="Lbfgs.Step"/> per epoch on the mean loss
    /// over all samples (as a PyTorch closure computing the loss of the whole data set). See
    /// <see cref="Fit(IDifferentiableLoss, Lbfgs, TrainingOptions?)"/>.
    /// </summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="samples">The data set: at least one sample. It must not change during training.</param>
    /// <param name="optimizer">The L-BFGS optimizer.</param>
    /// <param name="options">How to train; <see cref="TrainingOptions.BatchSize"/> must be null or at least the data-set size.</param>
    /// <param name="validation">A validation set scored after every epoch; <see langword="null"/> for none.</param>
    /// <returns>Why training stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="samples"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="samples"/> is empty, an option does not apply to L-BFGS (mini-batches, clipping, a step
    /// schedule), or the model's shape is inconsistent.
    /// </exception>
    public static TrainingResult Fit<TSample>(
        IDifferentiableLoss<TSample> model,
        IReadOnlyList<TSample> samples,
        Lbfgs optimizer,
        TrainingOptions? options = null,
        IReadOnlyList<TSample>? validation = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(optimizer);
        TSample[] data = samples as TSample[] ?? ToArray(samples);
        ModelChecks.SamplesNotEmpty(data.Length, nameof(samples));
        TSample[]? held = validation is null ? null : validation as TSample[] ?? ToArray(validation);
        if (options is { ValidationSplit: > 0.0 })
        {
            // Split before the objective captures the data: L-BFGS's line search must never see the validation set.
            ReadOnlySpan<TSample> training = data, heldOut = held;
            SplitValidation(options, ref training, ref heldOut);
            data = training.ToArray();
            held = heldOut.ToArray();
        }

        CheckLbfgsOptions(options, data.Length);
        var batched = model as IBatchDifferentiableLoss<TSample>;

        // A float32 network's batch kernel, its float gradient widened once per evaluation: L-BFGS's history, line
        // search and parameters stay double (rounded to float as the network takes them).
        var single = model as INetwork<TSample, float>;
        float[]? singleGradient = single is null ? null : new float[model.ParameterCount];
        int[] all = new int[data.Length];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        LbfgsObjective objective = (parameters, gradient) =>
        {
            model.SetParameters(parameters);
            double loss = 0.0;
            if (batched is not null)
            {
                loss = batched.BackwardBatch(data, all, gradient);
            }
            else if (single is not null)
            {
                Array.Clear(singleGradient!);
                loss = single.BackwardBatch(data, all, singleGradient);
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] += singleGradient![i];
                }
            }
            else
            {
                for (int i = 0; i < data.Length; i++)
                {
                    loss += model.Backward(in data[i], gradient);
                }
            }

            for (int i = 0; i < gradient.Length; i++)
            {
                gradient[i] /= data.Length;
            }

            return loss / data.Length;
        };
        return FitData(model, data, new LbfgsStepper(optimizer, objective), options, held, split: false);
    }

    private static void CheckLbfgsOptions(TrainingOptions? options, int sampleCount)
    {
        if (options is null)
        {
            return;
        }

        if (options.BatchSize is int size && size < sampleCount)
        {
            throw new ArgumentException(
                $"L-BFGS trains on the whole data set; BatchSize must be null or >= {sampleCount}, the number of samples; it was {size}.",
                nameof(options));
        }

        if (options.MaxGradientNorm is not null)
        {
            throw new ArgumentException("L-BFGS computes its own gradients in its line search; MaxGradientNorm does not apply to it.", nameof(options));
        }

        if (options.StepSchedule is not null)
        {
            throw new ArgumentException("L-BFGS takes one step per epoch; use Schedule rather than StepSchedule.", nameof(options));
        }
    }

    /// <summary>Lets the training loop drive L-BFGS: its step ignores the loop's gradient and evaluates the objective itself.</summary>
    private sealed class LbfgsStepper : IStatefulOptimizer
    {
        private readonly Lbfgs _lbfgs;
        private readonly LbfgsObjective _objective;

        internal LbfgsStepper(Lbfgs lbfgs, LbfgsObjective objective)
        {
            _lbfgs = lbfgs;
            _objective = objective;
        }

        public double LearningRate
        {
            get => _lbfgs.LearningRate;
            set => _lbfgs.LearningRate = value;
        }

        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) => _lbfgs.Step(parameters, _objective);

        public void Reset() => _lbfgs.Reset();

        // For TrainingOptions.Checkpoint and ResumeFrom.
        public OptimizerState SaveState() => _lbfgs.SaveState();

        public void LoadState(OptimizerState state) => _lbfgs.LoadState(state);
    }
}
