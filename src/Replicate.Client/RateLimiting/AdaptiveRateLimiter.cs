using System.Threading.RateLimiting;

namespace Replicate.Client.RateLimiting;

/// <summary>
/// The default limiter: two token buckets (creates, other requests) at Replicate's documented limits, on the client's
/// <see cref="TimeProvider"/>. A 429 holds that budget back for the delay the server named, spends the tokens saved up
/// and multiplies its rate by <see cref="ReplicateRateLimitOptions.DecreaseFactor"/>; the rate then climbs back to where
/// the 429 came, lingers there, and probes above it (<see cref="ReplicateRateLimitOptions.ProbeRate"/>). So a client settles just under a limit the server
/// lowered without saying (an account low on credit) instead of hammering it, and returns to full speed when it is
/// lifted. One instance can be shared by several clients of one account in a process; across processes, see
/// <see cref="ReplicateRateLimiter.FromLimiters"/> and the Replicate.Client.Redis package.
/// </summary>
public sealed class AdaptiveRateLimiter : ReplicateRateLimiter
{
    private readonly AdaptiveBudget _creates;
    private readonly AdaptiveBudget _others;

    /// <summary>Creates a limiter with <paramref name="options"/> (Replicate's documented limits by default) on <paramref name="timeProvider"/> (the system clock by default).</summary>
    public AdaptiveRateLimiter(ReplicateRateLimitOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? ReplicateRateLimitOptions.Default;
        var time = timeProvider ?? TimeProvider.System;
        _creates = new AdaptiveBudget(Options.CreatesPerMinute, Options.CreateBurst, Options, time, delayBoundsRate: true);
        _others = new AdaptiveBudget(Options.OthersPerMinute, Options.OtherBurst, Options, time, delayBoundsRate: false);
    }

    /// <summary>The limits it was built with.</summary>
    public ReplicateRateLimitOptions Options { get; }

    /// <summary>The create rate in force now, per minute (below <see cref="ReplicateRateLimitOptions.CreatesPerMinute"/> after a 429).</summary>
    public double CurrentCreatesPerMinute => _creates.CurrentPerMinute;

    /// <summary>The rate of other requests in force now, per minute.</summary>
    public double CurrentOthersPerMinute => _others.CurrentPerMinute;

    /// <inheritdoc />
    public override ValueTask<RateLimitLease> AcquireAsync(ReplicateRequestKind kind, CancellationToken cancellationToken = default) =>
        Budget(kind).AcquireAsync(1, cancellationToken);

    /// <inheritdoc />
    public override void OnThrottled(ReplicateRequestKind kind, TimeSpan? retryAfter) => Budget(kind).Throttled(retryAfter);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _creates.Dispose();
            _others.Dispose();
        }

        base.Dispose(disposing);
    }

    private AdaptiveBudget Budget(ReplicateRequestKind kind) => kind == ReplicateRequestKind.Create ? _creates : _others;
}
