using System;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// The statements and expressions of the loss language, one model per construct.

/// <summary>Locals declared with var and with double.</summary>
[Differentiable]
public partial class LangLocals
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        var a = w * x;
        double c = a + b;
        var d = c * a - b;
        return d * c;
    }
}

/// <summary>A local reassigned from its own value.</summary>
[Differentiable]
public partial class LangReassignment
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s = w * x;
        s = s * s + b;
        s = Math.Sin(s) * w;
        return s;
    }
}

/// <summary>Every compound assignment.</summary>
[Differentiable]
public partial class LangCompound
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s = w;
        s += b * x;
        s -= w * w;
        s *= x + b;
        s /= 1 + w * w;
        return s;
    }
}

/// <summary>Compound assignment with int right-hand sides, which C# converts.</summary>
[Differentiable]
public partial class LangCompoundInt
{
    [Param] public double w, b;

    [Loss]
    public double L()
    {
        double s = w;
        s += 1;
        s *= 3;
        s /= 4;
        s -= 7 / 2;
        return s * b;
    }
}

/// <summary>Assignment to the data arguments themselves.</summary>
[Differentiable]
public partial class LangAssignArgument
{
    [Param] public double w, b;

    [Loss]
    public double L(double x, double y)
    {
        x += w;
        x *= b;
        y = x / 2;
        x = y - w;
        return x * x + y;
    }
}

/// <summary>Nested blocks, a local of an inner block.</summary>
[Differentiable]
public partial class LangBlocks
{
    [Param] public double w, b;

    [Loss]
    public double L(double x)
    {
        double s = w;
        {
            double t = s * x;
            s = t + b;
            {
                s *= s;
            }
        }

        {
            return s - w;
        }
    }
}

/// <summary>Block body with a single return.</summary>
[Differentiable]
public partial class LangBlockBodied
{
    [Param] public double w, b;

    [Loss]
    public double L()
    {
        return w * w * b - b;
    }
}

/// <summary>The value is a parameter itself (a leaf).</summary>
[Differentiable]
public partial class LangReturnsParameter
{
    [Param] public double w;

    [Loss] public double L() => w;
}

/// <summary>Static data that the constants read.</summary>
public static class ConstructStatics
{
    public const double Half = 0.5;

#pragma warning disable CA2211 // a mutable static field is what the test reads
    public static double Factor = 1.25;
#pragma warning restore CA2211
}

/// <summary>Constants: a const, a non-[Param] field and auto-property, static fields of this and another type.</summary>
[Differentiable]
public partial class LangConstants
{
    public const double K = 2.5;

#pragma warning disable CA2211
    public static double OwnStatic = 3;
#pragma warning restore CA2211

    [Param] public double w, b;

    public double scale = 1.5;

    public double Offset { get; set; } = 0.25;

    [Loss]
    public double L(double x) =>
        w * K + scale * w * w + Offset * b + OwnStatic * b * x + ConstructStatics.Factor * w * b + ConstructStatics.Half * b;
}

/// <summary>[Param] properties: an auto-property and one with a backing field, beside a [Param] field.</summary>
[Differentiable]
public partial class LangParamProperties
{
    private double _b = 0.5;

    [Param] public double W { get; set; } = 1;

    [Param]
    public double B
    {
        get => _b;
        set => _b = value;
    }

    [Param] public double c;

    [Loss] public double L(double x) => W * x + B * B * W + c * B;
}

/// <summary>Int literals as C# converts them: 1/2 is 0, x/2 is x/2.0.</summary>
[Differentiable]
public partial class LangIntLiterals
{
    [Param] public double w, b;

    [Loss] public double L(double x) => (1 / 2) * w + x / 2 * w + 3 / 2 * b + b / 4 + 7 / 2 * w * b + 2 * w + (1 / 2 + 1.0 / 2) * b;
}

/// <summary>Unary minus and plus, nested.</summary>
[Differentiable]
public partial class LangUnary
{
    [Param] public double w, b;

    [Loss] public double L(double x) => -(w - x) * -(-b) + -w * (x - (b - w)) + +w - -b + -(-(-w * b));
}

/// <summary>Parentheses that change the order of evaluation, which the printed code must keep bit for bit.</summary>
[Differentiable]
public partial class LangParentheses
{
    [Param] public double w, b;

    [Loss]
    public double L(double x, double y) =>
        w - (b - x) + (w - b - x) + w / (b / x) + w / b / x + w * (b * x) + (w * b) * y + (w + b) * (w - b)
        + 0.1 + (0.2 + w) + (x + (y + w)) - (x - (y - b)) * (w / (x * y));
}
