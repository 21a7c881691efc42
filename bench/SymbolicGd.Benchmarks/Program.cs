using BenchmarkDotNet.Running;

namespace SymbolicGd.Benchmarks;

/// <summary>Runs the benchmarks BenchmarkDotNet's arguments select, e.g. <c>--filter '*'</c> or <c>--filter '*Backward*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
