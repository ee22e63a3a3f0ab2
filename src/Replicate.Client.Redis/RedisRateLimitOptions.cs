using Replicate.Client.RateLimiting;

namespace Replicate.Client.Redis;

/// <summary>
/// The shared budgets: where they live in Redis (<see cref="Key"/>) and their limits (<see cref="Limits"/>: Replicate's
/// documented 600 creates and 3000 other requests a minute, a second's burst each, unless set). Set the limits a little
/// under the account's when the instances' clocks may differ: the buckets refill by each instance's clock.
/// </summary>
public sealed record RedisRateLimitOptions
{
    private readonly string _key = "replicate";
    private readonly ReplicateRateLimitOptions _limits = ReplicateRateLimitOptions.Default;

    /// <summary>
    /// What names the budget in Redis (<c>replicate</c>): every instance of one account uses the same key, and another
    /// account (another token) a key of its own. The buckets are <c>{Key}:creates</c> and <c>{Key}:others</c>.
    /// </summary>
    public string Key
    {
        get => _key;
        init => _key = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("The key names the account's budget in Redis; it cannot be empty.", nameof(value)) : value;
    }

    /// <summary>
    /// The limits of all instances together: <see cref="ReplicateRateLimitOptions.CreatesPerMinute"/>,
    /// <see cref="ReplicateRateLimitOptions.OthersPerMinute"/> and their bursts. The adaptation settings do not apply: a
    /// shared bucket keeps its rate, and a 429 holds back only the instance that got it, for the server's delay.
    /// </summary>
    public ReplicateRateLimitOptions Limits
    {
        get => _limits;
        init => _limits = value ?? throw new ArgumentNullException(nameof(value));
    }
}
