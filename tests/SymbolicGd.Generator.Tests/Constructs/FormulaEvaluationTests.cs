using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// Every printed formula means what Backward computes: each ∂L/∂p of every model compiled in this project (the
/// Models folder covers every construct and function) is parsed with ordinary precedence, evaluated at random
/// points with the parameters, data arguments, members and named locals (from Evaluate) bound, and compared with
/// the gradient Backward writes. A formula printed with a missing parenthesis evaluates to another number.
/// </summary>
public class FormulaEvaluationTests
{
    private delegate double Call0(Span<double> span);
    private delegate double Call1(double a, Span<double> span);
    private delegate double Call2(double a, double b, Span<double> span);
    private delegate double Call3(double a, double b, double c, Span<double> span);
    private delegate double Call4(double a, double b, double c, double d, Span<double> span);
    private delegate double Call5(double a, double b, double c, double d, double e, Span<double> span);

    private static readonly Type[] s_delegates = { typeof(Call0), typeof(Call1), typeof(Call2), typeof(Call3), typeof(Call4), typeof(Call5) };

    private readonly ITestOutputHelper _output;

    public FormulaEvaluationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Every_printed_derivative_evaluates_to_the_gradient_of_Backward_at_random_points()
    {
        var models = Models();
        var random = new Random(20261202);
        int formulas = 0, checkedFormulas = 0, comparisons = 0;
        var unchecked_ = new List<string>();
        var failures = new List<string>();
        foreach (var type in models)
        {
            var derivatives = (IReadOnlyList<Derivative>)type.GetProperty("Derivatives", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var model = (IDifferentiable)Activator.CreateInstance(type)!;
            var backwardMethod = SpanMethod(type, "Backward");
            var evaluateMethod = SpanMethod(type, "Evaluate");
            if (backwardMethod is null || evaluateMethod is null)
            {
                unchecked_.Add($"{type.Name}: no Backward/Evaluate of doubles");
                continue;
            }

            var dataNames = backwardMethod.GetParameters().SkipLast(1).Select(p => p.Name!).ToArray();
            var intermediateNames = ((IReadOnlyList<string>)type.GetProperty("IntermediateNames")!.GetValue(model)!).ToArray();
            var parameterNames = model.ParameterNames.ToArray();
            var backward = backwardMethod.CreateDelegate(s_delegates[dataNames.Length], model);
            var evaluate = evaluateMethod.CreateDelegate(s_delegates[dataNames.Length], model);

            // A [Residual] model lists ∂r/∂θ after the loss's derivatives: those are checked against its ResidualGradient.
            var residualGradient = SpanMethod(type, "ResidualGradient")?.CreateDelegate(s_delegates[dataNames.Length], model);
            var checkedHere = new HashSet<int>();
            for (int point = 0; point < 6; point++)
            {
                var theta = parameterNames.Select(_ => 0.3 + random.NextDouble()).ToArray();
                var data = dataNames.Select(_ => 0.3 + random.NextDouble()).ToArray();
                model.SetParameters(theta);
                var gradient = new double[theta.Length];
                var intermediates = new double[intermediateNames.Length];
                var jacobianRow = new double[theta.Length];
                double value, value2;
                try
                {
                    value = Invoke(backward, data, gradient);
                    value2 = Invoke(evaluate, data, intermediates);
                    if (residualGradient is not null)
                    {
                        Invoke(residualGradient, data, jacobianRow);
                    }
                }
                catch (Exception e) when (e is ArgumentException or ArithmeticException)
                {
                    continue; // Math.Clamp with min > max, Math.Sign(NaN): the loss itself throws there
                }

                if (!double.IsFinite(value) || value != value2)
                {
                    continue;
                }

                var bound = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int i = 0; i < parameterNames.Length; i++)
                {
                    bound[parameterNames[i]] = theta[i];
                }

                for (int i = 0; i < dataNames.Length; i++)
                {
                    bound[dataNames[i]] = data[i];
                }

                for (int i = 0; i < intermediateNames.Length; i++)
                {
                    bound[intermediateNames[i]] = intermediates[i];
                }

                double Lookup(string name) => bound.TryGetValue(name, out double v) ? v : Member(type, model, name);

                for (int k = 0; k < derivatives.Count; k++)
                {
                    var derivative = derivatives[k];
                    int index = Array.IndexOf(parameterNames, derivative.Parameter);
                    Assert.True(index >= 0, $"{type.Name}: Derivatives names '{derivative.Parameter}', which is not a parameter");
                    if (derivative.Formula.Contains(" … (abbreviated", StringComparison.Ordinal))
                    {
                        unchecked_.Add($"{type.Name}: {derivative.Parameter}: the formula is abbreviated");
                        continue;
                    }

                    double fromFormula;
                    try
                    {
                        fromFormula = FormulaEvaluator.Evaluate(derivative.Formula, Lookup);
                    }
                    catch (KeyNotFoundException e)
                    {
                        unchecked_.Add($"{type.Name}: {derivative}: {e.Message}");
                        break;
                    }

                    double g = residualGradient is not null && derivative.Loss != derivatives[0].Loss ? jacobianRow[index] : gradient[index];
                    if (!double.IsFinite(g))
                    {
                        continue;
                    }

                    comparisons++;
                    checkedHere.Add(k);
                    if (!(Math.Abs(fromFormula - g) <= 1e-9 * Math.Max(1, Math.Abs(g))))
                    {
                        failures.Add($"{type.FullName}: {derivative} gives {fromFormula:R}, Backward {g:R} at θ = [{Join(theta)}], data = [{Join(data)}]");
                    }
                }
            }

            formulas += derivatives.Count;
            checkedFormulas += checkedHere.Count;
        }

        _output.WriteLine($"{models.Count} models, {formulas} formulas, {checkedFormulas} checked ({comparisons} comparisons)");
        foreach (string line in unchecked_.Distinct().Concat(failures.Take(20)))
        {
            _output.WriteLine(line);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} formulas disagree with Backward; the first: {failures.FirstOrDefault()}");
        Assert.True(models.Count >= 50, $"only {models.Count} models found");
        Assert.True(checkedFormulas >= 0.9 * formulas, $"only {checkedFormulas} of {formulas} formulas were checked: {string.Join("; ", unchecked_.Distinct().Take(10))}");
    }

