using System.Diagnostics;
using System.Text.Json;
using Replicate.Client;
using Replicate.Client.Batches;
using Replicate.Testing;

namespace Replicate.Benchmarks.Batches;

/// <summary>
/// The create rate a 2,000-item batch reaches against the fake account at Replicate's documented limits (600 creates,
/// 3000 other requests a minute), on the fake's clock, as a share of the limit, with the 429s it got and the CPU and
/// allocations per item of the whole process (the client and the in-process fake). Not a BenchmarkDotNet benchmark:
/// one run takes half a minute of the fake's clock stepping, and the figure is the rate, not the time.
/// <see cref="BatchBenchmarks"/> runs it once, after its own cases, and writes artifacts/bench/batches.md.
/// </summary>
public static class BatchCreateRate
{
    private const int Items = 2000;

    // The figure the batch is for: creates per minute at Replicate's documented limits, as a share of 600, with the
    // client's and the in-process fake's CPU and allocations per item (one process: both are in it).
    private static readonly Lazy<Task<double>> Once = new(MeasureAsync);

    /// <summary>Measures once per process; later calls return the same figure.</summary>
    public static double Measure() => Once.Value.GetAwaiter().GetResult();

    private static async Task<double> MeasureAsync()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { AutoAdvanceResolution = TimeSpan.FromMilliseconds(50) });
        for (var seconds = 1; seconds <= 30; seconds++)
        {
            fake.AddModel("acme", $"run-{seconds}", new FakeRunScript { QueueTime = TimeSpan.FromSeconds(0.5), RunTime = TimeSpan.FromSeconds(seconds - 0.5) });
        }

        using var client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = fake.BaseAddress, ApiToken = "r8_benchmark", Transport = fake.CreateHandler(), TimeProvider = fake.Time });
        var random = new Random(16);
        var items = Enumerable.Range(0, Items).Select(i => new BatchItem($"item-{i}", $"acme/run-{random.Next(1, 31)}", JsonSerializer.SerializeToElement(new { i }))).ToList();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var succeeded = 0;
        await foreach (var result in client.RunBatchAsync(items, new BatchOptions { MaxConcurrency = 400 }))
        {
            succeeded += result.Succeeded ? 1 : 0;
        }

        var cpuPerItem = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Items;
        var bytesPerItem = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)Items;
        var creates = fake.Requests.Where(r => r.OperationId == "Models_PredictionsCreate").Select(r => r.ReceivedAt).Order().ToList();
        var sustained = (creates.Count - 11) / (creates[^1] - creates[10]).TotalMinutes;
        var throttled = fake.Requests.Count(r => r.StatusCode == 429);
        var lines = new[]
        {
            "| batch at the documented limits (fake clock) | items | succeeded | creates/min sustained | ratio of 600/min | 429s | requests | CPU per item (client + fake) | allocated per item (client + fake) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            $"| 2,000 predictions of 1–30 s, 400 at once | {Items} | {succeeded} | {sustained:0.0} | {sustained / 600:0.000} | {throttled} | {fake.Requests.Count} | {cpuPerItem:0.00} ms | {bytesPerItem / 1024:0.0} KB |",
        };
        foreach (var line in lines)
        {
            Console.WriteLine("// " + line);
        }

        Directory.CreateDirectory(Path.Combine("artifacts", "bench"));
        await File.WriteAllLinesAsync(Path.Combine("artifacts", "bench", "batches.md"), lines);
        return sustained / 600;
    }

}
