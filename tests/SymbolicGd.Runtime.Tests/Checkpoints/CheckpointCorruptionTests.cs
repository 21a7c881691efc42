using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using SymbolicGd.Runtime.Tests.Training;

namespace SymbolicGd.Runtime.Tests.Checkpoints;

/// <summary>
/// A damaged checkpoint fails only with the documented exceptions, FormatException when it is read and
/// ArgumentException when it does not fit, and a failed load changes neither the model nor the optimizer.
/// </summary>
public sealed class CheckpointCorruptionTests
{
    private static readonly Line.Sample[] Data = LineData.Make(6, 0.2, seed: 4);

    private static TrainingOptions Rules(int maxEpochs, Checkpoint? resumeFrom = null, CheckpointOptions? checkpoint = null) => new()
    {
        MaxEpochs = maxEpochs,
        EarlyStopping = new EarlyStopping(patience: 50),
        ReduceOnPlateau = new ReduceOnPlateau(factor: 0.5, patience: 0),
        ResumeFrom = resumeFrom,
        Checkpoint = checkpoint,
    };

    [Theory]
    [InlineData("\"epoch\": []")]
    [InlineData("\"epoch\": true")]
    [InlineData("\"epoch\": 1.5")]
    [InlineData("\"epoch\": 99999999999")]
    [InlineData("\"version\": \"2\"")]
    [InlineData("\"parameters\": []")]
    [InlineData("\"optimizer\": 3")]
    [InlineData("\"step\": null")]
    [InlineData("\"parameter_count\": -2")]
    [InlineData("\"buffers\": {\"exp_avg\": 1}")]
    [InlineData("\"type\": false")]
    [InlineData("\"run\": []")]
    [InlineData("\"best_epoch\": \"x\"")]
    [InlineData("\"a\": 1e999")]
    public void A_member_of_the_wrong_kind_is_a_format_error_naming_it(string replacement)
    {
        string json = Base();
        string name = replacement[..(replacement.IndexOf(':') + 1)];
        int at = json.IndexOf(name, StringComparison.Ordinal);
        Assert.True(at >= 0, name);
        int end = ValueEnd(json, at + name.Length);
        string damaged = json[..at] + replacement + json[end..];

        var error = Assert.Throws<FormatException>(() => Checkpoint.FromJson(damaged));
        Assert.StartsWith("The checkpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains(name.Trim('"', ':').Trim('"'), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_thousand_random_corruptions_throw_only_documented_exceptions_and_change_nothing()
    {
        string json = Base();
        List<(int Start, int End)> values = ValueSpans(json);
        string[] wrongKinds = { "[]", "{}", "true", "false", "null", "\"x\"", "\"NaN\"", "-1", "0", "1.5", "1e999", "2147483648", "[1,2]", "{\"a\":1}" };
        const string Alphabet = "{}[]:,\"-.0123456789eE+tfnulaINy \n";
        var random = new Random(20261206);
        int formatErrors = 0, argumentErrors = 0, loaded = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            var text = new StringBuilder(json);
            int mutations = 1 + random.Next(3);
            for (int m = 0; m < mutations; m++)
            {
                switch (random.Next(3))
                {
                    case 0:
                        int start = random.Next(text.Length);
                        text.Remove(start, Math.Min(1 + random.Next(8), text.Length - start));
                        break;
                    case 1:
                        int insertAt = random.Next(text.Length + 1);
                        for (int k = random.Next(1, 5); k > 0; k--)
                        {
                            text.Insert(insertAt, Alphabet[random.Next(Alphabet.Length)]);
                        }

                        break;
                    default:
                        // A wrong-kind value; only on the original text, where the spans are known.
                        if (m == 0)
                        {
                            (int s, int e) = values[random.Next(values.Count)];
                            text.Remove(s, e - s).Insert(s, wrongKinds[random.Next(wrongKinds.Length)]);
                        }

                        break;
                }
            }

            string damaged = text.ToString();
            Checkpoint checkpoint;
            try
            {
                checkpoint = Checkpoint.FromJson(damaged);
            }
            catch (FormatException)
            {
                formatErrors++;
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"Trial {trial}: {e.GetType().Name}: {e.Message}\n{damaged}");
                throw;
            }

            loaded++;
            argumentErrors += LoadsOrChangesNothing(checkpoint, damaged, trial);
        }

        // Most corruptions are caught when reading; some still read and are refused by Restore or Fit.
        Assert.Equal(3000, formatErrors + loaded);
        Assert.True(formatErrors > 1500, $"{formatErrors} format errors");
        Assert.True(argumentErrors > 10, $"{argumentErrors} argument errors");
    }

