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
/// The JSON holds <c>format</c>, <c>version</c>, <c>epoch</c>, <c>parameters</c> (an object from name to value, in
/// declaration order) and <c>optimizer</c> (kind, learning rate, step, hyper-parameters and buffers). Numbers are
/// written so they read back to the same bits; NaN and ±∞ are written as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </para>
/// <para>
/// The run's early-stopping and reduce-on-plateau counters are not saved: a resumed run starts them afresh.
/// </para>
/// </remarks>
public sealed partial class Checkpoint
{
    /// <summary>The value of the JSON's <c>format</c> member.</summary>
    public const string FormatName = "SymbolicGd.Checkpoint";

    /// <summary>The version of the JSON layout this runtime writes and reads.</summary>
    public const int FormatVersion = 1;

    private readonly string[] _names;
    private readonly double[] _values;

    private Checkpoint(string[] names, double[] values, OptimizerState? optimizer, int epoch)
    {
        _names = names;
        _values = values;
        OptimizerState = optimizer;
        Epoch = epoch;
    }

    /// <summary>The number of epochs trained when the checkpoint was taken.</summary>
    public int Epoch { get; }

    /// <summary>The parameters' names, in the model's declaration order.</summary>
    public IReadOnlyList<string> ParameterNames => Array.AsReadOnly(_names);

    /// <summary>The parameters' values, in the order of <see cref="ParameterNames"/>.</summary>
    public IReadOnlyList<double> Parameters => Array.AsReadOnly(_values);

    /// <summary>The optimizer's state; <see langword="null"/> when the checkpoint was taken without an optimizer.</summary>
    public OptimizerState? OptimizerState { get; }

    /// <summary>Takes a checkpoint of a model, and optionally of its optimizer.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer, or <see langword="null"/> for the parameters alone.</param>
    /// <param name="epoch">The number of epochs trained so far, ≥ 0 (for <see cref="TrainingOptions.InitialEpoch"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public static Checkpoint Capture(IDifferentiable model, IStatefulOptimizer? optimizer = null, int epoch = 0) =>
        Capture(model, optimizer?.SaveState(), epoch);

    /// <summary>Takes a checkpoint of a model and its L-BFGS optimizer (history, step length, counters).</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The L-BFGS optimizer.</param>
    /// <param name="epoch">The number of epochs trained so far, ≥ 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="optimizer"/> is null.</exception>
    public static Checkpoint Capture(IDifferentiable model, Lbfgs optimizer, int epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Capture(model, optimizer.SaveState(), epoch);
    }

    private static Checkpoint Capture(IDifferentiable model, OptimizerState? state, int epoch)
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

        return new Checkpoint(names, values, state, epoch);
    }

    /// <summary>
    /// Gives the model (and the optimizer) the checkpoint's parameters (and state). Everything is checked before
    /// anything is set, so on an exception neither has changed.
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
        ArgumentNullException.ThrowIfNull(model);
        if (model.ParameterCount != _values.Length)
        {
            string first = FirstNameMismatch(model) is { } mismatch ? $" The first difference: {mismatch}." : "";
            throw new ArgumentException(
                $"The checkpoint holds {_values.Length} parameters; the model {model.GetType().Name} has {model.ParameterCount}.{first}",
                nameof(model));
        }

        if (FirstNameMismatch(model) is { } different)
        {
            throw new ArgumentException($"The checkpoint does not fit the model {model.GetType().Name}: {different}.", nameof(model));
        }

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

    /// <summary>Writes the checkpoint as JSON to a file, replacing it.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.Create(path);
        WriteTo(stream);
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
    /// <exception cref="FormatException">The file is not a checkpoint of this format; the message says what is wrong.</exception>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return ReadFrom(stream);
    }

    /// <summary>Reads a checkpoint from a stream of UTF-8 JSON.</summary>
    /// <param name="stream">The stream.</param>
    /// <exception cref="FormatException">The JSON is not a checkpoint of this format.</exception>
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
    /// <exception cref="FormatException">The JSON is not a checkpoint of this format.</exception>
    public static Checkpoint FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return ReadFrom(stream);
    }

    private static Checkpoint Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format) ||
            format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
        {
            throw new FormatException($"The JSON is not a checkpoint: its \"format\" must be \"{FormatName}\".");
        }

        int version = Member(root, "version").GetInt32();
        if (version != FormatVersion)
        {
            throw new FormatException($"The checkpoint is of version {version}; this runtime reads version {FormatVersion}.");
        }

        int epoch = Member(root, "epoch").GetInt32();
        if (epoch < 0)
        {
            throw new FormatException($"The checkpoint's epoch must be >= 0; it was {epoch}.");
        }

        var names = new List<string>();
        var values = new List<double>();
        foreach (JsonProperty parameter in Member(root, "parameters").EnumerateObject())
        {
            if (names.Contains(parameter.Name))
            {
                throw new FormatException($"The checkpoint names the parameter '{parameter.Name}' twice.");
            }

            names.Add(parameter.Name);
            values.Add(ReadDouble(parameter.Value, "parameters." + parameter.Name));
        }

        OptimizerState? state = null;
        if (root.TryGetProperty("optimizer", out JsonElement optimizer) && optimizer.ValueKind != JsonValueKind.Null)
        {
            JsonElement countElement = Member(optimizer, "parameter_count");
            int? count = countElement.ValueKind == JsonValueKind.Null ? null : countElement.GetInt32();
            var settings = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (JsonProperty setting in Member(optimizer, "settings").EnumerateObject())
            {
                settings[setting.Name] = ReadDouble(setting.Value, "optimizer.settings." + setting.Name);
            }

            var stateValues = new Dictionary<string, double>(StringComparer.Ordinal);
            if (optimizer.TryGetProperty("values", out JsonElement valueElements))
            {
                foreach (JsonProperty value in valueElements.EnumerateObject())
                {
                    stateValues[value.Name] = ReadDouble(value.Value, "optimizer.values." + value.Name);
                }
            }

            var buffers = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (JsonProperty buffer in Member(optimizer, "buffers").EnumerateObject())
            {
                var list = new List<double>();
                foreach (JsonElement value in buffer.Value.EnumerateArray())
                {
                    list.Add(ReadDouble(value, "optimizer.buffers." + buffer.Name));
                }

                buffers[buffer.Name] = list.ToArray();
            }

            try
            {
                state = new OptimizerState(
                    Member(optimizer, "type").GetString() ?? "",
                    ReadDouble(Member(optimizer, "learning_rate"), "optimizer.learning_rate"),
                    Member(optimizer, "step").GetInt64(),
                    count,
                    settings,
                    buffers,
                    stateValues);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"The checkpoint's optimizer state is inconsistent: {e.Message}", e);
            }
        }

        return new Checkpoint(names.ToArray(), values.ToArray(), state, epoch);
    }

    private static JsonElement Member(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new FormatException($"The checkpoint has no \"{name}\".");

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
            case JsonValueKind.Number:
                return element.GetDouble();
            case JsonValueKind.String when element.GetString() is "NaN" or "Infinity" or "-Infinity":
                return double.Parse(element.GetString()!, CultureInfo.InvariantCulture);
            default:
                throw new FormatException($"The checkpoint's {where} must be a number; it was {element.GetRawText()}.");
        }
    }
}
