using System.Globalization;
using System.Text.Json;
using NewUser;
using SymbolicGd;

var random = new Random(20261122);
var records = new List<object>();

void Record<TSample>(string name, Func<IDifferentiableLoss<TSample>> create, Func<TSample> sample) where TSample : struct
{
    for (int point = 0; point < 5; point++)
    {
        var model = create();
        var parameters = new double[model.ParameterCount];
        model.CopyParametersTo(parameters);
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] += random.NextDouble() - 0.5;
        }

        model.SetParameters(parameters);
        var s = sample();
        var gradient = new double[model.ParameterCount];
        double value = model.Backward(in s, gradient);
        var fields = typeof(TSample).GetProperties().Select(p => (double)p.GetValue(s)!).ToArray();
        records.Add(new { name, parameters, sample = fields, value, gradient });
    }
}

double R(double lo, double hi) => lo + (hi - lo) * random.NextDouble();
Record("TinyMlp", () => new TinyMlp(), () => new TinyMlp.Sample(R(-2, 2), R(-2, 2), R(-1, 1)));
Record("Logistic", () => new Logistic(), () => new Logistic.Sample(R(-2, 2), R(-2, 2), random.Next(2)));
Record("Robust", () => new Robust(), () => new Robust.Sample(R(-3, 3), R(-3, 3)));
Record("Kitchen", () => new Kitchen(), () => new Kitchen.Sample(R(-1.5, 1.5)));

// Layer stacks: one sample's Backward at 5 random points each, and a batch of 4 through BackwardBatch.
void RecordStack<TSample>(string name, INetwork<TSample> network, Func<TSample> sample, Func<TSample, double[]> input, Func<TSample, object> answer)
    where TSample : struct
{
    for (int point = 0; point < 5; point++)
    {
        network.Initialize(point);
        var parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        TSample[] batch = [sample(), sample(), sample(), sample()];
        var gradient = new double[network.ParameterCount];
        double value = network.Backward(in batch[0], gradient);
        records.Add(new { name, kind = "stack", parameters, inputs = new[] { input(batch[0]) }, answers = new[] { answer(batch[0]) }, value, gradient });
        gradient = new double[network.ParameterCount];
        value = network.BackwardBatch(batch, [0, 1, 2, 3], gradient);
        records.Add(new { name, kind = "stack", parameters, inputs = batch.Select(input), answers = batch.Select(answer), value, gradient });
    }
}

double[] Vector(int n, double scale) => Enumerable.Range(0, n).Select(_ => R(-scale, scale)).ToArray();
double[] Bits(int n) => Enumerable.Range(0, n).Select(_ => (double)random.Next(2)).ToArray();
RecordStack("Classifier", new Classifier(), () => new Classifier.Sample(Vector(5, 2), random.Next(3)), s => s.Input, s => s.Label);
RecordStack("NaiveClassifier", new NaiveClassifier(), () => new NaiveClassifier.Sample(Vector(4, 2), random.Next(4)), s => s.Input, s => s.Label);
RecordStack("Tagger", new Tagger(), () => new Tagger.Sample(Vector(3, 2), Bits(2)), s => s.Input, s => s.Target);
RecordStack("Regressor", new Regressor(), () => new Regressor.Sample(Vector(3, 2), Vector(2, 1)), s => s.Input, s => s.Target);
RecordStack("SwishNet", new SwishNet(), () => new SwishNet.Sample(Vector(2, 3), Bits(1)), s => s.Input, s => s.Target);

Console.WriteLine(JsonSerializer.Serialize(records));
foreach (var d in TinyMlp.Derivatives.Take(2).Concat(Robust.Derivatives).Concat(Classifier.Derivatives).Concat(SwishNet.Derivatives))
{
    Console.Error.WriteLine(d); // the closed forms, to read
}