    /// <summary>Restores and resumes from a checkpoint that was read; on an ArgumentException nothing may have changed.</summary>
    private static int LoadsOrChangesNothing(Checkpoint checkpoint, string damaged, int trial)
    {
        int refused = 0;
        (Line model, Adam adam) = Target();
        string before = Checkpoint.Capture(model, adam).ToJson();
        try
        {
            checkpoint.Restore(model, adam);
        }
        catch (ArgumentException)
        {
            Assert.True(before == Checkpoint.Capture(model, adam).ToJson(), $"Trial {trial}: a failed Restore changed the model or the optimizer.\n{damaged}");
            refused++;
        }
        catch (Exception e)
        {
            Assert.Fail($"Trial {trial}: Restore threw {e.GetType().Name}: {e.Message}\n{damaged}");
        }

        (model, adam) = Target();
        try
        {
            // No epoch is trained unless the damaged epoch is 0: the restore and the counters are what is tested.
            Trainer.Fit(model, Data, adam, Rules(Math.Max(1, checkpoint.Epoch), resumeFrom: checkpoint));
        }
        catch (ArgumentException)
        {
            Assert.True(before == Checkpoint.Capture(model, adam).ToJson(), $"Trial {trial}: a failed resume changed the model or the optimizer.\n{damaged}");
            refused++;
        }
        catch (Exception e)
        {
            Assert.Fail($"Trial {trial}: resuming threw {e.GetType().Name}: {e.Message}\n{damaged}");
        }

        return refused;
    }

    /// <summary>A model and an Adam that has stepped once: state to lose, different from the checkpoint's.</summary>
    private static (Line, Adam) Target()
    {
        var model = new Line { a = 7, b = 8 };
        var adam = new Adam(0.05);
        double[] p = { 7, 8 };
        adam.Step(p, new[] { 0.5, -0.25 });
        return (model, adam);
    }

    /// <summary>A checkpoint the trainer wrote, with Adam's state, early stopping's best parameters and the plateau's counters.</summary>
    private static string Base()
    {
        string folder = Directory.CreateTempSubdirectory("symbolicgd-corrupt-").FullName;
        try
        {
            string path = Path.Combine(folder, "run.json");
            Trainer.Fit(new Line(), Data, new Adam(0.05), Rules(3, checkpoint: new CheckpointOptions(path)));
            return File.ReadAllText(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The character spans of every scalar, array and object value in the JSON text (not the root).</summary>
    private static List<(int Start, int End)> ValueSpans(string json)
    {
        var spans = new List<(int, int)>();
        byte[] bytes = Encoding.UTF8.GetBytes(json); // ASCII: byte offsets are character offsets
        var reader = new Utf8JsonReader(bytes);
        var starts = new Stack<int>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    starts.Push((int)reader.TokenStartIndex);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    int start = starts.Pop();
                    if (starts.Count > 0)
                    {
                        spans.Add((start, (int)reader.BytesConsumed));
                    }

                    break;
                case JsonTokenType.PropertyName:
                    break;
                default:
                    spans.Add(((int)reader.TokenStartIndex, (int)reader.BytesConsumed));
                    break;
            }
        }

        return spans;
    }

    /// <summary>Where the value that starts after <paramref name="from"/> (after any spaces) ends.</summary>
    private static int ValueEnd(string json, int from)
    {
        while (char.IsWhiteSpace(json[from]))
        {
            from++;
        }

        foreach ((int start, int end) in ValueSpans(json))
        {
            if (start == from)
            {
                return end;
            }
        }

        throw new InvalidOperationException("No value at " + from);
    }
}
