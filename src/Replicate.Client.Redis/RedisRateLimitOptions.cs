namespace Replicate.Client.Redis;

/// <summary>
/// The shared budgets: Replicate's documented limits by default (600 creates and 3000 other requests a minute, a
/// second's worth of burst each), kept in Redis under <see cref="Key"/>. Set them a little under the account's limits
/// when the instances' clocks may differ: the buckets refill by each instance's clock.
/// </summary>
public sealed record RedisRateLimitOptions
{
    private readonly string _key = "replicate";
    private readonly int _createsPerMinute = 600;
    private readonly int _othersPerMinute = 3000;
    private readonly int? _createBurst;
    private readonly int? _otherBurst;

    /// <summary>
    /// What names the budget in Redis (<c>replicate</c>): every instance of one account uses the same key, and another
    /// account (another token) a key of its own. The buckets are <c>{Key}:creates</c> and <c>{Key}:others</c>.
    /// </summary>
    public string Key
    {
        get => _key;
        init => _key = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("The key names the account's budget in Redis; it cannot be empty.", nameof(value)) : value;
    }

    /// <summary>Creates a minute, all instances together (600).</summary>
    public int CreatesPerMinute
    {
        get => _createsPerMinute;
        init => _createsPerMinute = Positive(value);
    }

    /// <summary>Other requests a minute, all instances together (3000).</summary>
    public int OthersPerMinute
    {
        get => _othersPerMinute;
        init => _othersPerMinute = Positive(value);
    }

    /// <summary>Creates that may go at once after a quiet spell; default one second's worth.</summary>
    public int CreateBurst
    {
        get => _createBurst ?? Math.Max(1, _createsPerMinute / 60);
        init => _createBurst = Positive(value);
    }

    /// <summary>Other requests that may go at once after a quiet spell; default one second's worth.</summary>
    public int OtherBurst
    {
        get => _otherBurst ?? Math.Max(1, _othersPerMinute / 60);
        init => _otherBurst = Positive(value);
    }

    private static int Positive(int value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be positive.");
}
