using System;

namespace SymbolicGd.Generator.Tests.ConstructModels;

// Names that collide with the generated code's: shadowing, keywords, temporaries' names, generic and nested types.

/// <summary>A data argument that shadows a non-[Param] field, and a local that shadows a [Param].</summary>
[Differentiable]
public partial class NameShadowing
{
    [Param] public double w = 0.5, b = -0.25;

    public double scale = 2;

    [Loss]
    public double L(double scale)
    {
        double w = this.w * scale * this.scale;
        double b = w + this.b;
        return w * b + this.w;
    }
}

/// <summary>C# keywords as names of a parameter, a data argument, locals and the loss.</summary>
[Differentiable]
public partial class NameKeywords
{
    [Param] public double @in = 0.5, @double = 1.5;

    [Loss]
    public double @return(double @class, double @this)
    {
        double @var = @in * @class;
        double @float = @var * @double + @this;
        return @float * @float;
    }
}

/// <summary>Locals named like the generated temporaries, adjoint names, arguments and the loss.</summary>
[Differentiable]
public partial class NameTemporaries
{
    [Param] public double w = 0.5, b = -0.25;

    [Loss]
    public double L(double x)
    {
        double t0 = w * x;
        double t1 = Math.Exp(t0) * b;
        double dL_dt0 = t1 * t1;
        double gradient = dL_dt0 + t0;
        double intermediates = gradient * w;
        double value = intermediates + b;
        double L = value * value;
        double t2 = L + t0;
        return t2 * w;
    }
}

/// <summary>A loss named Loss, data-free: the interface's Loss() is the user's.</summary>
[Differentiable]
public partial class NameLossNamedLoss
{
    [Param] public double w = 0.5, b = -0.25;

    [Loss] public double Loss() => w * w * b + Math.Sin(b);
}

/// <summary>A loss named Loss with data.</summary>
[Differentiable]
public partial class NameLossNamedLossWithData
{
    [Param] public double w = 0.5, b = -0.25;

    [Loss] public double Loss(double x) => w * x * b + Math.Sin(b * x);
}

/// <summary>Data arguments named like the generated methods' own arguments and locals.</summary>
[Differentiable]
public partial class NameDataArguments
{
    [Param] public double w = 0.5, b = -0.25;

    [Loss]
    public double L(double gradient, double value, double intermediates, double sample, double destination, double values) =>
        w * gradient + b * value + w * b * intermediates + sample * w * w + destination * b * b + values;
}

/// <summary>A generic model, whose static field is hidden by a local.</summary>
[Differentiable]
public partial class NameGeneric<T>
    where T : struct
{
#pragma warning disable CA2211, CA1000
    public static double k = 2;
#pragma warning restore CA2211, CA1000

    [Param] public double w = 0.5, b = -0.25;

    [Loss]
    public double L(double x)
    {
        double k = w * NameGeneric<T>.k + x;
        return k * k * b;
    }
}

/// <summary>Models nested in partial classes, one of them generic.</summary>
public partial class NameOuter
{
    [Differentiable]
    public partial class Inner
    {
        [Param] public double w = 0.5, b = -0.25;

        [Loss] public double L(double x) => Math.Tanh(w * x) * b;
    }

    public partial class Middle<TOuter>
    {
        [Differentiable]
        public partial class Innermost
        {
            [Param] public double w = 0.5, b = -0.25;

            [Loss] public double L() => Math.Cosh(w) * b;
        }
    }
}

/// <summary>A record model.</summary>
[Differentiable]
public partial record NameRecord
{
    [Param] public double w = 0.5, b = -0.25;

    [Param] public double P { get; set; } = 0.75;

    [Loss] public double L(double x) => w * x * P + b * b;
}