    [Fact]
    public void The_evaluator_reads_precedence_as_mathematics_does()
    {
        double Eval(string f) => FormulaEvaluator.Evaluate(f, name => name switch { "a" => 2, "b" => 3, "c" => 5, _ => throw new KeyNotFoundException(name) });
        Assert.Equal(2 + 3 * 5, Eval("a + b·c"));
        Assert.Equal((2 + 3) * 5, Eval("(a + b)·c"));
        Assert.Equal(2 - 3 - 5, Eval("a − b − c"));
        Assert.Equal(-4, Eval("−a²"));
        Assert.Equal(2.0 / 3 / 5, Eval("a/b/c"), 15);
        Assert.Equal(Math.Pow(2, -1) * 5, Eval("a⁻¹·c"));
        Assert.Equal(Math.Pow(2, 3 * 5), Eval("a^(b·c)"));
        Assert.Equal(Math.Sqrt(2) * 3, Eval("√a·b"), 15);
        Assert.Equal(Math.Log10(2) + Math.Log(3) + Functions.Sigmoid(5), Eval("log₁₀(a) + ln(b) + σ(c)"), 15);
        Assert.Equal(3, Eval("a < b && b ≥ c || c ≠ a ? b : c"));
        Assert.Equal(1e-5 * 2, Eval("1E−05·a"));
        Assert.Equal(Math.Abs(2 - 3) * Math.PI, Eval("|a − b|·π"), 15);
        Assert.Throws<FormatException>(() => Eval("a + "));
        Assert.Equal(new[] { "a", "this.b", "s_2", "c" }, FormulaEvaluator.Names("a·exp(this.b) + 1E−05·s_2·σ(a) − π·e + log₁₀(c) … (abbreviated: x)"));
    }

