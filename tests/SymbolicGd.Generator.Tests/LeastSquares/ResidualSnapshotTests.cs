using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.LeastSquares;

/// <summary>The generated source of a [Residual] model, compared with its checked-in snapshot under Snapshots/.</summary>
public class ResidualSnapshotTests
{
    [Fact]
    public void Exponential_decay()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Model(
            """
                    [Param] public double A = 1, k = 0.1, c = 0;

                    [Residual] public double R(double t, double y) => A * Math.Exp(-k * t) + c - y;
            """,
            "Decay")).AssertClean();
        Snapshot.Verify(run.Source);
    }
}
