using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace SymbolicGd;

/// <summary>
/// A snapshot of training: the model's parameters by name, the optimizer's state (moments, step counts) and the
/// number of epochs trained, saved as JSON. Resuming is exact: train 5 epochs, save, load into a new model and
/// optimizer, train on with <see cref="TrainingOptions.InitialEpoch"/> = <see cref="Epoch"/>, and the parameters
/// after 10 epochs equal those of an uninterrupted run bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// The JSON holds <c>format</c>, <c>version</c> (<see cref="FormatVersion"/>), <c>precision</c> (<c>float64</c>),
/// <c>model</c> (the model's type name), <c>epoch</c>, <c>parameters</c> (an object from name to value, in
/// declaration order), <c>optimizer</c> (kind, learning rate, step, hyper-parameters and buffers) and, in the
/// checkpoints the trainer writes (<see cref="TrainingOptions.Checkpoint"/>), <c>run</c>: the epoch's learning rate,
/// the divergence bound and the counters of early stopping and reduce-on-plateau, which
/// <see cref="TrainingOptions.ResumeFrom"/> restores. Numbers are written so they read back to the same bits; NaN
/// and ±∞ are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>. Files of version 1
/// (without <c>precision</c>, <c>model</c> and <c>run</c>) still load.
/// </para>
/// <para>
/// <see cref="Save"/> never leaves a half-written file: it writes a temporary file beside the target, flushes it to
/// the disk and then renames it over the target, so after a crash the file holds the old checkpoint or the new one.
/// </para>
/// </remarks>
public sealed class Checkpoint
{
    /// <summary>The value of the JSON's <c>format</c> member.</summary>
    public const string FormatName = "SymbolicGd.Checkpoint";

    /// <summary>The version of the JSON layout this runtime writes; it reads this one and every earlier one.</summary>
    public const int FormatVersion = 2;

    /// <summary>The value of the JSON's <c>precision</c> member: parameters and state are IEEE doubles.</summary>
    private const string Precision = "float64";

    private readonly string[] _names;
    private readonly double[] _values;

    private Checkpoint(string[] names, double[] values, OptimizerState? optimizer, int epoch, string? modelName, RunState? run)
    {
        _names = names;
        _values = values;
        OptimizerState = optimizer;
        Epoch = epoch;
        ModelName = modelName;
        Run = run;
    }

    /// <summary>The number of epochs trained when the checkpoint was taken.</summary>
    public int Epoch { get; }

    /// <summary>The parameters' names, in the model's declaration order.</summary>
    public IReadOnlyList<string> ParameterNames => Array.AsReadOnly(_names);

    /// <summary>The parameters' values, in the order of <see cref="ParameterNames"/>.</summary>
    public IReadOnlyList<double> Parameters => Array.AsReadOnly(_values);

    /// <summary>The optimizer's state; <see langword="null"/> when the checkpoint was taken without an optimizer.</summary>
    public OptimizerState? OptimizerState { get; }

    /// <summary>
    /// The type name of the model the checkpoint was taken of (such as <c>Line</c>), named when it does not fit
    /// another model; <see langword="null"/> for a checkpoint of format version 1.
    /// </summary>
    public string? ModelName { get; }

    /// <summary>The run's counters, in a checkpoint the trainer wrote; null in one taken by <see cref="Capture(IDifferentiable, IStatefulOptimizer?, int)"/>.</summary>
    internal RunState? Run { get; }

    /// <summary>Takes a checkpoint of a model, and optionally of its optimizer.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer, or <see langword="null"/> for the parameters alone.</param>
    /// <param name="epoch">The number of epochs trained so far, ≥ 0 (for <see cref="TrainingOptions.InitialEpoch"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public static Checkpoint Capture(IDifferentiable model, IStatefulOptimizer? optimizer = null, int epoch = 0) =>
        Capture(model, optimizer?.SaveState(), epoch, run: null);

