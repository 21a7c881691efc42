using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace SymbolicGd.Runtime.Tests.Training;

public sealed class HistoryCsvTests
{
    [Fact]
    public void The_CSV_has_a_header_and_rows_that_parse_back_to_the_same_numbers()
    {
        TrainingResult result = Train();
        string csv = result.History.ToCsv();

        string[] lines = csv.Split('\n');
        Assert.Equal("epoch,loss,gradient_norm,learning_rate,elapsed_seconds", lines[0]);
        Assert.Equal(TrainingHistory.CsvHeader, lines[0]);
        Assert.Equal(result.History.Count + 2, lines.Length); // header, rows, and the empty string after the last \n
        Assert.Equal("", lines[^1]);
        for (int i = 0; i < result.History.Count; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            Assert.Equal(5, fields.Length);
            EpochRecord record = result.History[i];
            Assert.Equal(record.Epoch, int.Parse(fields[0], CultureInfo.InvariantCulture));
            Assert.Equal(record.Loss, double.Parse(fields[1], CultureInfo.InvariantCulture));
            Assert.Equal(record.GradientNorm, double.Parse(fields[2], CultureInfo.InvariantCulture));
            Assert.Equal(record.LearningRate, double.Parse(fields[3], CultureInfo.InvariantCulture));
            Assert.Equal(record.Elapsed.TotalSeconds, double.Parse(fields[4], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_CSV_is_the_same_whatever_the_current_culture()
    {
        TrainingResult result = Train();
        CultureInfo saved = CultureInfo.CurrentCulture;
        string invariant;
        string german;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            invariant = result.History.ToCsv();
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            german = result.History.ToCsv();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.Equal(invariant, german);
        Assert.Contains(",0.", german, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteCsv_writes_what_ToCsv_returns()
    {
        TrainingResult result = Train();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        result.History.WriteCsv(writer);

        Assert.Equal(result.History.ToCsv(), writer.ToString());
    }

    [Fact]
    public void An_empty_history_is_just_the_header()
    {
        TrainingResult result = Trainer.Fit(new OneWeight(), new OneWeight.Sample[] { new(1, 1) }, new GradientDescent(0.1),
            new TrainingOptions { CancellationToken = new CancellationToken(canceled: true) });

        Assert.Equal(TrainingHistory.CsvHeader + "\n", result.History.ToCsv());
    }

    private static TrainingResult Train() =>
        // A cosine schedule and a noisy data set give learning rates and losses with long decimal expansions.
        Trainer.Fit(new Line(), LineData.Make(20, noise: 0.3, seed: 4), new GradientDescent(0.1),
            new TrainingOptions { BatchSize = 3, MaxEpochs = 12, Schedule = LearningRateSchedule.CosineAnnealing(12) });
}
