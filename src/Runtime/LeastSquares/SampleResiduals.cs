using System;

namespace SymbolicGd;

/// <summary>The residuals and Jacobian of a least-squares model over a data set, for <see cref="LevenbergMarquardt"/>.</summary>
internal sealed class SampleResiduals<TSample> : IResidualProblem
    where TSample : struct
{
    private readonly ILeastSquares<TSample> _model;
    private readonly TSample[] _samples;
    private readonly double[] _row;

    internal SampleResiduals(ILeastSquares<TSample> model, TSample[] samples)
    {
        _model = model;
        _samples = samples;
        _row = new double[model.ParameterCount];
    }

    public int ResidualCount => _samples.Length;

    public void Residuals(ReadOnlySpan<double> parameters, Span<double> residuals)
    {
        _model.SetParameters(parameters);
        for (int i = 0; i < _samples.Length; i++)
        {
            residuals[i] = _model.Residual(in _samples[i]);
        }
    }

    public void Jacobian(ReadOnlySpan<double> parameters, Span<double> jacobian)
    {
        _model.SetParameters(parameters);
        int m = _samples.Length;
        for (int i = 0; i < m; i++)
        {
            _model.ResidualGradient(in _samples[i], _row);
            for (int j = 0; j < _row.Length; j++)
            {
                jacobian[j * m + i] = _row[j];
            }
        }
    }
}
