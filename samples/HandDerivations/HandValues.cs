namespace HandDerivations;

/// <summary>
/// The values of the worked examples as the textbooks derive them by hand (float64 values checked with PyTorch),
/// copied from the project's reference, hand-derivations.md.
/// </summary>
internal static class HandValues
{
    // Example 1: x = 1, t = 1, w from 0, η = 0.5. Each row: f(x) = w·x, E, ∂E/∂w, new w.
    public static readonly (double F, double E, double Derivative, double NewW)[] OneWeightSteps =
    {
        (0, 0.5, -1, 0.5),
        (0.5, 0.125, -0.5, 0.75),
    };

    public const string OneWeightDerivative = "x·(w·x − t)";

    // Example 2: a = 2, b = −3, c = 10, f = −2.
    public static readonly (string Parameter, string ClosedForm, double Value)[] ComputationGraph =
    {
        ("a", "b·f", 6),
        ("b", "a·f", -4),
        ("c", "f", -2),
        ("f", "a·b + c", 4),
    };

    public const double ComputationGraphLoss = -8;

    // Example 3: i1 = 0.05, i2 = 0.10, t1 = 0.01, t2 = 0.99, η = 0.5.
    public const double I1 = 0.05, I2 = 0.10, T1 = 0.01, T2 = 0.99, LearningRate = 0.5;

    public const double O1 = 0.7513650695523157, O2 = 0.7729284653214625, E = 0.2983711087600027;

    public static readonly double[] Gradient =
    {
        0.0004385677344743467, 0.0008771354689486934, 0.0004977127352608599, 0.0009954254705217198,
        0.08216704056423077, 0.08266762784753325, -0.022602540477475067, -0.02274024221597822,
    };

    public static readonly double[] WeightsAfterOneStep =
    {
        0.1497807161327628, 0.19956143226552567, 0.24975114363236958, 0.29950228726473915,
        0.35891647971788465, 0.4086661860762334, 0.5113012702387375, 0.5613701211079891,
    };

    public const double EAfter10000Steps = 3.510187782978859e-05;
    public const double O1After10000Steps = 0.01591362044355068, O2After10000Steps = 0.9840642735146238;
}
