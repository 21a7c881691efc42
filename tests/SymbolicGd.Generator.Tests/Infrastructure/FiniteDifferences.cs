using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace SymbolicGd.Generator.Tests.Infrastructure;

/// <summary>
/// Checks a generated gradient against central finite differences of the user's own loss, and the generated
/// methods against each other: the value is the user's, bit for bit; <c>Backward</c> adds; <c>ValueAndGradient</c>
/// and <c>Evaluate</c> agree with <c>Backward</c>.
/// </summary>
public static class FiniteDifferences
{
    /// <summary>The step, relative to the parameter (absolute below |θ| = 1).</summary>
    /// <remarks>
    /// The central difference (f(θ+h) − f(θ−h))/2h has a truncation error of h²·|f‴|/6 and a rounding error of about
    /// k·ε·|f|/h, where ε ≈ 2.2e-16 and k counts the rounding steps of f (a few tens here). h = 1e-6·max(1, |θ|)
    /// balances them: about 1e-13·|f‴| and k·2e-10·|f| respectively, both far below the tolerance below for the
    /// points the tests use (kept away from kinks and singularities, where finite differences mean nothing).
    /// </remarks>
    public const double RelativeStep = 1e-6;

    /// <summary>Relative tolerance against the analytic derivative.</summary>
    /// <remarks>
    /// A wrong derivative rule is off by a factor (a sign, a missing term, a chain-rule factor), i.e. by O(1)
    /// relative; the finite difference itself is good to about 1e-9 relative at these points. 1e-6 separates the two
    /// by three orders of magnitude each way.
    /// </remarks>
    public const double RelativeTolerance = 1e-6;

    /// <summary>Absolute floor, scaled by max(1, |loss|): the rounding error of the difference quotient is
    /// proportional to |loss|/h, so a derivative near zero is compared to within k·ε·|loss|/h with a margin of ten.</summary>
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>Central differences of <paramref name="loss"/> with respect to every parameter of <paramref name="model"/>.</summary>
    public static double[] Estimate(IDifferentiable model, Func<double> loss) =>
        SymbolicGd.Testing.CentralDifference.Gradient(model, loss, RelativeStep);

    /// <summary>Checks a model whose loss takes a sample, at its current parameters and <paramref name="sample"/>.</summary>
    /// <returns>The gradient Backward computed.</returns>
    public static double[] Check<TModel, TSample, TGradient>(
        TModel model, TSample sample, Func<TModel, (double Value, TGradient Gradient)> valueAndGradient, double toleranceScale = 1)
        where TModel : IDifferentiableLoss<TSample>
        where TSample : struct
        where TGradient : struct
    {
        // Box a struct model once, so that SetParameters reaches the copy every call reads.
        IDifferentiableLoss<TSample> face = model;
        return CheckCore(
            face,
            () => face.Loss(sample),
            g => face.Backward(sample, g),
            i => face.Evaluate(sample, i),
            () =>
            {
                var (value, gradient) = valueAndGradient((TModel)face);
                return (value, ToArray(gradient!, face.ParameterNames));
            },
            $"{typeof(TModel).Name} at {Describe(face)}, sample {sample}",
            toleranceScale);
    }

    /// <summary>Checks a model whose loss takes no data, at its current parameters.</summary>
    /// <returns>The gradient Backward computed.</returns>
    public static double[] Check<TModel, TGradient>(
        TModel model, Func<TModel, (double Value, TGradient Gradient)> valueAndGradient, double toleranceScale = 1)
        where TModel : IDifferentiableLoss
        where TGradient : struct
    {
        IDifferentiableLoss face = model;
        return CheckCore(
            face,
            face.Loss,
            g => face.Backward(g),
            i => face.Evaluate(i),
            () =>
            {
                var (value, gradient) = valueAndGradient((TModel)face);
                return (value, ToArray(gradient!, face.ParameterNames));
            },
            $"{typeof(TModel).Name} at {Describe(face)}",
            toleranceScale);
    }

