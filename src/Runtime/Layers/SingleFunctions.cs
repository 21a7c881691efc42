using System.Numerics;
using System.Runtime.CompilerServices;

namespace SymbolicGd.Layers;

/// <summary>
/// <see cref="Functions"/> in float: what the generated code of a <see cref="Precision.Single"/> network calls where a
/// user-written activation calls <c>Functions.Sigmoid</c>, <c>Relu</c>, <c>Softplus</c> or <c>Square</c>, so the
/// activation runs in float. (They are not overloads on <see cref="Functions"/>: an integer argument there would then
/// bind to the float form.)
/// </summary>
public static class SingleFunctions
{
    /// <summary>σ(x) = 1 / (1 + e^(−x)) in float.</summary>
    public static float Sigmoid(float x) => Scalar.Sigmoid(x);

    /// <summary>max(x, 0) in float; relu′(0) = 0.</summary>
    public static float Relu(float x) => x > 0.0f ? x : 0.0f;

    /// <summary>ln(1 + eˣ) in float, as max(x, 0) + ln(1 + e^(−|x|)).</summary>
    public static float Softplus(float x) => Scalar.Softplus(x);

    /// <summary>x·x in float.</summary>
    public static float Square(float x) => x * x;
}

/// <summary>The scalar functions of the kernels, once for both precisions; in double they are <see cref="Functions"/>' own, bit for bit.</summary>
internal static class Scalar
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x)
        where T : IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Softplus<T>(T x)
        where T : IFloatingPointIeee754<T> => T.Max(x, T.Zero) + LogOnePlus(T.Exp(-T.Abs(x)));

    /// <summary>ln(1 + u) without the cancellation of log(1 + u) for small u (Kahan's trick, as <see cref="Functions"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogOnePlus<T>(T u)
        where T : IFloatingPointIeee754<T>
    {
        T w = T.One + u;
        return w == T.One ? u : T.Log(w) * u / (w - T.One);
    }
}
