using System;
using System.Diagnostics;
using System.Linq;
using Digits;
using Spectre.Console;
using SymbolicGd;

// Trains the generated 64-32-10 network on 80% of the 8×8 digits and tests it on the other 20%: per epoch the
// loss, both accuracies and the time, then the confusion matrix and the derivation the generator wrote.
Console.OutputEncoding = System.Text.Encoding.UTF8;
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Width = 120;
}

const int Epochs = 20;
DigitsNet.Sample[] all = DigitsData.Load();
var (train, test) = DigitsData.Split(all, testFraction: 0.2, seed: 2026);
AnsiConsole.MarkupLine($"[bold]8×8 digits[/]: {all.Length} images, {train.Length} to train on, {test.Length} to test on.");

var net = new DigitsNet();
net.Initialize(seed: 42);
AnsiConsole.MarkupLine($"Network 64-32-10 (tanh, softmax cross-entropy): {net.ParameterCount} parameters. SGD η = 0.1, batches of 32.");

var table = new Table().AddColumns("epoch", "loss", "train accuracy", "test accuracy", "epoch time");
foreach (TableColumn column in table.Columns)
{
    column.RightAligned();
}

// The trainer reports each epoch's end; the time column is the training alone, not the accuracy passes.
var clock = Stopwatch.StartNew();
TrainingResult result = Trainer.Fit(net, train, new GradientDescent(0.1), new TrainingOptions
{
    BatchSize = 32,
    MaxEpochs = Epochs,
    Seed = 1,
    EpochCompleted = epoch =>
    {
        TimeSpan trained = clock.Elapsed;
        table.AddRow(
            epoch.Epoch.ToString(),
            epoch.Loss.ToString("F4"),
            Accuracy(net, train).ToString("P1"),
            Accuracy(net, test).ToString("P1"),
            $"{trained.TotalMilliseconds:F2} ms");
        clock.Restart();
    },
});
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Stopped after {result.Epochs} epochs ({result.StopReason}), final training loss {result.FinalLoss:F4}.");

// Rows: the true digit; columns: the digit the network chose.
var confusion = new int[10, 10];
foreach (DigitsNet.Sample sample in test)
{
    confusion[sample.Label, net.Classify(sample.Input)]++;
}

var matrix = new Table { Title = new TableTitle("Confusion matrix on the test set (rows: true digit, columns: predicted)") };
matrix.AddColumn("");
for (int digit = 0; digit < 10; digit++)
{
    matrix.AddColumn(new TableColumn(digit.ToString()).RightAligned());
}

for (int truth = 0; truth < 10; truth++)
{
    matrix.AddRow(new[] { truth.ToString() }.Concat(Enumerable.Range(0, 10).Select(p =>
        confusion[truth, p] == 0 ? "·" : truth == p ? $"[green]{confusion[truth, p]}[/]" : $"[red]{confusion[truth, p]}[/]")).ToArray());
}

AnsiConsole.Write(matrix);

AnsiConsole.MarkupLine("[bold]The derivation SymbolicGd generated[/] (from the last layer back):");
foreach (Derivative derivative in DigitsNet.Derivatives)
{
    AnsiConsole.WriteLine("  " + derivative);
}

static double Accuracy(DigitsNet network, DigitsNet.Sample[] samples) =>
    samples.Count(s => network.IsCorrect(s)) / (double)samples.Length;
