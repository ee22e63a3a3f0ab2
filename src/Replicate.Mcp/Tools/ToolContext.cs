using Microsoft.Extensions.Logging;
using Replicate.Client;
using Replicate.Mcp.Safety;

namespace Replicate.Mcp.Tools;

/// <summary>What every tool shares: the options, the one <see cref="ReplicateClient"/> (its pipeline carries the token), the redactor and a log.</summary>
internal sealed class ToolContext : IDisposable
{
    private readonly Lazy<ReplicateClient> _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private readonly Lock _gate = new();

    public ToolContext(ReplicateMcpOptions options, Redactor redactor, bool hasToken, ILoggerFactory loggerFactory)
    {
        Options = options;
        Redactor = redactor;
        Logger = loggerFactory.CreateLogger("Replicate.Mcp");
        HasToken = hasToken;
        _client = new Lazy<ReplicateClient>(() => new ReplicateClient(new ReplicateClientOptions
        {
            // No ApiToken here: the client reads REPLICATE_API_TOKEN itself, and keeps it to the API's origin.
            BaseAddress = options.BaseAddress,
            ApplicationId = "replicate-mcp/" + ServerInfo.Version,
            Transport = options.Transport,
            RateLimiter = options.RateLimiter,
            LoggerFactory = loggerFactory,
        }));
    }

    public ReplicateMcpOptions Options { get; }

    public Redactor Redactor { get; }

    public ILogger Logger { get; }

    public bool HasToken { get; }

    /// <summary>The client, built at the first call (a server without a token still starts and lists its tools).</summary>
    public ReplicateClient Client => HasToken
        ? _client.Value
        : throw new ToolArgumentException($"no API token: set {ReplicateMcpOptions.TokenVariable} in the server's environment (it is never passed as an argument)");

    /// <summary>Cancelled when the server stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Work that outlives its call (a cancel sent once a create answers); waited for, briefly, when the server stops.</summary>
    public void Background(Task work)
    {
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(work);
        }
    }

    /// <summary>Lets background work finish (at most <paramref name="limit"/>), then stops what is left.</summary>
    public async Task StopAsync(TimeSpan limit)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _background];
        }

        await Task.WhenAny(Task.WhenAll(pending), Task.Delay(limit, TimeProvider.System)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>The API's origin: the only one that receives the token.</summary>
    public bool IsApiOrigin(Uri uri) =>
        Uri.Compare(uri, Options.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