    /// <summary>Checks a model loaded from an in-memory compilation, whose types the test cannot name.</summary>
    public static double[] CheckLoaded(object model, double[] sample, double toleranceScale = 1)
    {
        var type = model.GetType();
        var differentiable = (IDifferentiable)model;
        var valueAndGradient = type.GetMethod("ValueAndGradient")!;
        var loss = type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(m => m.GetCustomAttribute<LossAttribute>() is not null);

        // Span<double> cannot be boxed for reflection: call through the interfaces (generic ones through a thunk).
        Func<double[], double> Backward;
        Func<double[], double> Evaluate;
        if (model is IDifferentiableLoss dataFree)
        {
            Backward = g => dataFree.Backward(g);
            Evaluate = i => dataFree.Evaluate(i);
        }
        else
        {
            var sampleType = type.GetNestedType("Sample")!;
            object boxed = Activator.CreateInstance(sampleType, sample.Cast<object>().ToArray())!;
            var face = type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDifferentiableLoss<>));
            Backward = g => InvokeWithSpan(face, "Backward", model, boxed, g);
            Evaluate = i => InvokeWithSpan(face, "Evaluate", model, boxed, i);
        }

        return CheckCore(
            differentiable,
            () => (double)loss.Invoke(model, sample.Cast<object>().ToArray())!,
            Backward,
            Evaluate,
            () =>
            {
                object tuple = valueAndGradient.Invoke(model, sample.Cast<object>().ToArray())!;
                var fields = tuple.GetType().GetFields();
                return ((double)fields[0].GetValue(tuple)!, ToArray(fields[1].GetValue(tuple)!, differentiable.ParameterNames));
            },
            $"{type.Name} at {Describe(differentiable)}, sample ({string.Join(", ", sample.Select(Format))})",
            toleranceScale);
    }

    // The interface methods take `in TSample` and a Span: invoke them through a generic helper made for the type.
    private static double InvokeWithSpan(Type face, string name, object model, object sample, double[] span)
    {
        var helper = typeof(FiniteDifferences).GetMethod(name == "Backward" ? nameof(BackwardThunk) : nameof(EvaluateThunk), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(face.GetGenericArguments()[0]);
        return (double)helper.Invoke(null, new[] { model, sample, span })!;
    }

    private static double BackwardThunk<TSample>(object model, object sample, double[] gradient)
        where TSample : struct => ((IDifferentiableLoss<TSample>)model).Backward((TSample)sample, gradient);

    private static double EvaluateThunk<TSample>(object model, object sample, double[] intermediates)
        where TSample : struct => ((IDifferentiableLoss<TSample>)model).Evaluate((TSample)sample, intermediates);

    private static double[] CheckCore(
        IDifferentiable model,
        Func<double> loss,
        Func<double[], double> backward,
        Func<double[], double> evaluate,
        Func<(double Value, double[] Gradient)> valueAndGradient,
        string where,
        double toleranceScale)
    {
        int n = model.ParameterCount;
        Assert.Equal(n, model.ParameterNames.Count);
        Assert.Equal(n, model.Derivatives.Count);

        // The value is the user's own C#, bit for bit, from every generated method.
        double expected = loss();
        var gradient = new double[n];
        AssertIdentical(expected, backward(gradient), $"Backward's value {where}");
        AssertIdentical(expected, evaluate(new double[model.IntermediateNames.Count]), $"Evaluate's value {where}");
        var (value, fromValueAndGradient) = valueAndGradient();
        AssertIdentical(expected, value, $"ValueAndGradient's value {where}");
        for (int i = 0; i < n; i++)
        {
            AssertIdentical(gradient[i], fromValueAndGradient[i], $"ValueAndGradient's ∂/∂{model.ParameterNames[i]} {where}");
        }

        // Backward adds: a second call doubles, and a call on a non-zero span adds to what is there.
        var twice = (double[])gradient.Clone();
        backward(twice);
        var offset = Enumerable.Range(0, n).Select(i => 0.375 * (i + 1) - 1).ToArray();
        var added = (double[])offset.Clone();
        backward(added);
        for (int i = 0; i < n; i++)
        {
            AssertIdentical(gradient[i] + gradient[i], twice[i], $"a second Backward's ∂/∂{model.ParameterNames[i]} {where}");
            AssertIdentical(offset[i] + gradient[i], added[i], $"Backward's ∂/∂{model.ParameterNames[i]} added to {offset[i]} {where}");
        }

        // The derivatives against central differences of the user's loss.
        var estimate = Estimate(model, loss);
        double floor = AbsoluteTolerance * toleranceScale * Math.Max(1, Math.Abs(expected));
        for (int i = 0; i < n; i++)
        {
            Assert.True(double.IsFinite(gradient[i]), $"∂/∂{model.ParameterNames[i]} = {Format(gradient[i])} is not finite {where}");
            double tolerance = RelativeTolerance * toleranceScale * Math.Abs(gradient[i]) + floor;
            Assert.True(
                Math.Abs(gradient[i] - estimate[i]) <= tolerance,
                $"∂/∂{model.ParameterNames[i]} {where}: generated {Format(gradient[i])}, central difference {Format(estimate[i])} " +
                $"(off by {Format(Math.Abs(gradient[i] - estimate[i]))}, tolerance {Format(tolerance)})");
        }

        return gradient;
    }

    /// <summary>Fails unless the two doubles have the same bits (any NaN equals any NaN).</summary>
    public static void AssertIdentical(double expected, double actual, string what)
    {
        bool same = BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual) ||
                    (double.IsNaN(expected) && double.IsNaN(actual));
        Assert.True(same, $"{what}: expected {Format(expected)}, got {Format(actual)}");
    }

    /// <summary>The components of a generated Gradient record struct, in parameter order.</summary>
    public static double[] ToArray(object gradient, IReadOnlyList<string> names) =>
        names.Select(name => (double)gradient.GetType().GetProperty(name)!.GetValue(gradient)!).ToArray();

    private static string Describe(IDifferentiable model)
    {
        var theta = new double[model.ParameterCount];
        model.CopyParametersTo(theta);
        return "(" + string.Join(", ", model.ParameterNames.Zip(theta, (name, value) => name + " = " + Format(value))) + ")";
    }

    private static string Format(double value) =>
        value == 0 && double.IsNegative(value) ? "-0" : value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Models the harness generated and compiled in memory, used through reflection.</summary>
