using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SymbolicGd.Layers;

/// <summary>
/// The checks a generated layer stack makes on the data it is given, so that a sample that does not fit fails with
/// a message naming the sample and the lengths, not with an index error inside a kernel.
/// </summary>
public static class SampleChecks
{
    /// <summary>Returns a sample's input after checking its length.</summary>
    /// <param name="input">The sample's <c>Input</c>.</param>
    /// <param name="expected">The network's input count.</param>
    /// <param name="index">The sample's index in the data set, or −1 for a single sample.</param>
    /// <param name="network">The network's name, for the message.</param>
    /// <exception cref="ArgumentException">The input is null or has another length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<double> Input(double[]? input, int expected, int index, string network) =>
        InputCore(input, expected, index, network);

    /// <summary>The float32 form of <see cref="Input(double[], int, int, string)"/>, for <see cref="Precision.Single"/> networks.</summary>
    /// <param name="input">The sample's <c>Input</c>.</param>
    /// <param name="expected">The network's input count.</param>
    /// <param name="index">The sample's index in the data set, or −1 for a single sample.</param>
    /// <param name="network">The network's name, for the message.</param>
    /// <exception cref="ArgumentException">The input is null or has another length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<float> Input(float[]? input, int expected, int index, string network) =>
        InputCore(input, expected, index, network);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<T> InputCore<T>(T[]? input, int expected, int index, string network)
    {
        if (input is null)
        {
            Throw(index, $"{Where(index)}.Input is null; {network} takes {Count(expected, "input")}.");
        }

        if (input.Length != expected)
        {
            Throw(index, $"{Where(index)}.Input has length {Number(input.Length)}, but {network} takes {Count(expected, "input")}.");
        }

        return input;
    }

    /// <summary>Returns a sample's target after checking its length.</summary>
    /// <param name="target">The sample's <c>Target</c>.</param>
    /// <param name="expected">The network's output count.</param>
    /// <param name="index">The sample's index in the data set, or −1 for a single sample.</param>
    /// <param name="network">The network's name, for the message.</param>
    /// <exception cref="ArgumentException">The target is null or has another length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<double> Target(double[]? target, int expected, int index, string network) =>
        TargetCore(target, expected, index, network);

    /// <summary>The float32 form of <see cref="Target(double[], int, int, string)"/>, for <see cref="Precision.Single"/> networks.</summary>
    /// <param name="target">The sample's <c>Target</c>.</param>
    /// <param name="expected">The network's output count.</param>
    /// <param name="index">The sample's index in the data set, or −1 for a single sample.</param>
    /// <param name="network">The network's name, for the message.</param>
    /// <exception cref="ArgumentException">The target is null or has another length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<float> Target(float[]? target, int expected, int index, string network) =>
        TargetCore(target, expected, index, network);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<T> TargetCore<T>(T[]? target, int expected, int index, string network)
    {
        if (target is null)
        {
            Throw(index, $"{Where(index)}.Target is null; {network} has {Count(expected, "output")}.");
        }

        if (target.Length != expected)
        {
            Throw(index, $"{Where(index)}.Target has length {Number(target.Length)}, but {network} has {Count(expected, "output")}.");
        }

        return target;
    }

    /// <summary>Returns a sample's label after checking that it names one of the outputs.</summary>
    /// <param name="label">The sample's <c>Label</c>.</param>
    /// <param name="classes">The network's output count.</param>
    /// <param name="index">The sample's index in the data set, or −1 for a single sample.</param>
    /// <param name="network">The network's name, for the message.</param>
    /// <exception cref="ArgumentException">The label is negative or not less than <paramref name="classes"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Label(int label, int classes, int index, string network)
    {
        if ((uint)label >= (uint)classes)
        {
            Throw(index, $"{Where(index)}.Label is {Number(label)}, but {network} has {Count(classes, "class", "classes")}: a label is 0 to {Number(classes - 1)}.");
        }

        return label;
    }

    /// <summary>Returns an index of a batch after checking that it lies inside the data set.</summary>
    /// <param name="batch">The batch's indices.</param>
    /// <param name="position">The position in the batch.</param>
    /// <param name="count">The number of samples in the data set.</param>
    /// <exception cref="ArgumentException">The index is outside the data set.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Index(ReadOnlySpan<int> batch, int position, int count)
    {
        int index = batch[position];
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentException(
                $"batch[{Number(position)}] is {Number(index)}, but samples has {Count(count, "sample")}.", nameof(batch));
        }

        return index;
    }

    /// <summary>Checks the length of a span argument of a network method.</summary>
    /// <param name="length">The span's length.</param>
    /// <param name="expected">The length the network needs.</param>
    /// <param name="argument">The argument's name.</param>
    /// <param name="what">What the length counts, for the message: "inputs", "outputs", "parameters".</param>
    /// <param name="network">The network's name, for the message.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Length(int length, int expected, string argument, string what, string network)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{argument} has length {Number(length)}; {network} has {Number(expected)} {what}.", argument);
        }
    }

    /// <summary>
    /// Returns the number of inputs in a row-major batch after checking that <paramref name="inputsLength"/> is a whole
    /// number of inputs and that the result span has <paramref name="resultsPerRow"/> elements for each of them.
    /// </summary>
    /// <param name="inputsLength">The length of the inputs span.</param>
    /// <param name="inputCount">The network's input count.</param>
    /// <param name="resultsLength">The length of the result span (outputs or classes).</param>
    /// <param name="resultsPerRow">The result elements per input: the output count, or 1 for classes.</param>
    /// <param name="resultsArgument">The result span's argument name.</param>
    /// <param name="network">The network's name, for the message.</param>
    /// <exception cref="ArgumentException">The inputs are not whole, or the result span has another length.</exception>
    public static int Rows(int inputsLength, int inputCount, int resultsLength, int resultsPerRow, string resultsArgument, string network)
    {
        int rows = inputsLength / inputCount;
        if (rows * inputCount != inputsLength)
        {
            throw new ArgumentException(
                $"inputs has length {Number(inputsLength)}, not a multiple of the {Count(inputCount, "input")} of {network}.", "inputs");
        }

        if ((long)rows * resultsPerRow != resultsLength)
        {
            throw new ArgumentException(
                $"{resultsArgument} has length {Number(resultsLength)}; {Count(rows, "input")} of {network} need {Number(rows * resultsPerRow)}.", resultsArgument);
        }

        return rows;
    }

    private static string Where(int index) => index < 0 ? "sample" : "samples[" + Number(index) + "]";

    private static string Count(int count, string noun, string? plural = null) =>
        Number(count) + " " + (count == 1 ? noun : plural ?? noun + "s");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [DoesNotReturn]
    private static void Throw(int index, string message) => throw new ArgumentException(message, index < 0 ? "sample" : "samples");
}
