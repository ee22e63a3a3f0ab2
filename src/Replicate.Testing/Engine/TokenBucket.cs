namespace Replicate.Testing.Engine;

/// <summary>
/// A token bucket on the fake's clock. Hand-written because System.Threading.RateLimiting's limiters replenish on
/// real time (their own timer or Stopwatch), and the fake's limits must move only when the test's clock does.
/// </summary>
internal sealed class TokenBucket(int perMinute, int burst, TimeProvider time)
{
    private readonly object _gate = new();
    private double _tokens = burst;
    private DateTimeOffset _last = time.GetUtcNow();

    /// <summary>Takes one token, or says how many whole seconds until one is available.</summary>
    public bool TryTake(out int retryAfterSeconds)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var perSecond = perMinute / 60.0;
            if (now > _last)
            {
                _tokens = Math.Min(burst, _tokens + ((now - _last).TotalSeconds * perSecond));
                _last = now;
            }

            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfterSeconds = 0;
                return true;
            }

            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((1 - _tokens) / perSecond));
            return false;
        }
    }
}
