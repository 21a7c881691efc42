using System;
using System.Diagnostics;
using System.Globalization;
using SymbolicGd.Generator.Tests.Models;

namespace SymbolicGd.Benchmarks;

/// <summary>
/// <c>--second-order</c>: the generated Hessian and HessianVectorProduct per call, for bench/second-order-side-by-side.sh,
/// which runs bench/pytorch/second_order.py (torch.autograd.functional.hessian and hvp on the same losses) before and
/// after. Each figure is the best of 20 runs of a loop of calls, in nanoseconds per call, printed as
/// <c>name value ns</c>; the models and points are those of the PyTorch reference tests (Models/SecondOrderModels.cs).
/// </summary>
public static class SecondOrderSpeed
{
    public static void Run()
    {
        var rosenbrock = new RosenbrockSecond();
        Measure("rosenbrock", 2, (g, h) => rosenbrock.Hessian(g, h), (v, g, p) => rosenbrock.HessianVectorProduct(v, g, p));

        var logistic = new SecondOrderLogistic();
        var logisticSample = new SecondOrderLogistic.Sample(1.5, -0.7, 2.0, 1.0);
        Measure("logistic", 3, (g, h) => logistic.Hessian(logisticSample, g, h), (v, g, p) => logistic.HessianVectorProduct(logisticSample, v, g, p));

        var branches = new SecondOrderBranches();
        var branchesSample = new SecondOrderBranches.Sample(0.9, -0.4);
        Measure("branches", 3, (g, h) => branches.Hessian(branchesSample, g, h), (v, g, p) => branches.HessianVectorProduct(branchesSample, v, g, p));

        var functions = new SecondOrderFunctions();
        Measure("functions", 4, (g, h) => functions.Hessian(g, h), (v, g, p) => functions.HessianVectorProduct(v, g, p));
    }

    private delegate double HessianCall(Span<double> gradient, Span<double> hessian);

    private delegate double ProductCall(ReadOnlySpan<double> vector, Span<double> gradient, Span<double> product);

    private static void Measure(string name, int n, HessianCall hessian, ProductCall product)
    {
        var gradient = new double[n];
        var matrix = new double[n * n];
        var vector = new double[n];
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            vector[i] = 1.0 - (0.5 * i);
        }

        const int calls = 200_000;
        double bestHessian = double.MaxValue, bestProduct = double.MaxValue;
        for (int run = 0; run < 20; run++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                hessian(gradient, matrix);
            }

            bestHessian = Math.Min(bestHessian, Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls);
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                product(vector, gradient, result);
            }

            bestProduct = Math.Min(bestProduct, Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}-hessian {bestHessian:F1} ns"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}-hvp {bestProduct:F1} ns"));
    }
}
