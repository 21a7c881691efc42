using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SymbolicGd.Runtime.Tests.Optimizers;

/// <summary>
/// <see cref="Lbfgs"/>'s strong-Wolfe line search and its cubic interpolation on their own: on one-dimensional
/// functions whose accepted steps can be written down, at the boundaries of the sufficient-decrease (Armijo) and
/// curvature conditions (c₁ = 10⁻⁴, c₂ = 0.9), and against PyTorch 1.13's <c>_strong_wolfe</c> on 106 searches
/// (Reference/line-search.json, written by tools/reference/line_search.py).
/// </summary>
public sealed class LbfgsLineSearchTests
{
    private const double C1 = 1e-4;
    private const double C2 = 0.9;

    /// <summary>Searches φ from t = 0 along d = 1 (so a trial point is the trial step itself), recording the trials.</summary>
    private static (double Loss, double[] Gradient, double T, int Evaluations) Search(
        Func<double, (double F, double G)> phi, double firstStep, List<double> trials)
    {
        (double f0, double g0) = phi(0.0);
        LbfgsObjective objective = (point, gradient) =>
        {
            trials.Add(point[0]);
            (double f, double g) = phi(point[0]);
            gradient[0] = g;
            return f;
        };
        return Lbfgs.LineSearch(objective, new[] { 0.0 }, firstStep, new[] { 1.0 }, f0, new[] { g0 }, g0);
    }

    [Fact]
    public void A_first_step_that_meets_both_conditions_is_taken_after_one_evaluation()
    {
        // φ = (t − 2)²: φ(1) = 1 ≤ 4 − 4·10⁻⁴, |φ′(1)| = 2 ≤ 0.9·4.
        var trials = new List<double>();
        var (loss, gradient, t, evaluations) = Search(s => ((s - 2) * (s - 2), 2 * (s - 2)), 1.0, trials);
        Assert.Equal(1.0, t);
        Assert.Equal(1.0, loss);
        Assert.Equal(new[] { -2.0 }, gradient);
        Assert.Equal(1, evaluations);
        Assert.Equal(new[] { 1.0 }, trials);
    }

    [Fact]
    public void A_step_too_short_is_extrapolated_by_at_most_ten_times()
    {
        // φ = (t − 10)² from t = 0.5: φ′(0.5) = −19 is steeper than 0.9·20, so the search extrapolates. The cubic
        // through (0, 100, −20) and (0.5, 90.25, −19) is the parabola, minimised at 10, clamped to 10·0.5 = 5, where
        // φ′ = −10 meets the curvature condition.
        var trials = new List<double>();
        var (loss, gradient, t, evaluations) = Search(s => ((s - 10) * (s - 10), 2 * (s - 10)), 0.5, trials);
        Assert.Equal(new[] { 0.5, 5.0 }, trials);
        Assert.Equal(5.0, t);
        Assert.Equal(25.0, loss);
        Assert.Equal(new[] { -10.0 }, gradient);
        Assert.Equal(2, evaluations);
    }

    [Fact]
    public void A_step_past_the_sufficient_decrease_line_is_zoomed_to_the_parabolas_minimum()
    {
        // φ = (t − 1)² from t = 4: φ(4) = 9 > 1, so [0, 4] brackets; the cubic through (0, 1, −2) and (4, 9, 6) is
        // the parabola, minimised at 1 (1 from each end, more than a tenth of the bracket), where φ′ = 0.
        var trials = new List<double>();
        var (loss, gradient, t, evaluations) = Search(s => ((s - 1) * (s - 1), 2 * (s - 1)), 4.0, trials);
        Assert.Equal(new[] { 4.0, 1.0 }, trials);
        Assert.Equal(1.0, t);
        Assert.Equal(0.0, loss);
        Assert.Equal(new[] { 0.0 }, gradient);
        Assert.Equal(2, evaluations);
    }

    [Fact]
    public void A_step_that_decreases_enough_but_overshoots_uphill_is_zoomed_back()
    {
        // φ = (t − 1)² from t = 1.95: φ(1.95) = 0.9025 decreases enough, but φ′ = 1.9 > 0.9·2 and rising, so
        // [0, 1.95] brackets the minimum; the parabola's minimum 1 is taken.
        var trials = new List<double>();
        var (loss, _, t, evaluations) = Search(s => ((s - 1) * (s - 1), 2 * (s - 1)), 1.95, trials);
        Assert.Equal(2, trials.Count);
        Close.Ulps(1.0, trials[1], 2, "the zoomed step");
        Assert.Equal(trials[1], t);
        Assert.True(loss < 1e-30, $"loss {loss:R}");
        Assert.Equal(2, evaluations);
    }