    /// <summary>Takes a checkpoint of a model and its L-BFGS optimizer (history, step length, counters).</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The L-BFGS optimizer.</param>
    /// <param name="epoch">The number of epochs trained so far, ≥ 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    public static Checkpoint Capture(IDifferentiable model, Lbfgs optimizer, int epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Capture(model, optimizer.SaveState(), epoch, run: null);
    }

    /// <summary>A checkpoint with the run's counters, as the trainer writes it.</summary>
    internal static Checkpoint Capture(IDifferentiable model, OptimizerState? state, int epoch, RunState? run)
    {
        ArgumentNullException.ThrowIfNull(model);
        HyperParameters.NonNegative(epoch, nameof(epoch));
        ModelChecks.Validate(model, nameof(model));
        var values = new double[model.ParameterCount];
        model.CopyParametersTo(values);
        var names = new string[values.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = model.ParameterNames[i];
        }

        return new Checkpoint(names, values, state, epoch, model.GetType().Name, run);
    }

    /// <summary>
    /// Gives the model (and the optimizer) the checkpoint's parameters (and state). Everything is checked before
    /// anything is set, so on an exception neither has changed. The run's counters (in a checkpoint the trainer
    /// wrote) are not restored here: <see cref="TrainingOptions.ResumeFrom"/> does that.
    /// </summary>
    /// <param name="model">A model with the same parameter names, in the same order.</param>
    /// <param name="optimizer">An optimizer of the same kind and hyper-parameters, or <see langword="null"/> to restore the parameters alone.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The parameter counts or names differ (the message names the first mismatch), the checkpoint has no optimizer
    /// state but an optimizer was given, or the optimizer state does not fit (<see cref="IStatefulOptimizer.LoadState"/>).
    /// </exception>
    public void Restore(IDifferentiable model, IStatefulOptimizer? optimizer = null) =>
        Restore(model, optimizer is null ? null : optimizer.LoadState);

    /// <summary>
    /// Gives the model the checkpoint's parameters and the L-BFGS optimizer its state, checking everything first;
    /// see <see cref="Restore(IDifferentiable, IStatefulOptimizer?)"/>.
    /// </summary>
    /// <param name="model">A model with the same parameter names, in the same order.</param>
    /// <param name="optimizer">An L-BFGS optimizer with the same settings.</param>
    /// <exception cref="ArgumentException">The model or the optimizer does not fit; the message names the first mismatch.</exception>
    public void Restore(IDifferentiable model, Lbfgs optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Restore(model, optimizer.LoadState);
    }

    private void Restore(IDifferentiable model, Action<OptimizerState>? loadState)
    {
        CheckFits(model);
        if (loadState is not null)
        {
            if (OptimizerState is null)
            {
                throw new ArgumentException("The checkpoint was taken without an optimizer; restore it with optimizer: null.", "optimizer");
            }

            if (OptimizerState.ParameterCount is int count && count != _values.Length)
            {
                throw new ArgumentException(
                    $"The checkpoint's optimizer state is for {count} parameters; the model has {_values.Length}.", "optimizer");
            }

            loadState(OptimizerState); // checks everything before it changes anything
        }

        model.SetParameters(_values);
    }

    /// <summary>Throws naming the first difference when the model's parameters are not the checkpoint's.</summary>
    internal void CheckFits(IDifferentiable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string modelName = model.GetType().Name;
        string of = ModelName is { } saved && saved != modelName ? $" of {saved}" : "";
        if (model.ParameterCount != _values.Length)
        {
            string first = FirstNameMismatch(model) is { } mismatch ? $" The first difference: {mismatch}." : "";
            throw new ArgumentException(
                $"The checkpoint{of} holds {_values.Length} parameters; the model {modelName} has {model.ParameterCount}.{first}",
                nameof(model));
        }

        if (FirstNameMismatch(model) is { } different)
        {
            throw new ArgumentException($"The checkpoint{of} does not fit the model {modelName}: {different}.", nameof(model));
        }
    }

    private string? FirstNameMismatch(IDifferentiable model)
    {
        IReadOnlyList<string> names = model.ParameterNames;
        int common = Math.Min(names.Count, _names.Length);
        for (int i = 0; i < common; i++)
        {
            if (!string.Equals(names[i], _names[i], StringComparison.Ordinal))
            {
                return $"parameter {i} is '{_names[i]}' in the checkpoint but '{names[i]}' in the model";
            }
        }

        if (names.Count > common)
        {
            return $"the model's parameter {common} '{names[common]}' is not in the checkpoint";
        }

        if (_names.Length > common)
        {
            return $"the checkpoint's parameter {common} '{_names[common]}' is not in the model";
        }

        return null;
    }

    /// <summary>
    /// Writes the checkpoint as JSON to a file, replacing it atomically: the JSON goes to a temporary file in the same
    /// folder, which is flushed to the disk and then renamed over <paramref name="path"/>. A crash or an exception
    /// part-way leaves the previous file as it was; on an exception the temporary file is deleted.
    /// </summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <exception cref="IOException">The file could not be written or replaced; the previous file is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the file may not be written.</exception>
    public void Save(string path) => SaveThrough(path, wrap: null);

    /// <summary>
    /// <see cref="Save(string)"/>, with the temporary file's stream passed through <paramref name="wrap"/> first: the
    /// tests' seam for a disk that fails part-way.
    /// </summary>
    internal void SaveThrough(string path, Func<Stream, Stream>? wrap)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));

        // Beside the target, so the rename stays within one file system and is atomic; unique, so that two writers
        // of the same checkpoint never share one.
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                Stream stream = wrap is null ? file : wrap(file);
                WriteTo(stream);
                stream.Flush();
                file.Flush(flushToDisk: true); // the data is on the disk before the rename can be
            }

            File.Move(temporary, target, overwrite: true); // rename(2) on Unix, MoveFileEx(REPLACE_EXISTING) on Windows
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original exception matters more; a temporary file that cannot be deleted is never read.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Writes the checkpoint as UTF-8 JSON to a stream; the stream is not closed.</summary>
    /// <param name="stream">Where to write.</param>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", FormatName);
        json.WriteNumber("version", FormatVersion);
        json.WriteString("precision", Precision);
        if (ModelName is not null)
        {
            json.WriteString("model", ModelName);
        }

        json.WriteNumber("epoch", Epoch);
        json.WriteStartObject("parameters");
        for (int i = 0; i < _names.Length; i++)
        {
            json.WritePropertyName(_names[i]);
            WriteDouble(json, _values[i]);
        }

        json.WriteEndObject();
        if (OptimizerState is { } state)
        {
            WriteOptimizer(json, state);
        }

        if (Run is { } run)
        {
            WriteRun(json, run);
        }

        json.WriteEndObject();
    }

    private static void WriteOptimizer(Utf8JsonWriter json, OptimizerState state)
    {
        json.WriteStartObject("optimizer");
        json.WriteString("type", state.Optimizer);
        json.WritePropertyName("learning_rate");
        WriteDouble(json, state.LearningRate);
        json.WriteNumber("step", state.Step);
        if (state.ParameterCount is int count)
        {
            json.WriteNumber("parameter_count", count);
        }
        else
        {
            json.WriteNull("parameter_count");
        }

        json.WriteStartObject("settings");
        foreach (KeyValuePair<string, double> setting in state.Settings)
        {
            json.WritePropertyName(setting.Key);
            WriteDouble(json, setting.Value);
        }

        json.WriteEndObject();
        if (state.Values.Count > 0)
        {
            json.WriteStartObject("values");
            foreach (KeyValuePair<string, double> value in state.Values)
            {
                json.WritePropertyName(value.Key);
                WriteDouble(json, value.Value);
            }

            json.WriteEndObject();
        }

        json.WriteStartObject("buffers");
        foreach (KeyValuePair<string, IReadOnlyList<double>> buffer in state.Buffers)
        {
            json.WriteStartArray(buffer.Key);
            foreach (double value in buffer.Value)
            {
                WriteDouble(json, value);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter json, RunState run)
    {
        json.WriteStartObject("run");
        json.WritePropertyName("learning_rate");
        WriteDouble(json, run.LearningRate);
        if (run.DivergenceBound is double bound)
        {
            json.WritePropertyName("divergence_bound");
            WriteDouble(json, bound);
        }

        if (run.BestCheckpointLoss is double best)
        {
            json.WritePropertyName("best_checkpoint_loss");
            WriteDouble(json, best);
        }

        if (run.EarlyStopping is { } early)
        {
            json.WriteStartObject("early_stopping");
            json.WriteNumber("patience", early.Patience);
            json.WritePropertyName("min_delta");
            WriteDouble(json, early.MinDelta);
            json.WriteBoolean("restore_best_parameters", early.RestoreBestParameters);
            json.WritePropertyName("best_loss");
            WriteDouble(json, early.BestLoss);
            json.WriteNumber("best_epoch", early.BestEpoch);
            json.WriteNumber("epochs_without_improvement", early.EpochsWithoutImprovement);
            if (early.BestParameters is { } parameters)
            {
                json.WriteStartArray("best_parameters");
                foreach (double value in parameters)
                {
                    WriteDouble(json, value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        if (run.Plateau is { } plateau)
        {
            json.WriteStartObject("reduce_on_plateau");
            json.WritePropertyName("factor");
            WriteDouble(json, plateau.Factor);
            json.WriteNumber("patience", plateau.Patience);
            json.WritePropertyName("threshold");
            WriteDouble(json, plateau.Threshold);
            json.WriteNumber("cooldown", plateau.Cooldown);
            json.WritePropertyName("min_learning_rate");
            WriteDouble(json, plateau.MinLearningRate);
            json.WritePropertyName("best");
            WriteDouble(json, plateau.Best);
            json.WriteNumber("bad_epochs", plateau.BadEpochs);
            json.WriteNumber("cooldown_counter", plateau.CooldownCounter);
            json.WritePropertyName("scale");
            WriteDouble(json, plateau.Scale);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The checkpoint as JSON text.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a checkpoint from a JSON file written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FormatException">
    /// The file is not a checkpoint of this format (not JSON, a member missing or of the wrong kind, a value out of
    /// range, another precision, or a version newer than <see cref="FormatVersion"/>); the message says what is wrong.
    /// </exception>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return ReadFrom(stream);
    }

    /// <summary>Reads a checkpoint from a stream of UTF-8 JSON.</summary>
    /// <param name="stream">The stream.</param>
    /// <exception cref="FormatException">The JSON is not a checkpoint of this format; see <see cref="Load"/>.</exception>
    public static Checkpoint ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using JsonDocument document = JsonDocument.Parse(stream);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The checkpoint is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads a checkpoint from JSON text.</summary>
    /// <param name="json">The text, as <see cref="ToJson"/> writes it.</param>
    /// <exception cref="FormatException">The JSON is not a checkpoint of this format; see <see cref="Load"/>.</exception>
    public static Checkpoint FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return ReadFrom(stream);
    }

    // Every read checks the JSON kind first: System.Text.Json's getters throw InvalidOperationException for a value
    // of the wrong kind, and a damaged file must only ever give the documented FormatException.
    private static Checkpoint Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format) ||
            format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
        {
            throw new FormatException($"The JSON is not a checkpoint: its \"format\" must be \"{FormatName}\".");
        }

        int version = ReadInt(Member(root, "version", ""), "version");
        if (version < 1 || version > FormatVersion)
        {
            throw new FormatException(
                $"The checkpoint is of version {version}; this runtime reads versions 1 to {FormatVersion}.");
        }

        string? modelName = null;
        if (version >= 2)
        {
            string precision = ReadString(Member(root, "precision", ""), "precision");
            if (precision != Precision)
            {
                throw new FormatException(
                    $"The checkpoint holds {precision} values; this runtime's models and optimizers are {Precision}.");
            }

            if (root.TryGetProperty("model", out JsonElement model))
            {
                modelName = ReadString(model, "model");
            }
        }

        int epoch = ReadInt(Member(root, "epoch", ""), "epoch");
        if (epoch < 0)
        {
            throw new FormatException($"The checkpoint's epoch must be >= 0; it was {epoch}.");
        }

        var names = new List<string>();
        var values = new List<double>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty parameter in Object(Member(root, "parameters", ""), "parameters").EnumerateObject())
        {
            if (!seen.Add(parameter.Name))
            {
                throw new FormatException($"The checkpoint names the parameter '{parameter.Name}' twice.");
            }

            names.Add(parameter.Name);
            values.Add(ReadDouble(parameter.Value, "parameters." + parameter.Name));
        }

        OptimizerState? state = null;
        if (root.TryGetProperty("optimizer", out JsonElement optimizer) && optimizer.ValueKind != JsonValueKind.Null)
        {
            state = ReadOptimizer(Object(optimizer, "optimizer"));
        }

        RunState? run = null;
        if (version >= 2 && root.TryGetProperty("run", out JsonElement runElement) && runElement.ValueKind != JsonValueKind.Null)
        {
            run = ReadRun(Object(runElement, "run"), values.Count);
        }

        return new Checkpoint(names.ToArray(), values.ToArray(), state, epoch, modelName, run);
    }

    private static OptimizerState ReadOptimizer(JsonElement optimizer)
    {
        JsonElement countElement = Member(optimizer, "parameter_count", "optimizer.");
        int? count = null;
        if (countElement.ValueKind != JsonValueKind.Null)
        {
            count = ReadInt(countElement, "optimizer.parameter_count");
            if (count < 0)
            {
                throw new FormatException($"The checkpoint's optimizer.parameter_count must be null or >= 0; it was {count}.");
            }
        }

        var settings = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (JsonProperty setting in Object(Member(optimizer, "settings", "optimizer."), "optimizer.settings").EnumerateObject())
        {
            settings[setting.Name] = ReadDouble(setting.Value, "optimizer.settings." + setting.Name);
        }

        var stateValues = new Dictionary<string, double>(StringComparer.Ordinal);
        if (optimizer.TryGetProperty("values", out JsonElement valueElements))
        {
            foreach (JsonProperty value in Object(valueElements, "optimizer.values").EnumerateObject())
            {
                stateValues[value.Name] = ReadDouble(value.Value, "optimizer.values." + value.Name);
            }
        }

        var buffers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (JsonProperty buffer in Object(Member(optimizer, "buffers", "optimizer."), "optimizer.buffers").EnumerateObject())
        {
            buffers[buffer.Name] = ReadDoubles(buffer.Value, "optimizer.buffers." + buffer.Name);
        }

        string type = ReadString(Member(optimizer, "type", "optimizer."), "optimizer.type");
        double learningRate = ReadDouble(Member(optimizer, "learning_rate", "optimizer."), "optimizer.learning_rate");
        long step = ReadLong(Member(optimizer, "step", "optimizer."), "optimizer.step");
        try
        {
            return new OptimizerState(type, learningRate, step, count, settings, buffers, stateValues);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The checkpoint's optimizer state is inconsistent: {e.Message}", e);
        }
    }

    private static RunState ReadRun(JsonElement run, int parameterCount)
    {
        double? bound = run.TryGetProperty("divergence_bound", out JsonElement boundElement)
            ? ReadDouble(boundElement, "run.divergence_bound")
            : null;
        double? best = run.TryGetProperty("best_checkpoint_loss", out JsonElement bestElement)
            ? ReadDouble(bestElement, "run.best_checkpoint_loss")
            : null;
        EarlyStoppingState? early = null;
        if (run.TryGetProperty("early_stopping", out JsonElement earlyElement))
        {
            JsonElement e = Object(earlyElement, "run.early_stopping");
            const string At = "run.early_stopping.";
            bool restore = ReadBool(Member(e, "restore_best_parameters", At), At + "restore_best_parameters");
            double[]? bestParameters = null;
            if (e.TryGetProperty("best_parameters", out JsonElement parametersElement))
            {
                bestParameters = ReadDoubles(parametersElement, At + "best_parameters");
                if (bestParameters.Length != parameterCount)
                {
                    throw new FormatException(
                        $"The checkpoint's {At}best_parameters has {bestParameters.Length} values; it has {parameterCount} parameters.");
                }
            }

            if (restore && bestParameters is null)
            {
                throw new FormatException($"The checkpoint's {At}best_parameters is missing, though restore_best_parameters is true.");
            }

            early = new EarlyStoppingState(
                AtLeast(Member(e, "patience", At), At + "patience", 1),
                ReadDouble(Member(e, "min_delta", At), At + "min_delta"),
                restore,
                ReadDouble(Member(e, "best_loss", At), At + "best_loss"),
                AtLeast(Member(e, "best_epoch", At), At + "best_epoch", 0),
                AtLeast(Member(e, "epochs_without_improvement", At), At + "epochs_without_improvement", 0),
                restore ? bestParameters : null);
        }

        PlateauState? plateau = null;
        if (run.TryGetProperty("reduce_on_plateau", out JsonElement plateauElement))
        {
            JsonElement p = Object(plateauElement, "run.reduce_on_plateau");
            const string At = "run.reduce_on_plateau.";
            plateau = new PlateauState(
                ReadDouble(Member(p, "factor", At), At + "factor"),
                AtLeast(Member(p, "patience", At), At + "patience", 0),
                ReadDouble(Member(p, "threshold", At), At + "threshold"),
                AtLeast(Member(p, "cooldown", At), At + "cooldown", 0),
                ReadDouble(Member(p, "min_learning_rate", At), At + "min_learning_rate"),
                ReadDouble(Member(p, "best", At), At + "best"),
                AtLeast(Member(p, "bad_epochs", At), At + "bad_epochs", 0),
                AtLeast(Member(p, "cooldown_counter", At), At + "cooldown_counter", 0),
                ReadDouble(Member(p, "scale", At), At + "scale"));
        }

        double learningRate = ReadDouble(Member(run, "learning_rate", "run."), "run.learning_rate");
        if (!(learningRate >= 0.0) || double.IsPositiveInfinity(learningRate))
        {
            throw new FormatException(
                $"The checkpoint's run.learning_rate must be a finite number >= 0; it was {HyperParameters.Format(learningRate)}.");
        }

        return new RunState
        {
            LearningRate = learningRate,
            DivergenceBound = bound,
            BestCheckpointLoss = best,
            EarlyStopping = early,
            Plateau = plateau,
        };
    }

    private static JsonElement Member(JsonElement element, string name, string at) =>
        element.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new FormatException($"The checkpoint has no \"{at}{name}\".");

    private static JsonElement Object(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new FormatException($"The checkpoint's {where} must be an object; it was {Shown(element)}.");

    private static string ReadString(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new FormatException($"The checkpoint's {where} must be a string; it was {Shown(element)}.");

    private static bool ReadBool(JsonElement element, string where) =>
        element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"The checkpoint's {where} must be true or false; it was {Shown(element)}."),
        };

    private static int ReadInt(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
            ? value
            : throw new FormatException($"The checkpoint's {where} must be a whole number; it was {Shown(element)}.");

    private static int AtLeast(JsonElement element, string where, int minimum)
    {
        int value = ReadInt(element, where);
        return value >= minimum
            ? value
            : throw new FormatException($"The checkpoint's {where} must be >= {minimum}; it was {value}.");
    }

    private static long ReadLong(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long value)
            ? value
            : throw new FormatException($"The checkpoint's {where} must be a whole number; it was {Shown(element)}.");

    private static double[] ReadDoubles(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"The checkpoint's {where} must be an array of numbers; it was {Shown(element)}.");
        }

        var values = new double[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement value in element.EnumerateArray())
        {
            values[i++] = ReadDouble(value, where);
        }

        return values;
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static double ReadDouble(JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            // The writer spells NaN and ±∞ as strings: a number token beyond ±1.8e308 is damage, not infinity.
            case JsonValueKind.Number when element.TryGetDouble(out double value) && double.IsFinite(value):
                return value;
            case JsonValueKind.String when element.GetString() is "NaN" or "Infinity" or "-Infinity":
                return double.Parse(element.GetString()!, CultureInfo.InvariantCulture);
            default:
                throw new FormatException($"The checkpoint's {where} must be a number; it was {Shown(element)}.");
        }
    }

    /// <summary>The JSON of a value for a message, cut short: a damaged file may hold a long value there.</summary>
    private static string Shown(JsonElement element)
    {
        string text = element.GetRawText();
        return text.Length <= 40 ? text : text[..37] + "...";
    }
}
