using System;
using System.Collections.Generic;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>
/// A NIST StRD model written by hand as generated code will be: the model function F(x; b) and its analytic gradient
/// ∂F/∂b; the residual of a point is F − y (log y for Nelson), the loss ½r².
/// </summary>
public abstract class NistModel : ILeastSquares<NistPoint>
{
    private readonly double[] _b;
    private readonly string[] _names;

    protected NistModel(int count)
    {
        _b = new double[count];
        _names = new string[count];
        for (int i = 0; i < count; i++)
        {
            _names[i] = "b" + (i + 1);
        }
    }

    public int ParameterCount => _b.Length;

    public IReadOnlyList<string> ParameterNames => _names;

    public IReadOnlyList<string> IntermediateNames => Array.Empty<string>();

    public IReadOnlyList<Derivative> Derivatives
    {
        get
        {
            var list = new Derivative[_b.Length];
            for (int i = 0; i < list.Length; i++)
            {
                list[i] = new Derivative("E", _names[i], "r·∂F/∂" + _names[i]);
            }

            return list;
        }
    }

    public void CopyParametersTo(Span<double> destination) => _b.CopyTo(destination);

    public void SetParameters(ReadOnlySpan<double> values) => values.CopyTo(_b);

    public double Residual(in NistPoint sample) => Value(sample, _b) - Response(sample);

    public double ResidualGradient(in NistPoint sample, Span<double> jacobianRow)
    {
        Gradient(sample, _b, jacobianRow);
        return Residual(sample);
    }

    public double Loss(in NistPoint sample)
    {
        double r = Residual(sample);
        return 0.5 * r * r;
    }

    public double Backward(in NistPoint sample, Span<double> gradient)
    {
        Span<double> row = stackalloc double[_b.Length];
        double r = ResidualGradient(sample, row);
        for (int i = 0; i < row.Length; i++)
        {
            gradient[i] += r * row[i];
        }

        return 0.5 * r * r;
    }

    public double Evaluate(in NistPoint sample, Span<double> intermediates) => Loss(sample);

    protected virtual double Response(in NistPoint p) => p.Y;

    protected abstract double Value(in NistPoint p, double[] b);

    protected abstract void Gradient(in NistPoint p, double[] b, Span<double> g);

    public static NistModel Create(string name) => name switch
    {
        "Misra1a" or "BoxBOD" => new ExponentialRise(),
        "Chwirut1" or "Chwirut2" => new Chwirut(),
        "Lanczos1" or "Lanczos2" or "Lanczos3" => new Lanczos(),
        "Gauss1" or "Gauss2" or "Gauss3" => new Gauss(),
        "DanWood" => new DanWood(),
        "Misra1b" => new Misra1b(),
        "Kirby2" => new Rational(3, 2),
        "Hahn1" or "Thurber" => new Rational(4, 3),
        "Nelson" => new Nelson(),
        "MGH17" => new Mgh17(),
        "Misra1c" => new Misra1c(),
        "Misra1d" => new Misra1d(),
        "Roszman1" => new Roszman1(),
        "ENSO" => new Enso(),
        "MGH09" => new Mgh09(),
        "Rat42" => new Rat42(),
        "MGH10" => new Mgh10(),
        "Eckerle4" => new Eckerle4(),
        "Rat43" => new Rat43(),
        "Bennett5" => new Bennett5(),
        _ => throw new ArgumentException($"No model for {name}.", nameof(name)),
    };

