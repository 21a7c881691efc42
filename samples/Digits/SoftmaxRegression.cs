using System;
using SymbolicGd;

namespace Digits;

/// <summary>
/// The same digits, classified by softmax regression written as the textbook writes it: one weight per class and
/// pixel, a loop over the pixels, a numerically stable log-sum-exp. A plain C# loss with arrays and loops; SymbolicGd
/// generates its gradient as loops too (the reverse sweep runs them backwards), so the code does not grow with the
/// 640 weights.
/// </summary>
[Differentiable]
public partial class SoftmaxRegression
{
    public const int Classes = 10;
    public const int Pixels = 64;

    [Param] public double[,] W = new double[Classes, Pixels];
    [Param] public double[] b = new double[Classes];

    [Loss]
    public double CrossEntropy(double[] x, int label)
    {
        double[] z = new double[Classes];
        for (int k = 0; k < Classes; k++)
        {
            z[k] = b[k];
            for (int j = 0; j < Pixels; j++) z[k] += W[k, j] * x[j];
        }

        double m = z[0];
        for (int k = 1; k < Classes; k++) m = Math.Max(m, z[k]);
        double s = 0;
        for (int k = 0; k < Classes; k++) s += Math.Exp(z[k] - m);
        return m + Math.Log(s) - z[label];
    }

    /// <summary>The class with the largest logit: what the loss's softmax makes most likely.</summary>
    public int Classify(double[] x)
    {
        int best = 0;
        double bestLogit = double.NegativeInfinity;
        for (int k = 0; k < Classes; k++)
        {
            double logit = b[k];
            for (int j = 0; j < Pixels; j++) logit += W[k, j] * x[j];
            if (logit > bestLogit)
            {
                bestLogit = logit;
                best = k;
            }
        }

        return best;
    }
}
