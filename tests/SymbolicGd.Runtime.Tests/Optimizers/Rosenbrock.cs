using System;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>f(x, y) = (1 − x)² + 100·(y − x²)², the function of the PyTorch reference runs, differentiated by hand.</summary>
internal static class Rosenbrock
{
    public static double Value(ReadOnlySpan<double> p)
    {
        double x = p[0], y = p[1];
        double a = 1.0 - x, b = y - x * x;
        return a * a + 100.0 * b * b;
    }

    /// <summary>∂f/∂x = −2(1 − x) − 400·x·(y − x²), ∂f/∂y = 200·(y − x²).</summary>
    public static void Gradient(ReadOnlySpan<double> p, Span<double> gradient)
    {
        double x = p[0], y = p[1];
        gradient[0] = -2.0 * (1.0 - x) - 400.0 * x * (y - x * x);
        gradient[1] = 200.0 * (y - x * x);
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
