using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Replicate.Client;
using Replicate.Client.RateLimiting;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Benchmarks.Client;

/// <summary>
/// <c>GET /predictions/{id}</c> through the full client pipeline versus raw <see cref="HttpClient"/> +
/// source-generated System.Text.Json against the same loopback server, in one run. Target: allocations through the
/// generated path at most 1.25× the raw baseline.
/// </summary>
[MemoryDiagnoser]
public class GetPredictionBenchmarks
{
    private const string Body = """
        {"id":"p1","model":"acme/m","version":"hidden","input":{"prompt":"a cat on a mat"},"output":["https://replicate.delivery/x/out-0.png"],
         "data_removed":false,"error":null,"status":"succeeded","created_at":"2025-01-02T03:04:05Z","started_at":"2025-01-02T03:04:06Z",
         "completed_at":"2025-01-02T03:04:09Z","logs":"step 1\nstep 2\n","metrics":{"predict_time":2.9,"total_time":3.1},
         "urls":{"get":"https://api.replicate.com/v1/predictions/p1","cancel":"https://api.replicate.com/v1/predictions/p1/cancel","web":"https://replicate.com/p/p1"}}
        """;

    private LoopbackServer _server = null!;
    private ReplicateClient _client = null!;
    private ReplicateClient _limited = null!;
    private HttpClient _raw = null!;
    private JsonSerializerOptions _json = null!;
    private PredictionsClient _generated = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _server = await StartCannedServerAsync();
        var api = new Uri(_server.BaseAddress, "v1/");
        _client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = api, ApiToken = "r8_benchmark", RateLimiter = ReplicateRateLimiter.Unlimited });
        // The default limiter's own cost on a request it lets through at once (limits far above what the loop sends).
        _limited = new ReplicateClient(new ReplicateClientOptions
        {
            BaseAddress = api,
            ApiToken = "r8_benchmark",
            RateLimiter = new AdaptiveRateLimiter(new ReplicateRateLimitOptions { CreatesPerMinute = 1_000_000_000, OthersPerMinute = 1_000_000_000 }),
        });
        _raw = new HttpClient { BaseAddress = api };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "r8_benchmark");
        _json = new JsonSerializerOptions();
        _generated = new PredictionsClient(_raw);
    }

    /// <summary>A loopback server that answers every request with <see cref="Body"/> (shared with the MCP tool-call benchmark).</summary>
    internal static Task<LoopbackServer> StartCannedServerAsync()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Body);
        return LoopbackServer.StartAsync(
            context =>
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = bytes.Length;
                return context.Response.Body.WriteAsync(bytes).AsTask();
            },
            record: false);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _client.Dispose();
        _limited.Options.RateLimiter!.Dispose();
        _limited.Dispose();
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient + source-generated System.Text.Json")]
    public async Task<PredictionResponse?> Raw()
    {
        using var response = await _raw.GetAsync("predictions/p1", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        return await JsonSerializer.DeserializeAsync(stream, ReplicateJsonSerializerContext.Default.PredictionResponse);
    }

    [Benchmark(Description = "ReplicateClient (full pipeline)")]
    public Task<PredictionResponse> Client() => _client.Predictions.GetAsync("p1");

    [Benchmark(Description = "ReplicateClient (full pipeline, adaptive rate limiter under its limits)")]
    public Task<PredictionResponse> ClientRateLimited() => _limited.Predictions.GetAsync("p1");

    // Breakdown: where the difference comes from.
    [Benchmark(Description = "raw call through the pipeline's HttpClient")]
    public async Task<PredictionResponse?> RawThroughPipeline()
    {
        using var response = await _client.HttpClient.GetAsync("predictions/p1", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        return await JsonSerializer.DeserializeAsync(stream, ReplicateJsonSerializerContext.Default.PredictionResponse);
    }

    [Benchmark(Description = "raw HttpClient + reflection-based System.Text.Json")]
    public async Task<PredictionResponse?> RawReflection()
    {
        using var response = await _raw.GetAsync("predictions/p1", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        return await JsonSerializer.DeserializeAsync<PredictionResponse>(stream, _json);
    }

    [Benchmark(Description = "ReplicateClient polling path (pipeline + source-generated JSON)")]
    public Task<PredictionResponse> ClientPolling() => _client.GetPredictionCoreAsync("p1", CancellationToken.None);

    [Benchmark(Description = "generated client over a plain HttpClient")]
    public Task<PredictionResponse> GeneratedOverRaw() => _generated.GetAsync("p1");
}
