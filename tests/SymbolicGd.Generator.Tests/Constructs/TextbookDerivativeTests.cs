using System;
using System.Linq;
using SymbolicGd.Generator.Symbolic;
using SymbolicGd.Generator.Tests.Infrastructure;
using SymbolicGd.Generator.Tests.Models;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// The classic models print the derivative a textbook derives (the logistic function recognised as people write
/// it, σ′ = σ·(1 − σ) through the user's p, a product cancelled against the denominators of the sum it multiplies),
/// Backward computes that form, and it agrees with central differences.
/// </summary>
public class TextbookDerivativeTests
{
    [Fact]
    public void Binary_cross_entropy_of_the_logistic_function_is_x_times_p_minus_y_in_every_spelling()
    {
        string[] textbook = { "∂Bce/∂w = x·(p − y)", "∂Bce/∂b = p − y" };

        Assert.Equal(textbook, BceReciprocal.Derivatives.Select(d => d.ToString()));
        Assert.Equal(textbook, BceReciprocalNamedLogit.Derivatives.Select(d => d.ToString()));
        Assert.Equal(textbook, BceRatio.Derivatives.Select(d => d.ToString()));
        Assert.Equal(textbook, BceSigmoid.Derivatives.Select(d => d.ToString()));
    }

    [Fact]
    public void Half_squared_error_is_x_times_the_residual_whether_squared_by_Square_or_by_product()
    {
        Assert.Equal(new[] { "∂E/∂w = x·(z − y)", "∂E/∂b = z − y" }, HalfSquaredError.Derivatives.Select(d => d.ToString()));
        Assert.Equal(new[] { "∂E/∂w = x·(z − y)", "∂E/∂b = z − y" }, HalfSquaredErrorProduct.Derivatives.Select(d => d.ToString()));
    }

    [Fact]
    public void Poisson_negative_log_likelihood_is_x_times_the_mean_minus_y()
    {
        Assert.Equal(
            new[] { "∂Nll/∂w = x·(exp(eta) − y)", "∂Nll/∂b = exp(eta) − y" },
            PoissonRegression.Derivatives.Select(d => d.ToString()));
    }

    [Fact]
    public void Margin_loss_derivative_reads_as_sigma_of_the_negated_margin()
    {
        Assert.Equal(
            new[] { "∂L/∂w = −x·y·σ(−y·(w·x + b))", "∂L/∂b = −y·σ(−y·(w·x + b))" },
            MarginLoss.Derivatives.Select(d => d.ToString()));
        Assert.Equal(new[] { "∂L/∂w = −x·y·σ(m)", "∂L/∂b = −y·σ(m)" }, MarginLossNamed.Derivatives.Select(d => d.ToString()));
    }

    [Fact]
    public void The_forward_pass_is_the_users_own_code_and_the_backward_pass_computes_p_minus_y()
    {
        string generated = GeneratorHarness.Run(GeneratorHarness.Model(
            """
                [Param] public double w, b;

                [Loss]
                public double Bce(double x, double y)
                {
                    double z = w * x + b;
                    double p = 1 / (1 + Math.Exp(-z));
                    return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
                }
            """)).AssertClean().Source;

        // The derivation names the logistic function it recognised.
        Assert.Contains("///   p = σ(z)\n", generated);
        Assert.Contains("double p = 1.0 / (1.0 + global::System.Math.Exp(-z));", generated);
        Assert.Contains("double dBce_dz = p - y;", generated);
        Assert.Contains("gradient[0] += x * dBce_dz;", generated);
    }

    [Theory]
    [InlineData(0.3, -0.1, 1.5, 1.0)]
    [InlineData(-1.2, 0.4, 0.7, 0.0)]
    [InlineData(2.0, 1.0, -2.5, 0.25)]
    public void Logistic_regression_gradients_agree_with_finite_differences(double w, double b, double x, double y)
    {
        Check(new BceReciprocal { w = w, b = b }, new BceReciprocal.Sample(x, y), m => m.ValueAndGradient(x, y));
        Check(new BceReciprocalNamedLogit { w = w, b = b }, new BceReciprocalNamedLogit.Sample(x, y), m => m.ValueAndGradient(x, y));
        Check(new BceRatio { w = w, b = b }, new BceRatio.Sample(x, y), m => m.ValueAndGradient(x, y));
        Check(new BceSigmoid { w = w, b = b }, new BceSigmoid.Sample(x, y), m => m.ValueAndGradient(x, y));
    }