    /// <summary>
    /// One scripted trial at <paramref name="firstStep"/> with value <paramref name="value"/> and slope
    /// <paramref name="slope"/>, from f(0) = 1, φ′(0) = −2; everywhere else the parabola 1 − 2t + 2t², whose slope
    /// at its minimum ½ meets both conditions.
    /// </summary>
    private static (List<double> Trials, double T, int Evaluations) ScriptedFirstTrial(double firstStep, double value, double slope)
    {
        var trials = new List<double>();
        var (_, _, t, evaluations) = Search(
            s => s == firstStep ? (value, slope) : (1 - 2 * s + 2 * s * s, -2 + 4 * s), firstStep, trials);
        return (trials, t, evaluations);
    }

    [Fact]
    public void The_sufficient_decrease_condition_accepts_its_boundary_and_rejects_the_next_double()
    {
        const double firstStep = 0.25, f = 1.0, gtd = -2.0;
        double boundary = f + C1 * firstStep * gtd;   // 0.99995

        (List<double> trials, double t, int evaluations) = ScriptedFirstTrial(firstStep, boundary, 0.0);
        Assert.Equal(new[] { firstStep }, trials);
        Assert.Equal((firstStep, 1), (t, evaluations));

        // One double above: [0, 0.25] brackets, and the zoom evaluates the cubic's minimiser inside it.
        (trials, t, evaluations) = ScriptedFirstTrial(firstStep, Math.BitIncrement(boundary), 0.0);
        double zoomed = Lbfgs.CubicInterpolate(0.0, f, gtd, firstStep, Math.BitIncrement(boundary), 0.0, null, null);
        Assert.Equal(new[] { firstStep, zoomed }, trials.Take(2));
        Assert.True(zoomed > 0.025 && zoomed < 0.225, $"zoomed step {zoomed:R}");
        Assert.True(evaluations >= 2);

        // Halfway between the boundary and f (which a sign error in c₁·t·gtd would accept): rejected as well.
        (trials, _, _) = ScriptedFirstTrial(firstStep, (boundary + f) / 2, 0.0);
        Assert.True(trials.Count >= 2);
    }

    [Fact]
    public void The_curvature_condition_accepts_its_boundary_on_both_sides_and_rejects_the_next_double()
    {
        const double firstStep = 0.25, gtd = -2.0;
        double bound = -C2 * gtd;   // 1.8
        double value = 1 - 2 * firstStep + 2 * firstStep * firstStep;   // on the parabola: decreases enough

        foreach (double slope in new[] { bound, -bound })
        {
            (List<double> accepted, double t, int evaluations) = ScriptedFirstTrial(firstStep, value, slope);
            Assert.Equal(new[] { firstStep }, accepted);
            Assert.Equal((firstStep, 1), (t, evaluations));
        }

        // Steeper downhill: extrapolate beyond the step (at least by 1% of it, at most to ten times it).
        (List<double> trials, _, _) = ScriptedFirstTrial(firstStep, value, Math.BitDecrement(-bound));
        Assert.True(trials.Count >= 2);
        Assert.InRange(trials[1], firstStep + 0.01 * firstStep, firstStep * 10);

        // Steeper uphill: the minimum is bracketed by [0, step], and the zoom stays inside it.
        (trials, _, _) = ScriptedFirstTrial(firstStep, value, Math.BitIncrement(bound));
        Assert.True(trials.Count >= 2);
        Assert.InRange(trials[1], 0.0, firstStep);
    }

