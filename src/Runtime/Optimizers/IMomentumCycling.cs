namespace SymbolicGd;

/// <summary>
/// An optimizer whose momentum a step schedule can set before every step, as PyTorch's <c>OneCycleLR</c> does with
/// <c>cycle_momentum</c>: β₁ of <see cref="Adam"/> and <see cref="AdamW"/>, μ of <see cref="GradientDescent"/> and
/// <see cref="RmsProp"/>. The momentum set is run state, like the learning rate: it is not a hyper-parameter, so
/// <see cref="IStatefulOptimizer.SaveState"/> keeps saving (and checking) the constructed one.
/// </summary>
internal interface IMomentumCycling
{
    /// <summary>The momentum the next steps use instead of the constructed one; null for the constructed one.</summary>
    double? MomentumOverride { get; set; }

    /// <summary>Why the momentum cannot be cycled, for the trainer's error; null when it can.</summary>
    string? MomentumCyclingProblem { get; }
}
