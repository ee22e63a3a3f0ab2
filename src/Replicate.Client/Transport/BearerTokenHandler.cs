using Microsoft.Extensions.Logging;

namespace Replicate.Client.Transport;

/// <summary>
/// Adds <c>Authorization: Bearer</c> to requests for the API's own origin (scheme, host and port of the base
/// address) and strips it from any other, so a redirect or a foreign <c>next</c> URL never carries the token.
/// </summary>
internal sealed class BearerTokenHandler(Uri baseAddress, string token, ILogger logger) : DelegatingHandler
{
    /// <summary>
    /// Marks a request for a URL the API itself handed out on another host (a prediction's stream URL): the token
    /// goes to exactly that scheme and authority, and nowhere a redirect from there might lead.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> AuthorizedOrigin = new("Replicate.AuthorizedOrigin");

    // Pre-formatted once: adding a raw value skips building header objects on every request.
    private readonly string _header = "Bearer " + token;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Authorization");
        if (IsApiOrigin(request.RequestUri) || IsAuthorizedElsewhere(request))
        {
            request.Headers.TryAddWithoutValidation("Authorization", _header);
        }
        else
        {
            Log.ForeignHost(logger, request.RequestUri?.Host ?? "(relative)");
        }

        return base.SendAsync(request, cancellationToken);
    }

    public bool IsApiOrigin(Uri? uri) =>
        uri is { IsAbsoluteUri: true }
        && Uri.Compare(uri, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    // Never downgrade: the stream host must use https, or the API's own scheme (plain http only on a test loopback).
    private bool IsAuthorizedElsewhere(HttpRequestMessage request) =>
        request.Options.TryGetValue(AuthorizedOrigin, out var origin)
        && request.RequestUri is { IsAbsoluteUri: true } uri
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == baseAddress.Scheme)
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);

    /// <summary>Describes the handler without the token.</summary>
    public override string ToString() => $"BearerTokenHandler for {baseAddress.GetLeftPart(UriPartial.Authority)}";
}
