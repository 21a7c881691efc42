using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>
/// <see cref="LevenbergMarquardt"/> against MINPACK's <c>lmder</c> itself (scipy's <c>leastsq</c> with an analytic
/// Jacobian, Reference/minpack.json, written by tools/reference/minpack.py): on small problems from both sides of
/// every stopping test, the same sequence of evaluations of the residuals and the Jacobian, at the same points (every
/// trial step, so every λ and Δ), the same info, nfev and njev.
/// </summary>
public sealed class LevenbergMarquardtReplayTests
{
    /// <summary>Residuals and a Jacobian (rows of ∂rᵢ/∂θ) written from a point, with every call recorded.</summary>
    private sealed class Recorded(int residualCount, Func<double[], (double[] R, double[][] J)> problem) : IResidualProblem
    {
        public List<(char Kind, double[] X)> Calls { get; } = new();

        public int ResidualCount => residualCount;

        public void Residuals(ReadOnlySpan<double> parameters, Span<double> residuals)
        {
            double[] x = parameters.ToArray();
            Calls.Add(('f', x));
            problem(x).R.CopyTo(residuals);
        }

        public void Jacobian(ReadOnlySpan<double> parameters, Span<double> jacobian)
        {
            double[] x = parameters.ToArray();
            Calls.Add(('j', x));
            double[][] rows = problem(x).J;
            for (int i = 0; i < residualCount; i++)
            {
                for (int j = 0; j < x.Length; j++)
                {
                    jacobian[j * residualCount + i] = rows[i][j]; // column-major
                }
            }
        }
    }

    private static readonly double[] BoxT = Enumerable.Range(1, 10).Select(i => 0.1 * i).ToArray();
    private static readonly double[] ExpT = { 1, 2, 3, 4, 5, 6, 7, 8 };
    private static readonly double[] ExpY = { 0.48, 0.82, 1.12, 1.35, 1.51, 1.66, 1.75, 1.84 };

