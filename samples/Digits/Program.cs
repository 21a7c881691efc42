using System;
using System.IO;
using System.Linq;
using Digits;
using Spectre.Console;
using SymbolicGd;
using SymbolicGd.Plotting;

// Trains the generated 64-32-10 network on 80% of the 8×8 digits and tests it on the other 20%: per epoch the
// loss, both accuracies and the time, then the confusion matrix, the accuracy curves (docs/images) and the
// derivation the generator wrote.
Console.OutputEncoding = System.Text.Encoding.UTF8;
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Width = 120;
}

DigitsNet.Sample[] all = DigitsData.Load();
var (train, test) = DigitsData.Split(all, testFraction: 0.2, seed: 2026);
AnsiConsole.MarkupLine($"[bold]8×8 digits[/]: {all.Length} images, {train.Length} to train on, {test.Length} to test on.");

var net = new DigitsNet();
net.Initialize(seed: 42);
AnsiConsole.MarkupLine($"Network 64-32-10 (tanh, softmax cross-entropy): {net.ParameterCount} parameters. SGD η = 0.1, batches of 32.");

var table = new Table().AddColumns("epoch", "loss", "train accuracy", "test loss", "test accuracy", "time (with scoring)");
foreach (TableColumn column in table.Columns)
{
    column.RightAligned();
}

// Train accuracy and loss are counted as the trainer counts them, each sample at the parameters its batch saw
// (before that batch's step), so they lag the network a little.
TimeSpan previous = TimeSpan.Zero;
TrainingResult result = Training.Run(net, train, test, epoch =>
{
    table.AddRow(
        epoch.Epoch.ToString(),
        epoch.Loss.ToString("F4"),
        epoch.Accuracy!.Value.ToString("P1"),
        epoch.ValidationLoss!.Value.ToString("F4"),
        epoch.ValidationAccuracy!.Value.ToString("P1"),
        $"{(epoch.Elapsed - previous).TotalMilliseconds:F2} ms");
    previous = epoch.Elapsed;
});
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Stopped after {result.Epochs} epochs ({result.StopReason}). The table's loss of epoch {result.Epochs} " +
    $"({result.History[^1].Loss:F4}) is the mean over that epoch, each batch before its step; measured once more after the last step, " +
    $"the training loss is {result.FinalLoss:F4} and the test accuracy {Trainer.Score(net, test).Accuracy:P1}.");

// The curves, for the README (or the folder given as the first argument).
string images = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "docs", "images");
Directory.CreateDirectory(images);
string accuracyPicture = Path.Combine(images, "digits-accuracy.png");
PlotFiles.Save(Training.AccuracyPicture(result.History), accuracyPicture, 800, 500);
AnsiConsole.MarkupLine($"Accuracy curves: {Markup.Escape(accuracyPicture)}");

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

// The same task for a model written as a loss with loops: softmax regression over the 64 pixels.
var regressionTrain = Array.ConvertAll(train, sample => new SoftmaxRegression.Sample(sample.Input, sample.Label));
var regressionTest = Array.ConvertAll(test, sample => new SoftmaxRegression.Sample(sample.Input, sample.Label));
var regression = new SoftmaxRegression();
TrainingResult regressionResult = Trainer.Fit(regression, regressionTrain, new Adam(0.01), new TrainingOptions { MaxEpochs = 30, BatchSize = 32, Seed = 1 });
int right = regressionTest.Count(sample => regression.Classify(sample.x) == sample.label);
AnsiConsole.MarkupLine($"[bold]Softmax regression[/], written as a C# loss with loops ({regression.ParameterCount} parameters, Adam η = 0.01, " +
    $"{regressionResult.Epochs} epochs in {regressionResult.History[^1].Elapsed.TotalMilliseconds:F0} ms): test accuracy {(double)right / regressionTest.Length:P1}. Its gradient, in index form:");
foreach (Derivative derivative in SoftmaxRegression.Derivatives)
{
    AnsiConsole.WriteLine("  " + derivative);
}

static string RepositoryRoot()
{
    for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "SymbolicGd.sln")))
        {
            return folder.FullName;
        }
    }

    return Environment.CurrentDirectory;
}