    /// <summary>y = b1·(1 − exp(−b2·x)) (Misra1a, BoxBOD).</summary>
    private sealed class ExponentialRise() : NistModel(2)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] * (1 - Math.Exp(-b[1] * p.X));

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double e = Math.Exp(-b[1] * p.X);
            g[0] = 1 - e;
            g[1] = b[0] * p.X * e;
        }
    }

    /// <summary>y = exp(−b1·x)/(b2 + b3·x).</summary>
    private sealed class Chwirut() : NistModel(3)
    {
        protected override double Value(in NistPoint p, double[] b) => Math.Exp(-b[0] * p.X) / (b[1] + b[2] * p.X);

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double e = Math.Exp(-b[0] * p.X), d = b[1] + b[2] * p.X;
            g[0] = -p.X * e / d;
            g[1] = -e / (d * d);
            g[2] = -p.X * e / (d * d);
        }
    }

    /// <summary>y = b1·exp(−b2·x) + b3·exp(−b4·x) + b5·exp(−b6·x).</summary>
    private sealed class Lanczos() : NistModel(6)
    {
        protected override double Value(in NistPoint p, double[] b) =>
            b[0] * Math.Exp(-b[1] * p.X) + b[2] * Math.Exp(-b[3] * p.X) + b[4] * Math.Exp(-b[5] * p.X);

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            for (int k = 0; k < 6; k += 2)
            {
                double e = Math.Exp(-b[k + 1] * p.X);
                g[k] = e;
                g[k + 1] = -b[k] * p.X * e;
            }
        }
    }

    /// <summary>y = b1·exp(−b2·x) + b3·exp(−(x − b4)²/b5²) + b6·exp(−(x − b7)²/b8²).</summary>
    private sealed class Gauss() : NistModel(8)
    {
        protected override double Value(in NistPoint p, double[] b)
        {
            double x = p.X;
            return b[0] * Math.Exp(-b[1] * x) + b[2] * Math.Exp(-(x - b[3]) * (x - b[3]) / (b[4] * b[4]))
                + b[5] * Math.Exp(-(x - b[6]) * (x - b[6]) / (b[7] * b[7]));
        }

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double x = p.X, e = Math.Exp(-b[1] * x);
            g[0] = e;
            g[1] = -b[0] * x * e;
            for (int k = 2; k <= 5; k += 3)
            {
                double u = x - b[k + 1], w = b[k + 2], bump = Math.Exp(-u * u / (w * w));
                g[k] = bump;
                g[k + 1] = b[k] * bump * 2 * u / (w * w);
                g[k + 2] = b[k] * bump * 2 * u * u / (w * w * w);
            }
        }
    }

    /// <summary>y = b1·x^b2.</summary>
    private sealed class DanWood() : NistModel(2)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] * Math.Pow(p.X, b[1]);

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double power = Math.Pow(p.X, b[1]);
            g[0] = power;
            g[1] = b[0] * power * Math.Log(p.X);
        }
    }

    /// <summary>y = b1·(1 − (1 + b2·x/2)^−2).</summary>
    private sealed class Misra1b() : NistModel(2)
    {
        protected override double Value(in NistPoint p, double[] b)
        {
            double u = 1 + b[1] * p.X / 2;
            return b[0] * (1 - 1 / (u * u));
        }

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double u = 1 + b[1] * p.X / 2;
            g[0] = 1 - 1 / (u * u);
            g[1] = b[0] * p.X / (u * u * u);
        }
    }

    /// <summary>y = (b1 + b2·x + … ) / (1 + b(k+1)·x + …): Kirby2 (3, 2), Hahn1 and Thurber (4, 3).</summary>
    private sealed class Rational(int numerator, int denominator) : NistModel(numerator + denominator)
    {
        protected override double Value(in NistPoint p, double[] b)
        {
            (double n, double d) = Parts(p.X, b);
            return n / d;
        }

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            (double n, double d) = Parts(p.X, b);
            double power = 1;
            for (int k = 0; k < numerator; k++)
            {
                g[k] = power / d;
                power *= p.X;
            }

            power = p.X;
            for (int k = 0; k < denominator; k++)
            {
                g[numerator + k] = -n * power / (d * d);
                power *= p.X;
            }
        }

        private (double N, double D) Parts(double x, double[] b)
        {
            double n = 0, d = 1, power = 1;
            for (int k = 0; k < numerator; k++)
            {
                n += b[k] * power;
                power *= x;
            }

            power = x;
            for (int k = 0; k < denominator; k++)
            {
                d += b[numerator + k] * power;
                power *= x;
            }

            return (n, d);
        }
    }

    /// <summary>log y = b1 − b2·x1·exp(−b3·x2).</summary>
    private sealed class Nelson() : NistModel(3)
    {
        protected override double Response(in NistPoint p) => Math.Log(p.Y);

        protected override double Value(in NistPoint p, double[] b) => b[0] - b[1] * p.X * Math.Exp(-b[2] * p.X2);

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double e = Math.Exp(-b[2] * p.X2);
            g[0] = 1;
            g[1] = -p.X * e;
            g[2] = b[1] * p.X * p.X2 * e;
        }
    }

    /// <summary>y = b1 + b2·exp(−x·b4) + b3·exp(−x·b5).</summary>
    private sealed class Mgh17() : NistModel(5)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] + b[1] * Math.Exp(-p.X * b[3]) + b[2] * Math.Exp(-p.X * b[4]);

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double e4 = Math.Exp(-p.X * b[3]), e5 = Math.Exp(-p.X * b[4]);
            g[0] = 1;
            g[1] = e4;
            g[2] = e5;
            g[3] = -b[1] * p.X * e4;
            g[4] = -b[2] * p.X * e5;
        }
    }

    /// <summary>y = b1·(1 − (1 + 2·b2·x)^−½).</summary>
    private sealed class Misra1c() : NistModel(2)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] * (1 - 1 / Math.Sqrt(1 + 2 * b[1] * p.X));

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double u = 1 + 2 * b[1] * p.X;
            g[0] = 1 - 1 / Math.Sqrt(u);
            g[1] = b[0] * p.X / (u * Math.Sqrt(u));
        }
    }

    /// <summary>y = b1·b2·x/(1 + b2·x).</summary>
    private sealed class Misra1d() : NistModel(2)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] * b[1] * p.X / (1 + b[1] * p.X);

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double d = 1 + b[1] * p.X;
            g[0] = b[1] * p.X / d;
            g[1] = b[0] * p.X / (d * d);
        }
    }

    /// <summary>y = b1 − b2·x − arctan(b3/(x − b4))/π.</summary>
    private sealed class Roszman1() : NistModel(4)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] - b[1] * p.X - Math.Atan(b[2] / (p.X - b[3])) / Math.PI;

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double w = p.X - b[3], q = b[2] / w, k = 1 / (Math.PI * (1 + q * q));
            g[0] = 1;
            g[1] = -p.X;
            g[2] = -k / w;
            g[3] = -k * b[2] / (w * w);
        }
    }

    /// <summary>y = b1 + b2·cos(2πx/12) + b3·sin(2πx/12) + b5·cos(2πx/b4) + b6·sin(2πx/b4) + b8·cos(2πx/b7) + b9·sin(2πx/b7).</summary>
    private sealed class Enso() : NistModel(9)
    {
        protected override double Value(in NistPoint p, double[] b)
        {
            double x = p.X, t = 2 * Math.PI * x;
            return b[0] + b[1] * Math.Cos(t / 12) + b[2] * Math.Sin(t / 12) + b[4] * Math.Cos(t / b[3]) + b[5] * Math.Sin(t / b[3])
                + b[7] * Math.Cos(t / b[6]) + b[8] * Math.Sin(t / b[6]);
        }

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double t = 2 * Math.PI * p.X;
            g[0] = 1;
            g[1] = Math.Cos(t / 12);
            g[2] = Math.Sin(t / 12);
            for (int k = 3; k <= 6; k += 3)
            {
                double angle = t / b[k], c = Math.Cos(angle), s = Math.Sin(angle);
                g[k + 1] = c;
                g[k + 2] = s;
                g[k] = (-b[k + 1] * s + b[k + 2] * c) * (-t / (b[k] * b[k]));
            }
        }
    }

    /// <summary>y = b1·(x² + x·b2)/(x² + x·b3 + b4).</summary>
    private sealed class Mgh09() : NistModel(4)
    {
        protected override double Value(in NistPoint p, double[] b)
        {
            double x = p.X;
            return b[0] * (x * x + x * b[1]) / (x * x + x * b[2] + b[3]);
        }

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double x = p.X, n = x * x + x * b[1], d = x * x + x * b[2] + b[3];
            g[0] = n / d;
            g[1] = b[0] * x / d;
            g[2] = -b[0] * n * x / (d * d);
            g[3] = -b[0] * n / (d * d);
        }
    }

    /// <summary>y = b1/(1 + exp(b2 − b3·x)).</summary>
    private sealed class Rat42() : NistModel(3)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] / (1 + Math.Exp(b[1] - b[2] * p.X));

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double e = Math.Exp(b[1] - b[2] * p.X), d = 1 + e;
            g[0] = 1 / d;
            g[1] = -b[0] * e / (d * d);
            g[2] = b[0] * p.X * e / (d * d);
        }
    }

    /// <summary>y = b1·exp(b2/(x + b3)).</summary>
    private sealed class Mgh10() : NistModel(3)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] * Math.Exp(b[1] / (p.X + b[2]));

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double w = p.X + b[2], e = Math.Exp(b[1] / w);
            g[0] = e;
            g[1] = b[0] * e / w;
            g[2] = -b[0] * e * b[1] / (w * w);
        }
    }

    /// <summary>y = (b1/b2)·exp(−½((x − b3)/b2)²).</summary>
    private sealed class Eckerle4() : NistModel(3)
    {
        protected override double Value(in NistPoint p, double[] b)
        {
            double z = (p.X - b[2]) / b[1];
            return b[0] / b[1] * Math.Exp(-0.5 * z * z);
        }

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double z = (p.X - b[2]) / b[1], e = Math.Exp(-0.5 * z * z);
            g[0] = e / b[1];
            g[1] = b[0] * e * (z * z - 1) / (b[1] * b[1]);
            g[2] = b[0] / b[1] * e * z / b[1];
        }
    }

    /// <summary>y = b1/(1 + exp(b2 − b3·x))^(1/b4).</summary>
    private sealed class Rat43() : NistModel(4)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] / Math.Pow(1 + Math.Exp(b[1] - b[2] * p.X), 1 / b[3]);

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double e = Math.Exp(b[1] - b[2] * p.X), u = 1 + e, power = Math.Pow(u, -1 / b[3]);
            g[0] = power;
            g[1] = -b[0] / b[3] * power / u * e;
            g[2] = b[0] / b[3] * power / u * e * p.X;
            g[3] = b[0] * power * Math.Log(u) / (b[3] * b[3]);
        }
    }

    /// <summary>y = b1·(b2 + x)^(−1/b3).</summary>
    private sealed class Bennett5() : NistModel(3)
    {
        protected override double Value(in NistPoint p, double[] b) => b[0] * Math.Pow(b[1] + p.X, -1 / b[2]);

        protected override void Gradient(in NistPoint p, double[] b, Span<double> g)
        {
            double u = b[1] + p.X, power = Math.Pow(u, -1 / b[2]);
            g[0] = power;
            g[1] = -b[0] / b[2] * power / u;
            g[2] = b[0] * power * Math.Log(u) / (b[2] * b[2]);
        }
    }
}
