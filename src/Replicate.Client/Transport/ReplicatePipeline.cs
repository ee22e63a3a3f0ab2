using System.Net;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Replicate.Client.Transport;

/// <summary>
/// The transport pipeline, outermost first:
/// <list type="number">
/// <item><see cref="ErrorMappingHandler"/> — non-success responses and failures become Replicate exceptions.</item>
/// <item><see cref="UserAgentHandler"/> — <c>replicate-dotnet/&lt;version&gt;</c> and the application id.</item>
/// <item>Kiota <c>RedirectHandler</c> — follows redirects; its header scrubbing drops Authorization on a host change.</item>
/// <item><see cref="Retries.RetryHandler"/> — the only retry mechanism (Polly.Core), per redirect hop, with per-attempt timeout; each attempt first passes the rate limits (<see cref="RateLimitGate"/>).</item>
/// <item><see cref="BearerTokenHandler"/> — the token, on every attempt, to the API origin only.</item>
/// <item><see cref="LoggingHandler"/> — one line per attempt, no secrets.</item>
/// <item>the transport: <see cref="SocketsHttpHandler"/> with automatic redirects off.</item>
/// </list>
/// Auth sits inside redirect and retry so every hop and attempt is authorised afresh, for the API origin only.
/// </summary>
internal static class ReplicatePipeline
{
    /// <summary>The library's version as sent in the user agent.</summary>
    public static string Version { get; } =
        typeof(ReplicatePipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ReplicatePipeline).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    /// <summary>Creates the delegating handlers, outermost first, for a client built from <paramref name="options"/>.</summary>
    public static IReadOnlyList<DelegatingHandler> CreateHandlers(ReplicateClientOptions options, string token)
    {
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("Replicate.Client");
        var userAgent = $"replicate-dotnet/{Version}" + (string.IsNullOrWhiteSpace(options.ApplicationId) ? string.Empty : " " + options.ApplicationId);
        var handlers = new List<DelegatingHandler>
        {
            new ErrorMappingHandler(options.TimeProvider),
            new UserAgentHandler(userAgent),
        };
        handlers.Add(new RedirectHandler(new RedirectHandlerOption { MaxRedirect = 5, AllowRedirectOnSchemeChange = false }));
        var limiter = options.ResolveRateLimiter();
        var gate = ReferenceEquals(limiter, RateLimiting.ReplicateRateLimiter.Unlimited) ? null : new RateLimitGate(limiter, options.BaseAddress, options.TimeProvider);
        handlers.Add(new Retries.RetryHandler(options.Retry, options.NetworkTimeout, options.TimeProvider, logger, options.MaxResponseBodySize, gate));
        handlers.Add(new BearerTokenHandler(options.BaseAddress, token, logger));
        handlers.Add(new LoggingHandler(logger, options.TimeProvider));
        return handlers;
    }

    /// <summary>The default transport: pooled sockets, no automatic redirects (the pipeline handles them).</summary>
    public static HttpMessageHandler CreateTransport() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The whole pipeline as one handler; set its <see cref="DelegatingHandler.InnerHandler"/> to the transport.</summary>
    public static PipelineHandler CreateHandler(ReplicateClientOptions options, string token) => new(CreateHandlers(options, token));

    /// <summary>
    /// An <see cref="HttpClient"/> over the whole pipeline and <see cref="ReplicateClientOptions.Transport"/> (else the
    /// default transport), with no client-level timeout (per-attempt timeouts live in the pipeline). The one way both
    /// flavours build theirs: <c>ReplicateClient</c> and Replicate.Kiota's request adapter send through the same chain.
    /// </summary>
    /// <param name="options">The client's settings.</param>
    /// <param name="outermost">A handler to run before the pipeline (the Kiota flavour's wire-method handler), or null.</param>
    public static HttpClient CreateHttpClient(ReplicateClientOptions options, DelegatingHandler? outermost = null)
    {
        var pipeline = CreateHandler(options, options.ResolveToken());
        pipeline.InnerHandler = options.Transport is { } transport
            ? new CallerOwnedTransport(transport)
            : CreateTransport();
        if (outermost is null)
        {
            return new HttpClient(pipeline, disposeHandler: true);
        }

        outermost.InnerHandler = pipeline;
        return new HttpClient(outermost, disposeHandler: true);
    }

    // A transport supplied by the caller stays theirs to dispose: this wrapper does not pass disposal down.
    private sealed class CallerOwnedTransport(HttpMessageHandler transport) : DelegatingHandler(transport)
    {
        protected override void Dispose(bool disposing)
        {
            // Deliberately not calling base.Dispose: it would dispose the caller's transport.
        }
    }
}
