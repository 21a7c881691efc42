using System;
using System.Collections.Generic;

namespace SymbolicGd;

public static partial class Trainer
{
    /// <summary>
    /// Minimises a data-free model with the trust-region <see cref="Newton"/> method on its exact Hessian (or, with
    /// <see cref="Newton.UsesHessianVectorProducts"/>, its Hessian-vector products): one iteration per epoch. Set <see cref="TrainingOptions.GradientTolerance"/> to stop at a gradient norm; the run
    /// also stops with <see cref="StopReason.MachinePrecision"/> when no iteration can make progress. Mini-batches,
    /// clipping and learning-rate schedules do not apply and are rejected.
    /// </summary>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="optimizer">The Newton optimizer; its radius and counters carry over to a later <c>Fit</c>.</param>
    /// <param name="options">How to train; <see langword="null"/> for the defaults of <see cref="TrainingOptions"/>.</param>
    /// <returns>Why training stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">An option does not apply to Newton, or the model's shape is inconsistent.</exception>
    public static TrainingResult Fit(ITwiceDifferentiableLoss model, Newton optimizer, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckFullBatchOptions(options, sampleCount: 1, nameof(Newton));
        RejectValidationSplit(options);
        if (optimizer.UsesHessianVectorProducts)
        {
            NewtonProductObjective products = (parameters, vector, gradient, product) =>
            {
                model.SetParameters(parameters);
                return model.HessianVectorProduct(vector, gradient, product);
            };
            return Fit(model, NewtonStepper(optimizer, null, products), options);
        }

        NewtonObjective objective = (parameters, gradient, hessian) =>
        {
            model.SetParameters(parameters);
            return model.Hessian(gradient, hessian);
        };
        return Fit(model, NewtonStepper(optimizer, objective, null), options);
    }

    /// <summary>
    /// Trains a model on a data set with the trust-region <see cref="Newton"/> method, full batch: one iteration per
    /// epoch on the mean loss over all samples, with its exact gradient and Hessian (the sums of the samples', divided
    /// by their number). See <see cref="Fit(ITwiceDifferentiableLoss, Newton, TrainingOptions?)"/>.
    /// </summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="samples">The data set: at least one sample. It must not change during training.</param>
    /// <param name="optimizer">The Newton optimizer.</param>
    /// <param name="options">How to train; <see cref="TrainingOptions.BatchSize"/> must be null or at least the data-set size.</param>
    /// <param name="validation">A validation set scored after every epoch; <see langword="null"/> for none.</param>
    /// <returns>Why training stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="samples"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is empty, an option does not apply to Newton, or the model's shape is inconsistent.</exception>
    public static TrainingResult Fit<TSample>(
        ITwiceDifferentiableLoss<TSample> model,
        IReadOnlyList<TSample> samples,
        Newton optimizer,
        TrainingOptions? options = null,
        IReadOnlyList<TSample>? validation = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(optimizer);
        TSample[] data = samples as TSample[] ?? ToArray(samples);
        ModelChecks.SamplesNotEmpty(data.Length, nameof(samples));
        CheckFullBatchOptions(options, data.Length, nameof(Newton));
        RejectValidationSplit(options);
        NewtonObjective objective = (parameters, gradient, hessian) =>
        {
            model.SetParameters(parameters);
            double loss = 0.0;
            for (int i = 0; i < data.Length; i++)
            {
                loss += model.Hessian(in data[i], gradient, hessian);
            }

            // Division, as the trainer takes the mean of a batch, so the epoch's loss and Newton's agree to the bit.
            for (int i = 0; i < gradient.Length; i++)
            {
                gradient[i] /= data.Length;
            }

            for (int i = 0; i < hessian.Length; i++)
            {
                hessian[i] /= data.Length;
            }

            return loss / data.Length;
        };
        NewtonProductObjective products = (parameters, vector, gradient, product) =>
        {
            model.SetParameters(parameters);
            double loss = 0.0;
            for (int i = 0; i < data.Length; i++)
            {
                loss += model.HessianVectorProduct(in data[i], vector, gradient, product);
            }

            for (int i = 0; i < gradient.Length; i++)
            {
                gradient[i] /= data.Length;
                product[i] /= data.Length;
            }

            return loss / data.Length;
        };
        TSample[]? held = validation is null ? null : validation as TSample[] ?? ToArray(validation);
        SolverStepper stepper = optimizer.UsesHessianVectorProducts
            ? NewtonStepper(optimizer, null, products)
            : NewtonStepper(optimizer, objective, null);
        return Fit(model, data, stepper, options, held);
    }