    [Theory]
    [InlineData(0.3, -0.1, 1.5, 1.0)]
    [InlineData(-1.2, 0.4, 0.7, -1.0)]
    [InlineData(2.0, 1.0, -2.5, 3.0)]
    public void Regression_gradients_agree_with_finite_differences(double w, double b, double x, double y)
    {
        Check(new HalfSquaredError { w = w, b = b }, new HalfSquaredError.Sample(x, y), m => m.ValueAndGradient(x, y));
        Check(new HalfSquaredErrorProduct { w = w, b = b }, new HalfSquaredErrorProduct.Sample(x, y), m => m.ValueAndGradient(x, y));
        Check(new PoissonRegression { w = w, b = b }, new PoissonRegression.Sample(x, y), m => m.ValueAndGradient(x, y));
        Check(new MarginLoss { w = w, b = b }, new MarginLoss.Sample(x, y), m => m.ValueAndGradient(x, y));
        Check(new MarginLossNamed { w = w, b = b }, new MarginLossNamed.Sample(x, y), m => m.ValueAndGradient(x, y));
    }

    /// <summary>
    /// At z = 40, p rounds to 1; at z = −800, e^−z overflows and p is 0. The quotient rule's form,
    /// e^−z·(1/(1 + e^−z))²·((1 − y)/(1 − p) − y/p), is then NaN or infinite (a division by 1 − p = 0, or ∞·0);
    /// p − y is exact.
    /// </summary>
    [Theory]
    [InlineData(40.0, 0.25, 1.0)]
    [InlineData(40.0, 1.0, 1.0)]
    [InlineData(-800.0, 0.25, 0.0)]
    [InlineData(-800.0, 0.0, 0.0)]
    public void A_confident_prediction_has_a_finite_exact_gradient(double z, double y, double p)
    {
        double expanded = Math.Exp(-z) * (1 / Math.Pow(1 + Math.Exp(-z), 2)) * ((1 - y) / (1 - p) - y / p);
        Assert.False(double.IsFinite(expanded), $"the expanded form is {expanded}: the point does not show the difference");

        const double x = 2;
        double[] expected = { x * (p - y), p - y };
        Assert.Equal(expected, Gradient(new BceReciprocal { w = 0, b = z }, x, y));
        Assert.Equal(expected, Gradient(new BceReciprocalNamedLogit { w = 0, b = z }, x, y));
        Assert.Equal(expected, Gradient(new BceSigmoid { w = 0, b = z }, x, y));
        if (z < 0)
        {
            // e^z/(1 + e^z) at z = 40 is 1 too, but the user's own p is NaN past z ≈ 709: only the low side here.
            Assert.Equal(expected, Gradient(new BceRatio { w = 0, b = z }, x, y));
        }
    }

    [Fact]
    public void A_product_cancels_against_the_denominators_of_the_sum_it_multiplies()
    {
        var graph = new Graph(new[] { "p", "y" }, Array.Empty<Leaf>(), Array.Empty<Leaf>());
        int p = graph.Parameter(0), y = graph.Parameter(1);
        int oneMinusP = graph.Subtract(graph.One, p);
        int adjoint = graph.Subtract(graph.Divide(graph.Subtract(graph.One, y), oneMinusP), graph.Divide(y, p));
        graph.BeginDerivatives();

        int product = graph.Multiply(graph.Multiply(p, oneMinusP), adjoint);

        Assert.Equal(graph.Subtract(p, y), product);
    }

    [Fact]
    public void A_product_is_not_distributed_over_a_sum_whose_terms_it_does_not_divide()
    {
        var graph = new Graph(new[] { "p", "q", "u" }, Array.Empty<Leaf>(), Array.Empty<Leaf>());
        int p = graph.Parameter(0), q = graph.Parameter(1), u = graph.Parameter(2);
        int sum = graph.Add(graph.Divide(u, p), q);
        graph.BeginDerivatives();

        int product = graph.Multiply(p, sum);

        var node = graph[product];
        Assert.Equal((Op.Multiply, p, sum), (node.Op, node.A, node.B));
    }

