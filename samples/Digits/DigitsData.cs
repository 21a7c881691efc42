using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace Digits;

/// <summary>The UCI 8×8 digits (scikit-learn's copy, 1,797 images): 64 pixel intensities 0–16, then the digit.</summary>
public static class DigitsData
{
    /// <summary>Reads the data set, pixels scaled to [0, 1].</summary>
    public static DigitsNet.Sample[] Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz");
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var samples = new List<DigitsNet.Sample>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            string[] fields = line.Split(',');
            double[] pixels = fields.Take(64).Select(f => double.Parse(f, CultureInfo.InvariantCulture) / 16.0).ToArray();
            samples.Add(new DigitsNet.Sample(pixels, int.Parse(fields[64], CultureInfo.InvariantCulture)));
        }

        return samples.ToArray();
    }

    /// <summary>A shuffled split: <paramref name="testFraction"/> of the samples for testing, the rest for training.</summary>
    public static (DigitsNet.Sample[] Train, DigitsNet.Sample[] Test) Split(DigitsNet.Sample[] samples, double testFraction, int seed)
    {
        DigitsNet.Sample[] shuffled = (DigitsNet.Sample[])samples.Clone();
        new Random(seed).Shuffle(shuffled);
        int test = (int)Math.Round(samples.Length * testFraction);
        return (shuffled[test..], shuffled[..test]);
    }
}
