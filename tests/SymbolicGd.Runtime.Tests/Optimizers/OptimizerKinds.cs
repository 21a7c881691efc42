using System;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>One optimizer of every kind and code path, by name, for theories that apply to all of them.</summary>
internal static class OptimizerKinds
{
    public static readonly string[] All =
    {
        "sgd", "sgd-weight-decay", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop-momentum", "adam", "adamw",
    };

    /// <summary>The kinds that keep state between steps (all but plain gradient descent).</summary>
    public static readonly string[] Stateful =
    {
        "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop-momentum", "adam", "adamw",
    };

    public static TheoryData<string> AllData() => new(All);

    public static TheoryData<string> StatefulData() => new(Stateful);

    public static IOptimizer Create(string kind) => kind switch
    {
        "sgd" => new GradientDescent(1e-3),
        "sgd-weight-decay" => new GradientDescent(1e-3, weightDecay: 0.1),
        "momentum" => new GradientDescent(1e-3, momentum: 0.9, weightDecay: 0.01),
        "nesterov" => new GradientDescent(1e-3, momentum: 0.9, nesterov: true),
        "adagrad" => new AdaGrad(0.1),
        "rmsprop" => new RmsProp(1e-3),
        "rmsprop-momentum" => new RmsProp(1e-3, momentum: 0.5),
        "adam" => new Adam(1e-2),
        "adamw" => new AdamW(1e-2, weightDecay: 0.1),
        _ => throw new ArgumentException($"Unknown optimizer kind '{kind}'.", nameof(kind)),
    };
}
