using System.Threading.RateLimiting;
using RedisRateLimiting;
using Replicate.Client.RateLimiting;
using StackExchange.Redis;

namespace Replicate.Client.Redis;

/// <summary>
/// Rate limiters whose budgets live in Redis, for <see cref="ReplicateClientOptions.RateLimiter"/>: every instance of a
/// service built with the same <see cref="RedisRateLimitOptions.Key"/> draws on the same two token buckets
/// (RedisRateLimiting's, each acquire one atomic script in Redis), so a fleet sharing one API token stays within the
/// account's limits together, which no instance could see alone.
/// </summary>
public static class RedisRateLimiters
{
    /// <summary>
    /// A limiter on the Redis that <paramref name="connection"/> returns (called once, on first use; share one
    /// multiplexer per process, as StackExchange.Redis advises). A request waits until its bucket has a token, asking
    /// Redis again every token's interval (with jitter); a 429 holds that budget back in this instance for the delay the
    /// server named. The limiter and its buckets are the caller's to dispose; the connection stays the caller's.
    /// </summary>
    public static ReplicateRateLimiter Create(Func<IConnectionMultiplexer> connection, RedisRateLimitOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new RedisRateLimitOptions();
        var limits = options.Limits;
        var creates = Bucket(connection, $"{options.Key}:creates", limits.CreatesPerMinute, limits.CreateBurst);
        var others = Bucket(connection, $"{options.Key}:others", limits.OthersPerMinute, limits.OtherBurst);
        var interval = TimeSpan.FromSeconds(60.0 / limits.CreatesPerMinute / 2);
        return ReplicateRateLimiter.FromLimiters(creates, others, interval, timeProvider, ownsLimiters: true);
    }

    // RedisRateLimiting adds TokensPerPeriod each ReplenishmentPeriod: the shortest whole-second period in which the
    // per-minute budget is a whole number of tokens (1 s for 600 or 3000 a minute).
    private static RedisTokenBucketRateLimiter<string> Bucket(Func<IConnectionMultiplexer> connection, string key, int perMinute, int burst)
    {
        var seconds = 60 / GreatestCommonDivisor(perMinute, 60);
        return new RedisTokenBucketRateLimiter<string>(key, new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = connection,
            TokenLimit = burst,
            TokensPerPeriod = perMinute * seconds / 60,
            ReplenishmentPeriod = TimeSpan.FromSeconds(seconds),
        });
    }

    private static int GreatestCommonDivisor(int a, int b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);
}
