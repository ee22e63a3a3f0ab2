using System.Net;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Replicate.Client;
using Replicate.Client.Batches;
using Replicate.Client.RateLimiting;

namespace Replicate.Benchmarks.Batches;

/// <summary>
/// The client's own cost per item of a 2,000-item batch (figures are per item: OperationsPerInvoke), against a stub
/// transport that answers every create at once with a finished prediction, so nothing but the client is measured:
/// the same 2,000 creates one after another (baseline), the batch, the batch with the file journal (an fsync per
/// create), and the batch through the adaptive limiter (limits far above the stub's pace, so it never waits). The
/// create rate a batch reaches against the documented limits: <see cref="BatchCreateRate"/>, run once at the end.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private const int Items = 2000;

    private ReplicateClient _client = null!;
    private ReplicateClient _limited = null!;
    private List<BatchItem> _items = null!;
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = Client(ReplicateRateLimiter.Unlimited);
        _limited = Client(new AdaptiveRateLimiter(new ReplicateRateLimitOptions { CreatesPerMinute = 1_000_000_000, OthersPerMinute = 1_000_000_000 }));
        var input = JsonSerializer.SerializeToElement(new { prompt = "a cat on a mat", steps = 4 });
        _items = [.. Enumerable.Range(0, Items).Select(i => new BatchItem($"item-{i}", "acme/model", input))];
        _folder = Directory.CreateTempSubdirectory("replicate-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _limited.Options.RateLimiter!.Dispose();
        _limited.Dispose();
        Directory.Delete(_folder, recursive: true);
        BatchCreateRate.Measure();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Items, Description = "2,000 creates, one after another")]
    public async Task<int> Sequential()
    {
        var done = 0;
        foreach (var item in _items)
        {
            var operation = await _client.CreatePredictionAsync(item.Target, item.Input);
            done += operation.HasSucceeded ? 1 : 0;
        }

        return done;
    }

    [Benchmark(OperationsPerInvoke = Items, Description = "RunBatchAsync, 2,000 items, 64 at once")]
    public Task<int> Batch() => RunAsync(_client, new BatchOptions());

    [Benchmark(OperationsPerInvoke = Items, Description = "RunBatchAsync with the adaptive rate limiter")]
    public Task<int> BatchRateLimited() => RunAsync(_limited, new BatchOptions());

    [Benchmark(OperationsPerInvoke = Items, Description = "RunBatchAsync with FileBatchJournal (fsync per create)")]
    public async Task<int> BatchJournaled()
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        using var journal = new FileBatchJournal(path);
        var done = await RunAsync(_client, new BatchOptions { Journal = journal });
        File.Delete(path);
        return done;
    }

    private async Task<int> RunAsync(ReplicateClient client, BatchOptions options)
    {
        var done = 0;
        await foreach (var result in client.RunBatchAsync(_items, options))
        {
            done += result.Succeeded ? 1 : 0;
        }

        return done != Items ? throw new InvalidOperationException($"{Items - done} items failed") : done;
    }

    private static ReplicateClient Client(ReplicateRateLimiter limiter) => new(new ReplicateClientOptions
    {
        BaseAddress = new Uri("http://replicate.stub/v1/"),
        ApiToken = "r8_benchmark",
        Transport = new FinishedPredictions(),
        RateLimiter = limiter,
    });

    // Every create answered 201 with a finished prediction of its own id: no server work, no polling.
    private sealed class FinishedPredictions : HttpMessageHandler
    {
        private int _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var body = "{\"id\":\"p" + id + "\",\"model\":\"acme/model\",\"version\":\"v1\",\"input\":{\"prompt\":\"a cat on a mat\",\"steps\":4},"
                + "\"output\":\"https://replicate.delivery/x/out.png\",\"data_removed\":false,\"error\":null,\"status\":\"succeeded\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"urls\":{\"get\":\"http://replicate.stub/v1/predictions/p" + id + "\",\"cancel\":\"http://replicate.stub/v1/predictions/p" + id + "/cancel\",\"web\":\"https://replicate.com/p/p" + id + "\"}}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
