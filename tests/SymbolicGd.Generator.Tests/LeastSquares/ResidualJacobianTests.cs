using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SymbolicGd.Generator.Tests.ResidualModels;
using SymbolicGd.Testing;

namespace SymbolicGd.Generator.Tests.LeastSquares;

/// <summary>
/// The generated ResidualGradient of [Residual] models (Models/ResidualModels.cs: an exponential, branches on a
/// trainable knot, helpers with a variable exponent) against PyTorch's Jacobians (Reference/residual-jacobians.json,
/// made by tools/reference/residual_jacobians.py) and central differences of Residual; and the loss ½r² the model's
/// other members compute.
/// </summary>
public class ResidualJacobianTests
{
    private static readonly JsonElement[] s_records = LoadRecords();

    private static JsonElement[] LoadRecords()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "residual-jacobians.json")));
        return document.RootElement.GetProperty("records").EnumerateArray().Select(r => r.Clone()).ToArray();
    }

    /// <summary>What one model computes at one point: every member a least-squares model has, evaluated there.</summary>
    private sealed record Point(
        IDifferentiable Model, double Residual, double[] Row, Func<double> ResidualAtCurrentParameters,
        double Loss, double BackwardValue, double[] Gradient, double[] RowAfterNaN);

    private static Point Evaluate<TSample>(ILeastSquares<TSample> model, double[] parameters, TSample sample)
        where TSample : struct
    {
        model.SetParameters(parameters);
        var row = new double[model.ParameterCount];
        double residual = model.ResidualGradient(sample, row);
        var gradient = new double[model.ParameterCount];
        double backward = model.Backward(sample, gradient);
        var dirty = Enumerable.Repeat(double.NaN, model.ParameterCount).ToArray();
        model.ResidualGradient(sample, dirty);
        return new Point(model, residual, row, () => model.Residual(sample), model.Loss(sample), backward, gradient, dirty);
    }

    private static Point Evaluate(string name, double[] p, double[] s) => name switch
    {
        "Decay" => Evaluate(new Decay(), p, new Decay.Sample(s[0], s[1])),
        "Hinge" => Evaluate(new Hinge(), p, new Hinge.Sample(s[0], s[1])),
        "Hill" => Evaluate(new Hill(), p, new Hill.Sample(s[0], s[1])),
        "NamedResidual" => Evaluate(new NamedResidual(), p, new NamedResidual.Sample(s[0], s[1])),
        _ => throw new ArgumentException($"No model {name}.", nameof(name)),
    };

    private static double[] Doubles(JsonElement record, string property) =>
        record.GetProperty(property).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static TheoryData<int> Records()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < s_records.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_reference_covers_every_model_and_each_side_of_every_branch()
    {
        Assert.Equal(new[] { "Decay", "Hill", "Hinge", "NamedResidual" }, s_records.Select(r => r.GetProperty("model").GetString()).Distinct().Order());
        var hinges = s_records.Where(r => r.GetProperty("model").GetString() == "Hinge").ToArray();
        Assert.Contains(hinges, r => Doubles(r, "sample")[0] < Doubles(r, "parameters")[2]);
        Assert.Contains(hinges, r => Doubles(r, "sample")[0] > Doubles(r, "parameters")[2] && Doubles(r, "sample")[0] < 2);
        Assert.Contains(hinges, r => Doubles(r, "sample")[0] > 2);
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void ResidualGradient_equals_PyTorchs_jacobian(int index)
    {
        JsonElement record = s_records[index];
        string name = record.GetProperty("model").GetString()!;
        Point point = Evaluate(name, Doubles(record, "parameters"), Doubles(record, "sample"));
        double[] expected = Doubles(record, "jacobian");

        Close.Assert(record.GetProperty("residual").GetDouble(), point.Residual, 1e-14, $"{name} #{index} r");
        Assert.Equal(expected.Length, point.Row.Length);
        for (int j = 0; j < expected.Length; j++)
        {
            Close.Assert(expected[j], point.Row[j], 1e-13, $"{name} #{index} ∂r/∂{point.Model.ParameterNames[j]}");
        }
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void ResidualGradient_equals_central_differences_of_Residual(int index)
    {
        JsonElement record = s_records[index];
        string name = record.GetProperty("model").GetString()!;
        Point point = Evaluate(name, Doubles(record, "parameters"), Doubles(record, "sample"));
        double[] estimate = CentralDifference.Gradient(point.Model, point.ResidualAtCurrentParameters, 1e-6);
        for (int j = 0; j < estimate.Length; j++)
        {
            Close.Assert(estimate[j], point.Row[j], 1e-7, $"{name} #{index} ∂r/∂{point.Model.ParameterNames[j]}");
        }
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void The_loss_is_half_the_squared_residual_and_its_gradient_r_times_the_row(int index)
    {
        JsonElement record = s_records[index];
        string name = record.GetProperty("model").GetString()!;
        Point point = Evaluate(name, Doubles(record, "parameters"), Doubles(record, "sample"));

        Assert.Equal(0.5 * (point.Residual * point.Residual), point.Loss);
        Assert.Equal(point.Loss, point.BackwardValue);
        for (int j = 0; j < point.Row.Length; j++)
        {
            Close.Assert(point.Residual * point.Row[j], point.Gradient[j], 1e-14, $"{name} #{index} ∂Loss/∂{point.Model.ParameterNames[j]}");
        }

        // ResidualGradient writes the row: what was in it before does not matter.
        Assert.Equal(point.Row, point.RowAfterNaN);
    }

    [Fact]
    public void Decays_closed_forms_are_those_of_the_loss_then_those_of_the_residual()
    {
        Assert.Equal(
            new[]
            {
                "∂Loss/∂A = exp(−k·t)·R", "∂Loss/∂k = −t·exp(−k·t)·A·R", "∂Loss/∂c = R",
                "∂R/∂A = exp(−k·t)", "∂R/∂k = −t·A·exp(−k·t)", "∂R/∂c = 1",
            },
            Decay.Derivatives.Select(d => d.ToString()));
        Assert.Equal("Decay (loss Loss = ½·R² of the residual R)", Decay.Summary.Split('\n')[0]);
    }

    [Fact]
    public void Hinges_residual_derivatives_follow_the_branch_taken()
    {
        var hinge = new Hinge { left = -1, right = 2, knot = 0.5, level = 0.25 };
        var row = new double[4];

        // Left of the knot: f = left·d, so ∂r/∂left = d = −0.5 and ∂r/∂knot = −left = 1.
        Assert.Equal(-1 * -0.5 + 0.25 - 1, hinge.ResidualGradient(0.0, 1.0, row));
        Assert.Equal(new[] { -0.5, 0, 1, 1 }, row);

        // Beyond 2: r = 2·(right·d + d²/4) + level − y with d = 2.5: ∂r/∂right = 2d = 5, ∂r/∂knot = −2·(right + d/2) = −6.5.
        Assert.Equal(2 * (2 * 2.5 + 0.25 * 6.25) + 0.25 - 1, hinge.ResidualGradient(3.0, 1.0, row));
        Assert.Equal(new[] { 0, 5, -6.5, 1 }, row);
    }

    [Fact]
    public void Evaluate_reports_the_residual_as_a_named_local()
    {
        var decay = new Decay { A = 2, k = 0.5, c = 0.1 };
        Assert.Equal(new[] { "R" }, decay.IntermediateNames);
        var intermediates = new double[1];
        double loss = decay.Evaluate(1.0, 0.3, intermediates);
        Assert.Equal(decay.Residual(1.0, 0.3), intermediates[0]);
        Assert.Equal(0.5 * (intermediates[0] * intermediates[0]), loss);
    }

    [Fact]
    public void A_row_of_the_wrong_length_names_the_argument_and_both_lengths()
    {
        var decay = new Decay();
        var error = Assert.Throws<ArgumentException>(() => decay.ResidualGradient(1.0, 0.5, new double[2]));
        Assert.Equal("jacobianRow", error.ParamName);
        Assert.StartsWith("jacobianRow has length 2; Decay has 3 parameters.", error.Message, StringComparison.Ordinal);
    }
}
