using Microsoft.Extensions.Logging;
using Replicate.Client.RateLimiting;
using Replicate.Client.Retries;

namespace Replicate.Client;

/// <summary>
/// Settings of a <see cref="ReplicateClient"/>. Set them before building the client: the client freezes the
/// instance it is given, and any later change throws <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class ReplicateClientOptions
{
    /// <summary>The name of the environment variable the token is read from when <see cref="ApiToken"/> is not set.</summary>
    public const string TokenEnvironmentVariable = "REPLICATE_API_TOKEN";

    /// <summary>Replicate's API root.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.replicate.com/v1/");

    private Uri _baseAddress = DefaultBaseAddress;
    private string? _apiToken;
    private TimeSpan _networkTimeout = TimeSpan.FromSeconds(100);
    private long _maxResponseBodySize = 32L * 1024 * 1024;
    private IReadOnlyList<string> _streamingHosts = ["stream.replicate.com"];
    private string? _applicationId;
    private ILoggerFactory? _loggerFactory;
    private TimeProvider _timeProvider = TimeProvider.System;
    private HttpMessageHandler? _transport;
    private bool _validateInputs;
    private TimeSpan _latestModelSchemaLifetime = TimeSpan.FromMinutes(5);
    private ReplicateRateLimiter? _rateLimiter;
    private ReplicateRateLimiter? _defaultRateLimiter;

    /// <summary>The API root, <c>https://api.replicate.com/v1/</c> by default. A missing trailing slash is added.</summary>
    public Uri BaseAddress
    {
        get => _baseAddress;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"The base address must be an absolute http(s) URL, not '{value}'.", nameof(value));
            }

            Set(ref _baseAddress, value.AbsoluteUri.EndsWith('/') ? value : new Uri(value.AbsoluteUri + "/"));
        }
    }

    /// <summary>
    /// The API token (<c>r8_…</c>). When not set, the client reads <c>REPLICATE_API_TOKEN</c> and fails with a
    /// clear error when neither is present. The token is sent only to <see cref="BaseAddress"/>'s host.
    /// </summary>
    public string? ApiToken
    {
        get => _apiToken;
        set => Set(ref _apiToken, value);
    }

    /// <summary>Retry behaviour; <see cref="ReplicateRetryOptions.Enabled"/> turns retries off.</summary>
    public ReplicateRetryOptions Retry { get; } = new();

    /// <summary>How long one HTTP attempt may take before it counts as timed out (100 s by default).</summary>
    public TimeSpan NetworkTimeout
    {
        get => _networkTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            Set(ref _networkTimeout, value);
        }
    }

    /// <summary>
    /// The largest response body read into memory (32 MiB by default): a larger one fails with
    /// <see cref="Errors.ReplicateResponseException"/> instead of exhausting memory. Streams (SSE, file downloads,
    /// outputs) are not read into memory and have no cap. Error bodies are always cut at 64 KiB, the rest discarded.
    /// </summary>
    public long MaxResponseBodySize
    {
        get => _maxResponseBodySize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (long)Array.MaxLength);
            Set(ref _maxResponseBodySize, value);
        }
    }

    /// <summary>
    /// Hosts besides the API's own that may receive the token when a prediction's stream URL points at them (https
    /// only): <c>stream.replicate.com</c> by default. An entry is a host name or a <c>host:port</c> authority. A stream
    /// URL anywhere else is fetched without the token.
    /// </summary>
    public IReadOnlyList<string> StreamingHosts
    {
        get => _streamingHosts;
        set => Set(ref _streamingHosts, [.. value ?? throw new ArgumentNullException(nameof(value))]);
    }

    /// <summary>Your application's id, appended to the user agent (<c>myapp/1.2</c> or <c>myapp</c>).</summary>
    public string? ApplicationId
    {
        get => _applicationId;
        set
        {
            if (value is not null && !System.Net.Http.Headers.ProductInfoHeaderValue.TryParse(value.Trim(), out _))
            {
                throw new ArgumentException($"'{value}' is not a valid user-agent product (use 'name' or 'name/version', no spaces).", nameof(value));
            }

            Set(ref _applicationId, value?.Trim());
        }
    }

    /// <summary>Where requests, retries and failures are logged. No token, header or body is ever logged.</summary>
    public ILoggerFactory? LoggerFactory
    {
        get => _loggerFactory;
        set => Set(ref _loggerFactory, value);
    }

    /// <summary>The clock used for retry delays, timeouts and backoff (tests pass a fake one).</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => Set(ref _timeProvider, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// The innermost handler that does the network I/O; by default a <see cref="SocketsHttpHandler"/> that does not
    /// follow redirects itself (the pipeline does, without leaking the token). The client does not dispose it.
    /// </summary>
    public HttpMessageHandler? Transport
    {
        get => _transport;
        set => Set(ref _transport, value);
    }

    /// <summary>
    /// Check every create's input against the model version's schema before sending it, and throw
    /// <see cref="ModelSchemas.ReplicateInputValidationException"/> with every error and no request sent. Off by
    /// default; <see cref="Predictions.PredictionCreateOptions.ValidateInput"/> turns it on or off for one call.
    /// </summary>
    /// <remarks>
    /// Off by default because it is not free: the first create of each version costs a GET for its schema (cached for
    /// good), and each <c>owner/name</c> reference a GET of the model per <see cref="LatestModelSchemaLifetime"/>; both
    /// count against the rate limit and add a round trip to a create, and the server checks inputs anyway (422). Turn
    /// it on where a silent mistake costs more: Cog drops input names it does not know, so a misspelt optional input
    /// runs (and is billed) with its default, and only this check catches it. A create by a bare version id is
    /// checked only against a schema already cached for that version (the API cannot fetch a version without its
    /// model's name); deployment creates are not checked (the deployment's version is not known without a request).
    /// </remarks>
    public bool ValidateInputs
    {
        get => _validateInputs;
        set => Set(ref _validateInputs, value);
    }

    /// <summary>
    /// How long the schema of an <c>owner/name</c> reference's latest version is reused before the model is asked again
    /// (5 minutes by default): a model can publish a new version at any time. A version's own schema never changes and
    /// is cached for the life of the client.
    /// </summary>
    public TimeSpan LatestModelSchemaLifetime
    {
        get => _latestModelSchemaLifetime;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Set(ref _latestModelSchemaLifetime, value);
        }
    }

    /// <summary>
    /// Paces every request to the API (every attempt: retries and polls too) within the account's budgets, creates and
    /// other requests apart. Null (the default) gives each client built from these options one shared
    /// <see cref="AdaptiveRateLimiter"/> at Replicate's documented limits (600 creates, 3000 other requests a minute,
    /// slowing down on 429 and back up) on <see cref="TimeProvider"/>. Pass one instance to several clients of one
    /// account to share its budget, <see cref="ReplicateRateLimiter.FromLimiters"/> for a distributed one (the
    /// Replicate.Client.Redis package), or <see cref="ReplicateRateLimiter.Unlimited"/> to send at once. A limiter
    /// passed here is not disposed by the client.
    /// </summary>
    public ReplicateRateLimiter? RateLimiter
    {
        get => _rateLimiter;
        set => Set(ref _rateLimiter, value);
    }

    /// <summary>Whether a client was built from these options (and they can no longer change).</summary>
    public bool IsFrozen { get; private set; }

    internal void Freeze()
    {
        IsFrozen = true;
        Retry.Freeze();
    }

    /// <summary>The limiter in force: <see cref="RateLimiter"/>, else one default limiter for these (frozen) options.</summary>
    internal ReplicateRateLimiter ResolveRateLimiter()
    {
        if (_rateLimiter is { } own)
        {
            return own;
        }

        if (Volatile.Read(ref _defaultRateLimiter) is { } made)
        {
            return made;
        }

        var limiter = new AdaptiveRateLimiter(ReplicateRateLimitOptions.Default, TimeProvider);
        if (Interlocked.CompareExchange(ref _defaultRateLimiter, limiter, null) is { } other)
        {
            limiter.Dispose();
            return other;
        }

        return limiter;
    }

    /// <summary>The token to use: <see cref="ApiToken"/>, else the environment variable.</summary>
    internal string ResolveToken()
    {
        var token = string.IsNullOrWhiteSpace(ApiToken) ? Environment.GetEnvironmentVariable(TokenEnvironmentVariable) : ApiToken;
        return string.IsNullOrWhiteSpace(token)
            ? throw new InvalidOperationException(
                $"No Replicate API token: set ReplicateClientOptions.ApiToken or the {TokenEnvironmentVariable} environment variable.")
            : token.Trim();
    }

    /// <summary>Describes the options without the token.</summary>
    public override string ToString() =>
        $"ReplicateClientOptions {{ BaseAddress = {BaseAddress}, ApiToken = {(ApiToken is null ? "(from environment)" : "***")}, NetworkTimeout = {NetworkTimeout}, Retry = {Retry} }}";

    private void Set<T>(ref T field, T value)
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException("These options belong to a ReplicateClient that has been built; create new options for a new client.");
        }

        field = value;
    }
}
