using System;
using System.Linq;
using HandDerivations;
using Spectre.Console;
using SymbolicGd;

// The three worked examples of gradient descent and back-propagation, computed by the code SymbolicGd generated
// from the models in Models.cs, next to the values the textbooks derive by hand.
Console.OutputEncoding = System.Text.Encoding.UTF8;
if (Console.IsOutputRedirected)
{
    // Piped to a file or another program: plain text, wide enough for the tables.
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Width = 132;
}

OneWeightExample();
ComputationGraphExample();
NetworkExample();

static void OneWeightExample()
{
    Report.Heading("1. One weight, one sample: f(x) = w·x, E = ½(w·x − t)²");
    Report.Line($"Generated: {OneWeight.Derivatives.Single()}    (f = w·x; by hand: ∂E/∂w = {HandValues.OneWeightDerivative})");

    var samples = new[] { new OneWeight.Sample(x: 1, t: 1) };
    var trace = StepTrace.Record(new OneWeight(), samples, new GradientDescent(learningRate: 0.5), steps: 2);
    Report.Line("Two steps of gradient descent from w = 0 with η = 0.5, as the step trace records them:");
    AnsiConsole.WriteLine(trace.ToTable());

    var table = Report.Table("step", "f(x)", "E", "∂E/∂w", "new w", "agrees with the hand table");
    for (int i = 0; i < trace.Steps.Count; i++)
    {
        var step = trace.Steps[i];
        var hand = HandValues.OneWeightSteps[i];
        double f = step.Intermediates![0];
        bool exact = f == hand.F && step.Loss == hand.E && step.Gradient[0] == hand.Derivative && step.ParametersAfter[0] == hand.NewW;
        table.AddRow(
            (i + 1).ToString(),
            Report.Number(f),
            Report.Number(step.Loss),
            Report.Number(step.Gradient[0]),
            Report.Number(step.ParametersAfter[0]),
            exact ? "[green]exact[/]" : "[red]no[/]");
    }

    AnsiConsole.Write(table);

    Report.Line("The learning rate decides what happens:");
    var overshoot = StepTrace.Record(new OneWeight(), samples, new GradientDescent(1.5), steps: 4);
    Report.Line("  η = 1.5 overshoots and oscillates around w = 1: 0 → " +
        string.Join(" → ", overshoot.Steps.Select(s => Report.Number(s.ParametersAfter[0]))) + " → … and still converges.");

    var diverging = Trainer.Fit(new OneWeight(), samples, new GradientDescent(2.5));
    Report.Line($"  η = 2.5: {diverging.Message}");

    int EpochsToConverge(double learningRate)
    {
        // |w − 1| < 1e-6 exactly when E = ½(w − 1)² < 5e-13.
        var result = Trainer.Fit(new OneWeight(), samples, new GradientDescent(learningRate), new TrainingOptions { TargetLoss = 5e-13, MaxEpochs = 10_000 });
        return result.Epochs;
    }

    Report.Line($"  η = 0.5 reaches |w − 1| < 1e-6 in {EpochsToConverge(0.5)} epochs; η = 0.1 needs {EpochsToConverge(0.1)} (each step removes only 10% of the error).");
}

static void ComputationGraphExample()
{
    Report.Heading("2. A computation graph: L = (a·b + c)·f");
    var (value, gradient) = new ComputationGraph().ValueAndGradient();
    Report.Line($"L = {Report.Number(value)} (by hand: {Report.Number(HandValues.ComputationGraphLoss)}) {(value == HandValues.ComputationGraphLoss ? "exact" : "differs")}");

    double[] generated = { gradient.a, gradient.b, gradient.c, gradient.f };
    var table = Report.Table("parameter", "generated closed form", "by hand", "generated value", "by hand", "agreement");
    for (int i = 0; i < generated.Length; i++)
    {
        var hand = HandValues.ComputationGraph[i];
        var derivative = ComputationGraph.Derivatives[i];
        table.AddRow(
            Markup.Escape(hand.Parameter),
            Markup.Escape(derivative.ToString()),
            Markup.Escape($"∂L/∂{hand.Parameter} = {hand.ClosedForm}"),
            Report.Number(generated[i]),
            Report.Number(hand.Value),
            Report.Agreement(generated[i], hand.Value));
    }

    AnsiConsole.Write(table);
    Report.Line("Stepping every parameter by +η·(its gradient) raises L by about η·Σ(∂L/∂θ)²: to minimise, step against the gradient.");
}

