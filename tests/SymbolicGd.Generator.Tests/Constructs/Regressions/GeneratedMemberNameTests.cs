using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs.Regressions;

/// <summary>Data arguments named like the generated members: ValueAndGradient called Backward(Backward, …) (CS0149).</summary>
public class GeneratedMemberNameTests
{
    [Fact]
    public void Data_arguments_named_like_the_generated_members()
    {
        var model = LoadedModels.Load("""
                [Param] public double w = 0.5, b = -1.5;

                [Loss]
                public double L(double Backward, double Evaluate, double ValueAndGradient, double Gradient, double Derivatives, double ParameterCount) =>
                    w * Backward + b * Evaluate + w * b * ValueAndGradient + Gradient * Derivatives * w + ParameterCount;
            """);
        CheckLoaded(model, new[] { 1.5, -2.0, 3.0, 0.5, 2.0, 7.0 });
    }
}
