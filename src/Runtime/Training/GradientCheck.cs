using System;
using System.Collections.Generic;
using System.Text;

namespace SymbolicGd;

/// <summary>
/// Compares a model's gradient (its generated <c>Backward</c>) with central finite differences of its
/// <c>Loss</c>, parameter by parameter, at the model's current parameters.
/// </summary>
/// <remarks>
/// <para>
/// For every parameter θᵢ the check evaluates the loss at θᵢ + h and θᵢ − h, the other parameters held, with
/// h = <c>relativeStep</c> · max(1, |θᵢ|). The default relative step, ∛ε ≈ 6.06e−6 (ε the machine epsilon of
/// double), balances the central difference's truncation error, O(h²), against rounding, O(ε/h), so a correct
/// gradient typically agrees to a relative error of 1e−8 or better. The difference is divided by the distance
/// between the two probes as represented in floating point, not by 2h as written.
/// </para>
/// <para>
/// The relative error of a parameter is |analytic − numeric| / max(|analytic|, |numeric|). Where the true derivative
/// is 0 (at a minimum, on a flat piece of a relu) the numeric value is rounding noise and the relative error means
/// nothing: check at a point where the gradient is not zero, such as random parameters. The model's parameters are
/// restored afterwards, even if the model throws.
/// </para>
/// </remarks>
public sealed class GradientCheck
{
    /// <summary>The default relative step: the cube root of the machine epsilon of double, ∛(2⁻⁵²) ≈ 6.055e−6.</summary>
    public const double DefaultRelativeStep = 6.0554544523933395e-06;

    /// <summary>
    /// The relative step for a float32 network (<see cref="Precision.Single"/>): the cube root of the machine epsilon of
    /// float, ∛(2⁻²³) ≈ 4.92e−3. Its loss is computed in float, so rounding is about 1e−7 of the loss; with this step a
    /// correct gradient typically agrees to a relative error of 1e−3, and 1e−2 is a fitting tolerance.
    /// </summary>
    public const double SingleRelativeStep = 4.921566601151848e-03;

    private GradientCheck(string lossName, double loss, GradientCheckEntry[] entries)
    {
        LossName = lossName;
        Loss = loss;
        Entries = Array.AsReadOnly(entries);
        double worst = 0.0;
        foreach (GradientCheckEntry entry in entries)
        {
            worst = Math.Max(worst, entry.RelativeError);
        }

        WorstRelativeError = worst;
    }

    /// <summary>The name of the model's loss method.</summary>
    public string LossName { get; }

    /// <summary>The loss at the parameters the check was made at.</summary>
    public double Loss { get; }

    /// <summary>One entry per parameter, in declaration order.</summary>
    public IReadOnlyList<GradientCheckEntry> Entries { get; }

    /// <summary>The largest <see cref="GradientCheckEntry.RelativeError"/>; NaN if any is NaN.</summary>
    public double WorstRelativeError { get; }