    [Fact]
    public void A_value_that_stops_decreasing_after_two_extrapolations_brackets_the_last_two_steps()
    {
        // From f(0) = 0, φ′(0) = −10, three trials of value −0.5 and slope −10 (each far below the Armijo line and
        // too steep to accept), then a value of −2 with slope 0. The second trial does not decrease either, but that
        // test is made only from the third trial on (PyTorch's ls_iter > 1), so the search extrapolates twice; the
        // third trial's equal value then brackets [t₂, t₃], and the fourth trial is inside it.
        var script = new Queue<(double, double)>(new[] { (-0.5, -10.0), (-0.5, -10.0), (-0.5, -10.0) });
        var trials = new List<double>();
        LbfgsObjective objective = (point, gradient) =>
        {
            trials.Add(point[0]);
            (double f, double g) = script.Count > 0 ? script.Dequeue() : (-2.0, 0.0);
            gradient[0] = g;
            return f;
        };
        var (loss, _, t, evaluations) = Lbfgs.LineSearch(objective, new[] { 0.0 }, 0.1, new[] { 1.0 }, 0.0, new[] { -10.0 }, -10.0);

        Assert.Equal(4, evaluations);
        Assert.Equal(0.1, trials[0]);
        // The cubic through (0, 0, −10) and (0.1, −0.5, −10) has no real minimum: the middle of [0.1 + 0.01·0.1, 1].
        Assert.Equal((0.1 + 0.01 * (0.1 - 0.0) + 0.1 * 10) / 2.0, trials[1]);
        // Through two equal values with equal slopes the minimum is behind t₂: clamped to t₂ + 0.01·(t₂ − t₁).
        Assert.Equal(trials[1] + 0.01 * (trials[1] - trials[0]), trials[2]);
        Assert.InRange(trials[3], trials[1], trials[2]);
        Assert.True(trials[3] > trials[1] && trials[3] < trials[2], $"fourth trial {trials[3]:R}");
        Assert.Equal(trials[3], t);
        Assert.Equal(-2.0, loss);
    }

    /// <summary>Searches from f(0) = <paramref name="f"/>, φ′(0) = <paramref name="slope"/> along d = 1, answering the trials from a script, then (−10, 0).</summary>
    private static (double Loss, double T, int Evaluations, List<double> Trials) Scripted(
        double f, double slope, double firstStep, params (double F, double G)[] script)
    {
        var answers = new Queue<(double, double)>(script);
        var trials = new List<double>();
        LbfgsObjective objective = (point, gradient) =>
        {
            trials.Add(point[0]);
            (double value, double g) = answers.Count > 0 ? answers.Dequeue() : (-10.0, 0.0);
            gradient[0] = g;
            return value;
        };
        var (loss, _, t, evaluations) = Lbfgs.LineSearch(objective, new[] { 0.0 }, firstStep, new[] { 1.0 }, f, new[] { slope }, slope);
        return (loss, t, evaluations, trials);
    }

    [Fact]
    public void In_the_zoom_a_trial_above_the_sufficient_decrease_line_becomes_the_brackets_far_end_even_when_lowest()
    {
        // f(0) = 1, φ′(0) = −2; φ(1) = 2 brackets [0, 1]. The zoom's trial t₂ (about 0.33) has the lowest value yet,
        // 1 − 10⁻⁶, but lies above the line 1 − 2·10⁻⁴·t₂: it replaces the far end, and the search goes on to t₃
        // inside [0, t₂], where −10 with slope 0 meets both conditions.
        var (loss, t, evaluations, trials) = Scripted(1.0, -2.0, 1.0, (2.0, 0.0), (1.0 - 1e-6, 0.0));
        Assert.Equal(3, evaluations);
        Assert.Equal(-10.0, loss);
        Assert.Equal(trials[2], t);
        Assert.True(trials[1] > 0.1 && trials[1] < 0.9, $"t₂ = {trials[1]:R}");
        Assert.True(trials[2] > 0 && trials[2] < trials[1], $"t₃ = {trials[2]:R}");

        // Below the line it is the new near end: its slope 0 meets the curvature condition, and the search stops.
        (loss, t, evaluations, trials) = Scripted(1.0, -2.0, 1.0, (2.0, 0.0), (0.5, 0.0));
        Assert.Equal((0.5, trials[1], 2), (loss, t, evaluations));
    }

    [Fact]
    public void In_the_zoom_a_trial_on_the_sufficient_decrease_line_is_the_new_near_end()
    {
        // φ(1) = 2 brackets [0, 1]; the zoom's trial t₂ is the cubic's minimiser (well inside), answered with exactly
        // f + c₁·t₂·gtd and slope 0: sufficient decrease holds with equality, the slope is flat, the search stops.
        double t2 = Lbfgs.CubicInterpolate(0.0, 1.0, -2.0, 1.0, 2.0, 0.0, null, null);
        double line = 1.0 + C1 * t2 * -2.0;
        var (loss, t, evaluations, trials) = Scripted(1.0, -2.0, 1.0, (2.0, 0.0), (line, 0.0));
        Assert.Equal(t2, trials[1]);
        Assert.Equal((line, t2, 2), (loss, t, evaluations));
    }

