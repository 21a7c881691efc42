using System;
using static SymbolicGd.Functions;

namespace SymbolicGd.Benchmarks;

// The benchmark models' gradients as an expert writes them by hand: parameters read into locals once, the forward
// pass, then the adjoints, with the same length check as the generated code (kept out of line). The generated
// Backward is compared with these; the target is at most 1.05× their time.

/// <summary>L = (a·b + c)·f, the micrograd example, by hand.</summary>
public sealed class HandMicrograd
{
    public double a = 2, b = -3, c = 10, f = -2;

    public double Backward(Span<double> gradient)
    {
        if (gradient.Length != 4)
        {
            ThrowLength(gradient.Length, 4);
        }

        double a = this.a, b = this.b, c = this.c, f = this.f;
        double e = a * b + c;
        gradient[0] += b * f;
        gradient[1] += a * f;
        gradient[2] += f;
        gradient[3] += e;
        return e * f;
    }

    internal static void ThrowLength(int length, int expected) =>
        throw new ArgumentException($"gradient has length {length}; the model has {expected} parameters.", "gradient");
}

/// <summary>Rosenbrock's function by hand.</summary>
public sealed class HandRosenbrock
{
    public double x = -1.2, y = 1.0;

    public double Backward(Span<double> gradient)
    {
        if (gradient.Length != 2)
        {
            HandMicrograd.ThrowLength(gradient.Length, 2);
        }

        double x = this.x, y = this.y;
        double u = 1 - x, v = y - x * x;
        gradient[0] += -2 * u - 400 * v * x;
        gradient[1] += 200 * v;
        return u * u + 100 * v * v;
    }
}

/// <summary>Linear regression with 9 weights and a bias by hand.</summary>
public sealed class HandLinearRegression
{
    public double w0 = 0.1, w1 = -0.2, w2 = 0.3, w3 = -0.4, w4 = 0.5, w5 = -0.6, w6 = 0.7, w7 = -0.8, w8 = 0.9, b = 0.05;

    public double Backward(double x0, double x1, double x2, double x3, double x4, double x5, double x6, double x7, double x8, double y, Span<double> gradient)
    {
        if (gradient.Length != 10)
        {
            HandMicrograd.ThrowLength(gradient.Length, 10);
        }

        double r = w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 + w8 * x8 + b - y;
        gradient[0] += r * x0;
        gradient[1] += r * x1;
        gradient[2] += r * x2;
        gradient[3] += r * x3;
        gradient[4] += r * x4;
        gradient[5] += r * x5;
        gradient[6] += r * x6;
        gradient[7] += r * x7;
        gradient[8] += r * x8;
        gradient[9] += r;
        return 0.5 * r * r;
    }
}

/// <summary>The 2-2-2 sigmoid network by hand: textbook backpropagation.</summary>
public sealed class HandTwoTwoTwoNetwork
{
    public double w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30, w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55;
    public double b1 = 0.35, b2 = 0.60;

    public double Backward(double i1, double i2, double t1, double t2, Span<double> gradient)
    {
        if (gradient.Length != 8)
        {
            HandMicrograd.ThrowLength(gradient.Length, 8);
        }

        double w1 = this.w1, w2 = this.w2, w3 = this.w3, w4 = this.w4, w5 = this.w5, w6 = this.w6, w7 = this.w7, w8 = this.w8;
        double b1 = this.b1, b2 = this.b2;
        double h1 = Sigmoid(w1 * i1 + w2 * i2 + b1);
        double h2 = Sigmoid(w3 * i1 + w4 * i2 + b1);
        double o1 = Sigmoid(w5 * h1 + w6 * h2 + b2);
        double o2 = Sigmoid(w7 * h1 + w8 * h2 + b2);
        double d1 = (o1 - t1) * o1 * (1 - o1);
        double d2 = (o2 - t2) * o2 * (1 - o2);
        double g1 = (d1 * w5 + d2 * w7) * h1 * (1 - h1);
        double g2 = (d1 * w6 + d2 * w8) * h2 * (1 - h2);
        gradient[0] += g1 * i1;
        gradient[1] += g1 * i2;
        gradient[2] += g2 * i1;
        gradient[3] += g2 * i2;
        gradient[4] += d1 * h1;
        gradient[5] += d1 * h2;
        gradient[6] += d2 * h1;
        gradient[7] += d2 * h2;
        return 0.5 * ((o1 - t1) * (o1 - t1) + (o2 - t2) * (o2 - t2));
    }
}
