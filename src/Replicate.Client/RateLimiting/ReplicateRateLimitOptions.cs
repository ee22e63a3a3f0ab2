namespace Replicate.Client.RateLimiting;

/// <summary>
/// The budgets of an <see cref="AdaptiveRateLimiter"/>: Replicate's documented limits by default (600 creates and
/// 3000 other requests a minute), each with a burst of one second's worth, slowing down when the server answers 429
/// and finding their way back up (<see cref="ProbeRate"/>).
/// </summary>
public sealed record ReplicateRateLimitOptions
{
    private readonly int _createsPerMinute = 600;
    private readonly int _othersPerMinute = 3000;
    private readonly int? _createBurst;
    private readonly int? _otherBurst;
    private readonly double _decreaseFactor = 0.75;
    private readonly double _minimumFraction = 0.001;
    private readonly double _probeRate = 2.5e-5;
    private readonly int _queueLimit = int.MaxValue;

    /// <summary>Replicate's documented limits.</summary>
    public static ReplicateRateLimitOptions Default { get; } = new();

    /// <summary>Prediction and training creates a minute at most (600, Replicate's documented limit).</summary>
    public int CreatesPerMinute
    {
        get => _createsPerMinute;
        init => _createsPerMinute = Positive(value);
    }

    /// <summary>Other requests a minute at most (3000, Replicate's documented limit).</summary>
    public int OthersPerMinute
    {
        get => _othersPerMinute;
        init => _othersPerMinute = Positive(value);
    }

    /// <summary>How many creates may go at once after a quiet spell; default one second's worth (10).</summary>
    public int CreateBurst
    {
        get => _createBurst ?? Math.Max(1, _createsPerMinute / 60);
        init => _createBurst = Positive(value);
    }

    /// <summary>How many other requests may go at once after a quiet spell; default one second's worth (50).</summary>
    public int OtherBurst
    {
        get => _otherBurst ?? Math.Max(1, _othersPerMinute / 60);
        init => _otherBurst = Positive(value);
    }

    /// <summary>
    /// What a 429 multiplies the budget's current rate by (0.75), at most once per reaction window (the server's delay,
    /// at least a second), so a volley of 429s answering requests already sent counts once.
    /// </summary>
    public double DecreaseFactor
    {
        get => _decreaseFactor;
        init => _decreaseFactor = value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The decrease factor is between 0 and 1 (exclusive).");
    }

    /// <summary>The lowest a budget falls to, as a fraction of its limit (0.001: 0.6 creates a minute, a tenth of the low-credit limit).</summary>
    public double MinimumFraction
    {
        get => _minimumFraction;
        init => _minimumFraction = value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The minimum fraction is above 0 and at most 1.");
    }

    /// <summary>
    /// How hard a budget probes above the limit a 429 revealed, once it is back there: after <c>n</c> requests' worth of
    /// time past that point it runs at the limit × (1 + ProbeRate × n³). The default (2.5e-5) comes back to the limit
    /// after about 22 requests, stays within 3 % of it for the next 10, is at twice it 34 requests past it, and — against
    /// a server allowing a burst of one — meets the next 429 about 40 requests after the last: under 3 % of creates answered 429
    /// at a limit lowered without notice. Larger probes faster (back to full speed sooner after a temporary limit), at
    /// the cost of more 429s.
    /// </summary>
    public double ProbeRate
    {
        get => _probeRate;
        init => _probeRate = value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The probe rate is between 0 and 1 (exclusive).");
    }

    /// <summary>How many requests of one budget may wait for it at once (no limit by default); beyond it a request fails with <see cref="ReplicateClientRateLimitException"/>.</summary>
    public int QueueLimit
    {
        get => _queueLimit;
        init => _queueLimit = Positive(value);
    }

    private static int Positive(int value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be positive.");
}
