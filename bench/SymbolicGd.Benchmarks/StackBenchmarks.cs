using System;
using BenchmarkDotNet.Attributes;
using Digits;

namespace SymbolicGd.Benchmarks;

/// <summary>
/// The digits benchmark of bench/pytorch/digits.py in SymbolicGd: one epoch of the 64-32-10 network over the 1,797
/// digits, SGD η = 0.1, shuffled batches of 32, float64, one thread; and one sample's Backward next to the
/// hand-written one.
/// </summary>
[MemoryDiagnoser]
public class StackBenchmarks
{
    private DigitsNet.Sample[] _digits = [];
    private readonly DigitsNet _network = new();
    private readonly HandWrittenDigitsNet _handWritten = new();
    private readonly double[] _gradient = new double[HandWrittenDigitsNet.ParameterCount];
    private readonly double[] _parameters = new double[HandWrittenDigitsNet.ParameterCount];
    private readonly GradientDescent _descent = new(0.1);
    private int[] _order = [];
    private readonly Random _shuffle = new(1);

    [GlobalSetup]
    public void Setup()
    {
        _digits = DigitsData.Load();
        _order = new int[_digits.Length];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        _network.Initialize(seed: 42);
        _network.CopyParametersTo(_parameters);
        _handWritten.SetParameters(_parameters);
        _network.BackwardBatch(_digits, _order.AsSpan(0, 32), _gradient); // sizes the batch scratch
    }

    /// <summary>What PyTorch's loop does per epoch: shuffle, and per batch zero the gradient, forward, backward, step.</summary>
    [Benchmark(Description = "Digits epoch: shuffle + 57 × (BackwardBatch(32) + SGD step)")]
    public double DigitsEpoch()
    {
        _shuffle.Shuffle(_order);
        double total = 0;
        for (int start = 0; start < _order.Length; start += 32)
        {
            ReadOnlySpan<int> batch = _order.AsSpan(start, Math.Min(32, _order.Length - start));
            Array.Clear(_gradient);
            total += _network.BackwardBatch(_digits, batch, _gradient);
            for (int i = 0; i < _gradient.Length; i++)
            {
                _gradient[i] /= batch.Length;
            }

            _network.CopyParametersTo(_parameters);
            _descent.Step(_parameters, _gradient);
            _network.SetParameters(_parameters);
        }

        return total;
    }

    /// <summary>The same epoch as the trainer runs it (10 epochs and the final pass over the data, divided by 10 in bench/README.md).</summary>
    [Benchmark(Description = "Digits: Trainer.Fit, 10 epochs")]
    public double DigitsTrainer10Epochs()
    {
        _network.SetParameters(_parameters);
        return Trainer.Fit(_network, _digits, _descent, new TrainingOptions { BatchSize = 32, MaxEpochs = 10, Seed = 1 }).FinalLoss;
    }

    [Benchmark(Description = "Digits: one sample's Backward, generated")]
    public double GeneratedBackward() => _network.Backward(_digits[7], _gradient);

    [Benchmark(Description = "Digits: one sample's Backward, hand-written with TensorPrimitives")]
    public double HandWrittenBackward() => _handWritten.Backward(_digits[7].Input, _digits[7].Label, _gradient);
}
