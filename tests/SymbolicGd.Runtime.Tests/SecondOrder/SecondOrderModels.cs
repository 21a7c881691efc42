using System;
using System.Collections.Generic;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>
/// Rosenbrock's L = (1 − a)² + 100·(b − a²)², with its Hessian written by hand as <c>[Differentiable(SecondOrder = true)]</c>
/// will generate it: ∂²L/∂a² = 2 − 400·(b − a²) + 800·a², ∂²L/∂a∂b = −400·a, ∂²L/∂b² = 200.
/// </summary>
public sealed class RosenbrockSecondOrder : ITwiceDifferentiableLoss
{
    public double a = -1.2, b = 1;

    public static IReadOnlyList<SecondDerivative> SecondDerivatives { get; } = new[]
    {
        new SecondDerivative("L", "a", "a", "2 − 400·(b − a²) + 800·a²"),
        new SecondDerivative("L", "a", "b", "−400·a"),
        new SecondDerivative("L", "b", "b", "200"),
    };

    public int ParameterCount => 2;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "a", "b" };

    public IReadOnlyList<string> IntermediateNames => Array.Empty<string>();

    public IReadOnlyList<Derivative> Derivatives { get; } = new[]
    {
        new Derivative("L", "a", "−2·(1 − a) − 400·a·(b − a²)"), new Derivative("L", "b", "200·(b − a²)"),
    };

    public void CopyParametersTo(Span<double> destination)
    {
        destination[0] = a;
        destination[1] = b;
    }

    public void SetParameters(ReadOnlySpan<double> values)
    {
        a = values[0];
        b = values[1];
    }

    public double Loss() => (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);

    public double Backward(Span<double> gradient)
    {
        gradient[0] += -2 * (1 - a) - 400 * a * (b - a * a);
        gradient[1] += 200 * (b - a * a);
        return Loss();
    }

    public double Evaluate(Span<double> intermediates) => Loss();

    public double Hessian(Span<double> gradient, Span<double> hessian)
    {
        double offDiagonal = -400 * a;
        hessian[0] += 2 - 400 * (b - a * a) + 800 * a * a;
        hessian[1] += offDiagonal;
        hessian[2] += offDiagonal;
        hessian[3] += 200;
        return Backward(gradient);
    }

    public double HessianVectorProduct(ReadOnlySpan<double> vector, Span<double> gradient, Span<double> product)
    {
        product[0] += (2 - 400 * (b - a * a) + 800 * a * a) * vector[0] - 400 * a * vector[1];
        product[1] += -400 * a * vector[0] + 200 * vector[1];
        return Backward(gradient);
    }
}

/// <summary>
/// y = A·(1 − exp(−k·x)) with the residual r = A·(1 − e^(−kx)) − y and the loss ½r², written by hand as both a
/// least-squares model (<c>[Residual]</c>) and a twice-differentiable one: H = ∇r·∇rᵀ + r·∇²r, with ∂²r/∂A² = 0,
/// ∂²r/∂A∂k = x·e^(−kx), ∂²r/∂k² = −A·x²·e^(−kx).
/// </summary>
public sealed class ExponentialRise : ITwiceDifferentiableLoss<NistPoint>, ILeastSquares<NistPoint>
{
    public double A, k;