static void NetworkExample()
{
    Report.Heading("3. A 2-2-2 sigmoid network, one sample (i1 = 0.05, i2 = 0.10; t1 = 0.01, t2 = 0.99)");
    var network = new Network();
    var sample = new Network.Sample(HandValues.I1, HandValues.I2, HandValues.T1, HandValues.T2);
    Span<double> named = stackalloc double[network.IntermediateNames.Count];
    double error = network.Evaluate(sample.i1, sample.i2, sample.t1, sample.t2, named);
    int o1 = IndexOf(network, "o1"), o2 = IndexOf(network, "o2");

    var forward = Report.Table("quantity", "generated", "by hand", "agreement");
    forward.AddRow("o1", Report.Number(named[o1]), Report.Number(HandValues.O1), Report.Agreement(named[o1], HandValues.O1));
    forward.AddRow("o2", Report.Number(named[o2]), Report.Number(HandValues.O2), Report.Agreement(named[o2], HandValues.O2));
    forward.AddRow("E", Report.Number(error), Report.Number(HandValues.E), Report.Agreement(error, HandValues.E));
    AnsiConsole.Write(forward);

    Span<double> gradient = stackalloc double[network.ParameterCount];
    Span<double> weights = stackalloc double[network.ParameterCount];
    network.Backward(sample.i1, sample.i2, sample.t1, sample.t2, gradient);
    network.CopyParametersTo(weights);

    var backward = Report.Table("weight", "∂E/∂w generated", "by hand", "agreement");
    var stepped = Report.Table("weight", "after one step (η = 0.5)", "by hand", "agreement");
    for (int i = 0; i < gradient.Length; i++)
    {
        double updated = weights[i] - HandValues.LearningRate * gradient[i];
        string name = network.ParameterNames[i];
        backward.AddRow(name, Report.Number(gradient[i]), Report.Number(HandValues.Gradient[i]), Report.Agreement(gradient[i], HandValues.Gradient[i]));
        stepped.AddRow(name, Report.Number(updated), Report.Number(HandValues.WeightsAfterOneStep[i]), Report.Agreement(updated, HandValues.WeightsAfterOneStep[i]));
    }

    AnsiConsole.Write(backward);
    AnsiConsole.Write(stepped);

    Report.Line("The derivatives, as the generator wrote them (δo1 = o1·(1 − o1)·(o1 − t1) in the hand derivation):");
    foreach (var derivative in Network.Derivatives)
    {
        Report.Line("  " + derivative);
    }

    var result = Trainer.Fit(network, new[] { sample }, new GradientDescent(HandValues.LearningRate), new TrainingOptions { MaxEpochs = 10_000 });
    error = network.Evaluate(sample.i1, sample.i2, sample.t1, sample.t2, named);
    Report.Line($"Training on the one sample with the trainer: {result.Message}");
    var trained = Report.Table("after 10,000 steps", "generated", "by hand", "agreement");
    trained.AddRow("E", Report.Number(error), Report.Number(HandValues.EAfter10000Steps), Report.Agreement(error, HandValues.EAfter10000Steps));
    trained.AddRow("o1", Report.Number(named[o1]), Report.Number(HandValues.O1After10000Steps), Report.Agreement(named[o1], HandValues.O1After10000Steps));
    trained.AddRow("o2", Report.Number(named[o2]), Report.Number(HandValues.O2After10000Steps), Report.Agreement(named[o2], HandValues.O2After10000Steps));
    AnsiConsole.Write(trained);
}

static int IndexOf(IDifferentiable model, string name) => model.IntermediateNames.ToList().IndexOf(name);
