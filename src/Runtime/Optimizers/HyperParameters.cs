using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SymbolicGd;

/// <summary>
/// Validation of hyper-parameters for the optimizers and schedules. Every message names the argument and shows the
/// value it had, such as "learningRate must be a finite number >= 0; it was NaN.".
/// </summary>
internal static class HyperParameters
{
    /// <summary>Formats a value the same way on every machine (invariant culture, round-trippable).</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats an integer the same way on every machine.</summary>
    internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Accepts a finite value ≥ 0 (learning rates, ε, weight decay).</summary>
    internal static double NonNegative(double value, string name)
    {
        if (!(value >= 0.0) || double.IsPositiveInfinity(value))
        {
            ThrowOutOfRange(name, $"{name} must be a finite number >= 0; it was {Format(value)}.");
        }

        return value;
    }

    /// <summary>Accepts a finite value &gt; 0 (decay factors γ).</summary>
    internal static double Positive(double value, string name)
    {
        if (!(value > 0.0) || double.IsPositiveInfinity(value))
        {
            ThrowOutOfRange(name, $"{name} must be a finite number > 0; it was {Format(value)}.");
        }

        return value;
    }

    /// <summary>Accepts a value in [0, 1) (momentum, β₁, β₂, α).</summary>
    internal static double ZeroToOneExclusive(double value, string name)
    {
        if (!(value >= 0.0 && value < 1.0))
        {
            ThrowOutOfRange(name, $"{name} must be in [0, 1); it was {Format(value)}.");
        }

        return value;
    }

    /// <summary>Accepts a value in (0, 1] (the start factor of a warm-up).</summary>
    internal static double ZeroExclusiveToOne(double value, string name)
    {
        if (!(value > 0.0 && value <= 1.0))
        {
            ThrowOutOfRange(name, $"{name} must be in (0, 1]; it was {Format(value)}.");
        }

        return value;
    }

    /// <summary>Accepts an integer ≥ 1 (epoch counts).</summary>
    internal static int AtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            ThrowOutOfRange(name, $"{name} must be >= 1; it was {Format(value)}.");
        }

        return value;
    }

    /// <summary>Accepts an integer ≥ 0 (epochs).</summary>
    internal static int NonNegative(int value, string name)
    {
        if (value < 0)
        {
            ThrowOutOfRange(name, $"{name} must be >= 0; it was {Format(value)}.");
        }

        return value;
    }

    /// <summary>
    /// Checks that <c>parameters</c> and <c>gradient</c> have the same length and that the length is the one the
    /// optimizer's state was sized for (<paramref name="stateCount"/>, or −1 if the optimizer has no state yet).
    /// Returns <see langword="true"/> when the state must be (re)initialised for this length.
    /// </summary>
    internal static bool CheckLengths(int parameterCount, int gradientCount, int stateCount)
    {
        if (parameterCount != gradientCount)
        {
            ThrowLengthMismatch(parameterCount, gradientCount);
        }

        if (stateCount == parameterCount)
        {
            return false;
        }

        if (stateCount >= 0)
        {
            ThrowCountChanged(stateCount, parameterCount);
        }

        return true;
    }

    /// <summary>Returns <paramref name="buffer"/> zeroed if it has <paramref name="length"/> elements, else a new array.</summary>
    internal static double[] Zeroed(double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length != length)
        {
            return new double[length];
        }

        Array.Clear(buffer);
        return buffer;
    }

    [DoesNotReturn]
    private static void ThrowOutOfRange(string name, string message) =>
        throw new ArgumentOutOfRangeException(name, message);

    [DoesNotReturn]
    private static void ThrowLengthMismatch(int parameterCount, int gradientCount) =>
        throw new ArgumentException(
            $"parameters.Length ({Format(parameterCount)}) and gradient.Length ({Format(gradientCount)}) must be equal.",
            "gradient");

    [DoesNotReturn]
    private static void ThrowCountChanged(int stateCount, int parameterCount) =>
        throw new ArgumentException(
            $"parameters.Length is {Format(parameterCount)}, but the optimizer's state was sized for " +
            $"{Format(stateCount)} parameters by its first Step; call Reset() before optimizing a different parameter count.",
            "parameters");
}