    [Fact]
    public void In_the_zoom_a_trial_no_lower_than_the_near_end_becomes_the_far_end()
    {
        // f(0) = 1, φ′(0) = −2. t = 0.25 decreases (0.5) but is too steep (−1.9): extrapolate; the next trial (3.0)
        // brackets [0.25, t₁]. The zoom's trial equals the near end's 0.5 (below the Armijo line, flat): not better,
        // so it replaces the far end, and the search goes on to the next trial (−10, flat).
        var (loss, t, evaluations, trials) = Scripted(1.0, -2.0, 0.25, (0.5, -1.9), (3.0, 0.0), (0.5, 0.0));
        Assert.Equal(4, evaluations);
        Assert.Equal((-10.0, trials[3]), (loss, t));
        Assert.True(trials[2] > 0.25 && trials[2] < trials[1], $"t₂ = {trials[2]:R}");
        Assert.True(trials[3] > 0.25 && trials[3] < trials[2], $"t₃ = {trials[3]:R}");
    }

    [Fact]
    public void A_zoom_trial_on_the_curvature_boundary_stops_the_search()
    {
        // φ(1) = 2 brackets [0, 1]; the zoom's trial has value 0.5 and slope −1.8 = −0.9·(−2): accepted.
        var (loss, t, evaluations, trials) = Scripted(1.0, -2.0, 1.0, (2.0, 0.0), (0.5, -1.8));
        Assert.Equal((0.5, trials[1], 2), (loss, t, evaluations));
        // One double steeper: not accepted; the trial becomes the near end and the next trial (−10, 0) is taken.
        (loss, t, evaluations, trials) = Scripted(1.0, -2.0, 1.0, (2.0, 0.0), (0.5, Math.BitDecrement(-1.8)));
        Assert.Equal((-10.0, trials[2], 3), (loss, t, evaluations));
        Assert.True(trials[2] > trials[1] && trials[2] < 1.0, $"t₃ = {trials[2]:R}");
    }

    [Fact]
    public void The_zoom_stops_on_the_brackets_width_not_on_its_position()
    {
        // From t = 2·10⁻¹⁰ (value −10⁻¹⁰, slope −1: decreases, too steep) the cubic has no real minimum, so the next
        // trial is the middle of [1.01·t, 10·t], 1.101·10⁻⁹, where the value 0 brackets [2·10⁻¹⁰, 1.101·10⁻⁹]:
        // 9.01·10⁻¹⁰ wide, under the tolerance 10⁻⁹ (its ends add up to more). The search returns the lower end.
        var (loss, t, evaluations, trials) = Scripted(0.0, -1.0, 2e-10, (-1e-10, -1.0), (0.0, 1.0));
        Assert.Equal(2, evaluations);
        Assert.Equal((2e-10 + 0.01 * 2e-10 + 2e-10 * 10) / 2.0, trials[1]);
        Assert.Equal((-1e-10, 2e-10), (loss, t));
    }

    [Fact]
    public void A_search_that_never_meets_the_conditions_returns_its_last_trial_after_25_extrapolations()
    {
        // φ = −t: always decreasing enough, never flat enough. The cubic through two points of a line has its
        // minimum at +∞, clamped to ten times the step: trials 1, 10, 100, …, 10²⁵, 26 evaluations, and the last is
        // returned (it is lower than φ(0)).
        var trials = new List<double>();
        var (loss, gradient, t, evaluations) = Search(s => (-s, -1.0), 1.0, trials);
        var expected = new List<double> { 1.0 };
        for (int i = 0; i < 25; i++)
        {
            expected.Add(expected[^1] * 10);
        }

        Assert.Equal(expected, trials);
        Assert.Equal(26, evaluations);
        Assert.Equal(expected[^1], t);
        Assert.Equal(-expected[^1], loss);
        Assert.Equal(new[] { -1.0 }, gradient);
    }

