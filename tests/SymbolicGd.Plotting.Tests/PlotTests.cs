using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using ScottPlot;
using ScottPlot.Plottables;

namespace SymbolicGd.Plotting.Tests;

/// <summary>The pictures: files written, valid PNG and SVG of the requested size, and the data drawn is the run's.</summary>
public sealed class PlotTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "symbolicgd-plots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Loss_curves_are_a_png_of_the_requested_size_with_log_losses()
    {
        TrainingResult result = TrainOneWeight(0.5, epochs: 12, validation: true);
        string file = Path.Combine(_folder, "sub", "loss.png");
        TrainingPlots.SaveLossCurves(result.History, file, width: 640, height: 360);

        AssertPng(file, 640, 360);
        Plot plot = TrainingPlots.LossCurves(result.History);
        Scatter training = Series(plot, TrainingPlots.TrainingLabel);
        Assert.Equal(result.History.Select(r => Math.Log10(r.Loss)), training.Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal(Enumerable.Range(1, 12).Select(e => (double)e), training.Data.GetScatterPoints().Select(p => p.X));
        Scatter validation = Series(plot, TrainingPlots.ValidationLabel);
        Assert.Equal(result.History.Select(r => Math.Log10(r.ValidationLoss!.Value)), validation.Data.GetScatterPoints().Select(p => p.Y));
    }

    [Fact]
    public void Loss_curves_fall_back_to_a_linear_scale_when_a_loss_is_zero()
    {
        // η = 1 reaches the minimum in one step: the second epoch's loss is exactly 0.
        TrainingResult result = TrainOneWeight(1.0, epochs: 3, validation: false);
        Scatter training = Series(TrainingPlots.LossCurves(result.History), TrainingPlots.TrainingLabel);
        Assert.Equal(new[] { 0.5, 0.0, 0.0 }, training.Data.GetScatterPoints().Select(p => p.Y));
    }

    [Fact]
    public void Descent_paths_over_contours_are_an_svg_of_the_requested_size_and_draw_the_recorded_parameters()
    {
        var paths = new[] { ("GD η = 0.001", (IOptimizer)new GradientDescent(0.001)), ("Adam η = 0.05", new Adam(0.05)) }
            .Select(run =>
            {
                TrainingResult result = Trainer.Fit(new RosenbrockModel(), run.Item2, new TrainingOptions { MaxEpochs = 40, RecordParameters = true });
                return (Path: DescentPath.FromHistory(run.Item1, result.History), result.History);
            })
            .ToArray();

        string file = Path.Combine(_folder, "valley.svg");
        DescentPlots.SaveContours(file, SymbolicGd.Testing.Rosenbrock.At, -2, 2, -1, 3, paths.Select(p => p.Path), width: 500, height: 400);
        XElement svg = XDocument.Load(file).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("500", svg.Attribute("width")!.Value);
        Assert.Equal("400", svg.Attribute("height")!.Value);

        Plot plot = DescentPlots.Contours(Rosenbrock.At, -2, 2, -1, 3, paths.Select(p => p.Path));
        Assert.Single(plot.GetPlottables().OfType<ContourLines>());
        foreach ((DescentPath path, TrainingHistory history) in paths)
        {
            Coordinates[] drawn = Series(plot, path.Label).Data.GetScatterPoints().ToArray();
            Assert.Equal(41, drawn.Length);
            Assert.Equal(new Coordinates(-1.2, 1.0), drawn[0]);
            for (int e = 0; e < history.Count; e++)
            {
                Assert.Equal(history[e].Parameters![0], drawn[e + 1].X);
                Assert.Equal(history[e].Parameters![1], drawn[e + 1].Y);
            }
        }
    }

    [Fact]
    public void Learning_rate_walks_side_by_side_are_written_as_png_and_svg()
    {
        static double Loss(double w) => 0.5 * (w - 1.0) * (w - 1.0);
        DescentPath[] walks = new[] { 0.1, 0.5, 1.5, 2.5 }
            .Select(eta => DescentPath.Walk($"η = {eta}", TrainOneWeight(eta, epochs: 6, validation: false, record: true).History, Loss))
            .ToArray();

        // η = 2.5 multiplies the error w − 1 by −1.5 every step: |w − 1| after 6 steps is 1.5⁶.
        Assert.Equal(Math.Pow(1.5, 6), Math.Abs(walks[3].X[^1] - 1.0), 12);
        Assert.Equal(walks[1].X.Select(Loss), walks[1].Y);

        string png = Path.Combine(_folder, "walks.png");
        DescentPlots.SaveWalks(png, Loss, -1, 3, walks, width: 1200, height: 300);
        AssertPng(png, 1200, 300);
        string svg = Path.Combine(_folder, "walks.svg");
        DescentPlots.SaveWalks(svg, Loss, -1, 3, walks, width: 1200, height: 300);
        XElement root = XDocument.Load(svg).Root!;
        Assert.Equal("1200", root.Attribute("width")!.Value);

        Scatter drawn = Series(DescentPlots.Walk(Loss, -1, 3, walks[2]), walks[2].Label);
        Assert.Equal(walks[2].X, drawn.Data.GetScatterPoints().Select(p => p.X));
    }

    [Fact]
    public void Accuracy_curves_show_training_and_validation_accuracy()
    {
        var random = new Random(4);
        Separator.Sample Make()
        {
            double x = random.NextDouble() * 2 - 1, y = random.NextDouble() * 2 - 1;
            return new Separator.Sample(new[] { x, y }, x * y > 0 ? 1 : 0);
        }

        Separator.Sample[] train = Enumerable.Range(0, 80).Select(_ => Make()).ToArray();
        Separator.Sample[] validation = Enumerable.Range(0, 40).Select(_ => Make()).ToArray();
        var net = new Separator();
        net.Initialize(2);
        TrainingResult result = Trainer.Fit(
            net, train, new Adam(0.05), new TrainingOptions { MaxEpochs = 15, BatchSize = 16, MeasureAccuracy = true }, validation);

        string file = Path.Combine(_folder, "accuracy.png");
        TrainingPlots.SaveAccuracyCurves(result.History, file, 400, 300);
        AssertPng(file, 400, 300);
        Plot plot = TrainingPlots.AccuracyCurves(result.History);
        Assert.Equal(result.History.Select(r => r.Accuracy!.Value), Series(plot, TrainingPlots.TrainingLabel).Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal(
            result.History.Select(r => r.ValidationAccuracy!.Value),
            Series(plot, TrainingPlots.ValidationLabel).Data.GetScatterPoints().Select(p => p.Y));
    }

    [Fact]
    public void Missing_data_and_bad_files_are_reported()
    {
        TrainingHistory plain = TrainOneWeight(0.5, epochs: 2, validation: false).History;
        Assert.Contains("MeasureAccuracy", Assert.Throws<ArgumentException>(() => TrainingPlots.AccuracyCurves(plain)).Message, StringComparison.Ordinal);
        Assert.Contains("RecordParameters", Assert.Throws<ArgumentException>(() => DescentPath.FromHistory("x", plain)).Message, StringComparison.Ordinal);
        var error = Assert.Throws<ArgumentException>(() => TrainingPlots.SaveLossCurves(plain, Path.Combine(_folder, "loss.jpg")));
        Assert.Equal("path", error.ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPlots.SaveLossCurves(plain, Path.Combine(_folder, "a.png"), width: 0)).ParamName);
        // A one-parameter model has no second coordinate for a contour path.
        Assert.Equal("yParameter", Assert.Throws<ArgumentOutOfRangeException>(() =>
            DescentPath.FromHistory("w", TrainOneWeight(0.5, 2, false, record: true).History)).ParamName);
        Assert.False(File.Exists(Path.Combine(_folder, "loss.jpg")));
    }

    private static TrainingResult TrainOneWeight(double eta, int epochs, bool validation, bool record = false)
    {
        var train = new OneWeight.Sample[] { new(1.0, 1.0) };
        var held = validation ? new OneWeight.Sample[] { new(2.0, 1.0), new(1.0, 1.5) } : null;
        return Trainer.Fit(
            new OneWeight(), train, new GradientDescent(eta),
            new TrainingOptions { MaxEpochs = epochs, RecordParameters = record, DivergenceBound = double.PositiveInfinity }, held);
    }

    private static Scatter Series(Plot plot, string label) =>
        plot.GetPlottables().OfType<Scatter>().Single(s => s.LegendText == label);

    private static void AssertPng(string file, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 33, $"{file} is {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
