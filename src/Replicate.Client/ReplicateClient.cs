using Replicate.Client.Transport;
using Replicate.Generated;

namespace Replicate.Client;

/// <summary>
/// The entry point: every Replicate API operation, through one thread-safe transport pipeline (auth, user agent,
/// redirects, safe retries, logging, errors as <see cref="Errors.ReplicateApiException"/>). Build one per
/// application and share it.
/// <code>
/// using var replicate = new ReplicateClient();            // token from REPLICATE_API_TOKEN
/// var prediction = await replicate.Predictions.GetAsync("abc123");
/// </code>
/// </summary>
public partial class ReplicateClient : ReplicateResources, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;

    /// <summary>Creates a client that reads its token from <c>REPLICATE_API_TOKEN</c>.</summary>
    public ReplicateClient()
        : this(new ReplicateClientOptions())
    {
    }

    /// <summary>Creates a client with the given API token and default settings.</summary>
    public ReplicateClient(string apiToken)
        : this(new ReplicateClientOptions { ApiToken = apiToken ?? throw new ArgumentNullException(nameof(apiToken)) })
    {
    }

    /// <summary>Creates a client from <paramref name="options"/>, which are frozen from now on.</summary>
    public ReplicateClient(ReplicateClientOptions options)
        : this(ReplicatePipeline.CreateHttpClient(options ?? throw new ArgumentNullException(nameof(options))), options, ownsHttpClient: true)
    {
    }

    /// <summary>Wraps an <see cref="HttpClient"/> whose handlers already form the pipeline (the DI path).</summary>
    internal ReplicateClient(HttpClient httpClient, ReplicateClientOptions options, bool ownsHttpClient)
        : base(Configure(httpClient, options))
    {
        Options = options;
        _http = httpClient;
        _ownsHttpClient = ownsHttpClient;
    }

    // The resource clients (generated: one per resource of the baseline, see ReplicateResources) take the HTTP client
    // in the base constructor, so it is set up first.
    private static HttpClient Configure(HttpClient httpClient, ReplicateClientOptions options)
    {
        options.Freeze();
        httpClient.BaseAddress = options.BaseAddress;
        httpClient.Timeout = Timeout.InfiniteTimeSpan; // per-attempt timeouts live in the pipeline
        return httpClient;
    }

    /// <summary>The (frozen) settings this client was built with.</summary>
    public ReplicateClientOptions Options { get; }

    /// <summary>
    /// Sends a request the typed clients do not cover (a raw call, a page URL kept from earlier) through this client's
    /// pipeline: the token (to the API's origin only, never to another host), user agent, redirects, safe retries
    /// (POST only after 429), logging. A relative URI resolves against <see cref="ReplicateClientOptions.BaseAddress"/>.
    /// A non-success status throws <see cref="Errors.ReplicateApiException"/> (a <see cref="Errors.ReplicateException"/>
    /// naming the operation); a success body is read within the attempt, up to
    /// <see cref="ReplicateClientOptions.MaxResponseBodySize"/>. Dispose the response.
    /// </summary>
    public virtual Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>The pipeline-backed HTTP client the hand-written features send through.</summary>
    internal HttpClient HttpClient => _http;

    /// <summary>Releases the HTTP pipeline when this client created it (not when it came from a factory).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the pipeline when <paramref name="disposing"/> and this client created it.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    /// <summary>Describes the client without its token.</summary>
    public override string ToString() => $"ReplicateClient {{ BaseAddress = {Options.BaseAddress} }}";
}
