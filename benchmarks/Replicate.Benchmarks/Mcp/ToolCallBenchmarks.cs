using System.Diagnostics;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Replicate.Benchmarks.Client;
using Replicate.Client;
using Replicate.Client.RateLimiting;
using Replicate.Generated;
using Replicate.Mcp;
using Replicate.Testing;

namespace Replicate.Benchmarks.Mcp;

/// <summary>
/// What the MCP server adds to a call: <c>GET /predictions/{id}</c> against one loopback server, directly through
/// <see cref="ReplicateClient"/> (the baseline), as the <c>predictions_get</c> tool of the server in this process over
/// in-memory pipes (JSON-RPC, argument check, request, result), and as the same tool of the server as a child process
/// over stdio (what an agent's client runs). Goal: the server adds at most 2 ms per call.
/// </summary>
[MemoryDiagnoser]
public class ToolCallBenchmarks
{
    private static readonly Dictionary<string, object?> Arguments = new() { ["prediction_id"] = "p1" };

    private LoopbackServer _api = null!;
    private ReplicateClient _client = null!;
    private McpClient _inProcess = null!;
    private McpClient _stdio = null!;
    private CancellationTokenSource _stop = null!;
    private Task _server = null!;

    // Synchronous: BenchmarkDotNet 0.14's in-process toolchain starts measuring before an async setup has finished.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _api = await GetPredictionBenchmarks.StartCannedServerAsync();
        var baseAddress = new Uri(_api.BaseAddress, "v1/");
        // Unpaced on both sides: the loop sends far more than Replicate's limits, and the comparison is of the tool layer.
        _client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = baseAddress, ApiToken = "r8_benchmark", RateLimiter = ReplicateRateLimiter.Unlimited });

        // The server reads its token from the environment only.
        Environment.SetEnvironmentVariable(ReplicateMcpOptions.TokenVariable, "r8_benchmark");
        var toServer = new Pipe();
        var toClient = new Pipe();
        _stop = new CancellationTokenSource();
        _server = ReplicateMcpServer.RunAsync(new ReplicateMcpOptions { BaseAddress = baseAddress, RateLimiter = ReplicateRateLimiter.Unlimited }, toServer.Reader.AsStream(), toClient.Writer.AsStream(), _stop.Token);
        _inProcess = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()));

        var server = Path.Combine(RepoRoot.Path, "src", "Replicate.Mcp", "bin", "Release", "net10.0", "Replicate.Mcp.dll");
        _stdio = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = ["exec", server],
            EnvironmentVariables = new Dictionary<string, string?> { ["REPLICATE_API_TOKEN"] = "r8_benchmark", ["REPLICATE_BASE_URL"] = baseAddress.AbsoluteUri },
        }));
    }

    private async Task CleanupAsync()
    {
        await _stdio.DisposeAsync();
        await _inProcess.DisposeAsync();
        await _stop.CancelAsync();
        try
        {
            await _server;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "ReplicateClient.Predictions.GetAsync (direct)")]
    public Task<PredictionResponse> Direct() => _client.Predictions.GetAsync("p1");

    [Benchmark(Description = "predictions_get tool, server in process (pipes)")]
    public async Task<CallToolResult> InProcessTool() => Check(await _inProcess.CallToolAsync("predictions_get", Arguments));

    [Benchmark(Description = "predictions_get tool, server as a child process (stdio)")]
    public async Task<CallToolResult> StdioTool() => Check(await _stdio.CallToolAsync("predictions_get", Arguments));

    private static CallToolResult Check(CallToolResult result)
    {
        Debug.Assert(result.IsError != true, "the tool call succeeds");
        return result.IsError == true ? throw new InvalidOperationException("the tool call failed") : result;
    }
}
