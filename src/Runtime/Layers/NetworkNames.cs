using System;
using System.Collections.Generic;
using System.Globalization;

namespace SymbolicGd.Layers;

/// <summary>
/// The names a generated layer stack gives its scalars: <c>W1[j,i]</c> and <c>b1[j]</c> for its parameters, in the
/// order of the parameter vector, and <c>z1[j]</c>, <c>a1[j]</c> for the values <c>Evaluate</c> writes. Built
/// once per network type, on first use.
/// </summary>
public static class NetworkNames
{
    /// <summary>W1[0,0] … W1[out−1,in−1], b1[0] …, W2[…], b2[…], …: the layers' weights row-major, each followed by its bias.</summary>
    /// <param name="inputs">The length of the network's input.</param>
    /// <param name="units">The width of every layer, in order.</param>
    public static IReadOnlyList<string> Parameters(int inputs, params int[] units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var names = new List<string>();
        int fanIn = inputs;
        for (int layer = 0; layer < units.Length; layer++)
        {
            string number = (layer + 1).ToString(CultureInfo.InvariantCulture);
            for (int j = 0; j < units[layer]; j++)
            {
                string row = "W" + number + "[" + j.ToString(CultureInfo.InvariantCulture) + ",";
                for (int i = 0; i < fanIn; i++)
                {
                    names.Add(row + i.ToString(CultureInfo.InvariantCulture) + "]");
                }
            }

            AddVector(names, "b" + number, units[layer]);
            fanIn = units[layer];
        }

        return names.AsReadOnly();
    }

    /// <summary>
    /// z1[0] …, a1[0] …, z2[0] …: every layer's pre-activation z, then its activation a unless the layer has none
    /// (then a = z and only z is listed).
    /// </summary>
    /// <param name="units">The width of every layer, in order.</param>
    /// <param name="hasActivation">For every layer, whether it has an activation other than the identity.</param>
    public static IReadOnlyList<string> Intermediates(int[] units, bool[] hasActivation)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(hasActivation);
        if (hasActivation.Length != units.Length)
        {
            throw new ArgumentException($"hasActivation has {hasActivation.Length} elements for {units.Length} layers.", nameof(hasActivation));
        }

        var names = new List<string>();
        for (int layer = 0; layer < units.Length; layer++)
        {
            string number = (layer + 1).ToString(CultureInfo.InvariantCulture);
            AddVector(names, "z" + number, units[layer]);
            if (hasActivation[layer])
            {
                AddVector(names, "a" + number, units[layer]);
            }
        }

        return names.AsReadOnly();
    }

    private static void AddVector(List<string> names, string name, int length)
    {
        for (int j = 0; j < length; j++)
        {
            names.Add(name + "[" + j.ToString(CultureInfo.InvariantCulture) + "]");
        }
    }
}