    /// <summary>
    /// Random products of factors (parameters, 1 − a, a + b) and sums of quotients over some of those factors: built
    /// once as written (the exact forward mode never rewrites them) and once as a derivative would be (algebra, where
    /// the cancellation applies), the two agree at random points.
    /// </summary>
    [Fact]
    public void Cancelled_products_keep_their_value()
    {
        var random = new Random(15);
        int cancelled = 0;
        const int Cases = 400;
        for (int n = 0; n < Cases; n++)
        {
            var graph = new Graph(new[] { "a", "b", "c", "d" }, Array.Empty<Leaf>(), Array.Empty<Leaf>());
            int seed = random.Next();
            int written = RandomProduct(graph, new Random(seed));
            graph.BeginDerivatives();
            int rewritten = RandomProduct(graph, new Random(seed));
            bool hasQuotient = Reaches(graph, rewritten, Op.Divide);
            cancelled += hasQuotient ? 0 : 1;

            for (int point = 0; point < 3; point++)
            {
                var parameters = Enumerable.Range(0, 4).Select(_ => (random.NextDouble() * 3 + 0.25) * (random.Next(2) * 2 - 1)).ToArray();
                double expected = Evaluate(graph, written, parameters), actual = Evaluate(graph, rewritten, parameters);
                Assert.True(
                    Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
                    $"case {n}: {expected} as written, {actual} rewritten at ({string.Join(", ", parameters)})");
            }
        }

        // Most cases cancel (276 of the 400): every denominator is among the factors by construction, but a product
        // with a constant inside (a + a is 2·a in algebra) is not cancelled, nor one whose result would cost more.
        Assert.InRange(cancelled, Cases / 2, Cases);
    }

    /// <summary>(f₁·f₂·…)·(±n₁/d₁ ± n₂/d₂ …), every dᵢ one factor or the product of two.</summary>
    private static int RandomProduct(Graph graph, Random random)
    {
        int Atom()
        {
            int a = graph.Parameter(random.Next(4));
            return random.Next(3) switch
            {
                0 => a,
                1 => graph.Subtract(graph.One, a),
                _ => graph.Add(a, graph.Parameter(random.Next(4))),
            };
        }

        var factors = Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Atom()).ToList();
        int product = factors[0];
        for (int i = 1; i < factors.Count; i++)
        {
            product = graph.Multiply(product, factors[i]);
        }

        int sum = -1;
        for (int t = 2 + random.Next(2); t > 0; t--)
        {
            int first = random.Next(factors.Count), second = random.Next(factors.Count);
            int denominator = random.Next(3) == 0 && first != second ? graph.Multiply(factors[first], factors[second]) : factors[first];
            int numerator = random.Next(3) == 0 ? graph.Multiply(graph.Constant(random.Next(1, 4)), Atom()) : Atom();
            int term = graph.Divide(numerator, denominator);
            sum = sum < 0 ? term : random.Next(2) == 0 ? graph.Add(sum, term) : graph.Subtract(sum, term);
        }

        return graph.Multiply(product, sum);
    }

    private static bool Reaches(Graph graph, int root, Op op)
    {
        var seen = new bool[root + 1];
        seen[root] = true;
        for (int id = root; id >= 0; id--)
        {
            if (!seen[id])
            {
                continue;
            }

            var node = graph[id];
            if (node.Op == op)
            {
                return true;
            }

            for (int i = 0; i < node.Arity; i++)
            {
                seen[node.Operand(i)] = true;
            }
        }

        return false;
    }

    private static double Evaluate(Graph graph, int root, double[] parameters)
    {
        var values = new double[root + 1];
        for (int id = 0; id <= root; id++)
        {
            var node = graph[id];
            values[id] = node.Op switch
            {
                Op.Constant => node.Value,
                Op.Parameter => parameters[node.Index],
                Op.Add => values[node.A] + values[node.B],
                Op.Subtract => values[node.A] - values[node.B],
                Op.Multiply => values[node.A] * values[node.B],
                Op.Divide => values[node.A] / values[node.B],
                Op.Negate => -values[node.A],
                Op.Square => values[node.A] * values[node.A],
                _ => double.NaN, // not built here (True, False)
            };
        }

        return values[root];
    }

    private static double[] Gradient<TSample>(IDifferentiableLoss<TSample> model, double x, double y)
        where TSample : struct
    {
        var gradient = new double[2];
        var sample = (TSample)Activator.CreateInstance(typeof(TSample), x, y)!;
        model.Backward(sample, gradient);
        return gradient;
    }
}
