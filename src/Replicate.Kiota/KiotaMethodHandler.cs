using Microsoft.Kiota.Abstractions;

namespace Replicate.Kiota;

/// <summary>
/// Marks a Kiota request that goes on the wire with an HTTP method Kiota's <see cref="Method"/> cannot name (<c>QUERY</c>).
/// The request is built as <see cref="Method.POST"/> (so Kiota writes its body) and <see cref="KiotaMethodHandler"/>, the
/// outermost handler of <see cref="ReplicateKiotaClient.Create(Replicate.Client.ReplicateClientOptions)"/>, sends it with
/// this method before the transport pipeline sees it (so retries treat it as the idempotent read it is, and errors name it).
/// </summary>
internal sealed class WireMethodOption(string method) : IRequestOption
{
    /// <summary>The key Kiota stores a request option under in <see cref="HttpRequestMessage.Options"/>: its type's full name.</summary>
    public static readonly HttpRequestOptionsKey<IRequestOption> Key = new(typeof(WireMethodOption).FullName!);

    public HttpMethod Method { get; } = new(method);
}

// CUSTOM: the Kiota flavour's outermost handler. Kiota's Method enum has no QUERY (its adapter sends Method.ToString()), so the hand-written QUERY builder marks
// its request and this handler sets the wire method. Without this handler a marked request must not go out as the POST
// it was built as (POST /models creates a model): it fails before sending.
internal sealed class KiotaMethodHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(WireMethodOption.Key, out var option) && option is WireMethodOption wire)
        {
            request.Method = wire.Method;
        }

        // Kiota's adapter chooses its parser by the response's media type: the pipeline must keep it on JSON bodies too.
        request.Options.Set(Replicate.Client.Transport.BufferedContent.KeepContentHeaders, true);

        return base.SendAsync(request, cancellationToken);
    }
}
