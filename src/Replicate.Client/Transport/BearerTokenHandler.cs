using System.Net.Http.Headers;
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

    private readonly AuthenticationHeaderValue _header = new("Bearer", token);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsApiOrigin(request.RequestUri) || IsAuthorizedElsewhere(request))
        {
            request.Headers.Authorization = _header;
        }
        else
        {
            request.Headers.Authorization = null;
            Log.ForeignHost(logger, request.RequestUri?.Host ?? "(relative)");
        }

        return base.SendAsync(request, cancellationToken);
    }

    public bool IsApiOrigin(Uri? uri) =>
        uri is { IsAbsoluteUri: true }
        && Uri.Compare(uri, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsAuthorizedElsewhere(HttpRequestMessage request) =>
        request.Options.TryGetValue(AuthorizedOrigin, out var origin)
        && request.RequestUri is { IsAbsoluteUri: true, Scheme: "https" } uri
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);

    /// <summary>Describes the handler without the token.</summary>
    public override string ToString() => $"BearerTokenHandler for {baseAddress.GetLeftPart(UriPartial.Authority)}";
}
