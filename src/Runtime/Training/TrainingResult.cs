using System;
using System.Collections.Generic;
using System.Text;

namespace SymbolicGd;

/// <summary>The outcome of <see cref="Trainer"/>: why it stopped, where it got to and how it went.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(
        StopReason stopReason,
        int epochs,
        double finalLoss,
        double finalGradientNorm,
        IReadOnlyList<string> parameterNames,
        double[] parameters,
        bool parametersRestored,
        TrainingHistory history,
        string message)
    {
        StopReason = stopReason;
        Epochs = epochs;
        FinalLoss = finalLoss;
        FinalGradientNorm = finalGradientNorm;
        ParameterNames = parameterNames;
        Parameters = Array.AsReadOnly(parameters);
        ParametersRestored = parametersRestored;
        History = history;
        Message = message;
    }

    /// <summary>Why training stopped.</summary>
    public StopReason StopReason { get; }

    /// <summary>
    /// The number of epochs completed by this run, the length of <see cref="History"/> (with
    /// <see cref="TrainingOptions.InitialEpoch"/>, not counting the epochs trained before). An epoch in which the loss, the gradient
    /// or the parameters became NaN or infinite did not complete and is not counted.
    /// </summary>
    public int Epochs { get; }

    /// <summary>
    /// The loss at the returned <see cref="Parameters"/>: the mean loss over the whole data set (or the data-free
    /// loss), evaluated once after training. Unlike <see cref="EpochRecord.Loss"/> it is not taken during an epoch.
    /// </summary>
    public double FinalLoss { get; }

    /// <summary>‖∇loss‖ at the returned <see cref="Parameters"/>, over the whole data set, evaluated with <see cref="FinalLoss"/>.</summary>
    public double FinalGradientNorm { get; }

    /// <summary>The model's parameter names, in the order of <see cref="Parameters"/>.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The parameters the model holds after training, in declaration order.</summary>
    public IReadOnlyList<double> Parameters { get; }

    /// <summary>
    /// Whether training diverged to NaN or ∞ and the model's parameters were set back to the last ones at which the
    /// loss and gradient were finite (<see cref="Message"/> says so too).
    /// </summary>
    public bool ParametersRestored { get; }

    /// <summary>
    /// With <see cref="TrainingOptions.EarlyStopping"/>, the epoch whose monitored loss (validation loss, or training
    /// loss without a validation set) was best; <see langword="null"/> without early stopping.
    /// </summary>
    public int? BestEpoch { get; internal init; }

    /// <summary>The monitored loss of <see cref="BestEpoch"/>; <see langword="null"/> without early stopping.</summary>
    public double? BestLoss { get; internal init; }

    /// <summary>
    /// Whether early stopping gave the model the parameters of <see cref="BestEpoch"/> back because a later epoch was
    /// worse; <see cref="Parameters"/> and <see cref="FinalLoss"/> are then those of the best epoch.
    /// </summary>
    public bool BestParametersRestored { get; internal init; }

    /// <summary>One record per completed epoch.</summary>
    public TrainingHistory History { get; }

    /// <summary>
    /// What happened, in a sentence or two for people, such as
    /// <c>Diverged in epoch 19 at learning rate 2.5: the loss 1.091e6 grew past the divergence bound 1e6 …</c>.
    /// </summary>
    public string Message { get; }

    /// <summary>The message, the epochs, the final loss and gradient norm, and the parameters by name.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Message).Append('\n');
        text.Append("epochs: ").Append(NumberText.Int(Epochs))
            .Append(", final loss: ").Append(NumberText.Exact(FinalLoss))
            .Append(", final gradient norm: ").Append(NumberText.Exact(FinalGradientNorm)).Append('\n');
        for (int i = 0; i < Parameters.Count; i++)
        {
            text.Append(ParameterNames[i]).Append(" = ").Append(NumberText.Exact(Parameters[i])).Append('\n');
        }

        return text.ToString();
    }
}
