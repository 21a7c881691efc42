using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SymbolicGd;

/// <summary>One <see cref="EpochRecord"/> per completed epoch of a <see cref="Trainer"/> run, in order; writable as CSV.</summary>
public sealed class TrainingHistory : IReadOnlyList<EpochRecord>
{
    /// <summary>The header row of <see cref="WriteCsv"/>.</summary>
    public const string CsvHeader = "epoch,loss,gradient_norm,learning_rate,elapsed_seconds";

    private readonly List<EpochRecord> _records;

    internal TrainingHistory(int capacity) => _records = new List<EpochRecord>(capacity);

    /// <summary>
    /// The parameters before the first epoch, when <see cref="TrainingOptions.RecordParameters"/> is on (else
    /// <see langword="null"/>): with the <see cref="EpochRecord.Parameters"/> of every epoch, the path the optimizer took.
    /// </summary>
    public IReadOnlyList<double>? InitialParameters { get; internal set; }

    /// <summary>The number of completed epochs.</summary>
    public int Count => _records.Count;

    /// <summary>The record of the epoch at <paramref name="index"/>; index 0 holds epoch 1.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> − 1.</param>
    public EpochRecord this[int index] => _records[index];

    /// <inheritdoc/>
    public IEnumerator<EpochRecord> GetEnumerator() => _records.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Writes the history as CSV: the header <see cref="CsvHeader"/>, then one row per epoch; when every epoch has
    /// a validation loss, an accuracy or a validation accuracy, the columns <c>validation_loss</c>, <c>accuracy</c>
    /// and <c>validation_accuracy</c> follow, in that order. Numbers are in the
    /// invariant culture and round-trip exactly through <c>double.Parse(text, CultureInfo.InvariantCulture)</c>
    /// (so NaN is <c>NaN</c> and ∞ is <c>Infinity</c>); the elapsed time is in seconds. Lines end with <c>\n</c>.
    /// </summary>
    /// <param name="writer">Where to write; it is not flushed or closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        bool validation = _records.Count > 0 && _records.TrueForAll(r => r.ValidationLoss is not null);
        bool accuracy = _records.Count > 0 && _records.TrueForAll(r => r.Accuracy is not null);
        bool validationAccuracy = _records.Count > 0 && _records.TrueForAll(r => r.ValidationAccuracy is not null);
        writer.Write(CsvHeader);
        writer.Write(validation ? ",validation_loss" : "");
        writer.Write(accuracy ? ",accuracy" : "");
        writer.Write(validationAccuracy ? ",validation_accuracy" : "");
        writer.Write('\n');
        var line = new StringBuilder();
        foreach (EpochRecord record in _records)
        {
            line.Clear()
                .Append(NumberText.Int(record.Epoch)).Append(',')
                .Append(NumberText.Csv(record.Loss)).Append(',')
                .Append(NumberText.Csv(record.GradientNorm)).Append(',')
                .Append(NumberText.Csv(record.LearningRate)).Append(',')
                .Append(NumberText.Csv(record.Elapsed.TotalSeconds));
            if (validation)
            {
                line.Append(',').Append(NumberText.Csv(record.ValidationLoss!.Value));
            }

            if (accuracy)
            {
                line.Append(',').Append(NumberText.Csv(record.Accuracy!.Value));
            }

            if (validationAccuracy)
            {
                line.Append(',').Append(NumberText.Csv(record.ValidationAccuracy!.Value));
            }

            writer.Write(line.Append('\n'));
        }
    }

    /// <summary>The history as CSV text, as <see cref="WriteCsv"/> writes it.</summary>
    public string ToCsv()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteCsv(writer);
        return writer.ToString();
    }

    internal void Add(EpochRecord record) => _records.Add(record);
}