    [Fact]
    public void A_bracket_narrower_than_the_tolerance_returns_the_start_and_a_copy_of_its_gradient()
    {
        // φ = 10¹²·t² − t from t = 10⁻¹⁰: φ rises above the Armijo line, and the bracket [0, 10⁻¹⁰]·max|dᵢ| = 2·10⁻¹⁰
        // is under 10⁻⁹: the search stops at t = 0 with f and g unchanged, after one evaluation.
        // (In the parameter p = 0.5 + 2t the gradient is φ′/2.)
        double[] start = { 0.5 }, direction = { 2.0 }, gradient0 = { -0.5 };
        LbfgsObjective objective = (point, gradient) =>
        {
            double s = (point[0] - 0.5) / 2.0;
            gradient[0] = (2e12 * s - 1.0) / 2.0;
            return 1e12 * s * s - s;
        };
        var (loss, gradient, t, evaluations) = Lbfgs.LineSearch(objective, start, 1e-10, direction, 0.0, gradient0, -1.0);
        Assert.Equal(0.0, t);
        Assert.Equal(0.0, loss);
        Assert.Equal(new[] { -0.5 }, gradient);
        Assert.NotSame(gradient0, gradient);
        Assert.Equal(1, evaluations);

        // A trial no higher than f but on the wrong side of the Armijo line, in a bracket too narrow to zoom: of two
        // equal values the bracket's first end (t = 0) is the better one, as in PyTorch (bracket_f[0] <= bracket_f[-1]).
        var (tieLoss, tieStep, tieEvaluations, _) = Scripted(1.0, -2.0, 1e-10, (1.0, 0.0));
        Assert.Equal((1.0, 0.0, 1), (tieLoss, tieStep, tieEvaluations));

        // Five times wider (10⁻⁹ exactly, not under the tolerance): the zoom evaluates.
        (_, _, _, evaluations) = Lbfgs.LineSearch(objective, start, 5e-10, direction, 0.0, gradient0, -1.0);
        Assert.True(evaluations > 1, $"{evaluations} evaluations");
    }

    [Fact]
    public void Cubic_interpolation_is_exact_on_parabolas_and_cubics_from_either_end()
    {
        // (t − 1)² through (0, 1, −2) and (4, 9, 6): d₁ = −2, d₂ = 4, minimum 4 − 4·12/16 = 1.
        Assert.Equal(1.0, Lbfgs.CubicInterpolate(0, 1, -2, 4, 9, 6, null, null));
        Assert.Equal(1.0, Lbfgs.CubicInterpolate(4, 9, 6, 0, 1, -2, null, null));
        // t³ − 3t through (0, 0, −3) and (2, 2, 9): d₁ = 3, d₂ = 6, minimum 2 − 2·12/24 = 1.
        Assert.Equal(1.0, Lbfgs.CubicInterpolate(0, 0, -3, 2, 2, 9, null, null));
        Assert.Equal(1.0, Lbfgs.CubicInterpolate(2, 2, 9, 0, 0, -3, null, null));
        // t³ − 3t through (−0.5, 1.375, −2.25) and (3, 18, 24): still its minimum 1.
        Close.Ulps(1.0, Lbfgs.CubicInterpolate(-0.5, 1.375, -2.25, 3, 18, 24, null, null), 4, "cubic minimum");
        Close.Ulps(1.0, Lbfgs.CubicInterpolate(3, 18, 24, -0.5, 1.375, -2.25, null, null), 4, "cubic minimum, reversed");
    }

    [Fact]
    public void Cubic_interpolation_clamps_to_its_bounds_or_to_the_two_points()
    {
        // The parabola's minimum 1, outside the bounds: the nearer bound.
        Assert.Equal(1.5, Lbfgs.CubicInterpolate(0, 1, -2, 4, 9, 6, 1.5, 3.0));
        Assert.Equal(0.5, Lbfgs.CubicInterpolate(0, 1, -2, 4, 9, 6, -1.0, 0.5));
        // (t − 10)² through (0, 100, −20) and (4, 36, −12): minimum 10, beyond the two points without bounds.
        Assert.Equal(4.0, Lbfgs.CubicInterpolate(0, 100, -20, 4, 36, -12, null, null));
        Assert.Equal(4.0, Lbfgs.CubicInterpolate(4, 36, -12, 0, 100, -20, null, null));
        Assert.Equal(7.0, Lbfgs.CubicInterpolate(0, 100, -20, 4, 36, -12, 5.0, 7.0));
        // (t + 10)²: minimum −10, below both points.
        Assert.Equal(1.0, Lbfgs.CubicInterpolate(1, 121, 22, 3, 169, 26, null, null));
        Assert.Equal(1.0, Lbfgs.CubicInterpolate(3, 169, 26, 1, 121, 22, null, null));
    }

