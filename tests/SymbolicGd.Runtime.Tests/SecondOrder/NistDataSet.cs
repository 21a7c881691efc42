using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace SymbolicGd.Runtime.Tests.SecondOrder;

/// <summary>One observation of a NIST StRD problem: the response and one or two predictors.</summary>
public readonly record struct NistPoint(double Y, double X, double X2);

/// <summary>
/// A NIST StRD nonlinear regression problem read from its .dat file (Reference/NistStrd): the two published starting
/// points, the certified parameters and standard deviations, the certified residual sum of squares, and the data.
/// </summary>
public sealed class NistDataSet
{
    private NistDataSet(string name, string difficulty, double[][] starts, double[] certified, double[] certifiedErrors, double rss, NistPoint[] data)
    {
        Name = name;
        Difficulty = difficulty;
        Starts = starts;
        Certified = certified;
        CertifiedStandardErrors = certifiedErrors;
        CertifiedResidualSumOfSquares = rss;
        Data = data;
    }

    public string Name { get; }

    /// <summary>Lower, Average or Higher.</summary>
    public string Difficulty { get; }

    /// <summary>Start 1 and Start 2.</summary>
    public double[][] Starts { get; }

    public double[] Certified { get; }

    public double[] CertifiedStandardErrors { get; }

    public double CertifiedResidualSumOfSquares { get; }

    public NistPoint[] Data { get; }

    public static readonly string[] Names =
    {
        "Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b",
        "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c", "Misra1d", "Roszman1", "ENSO",
        "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5",
    };

    public static NistDataSet Load(string name)
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Reference", "NistStrd", name + ".dat"));
        string difficulty = lines[27].Trim().Split(' ')[0];
        var starts = new List<double>[] { new(), new() };
        var certified = new List<double>();
        var errors = new List<double>();
        double rss = double.NaN;
        int dataStart = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (dataStart < 0 && line.StartsWith('b') && line.Contains('=', StringComparison.Ordinal))
            {
                string[] fields = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                starts[0].Add(Parse(fields[0]));
                starts[1].Add(Parse(fields[1]));
                certified.Add(Parse(fields[2]));
                errors.Add(Parse(fields[3]));
            }
            else if (line.StartsWith("Residual Sum of Squares:", StringComparison.Ordinal))
            {
                rss = Parse(line.Split(':')[1].Trim());
            }
            else if (i >= 40 && line.StartsWith("Data:", StringComparison.Ordinal))
            {
                dataStart = i + 1;
                break;
            }
        }

        var data = new List<NistPoint>();
        for (int i = dataStart; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2)
            {
                data.Add(new NistPoint(Parse(fields[0]), Parse(fields[1]), fields.Length > 2 ? Parse(fields[2]) : 0.0));
            }
        }

        return new NistDataSet(name, difficulty, new[] { starts[0].ToArray(), starts[1].ToArray() }, certified.ToArray(), errors.ToArray(), rss, data.ToArray());
    }

    /// <summary>The log relative error −log10(|estimate − certified| / |certified|), capped at 15 (agreement to every digit).</summary>
    public static double Lre(double estimate, double certified)
    {
        double relative = Math.Abs(estimate - certified) / Math.Abs(certified);
        return relative == 0.0 ? 15.0 : Math.Min(15.0, -Math.Log10(relative));
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
