using BenchmarkDotNet.Attributes;

namespace Replicate.Benchmarks.Waiting;

/// <summary>
/// 1,000 predictions finishing between 1 s and 30 min: total requests and worst detection lag of the default wait
/// policy versus fixed 0.5 s polling. The figures are printed to the benchmark log and written to
/// artifacts/bench/fleet.md; the timing is only the model's own cost.
/// </summary>
[MemoryDiagnoser]
public class FleetBenchmarks
{
    private readonly IReadOnlyList<TimeSpan> _fleet = FleetSimulator.Fleet();

    [Benchmark(Baseline = true, Description = "fixed 0.5 s polling")]
    public FleetSimulator.Result Fixed() => FleetSimulator.Simulate("fixed 0.5 s polling", _fleet, FleetSimulator.RunFixed);

    [Benchmark(Description = "default policy (Prefer: wait, then growing intervals)")]
    public FleetSimulator.Result Default() => FleetSimulator.Simulate("default", _fleet, t => FleetSimulator.RunDefault(t));

    [GlobalCleanup]
    public void Report()
    {
        var fixedRun = Fixed();
        var defaultRun = Default();
        var lines = new[]
        {
            "| policy | predictions | requests | requests vs fixed | worst lag | worst lag / run time | every lag ≤ max(1 s, 10 %) |",
            "|---|---:|---:|---:|---:|---:|---|",
            Row(fixedRun, fixedRun),
            Row(defaultRun, fixedRun),
        };
        foreach (var line in lines)
        {
            Console.WriteLine("// " + line);
        }

        Directory.CreateDirectory(Path.Combine("artifacts", "bench"));
        File.WriteAllLines(Path.Combine("artifacts", "bench", "fleet.md"), lines);
    }

    private static string Row(FleetSimulator.Result r, FleetSimulator.Result baseline) =>
        $"| {r.Policy} | {r.Predictions} | {r.Requests} | {(double)r.Requests / baseline.Requests:0.000} | {r.MaxLag.TotalSeconds:0.00} s | {r.MaxLagShareOfRunTime:P1} | {(r.EveryLagWithinBound ? "yes" : "no")} |";
}
