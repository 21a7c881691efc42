using SymbolicGd.Generator.Tests.Infrastructure;
using static SymbolicGd.Generator.Tests.Infrastructure.FiniteDifferences;

namespace SymbolicGd.Generator.Tests.Constructs.Regressions;

/// <summary>A loss named with a keyword: the generated documentation referred to it by a cref without its @ (CS1584, CS1658).</summary>
public class KeywordLossNameTests
{
    [Fact]
    public void Keyword_names_give_valid_documentation()
    {
        // The harness parses documentation comments: a cref or param name with a keyword would warn.
        var model = LoadedModels.Load("""
                [Param] public double @in = 0.5;

                [Loss]
                public double @return(double @double, double @class)
                {
                    double @var = @in * @double;
                    return @var * @class;
                }
            """);
        CheckLoaded(model, new[] { 1.5, -2.0 });
    }
}