public static class LoadedModels
{
    /// <summary>Generates and compiles <c>Tests.&lt;name&gt;</c> made of <paramref name="members"/> (failing on any
    /// diagnostic or problem in the generated file) and returns a new instance.</summary>
    public static object Load(string members, string name = "Model")
    {
        var assembly = GeneratorHarness.Run(GeneratorHarness.Model(members, name)).AssertClean().Load();
        return Create(assembly, "Tests." + name);
    }

    /// <summary>A new instance of a loaded model, with the given parameters if any.</summary>
    public static object Create(Assembly assembly, string fullName, params double[] parameters)
    {
        var model = Activator.CreateInstance(assembly.GetType(fullName, throwOnError: true)!)!;
        if (parameters.Length > 0)
        {
            ((IDifferentiable)model).SetParameters(parameters);
        }

        return model;
    }

    /// <summary>The gradient ValueAndGradient returns, in parameter order.</summary>
    public static double[] GradientOf(object model, params double[] sample)
    {
        object tuple = model.GetType().GetMethod("ValueAndGradient")!.Invoke(model, sample.Cast<object>().ToArray())!;
        return FiniteDifferences.ToArray(tuple.GetType().GetField("Item2")!.GetValue(tuple)!, ((IDifferentiable)model).ParameterNames);
    }
}
