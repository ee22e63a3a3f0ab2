using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Replicate.Client;
using Replicate.Client.RateLimiting;
using Replicate.Client.Errors;
using Replicate.Testing;

namespace Replicate.Benchmarks.Client;

/// <summary>
/// A hostile error response: a 400 whose HTML body is 200 MB. The client reads it within the attempt up to its 64 KiB
/// cut and discards the rest unread (the connection is closed), so the cost must not grow with the body. Target: at
/// most 1 MB allocated per call (the whole process: the in-process server's writes are pooled). Baseline: the same
/// call with a 64 KiB body.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ErrorBodyBenchmarks
{
    private static readonly byte[] Chunk = new byte[64 * 1024];

    private LoopbackServer _server = null!;
    private ReplicateClient _client = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        Array.Fill(Chunk, (byte)'x');
        _server = await LoopbackServer.StartAsync(
            async context =>
            {
                long total = context.Request.Path.Value!.EndsWith("huge", StringComparison.Ordinal) ? 200L * 1024 * 1024 : Chunk.Length;
                context.Response.StatusCode = 400;
                context.Response.ContentType = "text/html";
                context.Response.ContentLength = total;
                try
                {
                    for (long sent = 0; sent < total; sent += Chunk.Length)
                    {
                        await context.Response.Body.WriteAsync(Chunk, context.RequestAborted);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
                {
                    // the client read its 64 KiB and closed the connection
                }
            },
            record: false);
        _client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = new Uri(_server.BaseAddress, "v1/"), ApiToken = "r8_benchmark", RateLimiter = ReplicateRateLimiter.Unlimited });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "400 with a 64 KiB body")]
    public Task<int> Small() => StatusOf("small");

    [Benchmark(Description = "400 with a 200 MB body")]
    public Task<int> Huge() => StatusOf("huge");

    private async Task<int> StatusOf(string id)
    {
        try
        {
            await _client.Predictions.GetAsync(id);
            return 200;
        }
        catch (ReplicateApiException e)
        {
            return e.StatusCode;
        }
    }
}
