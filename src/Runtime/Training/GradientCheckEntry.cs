namespace SymbolicGd;

/// <summary>The comparison of one partial derivative in a <see cref="GradientCheck"/>.</summary>
/// <param name="Parameter">The parameter's name.</param>
/// <param name="Value">The parameter's value θ at which the derivative was taken.</param>
/// <param name="Analytic">∂loss/∂θ from the model's <c>Backward</c>.</param>
/// <param name="Numeric">The central difference (loss(θ + h) − loss(θ − h)) / 2h.</param>
/// <param name="Step">h, the step of the central difference (as represented: half the distance between the two probes).</param>
/// <param name="AbsoluteError">|analytic − numeric|.</param>
/// <param name="RelativeError">
/// |analytic − numeric| / max(|analytic|, |numeric|), or 0 when both are 0; NaN when either is NaN.
/// </param>
public readonly record struct GradientCheckEntry(
    string Parameter,
    double Value,
    double Analytic,
    double Numeric,
    double Step,
    double AbsoluteError,
    double RelativeError)
{
    /// <summary>The entry in invariant text, such as <c>w: analytic −0.8, numeric −0.8000000000014, relative error 1.7e−12</c>.</summary>
    public override string ToString() =>
        $"{Parameter}: analytic {NumberText.Exact(Analytic)}, numeric {NumberText.Exact(Numeric)}, " +
        $"relative error {NumberText.Short(RelativeError)}";
}
