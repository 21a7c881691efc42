using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.Layers;

/// <summary>The samples' data sets (copied next to the tests from samples/data), as layer-stack samples.</summary>
internal static class DataSets
{
    private static readonly Lazy<DigitsNet.Sample[]> s_digits = new(() => ReadDigits().ToArray());
    private static readonly Lazy<IrisNet.Sample[]> s_iris = new(() => ReadIris().ToArray());

    /// <summary>The 1,797 digits, pixels scaled by 1/16 to [0, 1] as PyTorch's benchmark does.</summary>
    public static DigitsNet.Sample[] Digits => s_digits.Value;

    /// <summary>The 150 irises, each feature standardised (mean 0, standard deviation 1).</summary>
    public static IrisNet.Sample[] Iris => s_iris.Value;

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Data", file);

    private static System.Collections.Generic.IEnumerable<DigitsNet.Sample> ReadDigits()
    {
        using var file = File.OpenRead(PathOf("digits.csv.gz"));
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            string[] fields = line.Split(',');
            double[] pixels = fields.Take(64).Select(f => double.Parse(f, CultureInfo.InvariantCulture) / 16.0).ToArray();
            yield return new DigitsNet.Sample(pixels, int.Parse(fields[64], CultureInfo.InvariantCulture));
        }
    }

    private static System.Collections.Generic.IEnumerable<IrisNet.Sample> ReadIris()
    {
        // The first line is a header: count, feature count, class names.
        string[][] rows = File.ReadLines(PathOf("iris.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        double[][] features = rows.Select(r => r.Take(4).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        for (int j = 0; j < 4; j++)
        {
            double mean = features.Average(f => f[j]);
            double deviation = Math.Sqrt(features.Average(f => (f[j] - mean) * (f[j] - mean)));
            foreach (double[] f in features)
            {
                f[j] = (f[j] - mean) / deviation;
            }
        }

        return rows.Select((r, i) => new IrisNet.Sample(features[i], int.Parse(r[4], CultureInfo.InvariantCulture)));
    }
}
