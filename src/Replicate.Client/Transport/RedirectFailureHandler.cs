using Replicate.Client.Errors;

namespace Replicate.Client.Transport;

/// <summary>
/// Sits directly outside Kiota's redirect handler, which gives up on a redirect without <c>Location</c> and on a
/// redirect loop by throwing <see cref="InvalidOperationException"/>: that becomes a
/// <see cref="ReplicateResponseException"/> naming the operation, inside the one exception family.
/// </summary>
internal sealed class RedirectFailureHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            var operation = LogPath.Operation(request);
            throw new ReplicateResponseException($"{operation} was redirected where it cannot be followed: {e.Message}", operation, 0, e);
        }
    }
}
