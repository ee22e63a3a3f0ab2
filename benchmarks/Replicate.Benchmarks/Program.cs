using BenchmarkDotNet.Running;

namespace Replicate.Benchmarks;

/// <summary>Runs the benchmark suites chosen on the command line (`make bench` runs them all).</summary>
public static class Program
{
    /// <summary>Entry point: BenchmarkDotNet's switcher over every benchmark class in this assembly.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
