using Replicate.Client.Retries;
using Replicate.Testing;

namespace Replicate.Client.Tests;

/// <summary>Builds clients aimed at a loopback server, with a fake clock and pinned jitter.</summary>
internal static class TestClients
{
    public const string Token = "r8_TestTokenThatMustNeverLeak0123456789";

    public static ReplicateClient For(ScriptedServer server, FakeTimeProvider? time = null, Action<ReplicateClientOptions>? configure = null, CapturingLoggerProvider? logs = null)
    {
        var options = new ReplicateClientOptions
        {
            BaseAddress = server.ApiBase,
            ApiToken = Token,
            TimeProvider = time ?? new FakeTimeProvider(),
            LoggerFactory = logs,
        };
        options.Retry.Random = () => 0.0; // jitter factor 0.5: delays become exact
        configure?.Invoke(options);
        return new ReplicateClient(options);
    }

    public const string Prediction = """
        {"id":"p1","model":"acme/m","version":"hidden","input":{},"output":null,"data_removed":false,"error":null,
         "status":"succeeded","created_at":"2025-01-02T03:04:05Z","urls":{"get":"https://x/p1","cancel":"https://x/p1/cancel","web":"https://x/p/p1"}}
        """;

    public static ReplicateRetryOptions Retry(this ReplicateClientOptions options) => options.Retry;
}
