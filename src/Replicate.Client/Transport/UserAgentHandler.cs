namespace Replicate.Client.Transport;

/// <summary>
/// Adds <c>replicate-dotnet/&lt;version&gt;</c> and the application id to the User-Agent. Hand-written rather than
/// Kiota's UserAgentHandler: that one carries a single product (two instances were needed for the application id)
/// and rebuilds header objects on every request, about 0.3 KB each — here one pre-formatted value is appended.
/// </summary>
internal sealed class UserAgentHandler(string userAgent) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return base.SendAsync(request, cancellationToken);
    }
}
