using System;

namespace SymbolicGd.Testing;

/// <summary>
/// The one central difference of the test projects (linked into each from tests/Shared), beside the runtime's own
/// <see cref="GradientCheck"/> which users call: (f(x + h) − f(x − h)) / ((x + h) − (x − h)), divided by the step
/// actually taken, since x ± h are rounded. Its error is about h²·|f‴|/6 + ε·|f|/h.
/// </summary>
public static class CentralDifference
{
    /// <summary>df/dx at x with the step h.</summary>
    public static double Of(Func<double, double> f, double x, double h)
    {
        double up = x + h, down = x - h;
        return (f(up) - f(down)) / (up - down);
    }

    /// <summary>
    /// ∂loss/∂θᵢ of a model, moving θᵢ alone by ±h (through <see cref="IDifferentiable.SetParameters"/>) and putting it
    /// back before returning.
    /// </summary>
    public static double Partial(IDifferentiable model, Func<double> loss, int index, double h)
    {
        double[] theta = new double[model.ParameterCount];
        model.CopyParametersTo(theta);
        double saved = theta[index];
        try
        {
            return Of(
                x =>
                {
                    theta[index] = x;
                    model.SetParameters(theta);
                    return loss();
                },
                saved,
                h);
        }
        finally
        {
            theta[index] = saved;
            model.SetParameters(theta);
        }
    }

    /// <summary>Every ∂loss/∂θᵢ, each with the step relativeStep·max(1, |θᵢ|).</summary>
    public static double[] Gradient(IDifferentiable model, Func<double> loss, double relativeStep)
    {
        double[] theta = new double[model.ParameterCount];
        model.CopyParametersTo(theta);
        var estimate = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            estimate[i] = Partial(model, loss, i, relativeStep * Math.Max(1.0, Math.Abs(theta[i])));
        }

        return estimate;
    }
}