    /// <summary>Checks the gradient of a model trained on data, at one sample.</summary>
    /// <typeparam name="TSample">The model's generated <c>Sample</c> type.</typeparam>
    /// <param name="model">The model, at the parameters to check; they are restored afterwards.</param>
    /// <param name="sample">The sample the loss is evaluated at.</param>
    /// <param name="relativeStep">The relative step of the central difference, a finite number &gt; 0.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model's declared names disagree with its counts.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relativeStep"/> is not a finite number &gt; 0.</exception>
    public static GradientCheck Run<TSample>(
        IDifferentiableLoss<TSample> model,
        in TSample sample,
        double relativeStep = DefaultRelativeStep)
        where TSample : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        return Run(new SampleLoss<TSample>(model, sample), model, relativeStep);
    }

    /// <summary>Checks the gradient of a data-free model.</summary>
    /// <param name="model">The model, at the parameters to check; they are restored afterwards.</param>
    /// <param name="relativeStep">The relative step of the central difference, a finite number &gt; 0.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model's declared names disagree with its counts.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relativeStep"/> is not a finite number &gt; 0.</exception>
    public static GradientCheck Run(IDifferentiableLoss model, double relativeStep = DefaultRelativeStep)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Run(new DataFreeLoss(model), model, relativeStep);
    }

    /// <summary>Whether every relative error is at most <paramref name="tolerance"/> (false if any is NaN).</summary>
    /// <param name="tolerance">The largest acceptable relative error; 1e−6 by default.</param>
    public bool Passes(double tolerance = 1e-6) => WorstRelativeError <= tolerance;

    /// <summary>A table of the entries (parameter, value, analytic, numeric, relative error) and the worst error.</summary>
    public override string ToString()
    {
        var table = new TextTable(new[] { "parameter", "value", $"∂{LossName}/∂θ analytic", "numeric", "relative error" });
        foreach (GradientCheckEntry entry in Entries)
        {
            table.AddRow(new[]
            {
                entry.Parameter,
                NumberText.Exact(entry.Value),
                NumberText.Exact(entry.Analytic),
                NumberText.Exact(entry.Numeric),
                NumberText.Short(entry.RelativeError),
            });
        }

        return new StringBuilder(table.ToPlainText())
            .Append("worst relative error: ").Append(NumberText.Short(WorstRelativeError)).Append('\n')
            .ToString();
    }

    private static GradientCheck Run<TLoss>(TLoss loss, IDifferentiable model, double relativeStep)
        where TLoss : struct, ILoss
    {
        ModelChecks.Validate(model, nameof(model));
        if (!(relativeStep > 0.0 && double.IsFinite(relativeStep)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(relativeStep), $"relativeStep must be a finite number > 0; it was {NumberText.Csv(relativeStep)}.");
        }

        int count = model.ParameterCount;
        var original = new double[count];
        model.CopyParametersTo(original);
        var probe = (double[])original.Clone();
        var analytic = new double[count];
        var entries = new GradientCheckEntry[count];
        double value;
        try
        {
            value = loss.Loss();
            loss.Backward(analytic);
            for (int i = 0; i < count; i++)
            {
                double theta = original[i];
                double h = relativeStep * Math.Max(1.0, Math.Abs(theta));
                double plus = theta + h;
                double minus = theta - h;
                probe[i] = plus;
                model.SetParameters(probe);
                double lossPlus = loss.Loss();
                probe[i] = minus;
                model.SetParameters(probe);
                double lossMinus = loss.Loss();
                probe[i] = theta;
                double numeric = (lossPlus - lossMinus) / (plus - minus);
                double a = analytic[i];
                double error = Math.Abs(a - numeric);
                double scale = Math.Max(Math.Abs(a), Math.Abs(numeric));
                double relative = error == 0.0 ? 0.0 : error / scale;
                entries[i] = new GradientCheckEntry(
                    model.ParameterNames[i], theta, a, numeric, (plus - minus) / 2.0, error, relative);
            }
        }
        finally
        {
            model.SetParameters(original);
        }

        return new GradientCheck(ModelChecks.LossName(model), value, entries);
    }

    private interface ILoss
    {
        double Loss();

        double Backward(Span<double> gradient);
    }

    private readonly struct SampleLoss<TSample> : ILoss
        where TSample : struct
    {
        private readonly IDifferentiableLoss<TSample> _model;
        private readonly TSample _sample;

        internal SampleLoss(IDifferentiableLoss<TSample> model, in TSample sample)
        {
            _model = model;
            _sample = sample;
        }

        public double Loss() => _model.Loss(in _sample);

        public double Backward(Span<double> gradient) => _model.Backward(in _sample, gradient);
    }

    private readonly struct DataFreeLoss : ILoss
    {
        private readonly IDifferentiableLoss _model;

        internal DataFreeLoss(IDifferentiableLoss model) => _model = model;

        public double Loss() => _model.Loss();

        public double Backward(Span<double> gradient) => _model.Backward(gradient);
    }
}
