using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Symbolic;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// Each entry of <see cref="FunctionTable"/> on its own, without a compiler: its C# spelling is a real static double
/// method, its derivative rules agree with central differences of that method, its constant folding with the method,
/// and its formula reads back (through <see cref="FormulaEvaluator"/>) as the method's value. A new entry is checked
/// by these tests as soon as it is added.
/// </summary>
public class FunctionTableTests
{
    // Points away from kinks, ties and the edges of every domain; a point outside a function's domain (NaN or an
    // infinity nearby) is skipped, and each function must still be checked at two points at least.
    private static readonly double[][] s_points =
    {
        new[] { 0.37, 1.9, 2.6 },
        new[] { 0.81, 0.23, 1.4 },
        new[] { -0.62, 2.3, 0.5 },
        new[] { 1.7, -0.45, 2.1 },
        new[] { -2.3, 0.71, -1.2 },
        new[] { 0.55, -1.3, 0.2 },
        new[] { 0.6, 0.2, 0.9 },
    };

    public static IEnumerable<object[]> Functions() => FunctionTable.All.Select(f => new object[] { f.Op.ToString() });

    private static Function Entry(string op) => FunctionTable.Of(Enum.Parse<Op>(op))!;

    [Fact]
    public void Every_function_operation_has_exactly_one_entry()
    {
        var functionOps = Enum.GetValues<Op>().Where(op => op >= Op.Square && op < Op.Select).ToList();
        Assert.Equal(functionOps, FunctionTable.All.Select(f => f.Op));
        foreach (var op in Enum.GetValues<Op>())
        {
            Assert.Equal(functionOps.Contains(op), FunctionTable.Of(op) is not null);
        }

        Assert.All(FunctionTable.All, f => Assert.Same(f, FunctionTable.Of(f.Op)));
        Assert.All(FunctionTable.All, f => Assert.True(f.Derivatives is null || f.Derivatives.Length == f.Arity, f.Op.ToString()));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void The_csharp_spelling_is_a_static_double_method_that_a_call_finds_again(string op)
    {
        var function = Entry(op);
        if (function.Type is null)
        {
            Assert.Equal(Op.SignOrZero, function.Op); // the one function only derivatives produce
            return;
        }

        var method = Method(function);
        Assert.True(method.IsStatic);
        Assert.Equal(function.Code == CodeForm.CallAsDouble ? typeof(int) : typeof(double), method.ReturnType);
        Assert.Equal("global::" + method.DeclaringType!.FullName + "." + method.Name, function.CSharp);
        Assert.Equal(function.Op, FunctionTable.Lookup(function.Type, function.Method!, function.Arity));
    }

    [Fact]
    public void A_call_of_another_method_or_arity_is_no_function()
    {
        Assert.Equal(Op.Log, FunctionTable.Lookup("System.Math", "Log", 1));
        Assert.Equal(Op.LogBase, FunctionTable.Lookup("System.Math", "Log", 2));
        Assert.Null(FunctionTable.Lookup("System.Math", "Log2", 1));
        Assert.Null(FunctionTable.Lookup("System.Math", "Exp", 2));
        Assert.Null(FunctionTable.Lookup("SymbolicGd.Functions", "Tanh", 1));
        Assert.Null(FunctionTable.Lookup("System.Math", "Sigmoid", 1));
    }

    [Fact]
    public void The_message_for_an_unsupported_call_names_every_function()
    {
        string message = Shared.Diagnostics.UnsupportedCall.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var function in FunctionTable.All.Where(f => f.Type is not null))
        {
            string type = function.Type == "System.Math" ? "Math" : function.Type!;
            Assert.Contains(type + ".", message);
            Assert.Matches($@"\b{function.Method}\b", message);
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Folding_a_constant_gives_the_runtime_value(string op)
    {
        var function = Entry(op);
        var extra = new[] { 0.0, -0.0, 1.0, -1.0, 4.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
        foreach (var point in s_points.Concat(extra.Select(x => new[] { x, 0.5, 2.0 })))
        {
            double? folded = function.Arity switch
            {
                1 => function.FoldUnary?.Invoke(point[0]),
                2 => function.FoldBinary?.Invoke(point[0], point[1]),
                _ => null,
            };
            if (folded is double value)
            {
                FiniteDifferences.AssertIdentical(Run(function, point), value, $"{op}({string.Join(", ", point.Take(function.Arity))}) folded");
            }
        }

        // A folded constant is what the graph builds.
        var graph = new Graph(Array.Empty<string>(), Array.Empty<Leaf>(), Array.Empty<Leaf>());
        var operands = new[] { graph.Constant(0.25), graph.Constant(0.5), graph.Constant(0.75) };
        int node = Build(graph, function.Op, operands);
        Assert.Equal(function.FoldUnary is not null || function.FoldBinary is not null, graph.IsConstant(node, out double built));
        if (graph.IsConstant(node, out _))
        {
            FiniteDifferences.AssertIdentical(Run(function, new[] { 0.25, 0.5, 0.75 }), built, op + " built");
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Each_derivative_rule_agrees_with_central_differences(string op)
    {
        var function = Entry(op);
        if (function.Derivatives is null)
        {
            Assert.Equal(Op.SignOrZero, function.Op); // never differentiated
            return;
        }

        for (int operand = 0; operand < function.Arity; operand++)
        {
            int checkedPoints = 0;
            foreach (var point in s_points)
            {
                double h = 1e-6 * Math.Max(1, Math.Abs(point[operand]));
                double Shifted(double by)
                {
                    var shifted = (double[])point.Clone();
                    shifted[operand] += by;
                    return Run(function, shifted);
                }

                double plus = Shifted(h), minus = Shifted(-h), at = Run(function, point);
                if (!double.IsFinite(plus) || !double.IsFinite(minus) || !double.IsFinite(at))
                {
                    continue; // outside the domain
                }

                double expected = (plus - minus) / (2 * h);
                double actual = Derivative(function, operand, point, out string formula);
                Assert.True(
                    Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)),
                    $"∂{op}/∂operand {operand} at ({string.Join(", ", point.Take(function.Arity))}): rule {formula} gives {actual}, differences {expected}");
                checkedPoints++;
            }

            Assert.True(checkedPoints >= 2, $"{op} was checked at {checkedPoints} points for operand {operand}");
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void The_formula_reads_back_as_the_runtime_value(string op)
    {
        var function = Entry(op);
        int checkedPoints = 0;
        foreach (var point in s_points)
        {
            double value = Run(function, point);
            if (!double.IsFinite(value))
            {
                continue;
            }

            var graph = NewGraph(function.Arity);
            int node = Build(graph, function.Op, Enumerable.Range(0, function.Arity).Select(graph.Parameter).ToArray());
            string formula = new FormulaPrinter(graph, new NameTable(Array.Empty<string>()), _ => false).Expand(node);
            Assert.Equal(value, FormulaEvaluator.Evaluate(formula, name => point[Names.IndexOf(name)]), 15);
            checkedPoints++;
        }

        Assert.True(checkedPoints >= 2, $"{op}: {checkedPoints} points");
    }

    private static readonly List<string> Names = new() { "x", "y", "z" };

    private static Graph NewGraph(int arity) => new(Names.Take(arity).ToList(), Array.Empty<Leaf>(), Array.Empty<Leaf>());

    private static int Build(Graph graph, Op op, int[] operands) => operands.Length switch
    {
        _ when FunctionTable.Of(op)!.Arity == 1 => graph.Function(op, operands[0]),
        _ when FunctionTable.Of(op)!.Arity == 2 => graph.Function(op, operands[0], operands[1]),
        _ => graph.Function(op, operands[0], operands[1], operands[2]),
    };

    /// <summary>The local derivative the rule builds, evaluated at the point; a missing rule is a derivative of zero.</summary>
    private static double Derivative(Function function, int operand, double[] point, out string formula)
    {
        var graph = NewGraph(function.Arity);
        int node = Build(graph, function.Op, Enumerable.Range(0, function.Arity).Select(graph.Parameter).ToArray());
        graph.BeginDerivatives(); // as the differentiator builds derivatives
        var rule = function.Derivatives![operand];
        int derivative = rule is null ? graph.Zero : rule(graph, node, graph[node]);
        formula = new FormulaPrinter(graph, new NameTable(Array.Empty<string>()), _ => false).Expand(derivative);
        return Evaluate(graph, derivative, point);
    }

    /// <summary>The function's runtime method (its C# spelling) at the point.</summary>
    private static double Run(Function function, double[] point)
    {
        var arguments = point.Take(function.Arity).ToArray();
        if (function.Type is null)
        {
            double x = arguments[0]; // sgn: 1, −1, or 0 at zero and for NaN
            return x > 0 ? 1 : x < 0 ? -1 : 0;
        }

        if (function.Op == Op.Sign && double.IsNaN(arguments[0]))
        {
            return double.NaN; // Math.Sign throws: the graph must not fold it
        }

        try
        {
            return Convert.ToDouble(Method(function).Invoke(null, arguments.Cast<object>().ToArray()));
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException)
        {
            return double.NaN; // Math.Clamp with min > max: outside the domain
        }
    }

    private static MethodInfo Method(Function function)
    {
        var type = function.Type switch
        {
            "System.Math" => typeof(Math),
            "SymbolicGd.Functions" => typeof(SymbolicGd.Functions),
            _ => throw new InvalidOperationException($"{function.Op}: unknown type {function.Type}"),
        };
        var method = type.GetMethod(function.Method!, BindingFlags.Public | BindingFlags.Static, Enumerable.Repeat(typeof(double), function.Arity).ToArray());
        Assert.True(method is not null, $"{function.Op}: no {function.Type}.{function.Method}({function.Arity} doubles)");
        return method!;
    }

    /// <summary>A node's value, the functions computed by their runtime methods.</summary>
    private static double Evaluate(Graph graph, int root, double[] parameters)
    {
        var values = new double[root + 1];
        for (int id = 0; id <= root; id++)
        {
            var n = graph[id];
            double A() => values[n.A];
            double B() => values[n.B];
            static double Truth(bool b) => b ? 1 : 0;
            values[id] = n.Op switch
            {
                Op.Constant => n.Value,
                Op.True => 1,
                Op.False => 0,
                Op.Parameter => parameters[n.Index],
                Op.Add => A() + B(),
                Op.Subtract => A() - B(),
                Op.Multiply => A() * B(),
                Op.Divide => A() / B(),
                Op.Negate => -A(),
                Op.Select => A() != 0 ? B() : values[n.C],
                Op.Less => Truth(A() < B()),
                Op.LessOrEqual => Truth(A() <= B()),
                Op.Greater => Truth(A() > B()),
                Op.GreaterOrEqual => Truth(A() >= B()),
                Op.Equal => Truth(A() == B()),
                Op.NotEqual => Truth(A() != B()),
                Op.And => Truth(A() != 0 && B() != 0),
                Op.Or => Truth(A() != 0 || B() != 0),
                Op.Not => Truth(A() == 0),
                _ when FunctionTable.Of(n.Op) is { } f => Run(f, Enumerable.Range(0, n.Arity).Select(i => values[n.Operand(i)]).ToArray()),
                _ => throw new InvalidOperationException($"cannot evaluate {n.Op}"),
            };
        }

        return values[root];
    }
}
