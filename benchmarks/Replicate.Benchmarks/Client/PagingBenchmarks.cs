using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Replicate.Client;
using Replicate.Client.RateLimiting;
using Replicate.Client.Paging;
using Replicate.Testing;

namespace Replicate.Benchmarks.Client;

/// <summary>
/// Iterating a list of 100 items per page over 10 and 100 pages (1,000 and 10,000 items). Memory stays flat when
/// allocations per item do not grow with the page count and the peak working set does not grow with it either.
/// </summary>
[MemoryDiagnoser]
public class PagingBenchmarks
{
    private LoopbackServer _server = null!;
    private ReplicateClient _client = null!;

    [Params(10, 100)]
    public int Pages { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var item = """{"id":"pID","model":"acme/m","version":"v","input":{},"output":"done","data_removed":false,"error":null,"status":"succeeded","created_at":"2025-01-02T03:04:05Z","urls":{"get":"https://x","cancel":"https://x","web":"https://x"}}""";
        string? baseUrl = null;
        _server = await LoopbackServer.StartAsync(
            context =>
            {
                var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
                var next = page < Pages ? $"\"{baseUrl}predictions?page={page + 1}\"" : "null";
                var body = new StringBuilder("{\"previous\":null,\"next\":").Append(next).Append(",\"results\":[");
                for (var i = 0; i < 100; i++)
                {
                    body.Append(i == 0 ? string.Empty : ",").Append(item.Replace("ID", $"{page}-{i}", StringComparison.Ordinal));
                }

                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(body.Append("]}").ToString());
            },
            record: false);
        baseUrl = new Uri(_server.BaseAddress, "v1/").ToString();
        _client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = new Uri(baseUrl), ApiToken = "r8_benchmark", RateLimiter = ReplicateRateLimiter.Unlimited });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        // Printed into the benchmark log: the peak working set of this benchmark process.
        Console.WriteLine($"// PeakWorkingSet Pages={Pages}: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> IterateAllItems()
    {
        var count = 0;
        await foreach (var prediction in _client.Predictions.ListAllAsync())
        {
            count += prediction.Id!.Length > 0 ? 1 : 0;
        }

        return count;
    }
}