    public int ParameterCount => 2;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "A", "k" };

    public IReadOnlyList<string> IntermediateNames => Array.Empty<string>();

    public IReadOnlyList<Derivative> Derivatives { get; } = new[]
    {
        new Derivative("E", "A", "(1 − e^(−k·x))·r"), new Derivative("E", "k", "A·x·e^(−k·x)·r"),
    };

    public void CopyParametersTo(Span<double> destination)
    {
        destination[0] = A;
        destination[1] = k;
    }

    public void SetParameters(ReadOnlySpan<double> values)
    {
        A = values[0];
        k = values[1];
    }

    public double Residual(in NistPoint sample) => A * (1 - Math.Exp(-k * sample.X)) - sample.Y;

    public double ResidualGradient(in NistPoint sample, Span<double> jacobianRow)
    {
        double e = Math.Exp(-k * sample.X);
        jacobianRow[0] = 1 - e;
        jacobianRow[1] = A * sample.X * e;
        return A * (1 - e) - sample.Y;
    }

    public double Loss(in NistPoint sample)
    {
        double r = Residual(sample);
        return 0.5 * r * r;
    }

    public double Backward(in NistPoint sample, Span<double> gradient)
    {
        Span<double> row = stackalloc double[2];
        double r = ResidualGradient(sample, row);
        gradient[0] += r * row[0];
        gradient[1] += r * row[1];
        return 0.5 * r * r;
    }

    public double Evaluate(in NistPoint sample, Span<double> intermediates) => Loss(sample);

    public double Hessian(in NistPoint sample, Span<double> gradient, Span<double> hessian)
    {
        double x = sample.X, e = Math.Exp(-k * x);
        double ra = 1 - e, rk = A * x * e, r = A * (1 - e) - sample.Y;
        hessian[0] += ra * ra;
        hessian[1] += ra * rk + r * x * e;
        hessian[2] += ra * rk + r * x * e;
        hessian[3] += rk * rk - r * A * x * x * e;
        gradient[0] += r * ra;
        gradient[1] += r * rk;
        return 0.5 * r * r;
    }

    public double HessianVectorProduct(in NistPoint sample, ReadOnlySpan<double> vector, Span<double> gradient, Span<double> product)
    {
        Span<double> h = stackalloc double[4];
        double loss = Hessian(sample, gradient, h);
        product[0] += h[0] * vector[0] + h[1] * vector[1];
        product[1] += h[2] * vector[0] + h[3] * vector[1];
        return loss;
    }
}

/// <summary>r = (a + b)·x − y: a and b enter only through their sum, so no data set identifies them separately; c never enters at all.</summary>
public sealed class SumOnly(bool withIdleParameter) : ILeastSquares<NistPoint>
{
    private readonly double[] _p = new double[withIdleParameter ? 3 : 2];

    public int ParameterCount => _p.Length;

    public IReadOnlyList<string> ParameterNames => withIdleParameter ? new[] { "a", "b", "c" } : new[] { "a", "b" };

    public IReadOnlyList<string> IntermediateNames => Array.Empty<string>();

    public IReadOnlyList<Derivative> Derivatives
    {
        get
        {
            var list = new List<Derivative> { new("E", "a", "x·r"), new("E", "b", "x·r") };
            if (withIdleParameter)
            {
                list.Add(new Derivative("E", "c", "0"));
            }

            return list;
        }
    }

    public void CopyParametersTo(Span<double> destination) => _p.CopyTo(destination);

    public void SetParameters(ReadOnlySpan<double> values) => values.CopyTo(_p);

    public double Residual(in NistPoint sample) => (_p[0] + _p[1]) * sample.X - sample.Y;

    public double ResidualGradient(in NistPoint sample, Span<double> jacobianRow)
    {
        jacobianRow[0] = sample.X;
        jacobianRow[1] = sample.X;
        if (withIdleParameter)
        {
            jacobianRow[2] = 0;
        }

        return Residual(sample);
    }

    public double Loss(in NistPoint sample) => 0.5 * Residual(sample) * Residual(sample);

    public double Backward(in NistPoint sample, Span<double> gradient)
    {
        double r = Residual(sample);
        gradient[0] += r * sample.X;
        gradient[1] += r * sample.X;
        return 0.5 * r * r;
    }

    public double Evaluate(in NistPoint sample, Span<double> intermediates) => Loss(sample);
}

/// <summary>r = a·x − y: one parameter, so the degrees of freedom are the number of samples less one.</summary>
public sealed class Proportional : ILeastSquares<NistPoint>
{
    public double a;

    public int ParameterCount => 1;

    public IReadOnlyList<string> ParameterNames { get; } = new[] { "a" };

    public IReadOnlyList<string> IntermediateNames => Array.Empty<string>();

    public IReadOnlyList<Derivative> Derivatives { get; } = new[] { new Derivative("E", "a", "x·r") };

    public void CopyParametersTo(Span<double> destination) => destination[0] = a;

    public void SetParameters(ReadOnlySpan<double> values) => a = values[0];

    public double Residual(in NistPoint sample) => a * sample.X - sample.Y;

    public double ResidualGradient(in NistPoint sample, Span<double> jacobianRow)
    {
        jacobianRow[0] = sample.X;
        return Residual(sample);
    }

    public double Loss(in NistPoint sample) => 0.5 * Residual(sample) * Residual(sample);

    public double Backward(in NistPoint sample, Span<double> gradient)
    {
        double r = Residual(sample);
        gradient[0] += r * sample.X;
        return 0.5 * r * r;
    }

    public double Evaluate(in NistPoint sample, Span<double> intermediates) => Loss(sample);
}
