using SymbolicGd;

namespace OptimizerRace;

/// <summary>
/// The Rosenbrock valley: L = (1 − a)² + 100·(b − a²)², minimal (0) at a = b = 1. Second order, so that Newton races
/// too: the generator adds its Hessian (∂²L/∂a² = 2 − 400·(b − a²) + 800·a², ∂²L/∂a∂b = −400·a, ∂²L/∂b² = 200).
/// </summary>
[Differentiable(SecondOrder = true)]
public partial class Rosenbrock
{
    [Param] public double a = -1.2, b = 1.0;

    [Loss]
    public double L()
    {
        double u = 1.0 - a;
        double v = b - a * a;
        return u * u + 100.0 * v * v;
    }

    /// <summary>The same loss as a plain function, for the contour lines.</summary>
    public static double At(double a, double b) => (1.0 - a) * (1.0 - a) + 100.0 * (b - a * a) * (b - a * a);
}

/// <summary>One weight, one sample: f = w·x, E = ½(w·x − t)², the seeds' first example.</summary>
[Differentiable]
public partial class OneWeight
{
    [Param] public double w;

    [Loss]
    public double E(double x, double t)
    {
        double f = w * x;
        return 0.5 * (f - t) * (f - t);
    }
}
