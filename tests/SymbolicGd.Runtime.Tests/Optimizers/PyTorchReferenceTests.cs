using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit.Abstractions;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>
/// The optimizers against float64 trajectories of torch.optim on the Rosenbrock function, from
/// Reference/optimizers-rosenbrock.json (written by tools/reference/optimizers.py): one theory case per run, built from
/// the run's optimizer name and kwargs. The "runs" are compared at checkpoints over 1000 steps; the "step_by_step" runs
/// (SGD weight decay, RMSprop momentum) after every one of 100 steps.
/// </summary>
public sealed class PyTorchReferenceTests
{
    private const double Tolerance = 1e-9;

    /// <summary>
    /// How far a step-by-step run must move when the option it is there for is dropped: far beyond
    /// <see cref="Tolerance"/>, so that ignoring or mis-applying the option fails the replay (docs/optimizers.md
    /// states this figure).
    /// </summary>
    private const double Sensitivity = 0.01;

    /// <summary>Each step-by-step run, and the kwarg it is there to check.</summary>
    private static readonly Dictionary<string, string> ExpectedStepByStepRuns = new(StringComparer.Ordinal)
    {
        ["sgd_lr1e-3_wd0.1"] = "weight_decay",
        ["momentum_lr1e-3_m0.9_wd0.1"] = "weight_decay",
        ["nesterov_lr1e-3_m0.9_wd0.1"] = "weight_decay",
        ["rmsprop_lr1e-3_m0.9"] = "momentum",
        ["rmsprop_lr1e-2_m0.5_alpha0.9_eps1e-6"] = "momentum",
    };

    private const int StepByStepSteps = 100;

    private readonly ITestOutputHelper _output;

