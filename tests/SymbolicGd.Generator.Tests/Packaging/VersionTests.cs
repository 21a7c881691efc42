using System.Linq;
using System.Reflection;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Tests.Infrastructure;

namespace SymbolicGd.Generator.Tests.Packaging;

/// <summary>
/// One version, set once (VersionPrefix in Directory.Build.props): the package's, the assemblies', and the one in
/// the [GeneratedCode] attribute of every generated member. The snapshots write it as {version}; this is where the
/// real one is checked.
/// </summary>
public class VersionTests
{
    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    [Fact]
    public void The_generator_the_runtime_and_the_generated_code_carry_one_version()
    {
        string version = ThisVersion.Value;
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", version);
        Assert.NotEqual("1.0.0", version); // the SDK's default: VersionPrefix did not reach the build
        Assert.Equal(version, InformationalVersion(typeof(ModelEmitter).Assembly));
        Assert.Equal(version, InformationalVersion(typeof(SymbolicGd.Derivative).Assembly));
        Assert.Equal(version, InformationalVersion(typeof(SymbolicGd.DifferentiableAttribute).Assembly));
    }

    [Fact]
    public void Every_generated_member_of_a_scalar_model_and_of_a_network_names_the_version()
    {
        string attribute = $"[global::System.CodeDom.Compiler.GeneratedCode(\"SymbolicGd.Generator\", \"{ThisVersion.Value}\")]";
        var scalar = GeneratorHarness.Run(GeneratorHarness.Model("[Param] public double w; [Loss] public double L(double x) => w * x;", "Line")).AssertClean();
        var network = GeneratorHarness.Run(
            """
            using SymbolicGd;
            namespace Demo;
            [Network(Inputs = 2, Loss = NetworkLoss.SquaredError)]
            [Dense(3, Activation.Tanh)]
            [Dense(1)]
            public partial class Net { }
            """).AssertClean();
        foreach (var source in new[] { scalar.Source, network.Source })
        {
            int generated = source.Split('\n').Count(line => line.Contains("GeneratedCode(", System.StringComparison.Ordinal));
            int stamped = source.Split('\n').Count(line => line.Contains(attribute, System.StringComparison.Ordinal));
            Assert.True(generated > 3, $"only {generated} [GeneratedCode] attributes");
            Assert.Equal(generated, stamped);
        }
    }
}