    [Fact]
    public void Every_formula_names_only_what_the_user_wrote()
    {
        // A formula is read away from the generated code (Derivatives, the derivation in the docs): a name of that
        // code's (t3, dL_ds) means nothing there. Every name must be a parameter, a data argument, one of the user's
        // own locals (IntermediateNames, a reassigned one as s_2) or a member of the model, this.m for one hidden by
        // a local or argument of its name.
        var failures = new List<string>();
        int formulas = 0, names = 0;
        foreach (var type in Models())
        {
            var derivatives = (IReadOnlyList<Derivative>)type.GetProperty("Derivatives", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var model = (IDifferentiable)Activator.CreateInstance(type)!;
            var backward = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .First(m => m.Name == "Backward" && m.GetParameters() is { Length: > 0 } p && p[^1].ParameterType == typeof(Span<double>));
            var own = new HashSet<string>(model.ParameterNames, StringComparer.Ordinal);
            own.UnionWith(backward.GetParameters().SkipLast(1).Select(p => p.Name!));
            own.UnionWith((IReadOnlyList<string>)type.GetProperty("IntermediateNames")!.GetValue(model)!);
            bool IsMember(string name)
            {
                try
                {
                    Member(type, model, name);
                    return true;
                }
                catch (KeyNotFoundException)
                {
                    return false;
                }
            }

            foreach (var derivative in derivatives)
            {
                formulas++;
                foreach (string name in FormulaEvaluator.Names(derivative.Formula))
                {
                    names++;
                    bool users = name.StartsWith("this.", StringComparison.Ordinal)
                        ? IsMember(name["this.".Length..])
                        : own.Contains(name) || IsMember(name);
                    if (!users)
                    {
                        failures.Add($"{type.FullName}: {derivative} names '{name}', which the user never wrote");
                    }
                }
            }
        }

        _output.WriteLine($"{formulas} formulas, {names} names read");
        foreach (string failure in failures.Take(20))
        {
            _output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} formulas name what the user never wrote; the first: {failures.FirstOrDefault()}");
        Assert.True(formulas >= 100 && names >= formulas, $"only {formulas} formulas and {names} names checked");
    }

    /// <summary>Every model compiled in this project that can be made and called without arguments.</summary>
    private static List<Type> Models() => typeof(FormulaEvaluationTests).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DifferentiableAttribute>() is not null && !t.IsAbstract && !t.ContainsGenericParameters &&
                    typeof(IDifferentiable).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    private static MethodInfo? SpanMethod(Type type, string name) => type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        .FirstOrDefault(m => m.Name == name && m.GetParameters() is { Length: > 0 and <= 6 } p &&
                             p[^1].ParameterType == typeof(Span<double>) && p.SkipLast(1).All(a => a.ParameterType == typeof(double)));

    private static double Invoke(Delegate d, double[] x, double[] span) => d switch
    {
        Call0 f => f(span),
        Call1 f => f(x[0], span),
        Call2 f => f(x[0], x[1], span),
        Call3 f => f(x[0], x[1], x[2], span),
        Call4 f => f(x[0], x[1], x[2], x[3], span),
        Call5 f => f(x[0], x[1], x[2], x[3], x[4], span),
        _ => throw new ArgumentException($"unexpected delegate {d.GetType()}", nameof(d)),
    };

    /// <summary>A field, constant or property of the model (or a base) that a formula reads by name; this.m is the
    /// member m, which a local or argument of its name hides.</summary>
    private static double Member(Type type, object model, string name)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        if (name.StartsWith("this.", StringComparison.Ordinal))
        {
            name = name["this.".Length..];
        }

        if (name.LastIndexOf('.') is int dot and > 0)
        {
            string owner = name[..dot];
            var other = type.Assembly.GetTypes().Where(t => t.Name == owner || t.FullName == owner)
                .OrderBy(t => t.Namespace == type.Namespace ? 0 : 1).FirstOrDefault();
            if (other is not null)
            {
                return Member(other, model, name[(dot + 1)..]);
            }
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.GetField(name, flags) is { } field && field.FieldType == typeof(double))
            {
                return (double)field.GetValue(field.IsStatic ? null : model)!;
            }

            if (t.GetProperty(name, flags) is { } property && property.PropertyType == typeof(double) && property.GetIndexParameters().Length == 0)
            {
                return (double)property.GetValue(property.GetMethod!.IsStatic ? null : model)!;
            }
        }

        throw new KeyNotFoundException($"'{name}' is not a parameter, data argument, named local or double member of {type.Name}");
    }

    private static string Join(double[] values) => string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