    public PyTorchReferenceTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] ExpectedRuns =
    {
        "sgd_lr1e-3", "momentum_lr1e-3_m0.9", "nesterov_lr1e-3_m0.9", "adagrad_lr0.1", "rmsprop_lr1e-3",
        "adam_lr1e-2", "adamw_lr1e-2_wd0.1",
    };

    private static readonly int[] ExpectedCheckpoints = { 1, 2, 10, 100, 1000 };

    public static TheoryData<string> RunNames()
    {
        using JsonDocument reference = LoadReference();
        var names = new TheoryData<string>();
        foreach (JsonProperty run in reference.RootElement.GetProperty("runs").EnumerateObject())
        {
            names.Add(run.Name);
        }

        return names;
    }

    public static TheoryData<string> StepByStepRunNames()
    {
        using JsonDocument reference = LoadReference();
        var names = new TheoryData<string>();
        foreach (JsonProperty run in reference.RootElement.GetProperty("step_by_step").EnumerateObject())
        {
            names.Add(run.Name);
        }

        return names;
    }

    [Fact]
    public void Reference_file_holds_the_seven_float64_runs_from_the_rosenbrock_start()
    {
        using JsonDocument reference = LoadReference();
        JsonElement root = reference.RootElement;
        Assert.Equal("float64", root.GetProperty("dtype").GetString());
        Assert.Equal(new[] { -1.2, 1.0 }, root.GetProperty("start").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(
            ExpectedRuns.Order(StringComparer.Ordinal),
            root.GetProperty("runs").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RunNames))]
    public void Reproduces_the_pytorch_trajectory(string runName)
    {
        using JsonDocument reference = LoadReference();
        JsonElement run = reference.RootElement.GetProperty("runs").GetProperty(runName);
        IOptimizer optimizer = CreateOptimizer(run.GetProperty("optimizer").GetString()!, run.GetProperty("kwargs"));

        var after = new Dictionary<int, double[]>();
        foreach (JsonProperty checkpoint in run.GetProperty("after").EnumerateObject())
        {
            after.Add(int.Parse(checkpoint.Name, System.Globalization.CultureInfo.InvariantCulture), ReadPoint(checkpoint.Value));
        }

        Assert.Equal(ExpectedCheckpoints, after.Keys.Order());

        double[] p = ReadPoint(reference.RootElement.GetProperty("start"));
        double[] g = new double[2];
        int compared = 0;
        for (int step = 1; step <= 1000; step++)
        {
            Rosenbrock.Gradient(p, g);
            optimizer.Step(p, g);
            if (after.TryGetValue(step, out double[]? expected))
            {
                Close.Absolute(expected[0], p[0], Tolerance, $"{runName}: x after {step} steps");
                Close.Absolute(expected[1], p[1], Tolerance, $"{runName}: y after {step} steps");
                compared++;
            }
        }

        Assert.Equal(ExpectedCheckpoints.Length, compared);
        Close.Absolute(run.GetProperty("loss_after_1000").GetDouble(), Rosenbrock.Value(p), Tolerance, $"{runName}: loss after 1000 steps");
    }

    [Fact]
    public void Reference_file_holds_the_five_step_by_step_runs_of_100_steps()
    {
        using JsonDocument reference = LoadReference();
        JsonElement runs = reference.RootElement.GetProperty("step_by_step");
        Assert.Equal(
            ExpectedStepByStepRuns.Keys.Order(StringComparer.Ordinal),
            runs.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (JsonProperty run in runs.EnumerateObject())
        {
            Assert.Equal(StepByStepSteps, run.Value.GetProperty("steps").GetInt32());
            Assert.Equal(StepByStepSteps, run.Value.GetProperty("points").GetArrayLength());
            Assert.True(
                run.Value.GetProperty("kwargs").TryGetProperty(ExpectedStepByStepRuns[run.Name], out _),
                $"{run.Name} does not pass {ExpectedStepByStepRuns[run.Name]}, the kwarg it is there to check.");
        }
    }

    [Theory]
    [MemberData(nameof(StepByStepRunNames))]
    public void Replays_the_pytorch_trajectory_step_for_step(string runName)
    {
        using JsonDocument reference = LoadReference();
        JsonElement run = reference.RootElement.GetProperty("step_by_step").GetProperty(runName);
        IOptimizer optimizer = CreateOptimizer(run.GetProperty("optimizer").GetString()!, run.GetProperty("kwargs"));
        double[][] expected = run.GetProperty("points").EnumerateArray().Select(ReadPoint).ToArray();

        double[] visited = Rosenbrock.Trajectory(optimizer, expected.Length);
        double worst = 0.0;
        for (int k = 0; k < expected.Length; k++)
        {
            Close.Absolute(expected[k][0], visited[2 * k], Tolerance, $"{runName}: x after {k + 1} steps");
            Close.Absolute(expected[k][1], visited[2 * k + 1], Tolerance, $"{runName}: y after {k + 1} steps");
            worst = Math.Max(worst, Math.Max(Math.Abs(expected[k][0] - visited[2 * k]), Math.Abs(expected[k][1] - visited[2 * k + 1])));
        }

        _output.WriteLine($"{runName}: worst difference from PyTorch over {expected.Length} steps {worst:R}");
    }

    [Theory]
    [MemberData(nameof(StepByStepRunNames))]
    public void A_step_by_step_run_moves_far_beyond_the_tolerance_without_the_option_it_checks(string runName)
    {
        using JsonDocument reference = LoadReference();
        JsonElement run = reference.RootElement.GetProperty("step_by_step").GetProperty(runName);
        string option = ExpectedStepByStepRuns[runName];
        var kwargs = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(run.GetProperty("kwargs").GetRawText())!;
        Assert.True(kwargs.Remove(option), $"{runName} does not pass {option}.");
        using JsonDocument without = JsonDocument.Parse(JsonSerializer.Serialize(kwargs));
        IOptimizer optimizer = CreateOptimizer(run.GetProperty("optimizer").GetString()!, without.RootElement);
        double[][] expected = run.GetProperty("points").EnumerateArray().Select(ReadPoint).ToArray();

        double[] visited = Rosenbrock.Trajectory(optimizer, expected.Length);
        double farthest = 0.0;
        for (int k = 0; k < expected.Length; k++)
        {
            farthest = Math.Max(farthest, Math.Max(Math.Abs(expected[k][0] - visited[2 * k]), Math.Abs(expected[k][1] - visited[2 * k + 1])));
        }

        Assert.True(
            farthest > Sensitivity,
            $"{runName} without {option} stays within {farthest:R} of the PyTorch run, so the run cannot tell whether {option} is applied.");
    }

    [Fact]
    public void An_unknown_optimizer_name_fails_loudly()
    {
        using JsonDocument kwargs = JsonDocument.Parse("""{ "lr": 0.1 }""");
        var error = Assert.Throws<InvalidOperationException>(() => CreateOptimizer("torch.optim.LBFGS", kwargs.RootElement));
        Assert.Contains("torch.optim.LBFGS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_kwarg_fails_loudly()
    {
        using JsonDocument kwargs = JsonDocument.Parse("""{ "lr": 0.1, "amsgrad": true }""");
        var error = Assert.Throws<InvalidOperationException>(() => CreateOptimizer("torch.optim.Adam", kwargs.RootElement));
        Assert.Contains("amsgrad", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Maps a torch.optim class and its kwargs onto the matching constructor; anything unmapped throws.</summary>
    private static IOptimizer CreateOptimizer(string optimizer, JsonElement kwargs)
    {
        var args = new KwArgs(optimizer, kwargs);
        IOptimizer created = optimizer switch
        {
            "torch.optim.SGD" => new GradientDescent(
                args.Required("lr"),
                momentum: args.Double("momentum", 0.0),
                nesterov: args.Bool("nesterov", false),
                weightDecay: args.Double("weight_decay", 0.0)),
            "torch.optim.Adagrad" => new AdaGrad(args.Double("lr", 0.01), epsilon: args.Double("eps", 1e-10)),
            "torch.optim.RMSprop" => new RmsProp(
                args.Double("lr", 0.01),
                alpha: args.Double("alpha", 0.99),
                epsilon: args.Double("eps", 1e-8),
                momentum: args.Double("momentum", 0.0)),
            "torch.optim.Adam" => new Adam(
                args.Double("lr", 0.001),
                beta1: args.Beta(0, 0.9),
                beta2: args.Beta(1, 0.999),
                epsilon: args.Double("eps", 1e-8)),
            "torch.optim.AdamW" => new AdamW(
                args.Double("lr", 0.001),
                beta1: args.Beta(0, 0.9),
                beta2: args.Beta(1, 0.999),
                epsilon: args.Double("eps", 1e-8),
                weightDecay: args.Double("weight_decay", 0.01)),
            _ => throw new InvalidOperationException(
                $"The reference names optimizer '{optimizer}', which the test does not map onto a SymbolicGd optimizer."),
        };
        args.EnsureAllUsed();
        return created;
    }

    private static JsonDocument LoadReference() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "optimizers-rosenbrock.json")));

    private static double[] ReadPoint(JsonElement point) => point.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>Reads torch.optim kwargs by name and remembers which were read, so that none is silently ignored.</summary>
    private sealed class KwArgs
    {
        private readonly string _optimizer;
        private readonly JsonElement _kwargs;
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public KwArgs(string optimizer, JsonElement kwargs)
        {
            _optimizer = optimizer;
            _kwargs = kwargs;
        }

        public double Required(string name) =>
            TryGet(name, out JsonElement value)
                ? value.GetDouble()
                : throw new InvalidOperationException($"{_optimizer} needs kwarg '{name}', which the reference lacks.");

        public double Double(string name, double torchDefault) =>
            TryGet(name, out JsonElement value) ? value.GetDouble() : torchDefault;

        public bool Bool(string name, bool torchDefault) =>
            TryGet(name, out JsonElement value) ? value.GetBoolean() : torchDefault;

        public double Beta(int index, double torchDefault) =>
            TryGet("betas", out JsonElement value) ? value[index].GetDouble() : torchDefault;

        public void EnsureAllUsed()
        {
            foreach (JsonProperty kwarg in _kwargs.EnumerateObject())
            {
                if (!_used.Contains(kwarg.Name))
                {
                    throw new InvalidOperationException(
                        $"The reference passes kwarg '{kwarg.Name}' to {_optimizer}, which the test does not map.");
                }
            }
        }

        private bool TryGet(string name, out JsonElement value)
        {
            _used.Add(name);
            return _kwargs.TryGetProperty(name, out value);
        }
    }
}
