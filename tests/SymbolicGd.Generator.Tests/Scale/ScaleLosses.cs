using System.Globalization;
using System.Text;

namespace SymbolicGd.Generator.Tests.Scale;

/// <summary>
/// Large losses for the scale tests and the generator benchmarks (which link this file): each is a whole source
/// file with one [Differentiable] class <c>Tests.Model</c>. Data are plain fields, not arguments, so that every
/// model is an <see cref="IDifferentiableLoss"/> the tests can call without knowing its Sample type.
/// </summary>
public static class ScaleLosses
{
    /// <summary>n nested <c>Math.Tanh(p0 * u + p1)</c> in one expression: depth 3n, 3n operations.</summary>
    public static string NestedTanh(int n)
    {
        var expression = new StringBuilder("x");
        for (int i = 0; i < n; i++)
        {
            expression.Insert(0, "Math.Tanh(p0 * ").Append(" + p1)");
        }

        return Model("""
                [Param] public double p0 = 0.9, p1 = 0.1;
                public readonly double x = 0.3;

            """ + $"    [Loss] public double L() => {expression};");
    }

    /// <summary>The same composition as n statements <c>u = Math.Tanh(p0 * u + p1);</c>.</summary>
    public static string TanhStatements(int n)
    {
        var body = new StringBuilder();
        body.AppendLine("        double u = x;");
        for (int i = 0; i < n; i++)
        {
            body.AppendLine("        u = Math.Tanh(p0 * u + p1);");
        }

        return Model($$"""
                [Param] public double p0 = 0.9, p1 = 0.1;
                public readonly double x = 0.3;

                [Loss]
                public double L()
                {
            {{body}}        return u;
                }
            """);
    }

    /// <summary>One sum of <paramref name="terms"/> products <c>c·pᵢ·pⱼ</c> over <paramref name="parameters"/> parameters.</summary>
    public static string SumOfProducts(int terms, int parameters = 50)
    {
        var sum = new StringBuilder();
        for (int k = 0; k < terms; k++)
        {
            if (k > 0)
            {
                sum.Append(k % 8 == 0 ? "\n            + " : " + ");
            }

            double c = 1 + (k % 13) / 8.0;
            sum.Append(Number(c)).Append(" * p").Append(k % parameters).Append(" * p").Append((k * 7 + 3) % parameters);
        }

        return Model($"{ParameterDeclarations(parameters)}\n    [Loss] public double L() =>\n            {sum};");
    }

    /// <summary>n statements alternating a relu layer and a max: <c>u = Relu(pᵢ·u + pⱼ); u = Math.Max(u, pₖ·u − x);</c>.</summary>
    public static string ReluMaxChain(int n, int parameters = 20)
    {
        var body = new StringBuilder();
        body.AppendLine("        double u = x;");
        for (int i = 0; i < n; i++)
        {
            int a = i % parameters, b = (i * 3 + 1) % parameters;
            body.AppendLine(i % 2 == 0
                ? $"        u = Relu(p{a} * u + p{b});"
                : $"        u = Math.Max(u, p{a} * u - x) + Math.Min(p{b}, u) * 0.5;");
        }

        return Model($$"""
            {{ParameterDeclarations(parameters)}}
                public readonly double x = 0.3;

                [Loss]
                public double L()
                {
            {{body}}        return u;
                }
            """);
    }

    /// <summary>n sequential if/else statements on the running value, each branch computing with parameters.</summary>
    public static string BranchChain(int n, int parameters = 20)
    {
        var body = new StringBuilder();
        body.AppendLine("        double u = x;");
        for (int i = 0; i < n; i++)
        {
            int a = i % parameters, b = (i * 3 + 1) % parameters, c = (i * 7 + 2) % parameters;
            body.AppendLine($"        if (u > p{a})");
            body.AppendLine($"        {{");
            body.AppendLine($"            u = Math.Sin(p{b} * u) + x;");
            body.AppendLine($"        }}");
            body.AppendLine($"        else");
            body.AppendLine($"        {{");
            body.AppendLine($"            u = u * p{c} - Math.Cos(u);");
            body.AppendLine($"        }}");
        }

        return Model($$"""
            {{ParameterDeclarations(parameters)}}
                public readonly double x = 0.3;

                [Loss]
                public double L()
                {
            {{body}}        return u;
                }
            """);
    }

    /// <summary>A piecewise loss: an if/else-if chain of n cases on the data, each a line with its own intercept.</summary>
    public static string ElseIfChain(int n)
    {
        var body = new StringBuilder();
        body.AppendLine("        double u;");
        for (int i = 0; i < n; i++)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"        {(i == 0 ? "" : "else ")}if (x < {i}.5) u = p0 * x + {i} * p1;");
        }

        body.AppendLine("        else u = p1 * x;");
        return Model($$"""
                [Param] public double p0 = 0.5, p1 = 0.25;
                public readonly double x = 3.3;

                [Loss]
                public double L()
                {
            {{body}}        return u * u;
                }
            """);
    }

    /// <summary>n statements <c>s += Square(p·x + q − y)</c> over 20 parameters: 4 operations each.</summary>
    public static string SquaredTerms(int n, int parameters = 20)
    {
        var body = new StringBuilder();
        body.AppendLine("        double s = 0;");
        for (int i = 0; i < n; i++)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"        s += Square(p{i % parameters} * x + p{(i * 7 + 3) % parameters} - {Number(0.5 + (i % 17) / 16.0)});");
        }

        return Model($$"""
            {{ParameterDeclarations(parameters)}}
                public readonly double x = 0.3;

                [Loss]
                public double L()
                {
            {{body}}        return s;
                }
            """);
    }

    /// <summary>A model with n parameters: a least-squares fit, one statement per parameter.</summary>
    public static string ManyParameters(int n)
    {
        var body = new StringBuilder();
        body.AppendLine("        double s = 0;");
        for (int i = 0; i < n; i++)
        {
            body.AppendLine($"        s += Square(p{i} * x - {Number(0.5 + (i % 17) / 16.0)});");
        }

        return Model($$"""
            {{ParameterDeclarations(n)}}
                public readonly double x = 0.3;

                [Loss]
                public double L()
                {
            {{body}}        return s;
                }
            """);
    }

    /// <summary>The parameters p0 … p(n−1), initialised to distinct values in (−1, 1).</summary>
    public static string ParameterDeclarations(int n)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            double value = ((i * 37 % 101) - 50) / 60.0;
            builder.Append(CultureInfo.InvariantCulture, $"    [Param] public double p{i} = {Number(value)};\n");
        }

        return builder.ToString();
    }

    /// <summary>A source file with the class <c>Tests.Model</c> holding <paramref name="members"/>.</summary>
    public static string Model(string members) => $$"""
        using System;
        using SymbolicGd;
        using static SymbolicGd.Functions;

        namespace Tests
        {
            [Differentiable]
            public partial class Model
            {
            {{members}}
            }
        }
        """;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
