using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Replicate.Client;
using Replicate.Client.Transport;

namespace Replicate.Kiota;

// CUSTOM: the entry point of the generated Kiota client (obj/kiota/client/ReplicateKiotaClient.cs, never edited): a
// request adapter over an HttpClient built from Replicate.Client's transport pipeline, so the Kiota flavour sends exactly
// as ReplicateClient does — the token only to the API's origin, safe retries, errors as ReplicateException naming the
// operation, logging — instead of Kiota's own default middleware (whose retry handler cannot tell a create from a read).

/// <summary>
/// Every operation of the Replicate HTTP API as a Kiota client: fluent request builders
/// (<c>replicate.Predictions[id].GetAsync()</c>), <c>IParsable</c> models, and <c>replicate.Models.QueryAsync(text)</c> for
/// the HTTP <c>QUERY</c> search. Build one with <see cref="Create(ReplicateClientOptions)"/> and share it: it is thread-safe.
/// Failures are the <see cref="Replicate.Client.Errors.ReplicateException"/> family of Replicate.Client, naming the
/// operation (<c>GET /v1/predictions/abc</c>).
/// </summary>
public partial class ReplicateKiotaClient : IDisposable
{
    private readonly HttpClient? _ownedHttpClient;
    private readonly IDisposable? _ownedAdapter;

    private ReplicateKiotaClient(ReplicateRequestAdapter adapter, HttpClient httpClient)
        : this(adapter)
    {
        _ownedAdapter = adapter;
        _ownedHttpClient = httpClient;
    }

    /// <summary>Creates a client whose token comes from <c>REPLICATE_API_TOKEN</c>.</summary>
    /// <returns>A client to share; dispose it when the application stops.</returns>
    public static ReplicateKiotaClient Create() => Create(new ReplicateClientOptions());

    /// <summary>
    /// Creates a client from <paramref name="options"/> (token, base address, retries, timeouts, logging, transport — the
    /// same options as <see cref="ReplicateClient"/>), which are frozen from now on.
    /// </summary>
    /// <param name="options">The settings; <see cref="ReplicateClientOptions.ApiToken"/> or <c>REPLICATE_API_TOKEN</c> must give a token.</param>
    /// <returns>A client to share; dispose it when the application stops.</returns>
    public static ReplicateKiotaClient Create(ReplicateClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Freeze();
        var http = ReplicatePipeline.CreateHttpClient(options, new KiotaMethodHandler());
        http.Timeout = Timeout.InfiniteTimeSpan; // per-attempt timeouts live in the pipeline
        var adapter = new ReplicateRequestAdapter(http)
        {
            BaseUrl = options.BaseAddress.AbsoluteUri.TrimEnd('/'),
        };
        return new ReplicateKiotaClient(adapter, http);
    }

    /// <summary>Releases the HTTP pipeline when <see cref="Create(ReplicateClientOptions)"/> built it.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the pipeline when <paramref name="disposing"/> and this client created it.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedAdapter?.Dispose();
            _ownedHttpClient?.Dispose();
        }
    }

    /// <summary>Describes the client without its token.</summary>
    /// <returns>The base address.</returns>
    public override string ToString() => $"ReplicateKiotaClient {{ BaseAddress = {RequestAdapter.BaseUrl} }}";
}

/// <summary>
/// Kiota's request adapter over the pipeline's <see cref="HttpClient"/>; its own type so the QUERY builder can tell that
/// <see cref="KiotaMethodHandler"/> is in the chain. The token is set by the pipeline (to the API's origin only), so
/// Kiota's authentication adds nothing.
/// </summary>
internal sealed class ReplicateRequestAdapter(HttpClient httpClient)
    : HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: httpClient);
