using BenchmarkDotNet.Attributes;
using SymbolicGd.Generator.Tests.Models;

namespace SymbolicGd.Benchmarks;

/// <summary>
/// One call of the generated Backward (the loss and its whole gradient) for small and mid-size models, and one
/// optimizer step. Every one allocates nothing: [MemoryDiagnoser] shows it.
/// </summary>
[MemoryDiagnoser]
public class BackwardBenchmarks
{
    private readonly TwoTwoTwoNetwork _network = new();
    private readonly LinearRegression _regression = new();
    private readonly Rosenbrock _rosenbrock = new();
    private readonly Micrograd _micrograd = new();
    private readonly HandTwoTwoTwoNetwork _handNetwork = new();
    private readonly HandLinearRegression _handRegression = new();
    private readonly HandRosenbrock _handRosenbrock = new();
    private readonly HandMicrograd _handMicrograd = new();
    private readonly double[] _gradient4 = new double[4];
    private readonly double[] _gradient8 = new double[8];
    private readonly double[] _gradient10 = new double[10];
    private readonly double[] _gradient2 = new double[2];
    private readonly double[] _parameters10 = new double[10];
    private readonly Adam _adam = new(learningRate: 1e-3);

    [GlobalSetup]
    public void Setup()
    {
        _regression.CopyParametersTo(_parameters10);
        for (int i = 0; i < _gradient10.Length; i++)
        {
            _gradient10[i] = 0.01 * (i + 1);
        }

        _adam.Step(_parameters10, _gradient10); // sizes the optimizer's state: later steps allocate nothing
    }

    [Benchmark(Description = "2-2-2 sigmoid network: Backward")]
    public double NetworkBackward() => _network.Backward(0.05, 0.10, 0.01, 0.99, _gradient8);

    [Benchmark(Description = "Linear regression, 10 parameters: Backward")]
    public double RegressionBackward() =>
        _regression.Backward(0.5, -1.0, 1.5, -2.0, 2.5, -3.0, 3.5, -4.0, 4.5, 1.0, _gradient10);

    [Benchmark(Description = "Rosenbrock: Backward")]
    public double RosenbrockBackward() => _rosenbrock.Backward(_gradient2);

    [Benchmark(Description = "Micrograd (a·b + c)·f: Backward")]
    public double MicrogradBackward() => _micrograd.Backward(_gradient4);

    // The same models' gradients written by hand (HandWritten.cs): the generated code should be within 1.05× of them.

    [Benchmark(Description = "2-2-2 sigmoid network: hand-written")]
    public double NetworkHandWritten() => _handNetwork.Backward(0.05, 0.10, 0.01, 0.99, _gradient8);

    [Benchmark(Description = "Linear regression, 10 parameters: hand-written")]
    public double RegressionHandWritten() =>
        _handRegression.Backward(0.5, -1.0, 1.5, -2.0, 2.5, -3.0, 3.5, -4.0, 4.5, 1.0, _gradient10);

    [Benchmark(Description = "Rosenbrock: hand-written")]
    public double RosenbrockHandWritten() => _handRosenbrock.Backward(_gradient2);

    [Benchmark(Description = "Micrograd (a·b + c)·f: hand-written")]
    public double MicrogradHandWritten() => _handMicrograd.Backward(_gradient4);

    [Benchmark(Description = "2-2-2 sigmoid network: ValueAndGradient")]
    public double NetworkValueAndGradient() => _network.ValueAndGradient(0.05, 0.10, 0.01, 0.99).Gradient.w1;

    [Benchmark(Description = "Adam step, 10 parameters")]
    public double AdamStep()
    {
        _adam.Step(_parameters10, _gradient10);
        return _parameters10[0];
    }
}
