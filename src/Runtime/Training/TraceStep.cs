using System;
using System.Collections.Generic;

namespace SymbolicGd;

/// <summary>One step of a <see cref="StepTrace"/>: the quantities of a hand derivation, before and after the update.</summary>
public sealed class TraceStep
{
    internal TraceStep(
        int step,
        int firstSample,
        int sampleCount,
        double learningRate,
        double[] parametersBefore,
        double[]? intermediates,
        double loss,
        double[] gradient,
        double[] parametersAfter)
    {
        Step = step;
        FirstSample = firstSample;
        SampleCount = sampleCount;
        LearningRate = learningRate;
        ParametersBefore = Array.AsReadOnly(parametersBefore);
        Intermediates = intermediates is null ? null : Array.AsReadOnly(intermediates);
        Loss = loss;
        Gradient = Array.AsReadOnly(gradient);
        var update = new double[parametersAfter.Length];
        for (int i = 0; i < update.Length; i++)
        {
            update[i] = parametersAfter[i] - parametersBefore[i];
        }

        Update = Array.AsReadOnly(update);
        ParametersAfter = Array.AsReadOnly(parametersAfter);
    }

    /// <summary>The step, counting from 1.</summary>
    public int Step { get; }

    /// <summary>The index (from 0) in the data set of the step's first sample; 0 for a data-free model.</summary>
    public int FirstSample { get; }

    /// <summary>How many consecutive samples the step used; 0 for a data-free model.</summary>
    public int SampleCount { get; }

    /// <summary>The optimizer's learning rate at this step.</summary>
    public double LearningRate { get; }

    /// <summary>θ before the step, in declaration order.</summary>
    public IReadOnlyList<double> ParametersBefore { get; }

    /// <summary>
    /// The named locals of the loss at <see cref="ParametersBefore"/>, in the order of
    /// <see cref="IDifferentiable.IntermediateNames"/>, from the model's <c>Evaluate</c>; <see langword="null"/>
    /// when the step used more than one sample (they are per-sample quantities).
    /// </summary>
    public IReadOnlyList<double>? Intermediates { get; }

    /// <summary>The loss at <see cref="ParametersBefore"/>: the mean over the step's samples.</summary>
    public double Loss { get; }

    /// <summary>∂loss/∂θ at <see cref="ParametersBefore"/> (the mean over the step's samples), as the optimizer received it.</summary>
    public IReadOnlyList<double> Gradient { get; }

    /// <summary>Δθ = θ after − θ before: the update the optimizer made.</summary>
    public IReadOnlyList<double> Update { get; }

    /// <summary>θ after the step.</summary>
    public IReadOnlyList<double> ParametersAfter { get; }
}
