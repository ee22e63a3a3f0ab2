namespace Replicate.Client.Transport;

/// <summary>
/// The whole pipeline packaged as one <see cref="DelegatingHandler"/>, so it can sit in an
/// <see cref="IHttpClientFactory"/> chain (one <c>AddHttpMessageHandler</c>) or directly over a transport.
/// Its inner handlers run in their documented order, then hand the request to this handler's own inner handler.
/// </summary>
internal sealed class PipelineHandler : DelegatingHandler
{
    private readonly IReadOnlyList<DelegatingHandler> _handlers;
    private readonly HttpMessageInvoker _entry;

    public PipelineHandler(IReadOnlyList<DelegatingHandler> handlers)
    {
        _handlers = handlers;
        HttpMessageHandler inner = new Forwarder(this);
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = inner;
            inner = handlers[i];
        }

        _entry = new HttpMessageInvoker(inner, disposeHandler: false);
    }

    /// <summary>The handlers, outermost first (for tests and diagnostics).</summary>
    public IReadOnlyList<DelegatingHandler> Handlers => _handlers;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _entry.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Disposing the outermost handler cascades down the inner chain to the forwarder, which owns nothing.
            _entry.Dispose();
            if (_handlers.Count > 0)
            {
                _handlers[0].Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private Task<HttpResponseMessage> SendToInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private sealed class Forwarder(PipelineHandler owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            owner.SendToInnerAsync(request, cancellationToken);
    }
}
