using System.Net.Http.Headers;

namespace Replicate.Contracts.Tests.Infrastructure;

/// <summary>
/// Adds <c>Authorization: Bearer …</c> to every request, as the hand-written transport will: the generated clients do
/// not, and the spec requires it on every operation but <c>GET /search</c>.
/// </summary>
public sealed class BearerTokenHandler(string token) : DelegatingHandler(new SocketsHttpHandler())
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
