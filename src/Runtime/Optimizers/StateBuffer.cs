using System;
using System.Numerics;

namespace SymbolicGd;

/// <summary>
/// One state buffer of an optimizer (a momentum buffer, a moment estimate), held in the precision of the parameters
/// it steps: double for double models, float for float32 networks, so the update reads and writes one type.
/// </summary>
/// <remarks>
/// A saved state is doubles (a float widens exactly, so a float32 run's state round-trips bit for bit); the first
/// step after loading it, or after switching precision, converts the buffer once to the parameters' type.
/// </remarks>
internal sealed class StateBuffer
{
    private Array? _values;

    /// <summary>A zeroed buffer of <paramref name="length"/> elements of T, reusing the current one when it fits.</summary>
    public T[] Zeroed<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_values is T[] same && same.Length == length)
        {
            Array.Clear(same);
            return same;
        }

        var fresh = new T[length];
        _values = fresh;
        return fresh;
    }

    /// <summary>The buffer in T, converted once if it holds the other precision.</summary>
    public T[] Values<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (_values)
        {
            case T[] same:
                return same;
            case double[] doubles:
                return Convert<double, T>(doubles);
            case float[] floats:
                return Convert<float, T>(floats);
            default:
                throw new InvalidOperationException("The optimizer's state buffer was read before its first step.");
        }
    }

    /// <summary>The values as doubles for <see cref="OptimizerState"/> (exact for floats); null before the first step.</summary>
    public double[]? ToDoubles()
    {
        switch (_values)
        {
            case double[] doubles:
                return doubles;
            case float[] floats:
                var widened = new double[floats.Length];
                for (int i = 0; i < floats.Length; i++)
                {
                    widened[i] = floats[i];
                }

                return widened;
            default:
                return null;
        }
    }

    /// <summary>Replaces the values with a saved state's (or none).</summary>
    public void Load(double[]? values) => _values = values;

    private T[] Convert<TFrom, T>(TFrom[] values)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var converted = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            converted[i] = T.CreateTruncating(values[i]);
        }

        _values = converted;
        return converted;
    }
}
