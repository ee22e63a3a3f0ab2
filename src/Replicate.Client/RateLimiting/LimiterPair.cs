using System.Threading.RateLimiting;

namespace Replicate.Client.RateLimiting;

/// <summary>
/// Two <see cref="RateLimiter"/>s as a <see cref="ReplicateRateLimiter"/> (see <see cref="ReplicateRateLimiter.FromLimiters"/>).
/// Limiters without a queue (Redis-backed ones answer at once) are asked again until they grant a permit; a 429
/// pauses that budget locally for the server's delay, since a shared limiter cannot be told to slow down.
/// </summary>
internal sealed class LimiterPair(RateLimiter creates, RateLimiter others, TimeSpan retryInterval, TimeProvider time, bool ownsLimiters) : ReplicateRateLimiter
{
    private readonly long[] _pausedUntil = new long[2];

    public override async ValueTask<RateLimitLease> AcquireAsync(ReplicateRequestKind kind, CancellationToken cancellationToken = default)
    {
        var limiter = kind == ReplicateRequestKind.Create ? creates : others;
        while (true)
        {
            var paused = Volatile.Read(ref _pausedUntil[(int)kind]) - time.GetTimestamp();
            if (paused > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)paused / time.TimestampFrequency), time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (lease.IsAcquired)
            {
                return lease;
            }

            // Jittered, so instances waiting on one shared bucket do not ask again in lockstep.
            var wait = retryInterval * (0.5 + Random.Shared.NextDouble());
            if (RetryAfter(lease) is { } after && after > TimeSpan.Zero && after < wait)
            {
                wait = after;
            }

            lease.Dispose();
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    // The standard metadata is a TimeSpan; some limiters (RedisRateLimiting's) give whole seconds under the same name.
    private static TimeSpan? RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var value)
            ? value switch
            {
                TimeSpan span => span,
                int seconds => TimeSpan.FromSeconds(seconds),
                long seconds => TimeSpan.FromSeconds(seconds),
                double seconds => TimeSpan.FromSeconds(seconds),
                _ => null,
            }
            : null;

    public override void OnThrottled(ReplicateRequestKind kind, TimeSpan? retryAfter)
    {
        var until = time.GetTimestamp() + (long)((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds * time.TimestampFrequency);
        var slot = (int)kind;
        long seen;
        do
        {
            seen = Volatile.Read(ref _pausedUntil[slot]);
        }
        while (until > seen && Interlocked.CompareExchange(ref _pausedUntil[slot], until, seen) != seen);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsLimiters)
        {
            creates.Dispose();
            others.Dispose();
        }

        base.Dispose(disposing);
    }
}
