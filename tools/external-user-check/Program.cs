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

Console.WriteLine(JsonSerializer.Serialize(records));
foreach (var d in TinyMlp.Derivatives.Take(2).Concat(Robust.Derivatives)) Console.Error.WriteLine(d); // the closed forms, to read
