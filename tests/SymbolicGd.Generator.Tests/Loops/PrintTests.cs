namespace SymbolicGd.Generator.Tests.Loops;

public class PrintTests
{
    [Fact]
    public void Print()
    {
        foreach (int n in new[] { 4, 4000 })
        {
            var run = SymbolicGd.Generator.Tests.Infrastructure.GeneratorHarness.Run(SymbolicGd.Generator.Tests.Infrastructure.GeneratorHarness.Model(SymbolicGd.Generator.Tests.Loops.LoopLanguageTests.LogisticRegression.Replace("new double[3]", $"new double[{n}]")));
            System.IO.File.WriteAllText($"/tmp/print{n}.cs", run.Source);
        }
    }
}
