using System;
using System.Collections.Generic;
using SymbolicGd.Generator.Tests.Models;

namespace SymbolicGd.Generator.Tests.SecondOrder;

/// <summary>A generated second-order model bound to one sample, seen through the runtime's interfaces.</summary>
public sealed class SecondOrderSubject
{
    public delegate double HessianCall(Span<double> gradient, Span<double> hessian);

    public delegate double ProductCall(ReadOnlySpan<double> vector, Span<double> gradient, Span<double> product);

    public delegate double BackwardCall(Span<double> gradient);

    private SecondOrderSubject(IDifferentiable model, Func<double> loss, BackwardCall backward, HessianCall hessian, ProductCall product)
    {
        Model = model;
        Loss = loss;
        Backward = backward;
        Hessian = hessian;
        Product = product;
    }

    public IDifferentiable Model { get; }

    public Func<double> Loss { get; }

    public BackwardCall Backward { get; }

    public HessianCall Hessian { get; }

    public ProductCall Product { get; }

    public int N => Model.ParameterCount;

    public static SecondOrderSubject For(ITwiceDifferentiableLoss model) =>
        new(model, model.Loss, model.Backward, model.Hessian, model.HessianVectorProduct);

    public static SecondOrderSubject For<TSample>(ITwiceDifferentiableLoss<TSample> model, TSample sample)
        where TSample : struct =>
        new(model, () => model.Loss(sample), g => model.Backward(sample, g), (g, h) => model.Hessian(sample, g, h), (v, g, p) => model.HessianVectorProduct(sample, v, g, p));

    /// <summary>The model of <paramref name="name"/> (a class of Models/SecondOrderModels.cs) at the parameters and sample given.</summary>
    public static SecondOrderSubject Create(string name, IReadOnlyList<double> parameters, IReadOnlyList<double> sample)
    {
        var subject = name switch
        {
            nameof(RosenbrockSecond) => For(new RosenbrockSecond()),
            nameof(SecondOrderFunctions) => For(new SecondOrderFunctions()),
            nameof(SecondOrderBranches) => For(new SecondOrderBranches(), new SecondOrderBranches.Sample(sample[0], sample[1])),
            nameof(SecondOrderLogistic) => For(new SecondOrderLogistic(), new SecondOrderLogistic.Sample(sample[0], sample[1], sample[2], sample[3])),
            nameof(SecondOrderKinks) => For(new SecondOrderKinks(), new SecondOrderKinks.Sample(sample[0])),
            nameof(SecondOrderSparse) => For(new SecondOrderSparse(), new SecondOrderSparse.Sample(sample[0])),
            _ => throw new ArgumentException($"No second-order test model {name}.", nameof(name)),
        };
        var values = new double[parameters.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = parameters[i];
        }

        subject.Model.SetParameters(values);
        return subject;
    }

    /// <summary>The Hessian, computed by Hessian into zeroed spans, with the gradient and the loss it returned.</summary>
    public (double Loss, double[] Gradient, double[] Hessian) ComputeHessian()
    {
        var gradient = new double[N];
        var hessian = new double[N * N];
        double loss = Hessian(gradient, hessian);
        return (loss, gradient, hessian);
    }

    /// <summary>H·v, computed by HessianVectorProduct into zeroed spans, with the gradient and the loss it returned.</summary>
    public (double Loss, double[] Gradient, double[] Product) ComputeProduct(double[] vector)
    {
        var gradient = new double[N];
        var product = new double[N];
        double loss = Product(vector, gradient, product);
        return (loss, gradient, product);
    }
}
