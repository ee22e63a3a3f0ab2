using System.Threading.RateLimiting;
using Replicate.Client.Errors;
using Replicate.Client.RateLimiting;
using Replicate.Client.Retries;

namespace Replicate.Client.Transport;

/// <summary>
/// The rate limits' place in the pipeline: the retry handler passes every attempt through here (the first and each
/// retry, of every request to the API, polls included) before the attempt's network timeout starts, so waiting for a
/// permit never counts as a slow network; and every 429 an attempt gets is reported back with the server's delay.
/// </summary>
internal sealed class RateLimitGate(ReplicateRateLimiter limiter, Uri baseAddress, TimeProvider time)
{
    private const int ErrorBodyLimit = 64 * 1024;

    /// <summary>Waits for a permit for <paramref name="request"/> (none for a request outside the API); the lease is held for the attempt.</summary>
    public async ValueTask<RateLimitLease?> EnterAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestKinds.Of(request, baseAddress) is not { } kind)
        {
            return null;
        }

        var queued = ReplicateRequestOptions.For(request).CancelWhileQueued;
        using var linked = queued.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, queued) : null;
        var lease = await limiter.AcquireAsync(kind, linked?.Token ?? cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new ReplicateClientRateLimitException(LogPath.Operation(request), kind);
        }

        return lease;
    }

    /// <summary>Tells the limiter about a 429 (with the delay the server named) for an attempt that went through <see cref="EnterAsync"/>.</summary>
    public async ValueTask ObserveAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if ((int)response.StatusCode != 429 || RequestKinds.Of(request, baseAddress) is not { } kind)
        {
            return;
        }

        string? body;
        try
        {
            body = await ServerDelay.ReadBodyAsync(response, ErrorBodyLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            body = null;
        }

        limiter.OnThrottled(kind, ServerDelay.From(response, ErrorBody.Parse(body), time));
    }
}
