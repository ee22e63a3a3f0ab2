using System.Threading.RateLimiting;

namespace Replicate.Client.RateLimiting;

/// <summary>
/// Decides when a request to the API may be sent, per <see cref="ReplicateRequestKind"/>, and hears back when the
/// server throttled one. The client asks it before every attempt of every request to the API's origin (retries and
/// polls included), outside the attempt's network timeout. Plug your own in with
/// <see cref="ReplicateClientOptions.RateLimiter"/>; <see cref="AdaptiveRateLimiter"/> is the default,
/// <see cref="FromLimiters"/> wraps any <see cref="RateLimiter"/> (a distributed one, for example).
/// </summary>
public abstract class ReplicateRateLimiter : IDisposable
{
    /// <summary>A limiter that never waits: every request is sent at once.</summary>
    public static ReplicateRateLimiter Unlimited { get; } = new UnlimitedRateLimiter();

    /// <summary>
    /// Waits until a request of <paramref name="kind"/> may be sent. A lease that is not acquired (the limiter's queue
    /// is full) fails the request with <see cref="ReplicateClientRateLimitException"/>; nothing is sent.
    /// </summary>
    public abstract ValueTask<RateLimitLease> AcquireAsync(ReplicateRequestKind kind, CancellationToken cancellationToken = default);

    /// <summary>
    /// The server answered a request of <paramref name="kind"/> with 429, asking to wait <paramref name="retryAfter"/>
    /// (null when it named no delay). Adaptive limiters slow down here; the default does nothing.
    /// </summary>
    public virtual void OnThrottled(ReplicateRequestKind kind, TimeSpan? retryAfter)
    {
    }

    /// <summary>
    /// Wraps two <see cref="RateLimiter"/>s, one per budget (for example Redis-backed ones shared by every instance of
    /// a service). A limiter that answers at once without a permit (no queue of its own) is asked again after the
    /// lease's <see cref="MetadataName.RetryAfter"/> or <paramref name="retryInterval"/> (default 50 ms), whichever is
    /// shorter. A 429 holds that budget's requests back locally for the delay the server named.
    /// </summary>
    /// <param name="creates">The budget of creates.</param>
    /// <param name="others">The budget of every other request.</param>
    /// <param name="retryInterval">How soon to ask again after a refusal.</param>
    /// <param name="timeProvider">The clock of the local waits (default the system's).</param>
    /// <param name="ownsLimiters">Whether disposing the wrapper disposes the two limiters.</param>
    public static ReplicateRateLimiter FromLimiters(RateLimiter creates, RateLimiter others, TimeSpan? retryInterval = null, TimeProvider? timeProvider = null, bool ownsLimiters = false) =>
        new LimiterPair(creates, others, retryInterval ?? TimeSpan.FromMilliseconds(50), timeProvider ?? TimeProvider.System, ownsLimiters);

    /// <summary>Releases what the limiter holds.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the limiter holds when <paramref name="disposing"/>.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    private sealed class UnlimitedRateLimiter : ReplicateRateLimiter
    {
        private static readonly RateLimitLease Granted = new GrantedLease();

        public override ValueTask<RateLimitLease> AcquireAsync(ReplicateRequestKind kind, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Granted);
    }

    private sealed class GrantedLease : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
