using System;

namespace SymbolicGd;

/// <summary>Student's t distribution, for the p-values of a fit (R's <c>Pr(&gt;|t|)</c>).</summary>
internal static class StudentT
{
    /// <summary>
    /// P(|T| ≥ |t|) for T with ν degrees of freedom: the regularized incomplete beta function I_x(ν/2, ½) at
    /// x = ν/(ν + t²), by its continued fraction (Numerical Recipes' <c>betai</c>), accurate to about 1e-14 relative.
    /// </summary>
    internal static double TwoSidedP(double t, int degreesOfFreedom)
    {
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        double nu = degreesOfFreedom;
        double x = nu / (nu + t * t);
        return RegularizedBeta(x, nu / 2.0, 0.5);
    }

    private static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (x >= 1.0)
        {
            return 1.0;
        }

        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1.0 - x));
        return x < (a + 1.0) / (a + b + 2.0)
            ? front * ContinuedFraction(x, a, b) / a
            : 1.0 - front * ContinuedFraction(1.0 - x, b, a) / b;
    }

    /// <summary>The continued fraction of I_x(a, b) by the modified Lentz method.</summary>
    private static double ContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        double qab = a + b, qap = a + 1.0, qam = a - 1.0;
        double c = 1.0, d = 1.0 - qab * x / qap;
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1.0 / d;
        double h = d;
        for (int m = 1; m <= 300; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1.0 + aa * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1.0 + aa / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1.0 + aa * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1.0 + aa / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        return h;
    }

    /// <summary>ln Γ(z) for z &gt; 0 by Lanczos' approximation (g = 7, 9 terms), accurate to about 1e-15.</summary>
    private static double LogGamma(double z)
    {
        if (z < 0.5)
        {
            // Reflection: Γ(z)Γ(1 − z) = π / sin(πz).
            return Math.Log(Math.PI / Math.Sin(Math.PI * z)) - LogGamma(1.0 - z);
        }

        ReadOnlySpan<double> coefficients = stackalloc double[]
        {
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        };
        z -= 1.0;
        double sum = coefficients[0];
        for (int i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (z + i);
        }

        double t = z + 7.5;
        return 0.5 * Math.Log(2.0 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
