using System;

// The models that more than one test project trains, in one place (linked into SymbolicGd.Runtime.Tests and
// SymbolicGd.Plotting.Tests, and compiled there by the real generator). The generator tests keep their own
// OneWeight: hand-derivation Example 1 written without the local f, whose derivative text they check.

namespace SymbolicGd.Testing;

/// <summary>E(x, t) = ½(w·x − t)² with the local f = w·x: the one-weight model of the hand derivations.</summary>
[Differentiable]
public partial class OneWeight
{
    [Param] public double w;

    public OneWeight(double w = 0.0) => this.w = w;

    [Loss]
    public double E(double x, double t)
    {
        double f = w * x;
        return 0.5 * (f - t) * (f - t);
    }
}

/// <summary>
/// Data-free L = u² + 100·v² with the locals u = 1 − a and v = b − a², the Rosenbrock function, from the classic start
/// (−1.2, 1) unless told otherwise. <see cref="Rosenbrock"/> is the same function differentiated by hand.
/// </summary>
[Differentiable]
public partial class RosenbrockModel
{
    [Param] public double a = -1.2, b = 1.0;

    public RosenbrockModel()
    {
    }

    public RosenbrockModel(double a, double b)
    {
        this.a = a;
        this.b = b;
    }

    [Loss]
    public double L()
    {
        double u = 1.0 - a;
        double v = b - a * a;
        return u * u + 100.0 * v * v;
    }
}

/// <summary>
/// f(x, y) = (1 − x)² + 100·(y − x²)², the function of the PyTorch reference runs, differentiated by hand: the
/// optimizer tests step on it without any generated code in between.
/// </summary>
public static class Rosenbrock
{
    public static double Value(ReadOnlySpan<double> p) => At(p[0], p[1]);

    public static double At(double x, double y) => (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x);

    /// <summary>∂f/∂x = −2(1 − x) − 400·x·(y − x²), ∂f/∂y = 200·(y − x²).</summary>
    public static void Gradient(ReadOnlySpan<double> p, Span<double> gradient)
    {
        double x = p[0], y = p[1];
        gradient[0] = -2.0 * (1.0 - x) - 400.0 * x * (y - x * x);
        gradient[1] = 200.0 * (y - x * x);
    }

    /// <summary>
    /// Returns f and adds ∇f and the Hessian (row-major: ∂²f/∂x² = 2 − 400·(y − x²) + 800·x², ∂²f/∂x∂y = −400·x,
    /// ∂²f/∂y² = 200) into the spans, as a generated <c>Hessian</c> does: a <c>NewtonObjective</c>.
    /// </summary>
    public static double AddGradientAndHessian(ReadOnlySpan<double> p, Span<double> gradient, Span<double> hessian)
    {
        double x = p[0], y = p[1];
        gradient[0] += -2.0 * (1.0 - x) - 400.0 * x * (y - x * x);
        gradient[1] += 200.0 * (y - x * x);
        hessian[0] += 2.0 - 400.0 * (y - x * x) + 800.0 * x * x;
        hessian[1] += -400.0 * x;
        hessian[2] += -400.0 * x;
        hessian[3] += 200.0;
        return At(x, y);
    }

    /// <summary>Runs <paramref name="steps"/> steps from (−1.2, 1) and returns every point visited, flattened.</summary>
    public static double[] Trajectory(IOptimizer optimizer, int steps)
    {
        double[] p = { -1.2, 1.0 };
        double[] g = new double[2];
        double[] visited = new double[2 * steps];
        for (int k = 0; k < steps; k++)
        {
            Gradient(p, g);
            optimizer.Step(p, g);
            visited[2 * k] = p[0];
            visited[2 * k + 1] = p[1];
        }

        return visited;
    }
}
