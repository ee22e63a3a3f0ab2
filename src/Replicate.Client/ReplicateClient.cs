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
public partial class ReplicateClient : IDisposable
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
        : this(CreateHttpClient(options ?? throw new ArgumentNullException(nameof(options))), options, ownsHttpClient: true)
    {
    }

    /// <summary>Wraps an <see cref="HttpClient"/> whose handlers already form the pipeline (the DI path).</summary>
    internal ReplicateClient(HttpClient httpClient, ReplicateClientOptions options, bool ownsHttpClient)
    {
        options.Freeze();
        Options = options;
        _http = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _http.BaseAddress = options.BaseAddress;
        _http.Timeout = Timeout.InfiniteTimeSpan; // per-attempt timeouts live in the pipeline
        Account = new AccountClient(_http);
        Collections = new CollectionsClient(_http);
        Deployments = new DeploymentsClient(_http);
        Files = new FilesClient(_http);
        Hardware = new HardwareClient(_http);
        Models = new ModelsClient(_http);
        Predictions = new PredictionsClient(_http);
        Search = new SearchClient(_http);
        Trainings = new TrainingsClient(_http);
        Webhooks = new WebhooksClient(_http);
    }

    /// <summary>The (frozen) settings this client was built with.</summary>
    public ReplicateClientOptions Options { get; }

    /// <summary>The authenticated account.</summary>
    public virtual AccountClient Account { get; }

    /// <summary>Curated model collections.</summary>
    public virtual CollectionsClient Collections { get; }

    /// <summary>Deployments and predictions on them.</summary>
    public virtual DeploymentsClient Deployments { get; }

    /// <summary>Uploaded files.</summary>
    public virtual FilesClient Files { get; }

    /// <summary>Hardware SKUs.</summary>
    public virtual HardwareClient Hardware { get; }

    /// <summary>Models, versions, examples, readme, search and predictions on official models.</summary>
    public virtual ModelsClient Models { get; }

    /// <summary>Predictions.</summary>
    public virtual PredictionsClient Predictions { get; }

    /// <summary>Search across models, collections and docs.</summary>
    public virtual SearchClient Search { get; }

    /// <summary>Trainings.</summary>
    public virtual TrainingsClient Trainings { get; }

    /// <summary>The default webhook's signing secret.</summary>
    public virtual WebhooksClient Webhooks { get; }

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

    private static HttpClient CreateHttpClient(ReplicateClientOptions options)
    {
        var pipeline = ReplicatePipeline.CreateHandler(options, options.ResolveToken());
        pipeline.InnerHandler = options.Transport is { } transport
            ? new CallerOwnedTransport(transport)
            : ReplicatePipeline.CreateTransport();
        return new HttpClient(pipeline, disposeHandler: true);
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