    /// <summary>The problems of tools/reference/minpack.py, term for term.</summary>
    private static (int M, Func<double[], (double[], double[][])> F) Problem(string name) => name switch
    {
        "rosenbrock" => (2, x => (new[] { 10.0 * (x[1] - x[0] * x[0]), 1.0 - x[0] }, new[] { new[] { -20.0 * x[0], 10.0 }, new[] { -1.0, 0.0 } })),
        "freudenstein_roth" => (2, x =>
        {
            double a = x[0], b = x[1];
            return (new[] { -13.0 + a + ((5.0 - b) * b - 2.0) * b, -29.0 + a + ((b + 1.0) * b - 14.0) * b },
                new[] { new[] { 1.0, 10.0 * b - 3.0 * b * b - 2.0 }, new[] { 1.0, 3.0 * b * b + 2.0 * b - 14.0 } });
        }),
        "powell_singular" => (4, x =>
        {
            double a = x[0], b = x[1], c = x[2], d = x[3], s5 = Math.Sqrt(5.0), s10 = Math.Sqrt(10.0);
            return (new[] { a + 10.0 * b, s5 * (c - d), Math.Pow(b - 2.0 * c, 2), s10 * Math.Pow(a - d, 2) },
                new[]
                {
                    new[] { 1.0, 10.0, 0.0, 0.0 }, new[] { 0.0, 0.0, s5, -s5 },
                    new[] { 0.0, 2.0 * (b - 2.0 * c), -4.0 * (b - 2.0 * c), 0.0 },
                    new[] { 2.0 * s10 * (a - d), 0.0, 0.0, -2.0 * s10 * (a - d) },
                });
        }),
        "box3d" => (10, x =>
        (
            BoxT.Select(t => Math.Exp(-t * x[0]) - Math.Exp(-t * x[1]) - x[2] * (Math.Exp(-t) - Math.Exp(-10.0 * t))).ToArray(),
            BoxT.Select(t => new[] { -t * Math.Exp(-t * x[0]), t * Math.Exp(-t * x[1]), -(Math.Exp(-t) - Math.Exp(-10.0 * t)) }).ToArray()
        )),
        "brown_badly_scaled" => (3, x =>
            (new[] { x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2.0 }, new[] { new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { x[1], x[0] } })),
        "exponential_rise" => (8, x =>
        (
            ExpT.Select((t, i) => x[0] * (1.0 - Math.Exp(-x[1] * t)) - ExpY[i]).ToArray(),
            ExpT.Select(t => new[] { 1.0 - Math.Exp(-x[1] * t), x[0] * t * Math.Exp(-x[1] * t) }.Concat(new double[x.Length - 2]).ToArray()).ToArray()
        )),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Reference.RootElement.GetProperty("cases").GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static readonly JsonDocument Reference =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "minpack.json")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_evaluation_is_at_MINPACKs_point_and_it_stops_with_MINPACKs_info(int index)
    {
        JsonElement c = Reference.RootElement.GetProperty("cases")[index];
        string name = c.GetProperty("problem").GetString()!;
        JsonElement options = c.GetProperty("options");
        double Option(string key, double fallback) => options.TryGetProperty(key, out JsonElement v) ? v.GetDouble() : fallback;
        var solver = new LevenbergMarquardt(
            functionTolerance: Option("ftol", LevenbergMarquardt.DefaultTolerance),
            parameterTolerance: Option("xtol", LevenbergMarquardt.DefaultTolerance),
            orthogonalityTolerance: Option("gtol", 0),
            stepBoundFactor: Option("factor", 100),
            maxEvaluations: options.TryGetProperty("maxfev", out JsonElement maxfev) ? maxfev.GetInt32() : null,
            scaleParameters: !options.TryGetProperty("diag", out _));

        (int m, Func<double[], (double[], double[][])> f) = Problem(name);
        var problem = new Recorded(m, f);
        double[] x = c.GetProperty("x0").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        int info = 0;
        for (int iteration = 0; iteration < 1000 && info == 0; iteration++)
        {
            info = solver.Iterate(x, problem);
        }

        string label = $"{name} {options}";
        (char Kind, double[] X)[] expected = c.GetProperty("calls").EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString()![0], e.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray()))
            .ToArray();
        int rounding = (int)Option("rounding", 0);
        int compared = expected.Length - rounding;
        if (rounding == 0)
        {
            Assert.True(expected.Length == problem.Calls.Count, $"{label}: {Calls(problem.Calls)}, MINPACK's {Calls(expected)}");
        }

        double worst = 0;
        for (int k = 0; k < compared; k++)
        {
            Assert.True(expected[k].Kind == problem.Calls[k].Kind, $"{label}: {Calls(problem.Calls)}, MINPACK's {Calls(expected)}");
            double largest = expected[k].X.Max(Math.Abs);
            for (int j = 0; j < x.Length; j++)
            {
                // Relative to the component, or to the point's largest one where the component is near 0.
                double difference = Math.Abs(problem.Calls[k].X[j] - expected[k].X[j]);
                worst = Math.Max(worst, difference / Math.Max(Math.Abs(expected[k].X[j]), Math.Max(1e-6 * largest, 1e-300)));
            }
        }

        Assert.True(worst <= 1e-9, $"{label}: worst relative difference {worst:E2}");
        Assert.Equal(c.GetProperty("info").GetInt32(), info);
        if (rounding == 0)
        {
            Assert.Equal(c.GetProperty("nfev").GetInt32(), solver.FunctionEvaluations);
            Assert.Equal(c.GetProperty("njev").GetInt32(), solver.JacobianEvaluations);
        }
    }

    [Fact]
    public void The_parameter_tolerance_stops_exactly_at_delta_equal_to_xtol_times_the_scaled_norm()
    {
        // Box 3D stops on xtol (info 2). At that iteration Δ ≤ xtol·‖Dθ‖; the smallest xtol for which it holds there,
        // an xtol* with xtol*·‖Dθ‖ = Δ exactly, stops at the same evaluation, and the double below it does not.
        (int m, Func<double[], (double[], double[][])> f) = Problem("box3d");
        (int Info, LevenbergMarquardt Solver, double[] X) Fit(double xtol)
        {
            var solver = new LevenbergMarquardt(parameterTolerance: xtol);
            double[] x = { 0, 10, 20 };
            int info = 0;
            for (int i = 0; i < 100 && info == 0; i++)
            {
                info = solver.Iterate(x, new Recorded(m, f));
            }

            return (info, solver, x);
        }

        (int info, LevenbergMarquardt reference, _) = Fit(LevenbergMarquardt.DefaultTolerance);
        Assert.Equal(2, info);
        OptimizerState state = reference.SaveState();
        double delta = state.Values["delta"], xnorm = state.Values["xnorm"];
        double xtol = delta / xnorm;
        while (xtol * xnorm < delta)
        {
            xtol = Math.BitIncrement(xtol);
        }

        while (Math.BitDecrement(xtol) * xnorm >= delta)
        {
            xtol = Math.BitDecrement(xtol);
        }

        Assert.Equal(delta, xtol * xnorm);
        (int atThreshold, LevenbergMarquardt exact, _) = Fit(xtol);
        Assert.Equal(2, atThreshold);
        Assert.Equal(reference.FunctionEvaluations, exact.FunctionEvaluations);
        (_, LevenbergMarquardt below, _) = Fit(Math.BitDecrement(xtol));
        Assert.True(below.FunctionEvaluations > reference.FunctionEvaluations, $"{below.FunctionEvaluations} evaluations");
    }

    [Theory]
    [InlineData("freudenstein_roth", 0.5, -2.0, false)] // prered 3.96e-9 > |actred| 2.23e-9
    [InlineData("exponential_rise", 1.0, 0.5, true)] // |actred| 2.12e-13 > prered 2.03e-13
    public void The_function_tolerance_stops_exactly_at_the_larger_of_the_two_reductions(string name, double a, double b, bool actualIsLarger)
    {
        // A run that stops on ftol (info 1): at the last trial |actred| ≤ ftol and prered ≤ ftol. With ftol equal to the
        // larger of the two it stops at the same evaluation; one double below, it does not. One run for each test.
        (int m, Func<double[], (double[], double[][])> f) = Problem(name);
        (int Info, LevenbergMarquardt Solver) Fit(double ftol)
        {
            var solver = new LevenbergMarquardt(functionTolerance: ftol);
            double[] x = { a, b };
            int info = 0;
            for (int i = 0; i < 100 && info == 0; i++)
            {
                info = solver.Iterate(x, new Recorded(m, f));
            }

            return (info, solver);
        }

        (int info, LevenbergMarquardt reference) = Fit(LevenbergMarquardt.DefaultTolerance);
        Assert.Equal(1, info);
        (double actual, double predicted) = reference.LastReductions;
        double ftol = Math.Max(Math.Abs(actual), predicted);
        Assert.True(ftol > 0 && ftol < LevenbergMarquardt.DefaultTolerance, $"{actual}, {predicted}");
        (int atThreshold, LevenbergMarquardt exact) = Fit(ftol);
        Assert.Equal(1, atThreshold);
        Assert.Equal(reference.FunctionEvaluations, exact.FunctionEvaluations);
        (_, LevenbergMarquardt below) = Fit(Math.BitDecrement(ftol));
        Assert.True(below.FunctionEvaluations > reference.FunctionEvaluations, $"{below.FunctionEvaluations} evaluations");
        Assert.Equal(actualIsLarger, Math.Abs(actual) > predicted);
    }

    private static string Calls(IEnumerable<(char Kind, double[] X)> calls) => string.Concat(calls.Select(k => k.Kind));
}