    [Fact]
    public void Cubic_interpolation_without_a_real_minimum_takes_the_midpoint()
    {
        // Slopes 1 and 1 with a rise of 0.9 over [0, 1]: d₁ = 2 − 2.7 = −0.7, d₁² − g₁g₂ = −0.51 < 0.
        Assert.Equal(0.5, Lbfgs.CubicInterpolate(0, 0, 1, 1, 0.9, 1, null, null));
        Assert.Equal(0.5, Lbfgs.CubicInterpolate(1, 0.9, 1, 0, 0, 1, null, null));
        Assert.Equal(3.5, Lbfgs.CubicInterpolate(0, 0, 1, 1, 0.9, 1, 2.0, 5.0));
        // A rise of exactly 1 (the line t): d₁ = −1, d₁² − g₁g₂ = 0, a real (double) root: the cubic's minimum is at
        // −∞, clamped to the lower end, not the midpoint.
        Assert.Equal(0.0, Lbfgs.CubicInterpolate(0, 0, 1, 1, 1, 1, null, null));
    }

    public static TheoryData<int> ReferenceCases() => new(Enumerable.Range(0, LoadCases().Length));

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Reproduces_pytorchs_strong_wolfe_search(int index)
    {
        JsonElement run = LoadCases()[index];
        string name = run.GetProperty("function").GetString()!;
        double[] x = Doubles(run.GetProperty("x")), d = Doubles(run.GetProperty("d")), g = Doubles(run.GetProperty("g"));
        Func<double[], (double, double[])> function = Function(name);
        var points = new List<double[]>();
        LbfgsObjective objective = (point, gradient) =>
        {
            points.Add(point.ToArray());
            (double value, double[] slope) = function(point.ToArray());
            slope.CopyTo(gradient);
            return value;
        };

        string what = $"{name} from {string.Join(", ", x)}, t0 = {run.GetProperty("t0").GetDouble()}";
        var (loss, gradient, t, evaluations) = Lbfgs.LineSearch(
            objective, x, run.GetProperty("t0").GetDouble(), d, run.GetProperty("f").GetDouble(), g, run.GetProperty("gtd").GetDouble());

        double[][] expectedPoints = run.GetProperty("points").EnumerateArray().Select(Doubles).ToArray();
        Assert.Equal(expectedPoints.Length, points.Count);
        for (int e = 0; e < points.Count; e++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                Close.Assert(expectedPoints[e][i], points[e][i], 1e-12, $"{what}: coordinate {i} of trial {e + 1}");
            }
        }

        Assert.Equal(run.GetProperty("evaluations").GetInt32(), evaluations);
        Close.Assert(run.GetProperty("t").GetDouble(), t, 1e-12, $"{what}: step");
        Close.Assert(run.GetProperty("loss").GetDouble(), loss, 1e-12, $"{what}: loss");
        double[] expectedGradient = Doubles(run.GetProperty("gradient"));
        for (int i = 0; i < x.Length; i++)
        {
            Close.Assert(expectedGradient[i], gradient[i], 1e-12, $"{what}: gradient {i}");
        }
    }

    /// <summary>The functions of tools/reference/line_search.py, in the same operation order.</summary>
    private static Func<double[], (double, double[])> Function(string name) => name switch
    {
        "rosenbrock" => p =>
        {
            double a = p[0], b = p[1], u = 1.0 - a, v = b - a * a;
            return (u * u + 100.0 * v * v, new[] { -2.0 * u - 400.0 * a * v, 200.0 * v });
        },
        "wave" => p => (Math.Sin(3.0 * p[0]) + 0.5 * p[0] * p[0], new[] { 3.0 * Math.Cos(3.0 * p[0]) + p[0] }),
        "exponential" => p => (Math.Exp(p[0]) - 5.0 * p[0], new[] { Math.Exp(p[0]) - 5.0 }),
        "quartic" => p =>
        {
            double a = p[0];
            return (a * a * a * a - 4.0 * a * a + a, new[] { 4.0 * a * a * a - 8.0 * a + 1.0 });
        },
        "wall" => p =>
        {
            double e = Math.Exp(10.0 * (p[0] - 1.0));
            return (e - p[0], new[] { 10.0 * e - 1.0 });
        },
        "stiff" => p => (1e12 * p[0] * p[0] - p[0], new[] { 2e12 * p[0] - 1.0 }),
        "ripple" => p =>
        {
            double a = p[0];
            return (0.1 * a * a - a + 0.5 * Math.Sin(3.0 * a), new[] { 0.2 * a - 1.0 + 1.5 * Math.Cos(3.0 * a) });
        },
        "linear" => p => (-p[0], new[] { -1.0 }),
        _ => throw new ArgumentException($"No line-search function '{name}'.", nameof(name)),
    };

    private static JsonElement[]? _cases;

    private static JsonElement[] LoadCases()
    {
        if (_cases is null)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "Reference", "line-search.json");
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            _cases = document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
        }

        return _cases;
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
