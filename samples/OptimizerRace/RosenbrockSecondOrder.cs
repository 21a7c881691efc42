using System;
using SymbolicGd;

namespace OptimizerRace;

// WRITTEN BY HAND, FOR NOW: the Hessian of Rosenbrock, so that Newton can join the race. The generator will write
// these members itself with [Differentiable(SecondOrder = true)] (issue 17, section 1); once it does, delete this
// file and set SecondOrder = true on the class in Models.cs.

/// <summary>Rosenbrock's second derivatives: ∂²L/∂a² = 2 − 400·(b − a²) + 800·a², ∂²L/∂a∂b = −400·a, ∂²L/∂b² = 200.</summary>
public partial class Rosenbrock : ITwiceDifferentiableLoss
{
    /// <summary>Returns L, adds ∇L to <paramref name="gradient"/> and the 2×2 Hessian (row-major) to <paramref name="hessian"/>.</summary>
    public double Hessian(Span<double> gradient, Span<double> hessian)
    {
        if (hessian.Length != 4)
        {
            throw new ArgumentException($"hessian has length {hessian.Length}; Rosenbrock has 2 parameters, so 4 entries.", nameof(hessian));
        }

        double value = Backward(gradient);
        double cross = -400.0 * a;
        hessian[0] += 2.0 - 400.0 * (b - a * a) + 800.0 * a * a;
        hessian[1] += cross;
        hessian[2] += cross;
        hessian[3] += 200.0;
        return value;
    }

    /// <summary>Returns L, adds ∇L to <paramref name="gradient"/> and H·<paramref name="vector"/> to <paramref name="product"/>.</summary>
    public double HessianVectorProduct(ReadOnlySpan<double> vector, Span<double> gradient, Span<double> product)
    {
        if (vector.Length != 2 || product.Length != 2)
        {
            throw new ArgumentException($"vector and product have lengths {vector.Length} and {product.Length}; Rosenbrock has 2 parameters.", nameof(vector));
        }

        double value = Backward(gradient);
        double aa = 2.0 - 400.0 * (b - a * a) + 800.0 * a * a, ab = -400.0 * a;
        product[0] += aa * vector[0] + ab * vector[1];
        product[1] += ab * vector[0] + 200.0 * vector[1];
        return value;
    }
}