    /// <summary>
    /// Fits a least-squares model with <see cref="LevenbergMarquardt"/> (MINPACK's <c>lmder</c>) on its exact Jacobian:
    /// one iteration per epoch, until one of the solver's tolerances holds, which the result's
    /// <see cref="TrainingResult.StopReason"/> and message name (or a rule of <paramref name="options"/> fires first).
    /// The history records the mean loss ½Σr²/m and its gradient at the start of each iteration, and the step bound Δ
    /// as its learning rate. Then <see cref="LeastSquares.Statistics{TSample}(ILeastSquares{TSample}, IReadOnlyList{TSample}, Func{TSample, double}?)"/>
    /// gives the standard errors.
    /// </summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, fitted in place.</param>
    /// <param name="samples">The data set: at least as many samples as the model has parameters. It must not change during training.</param>
    /// <param name="optimizer">The solver; its state carries over to a later <c>Fit</c> (call <see cref="LevenbergMarquardt.Reset"/> to start afresh).</param>
    /// <param name="options">How to train; <see langword="null"/> for the defaults (at most 1000 iterations).</param>
    /// <returns>Why fitting stopped, the final parameters, loss and gradient norm, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="samples"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// There are fewer samples than parameters, an option does not apply to Levenberg–Marquardt (mini-batches, clipping,
    /// schedules), or the model's shape is inconsistent.
    /// </exception>
    public static TrainingResult Fit<TSample>(
        ILeastSquares<TSample> model,
        IReadOnlyList<TSample> samples,
        LevenbergMarquardt optimizer,
        TrainingOptions? options = null)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(optimizer);
        TSample[] data = samples as TSample[] ?? ToArray(samples);
        ModelChecks.SamplesNotEmpty(data.Length, nameof(samples));
        if (data.Length < model.ParameterCount)
        {
            throw new ArgumentException(
                $"Levenberg–Marquardt needs at least as many samples as parameters; there are {NumberText.Int(data.Length)} " +
                $"samples and {model.GetType().Name} has {NumberText.Int(model.ParameterCount)} parameters.",
                nameof(samples));
        }

        CheckFullBatchOptions(options, data.Length, "Levenberg–Marquardt");
        RejectValidationSplit(options);
        var problem = new SampleResiduals<TSample>(model, data);
        var stepper = new SolverStepper(
            parameters =>
            {
                int info = optimizer.Iterate(parameters, problem);
                return info == 0 ? null : optimizer.Describe(info);
            },
            () => optimizer.StepBound,
            optimizer.Reset,
            optimizer.SaveState,
            optimizer.LoadState);
        return Fit(model, data, stepper, options, null);
    }

    private static SolverStepper NewtonStepper(Newton optimizer, NewtonObjective? objective, NewtonProductObjective? products) =>
        new(
            parameters =>
            {
                if (products is not null)
                {
                    optimizer.Step(parameters, products);
                }
                else
                {
                    optimizer.Step(parameters, objective!);
                }

                return optimizer.Termination;
            },
            () => optimizer.Radius,
            optimizer.Reset,
            optimizer.SaveState,
            optimizer.LoadState);

    private static void CheckFullBatchOptions(TrainingOptions? options, int sampleCount, string solver)
    {
        if (options is null)
        {
            return;
        }

        if (options.BatchSize is int size && size < sampleCount)
        {
            throw new ArgumentException(
                $"{solver} trains on the whole data set; BatchSize must be null or >= {sampleCount}, the number of samples; it was {size}.",
                nameof(options));
        }

        if (options.MaxGradientNorm is not null)
        {
            throw new ArgumentException($"{solver} chooses its own steps; MaxGradientNorm does not apply to it.", nameof(options));
        }

        if (options.Schedule is not null || options.StepSchedule is not null || options.ReduceOnPlateau is not null)
        {
            throw new ArgumentException(
                $"{solver} has no learning rate (its trust region sets the step); Schedule, StepSchedule and ReduceOnPlateau do not apply to it.",
                nameof(options));
        }
    }

    private delegate (StopReason Reason, string Message)? SolverIteration(Span<double> parameters);

    /// <summary>
    /// Lets the training loop drive a second-order solver: its step ignores the loop's gradient and evaluates what it
    /// needs itself; when the solver can go no further it says why, and the run stops after the epoch.
    /// </summary>
    private sealed class SolverStepper : IStatefulOptimizer, ISolverTermination
    {
        private readonly SolverIteration _iterate;
        private readonly Func<double> _radius;
        private readonly Action _reset;
        private readonly Func<OptimizerState> _save;
        private readonly Action<OptimizerState> _load;

        internal SolverStepper(
            SolverIteration iterate, Func<double> radius, Action reset, Func<OptimizerState> save, Action<OptimizerState> load)
        {
            _iterate = iterate;
            _radius = radius;
            _reset = reset;
            _save = save;
            _load = load;
        }

        /// <summary>The trust-region radius, which the history records as the epoch's learning rate; it is not set from outside.</summary>
        public double LearningRate
        {
            get => _radius();
            set { }
        }

        public (StopReason Reason, string Message)? Termination { get; private set; }

        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) => Termination = _iterate(parameters);

        public void Reset() => _reset();

        // For TrainingOptions.Checkpoint and ResumeFrom.
        public OptimizerState SaveState() => _save();

        public void LoadState(OptimizerState state) => _load(state);
    }
}

/// <summary>A solver driven by <see cref="TrainingRun{T}"/> that can say, after a step, that it has finished and why.</summary>
internal interface ISolverTermination
{
    (StopReason Reason, string Message)? Termination { get; }
}
