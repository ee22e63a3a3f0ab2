namespace Replicate.Testing;

/// <summary>
/// The fake's rate limits, as Replicate applies them: a budget per minute for creating predictions and trainings, and
/// one for every other request, each with a burst. Exceeding one answers 429 with problem details naming the delay
/// (in <c>detail</c>) and a <c>Retry-After</c> header.
/// </summary>
public sealed class FakeRateLimits
{
    /// <summary>Creates per minute; default 600.</summary>
    public int CreatesPerMinute { get; init; } = 600;

    /// <summary>The most creates allowed at once; default the per-minute budget.</summary>
    public int? CreateBurst { get; init; }

    /// <summary>Other requests per minute; default 3000.</summary>
    public int OthersPerMinute { get; init; } = 3000;

    /// <summary>The most other requests allowed at once; default the per-minute budget.</summary>
    public int? OtherBurst { get; init; }

    /// <summary>Replicate's defaults: 600 creates and 3000 other requests per minute.</summary>
    public static FakeRateLimits Default { get; } = new();

    /// <summary>An account low on credit: 6 creates per minute with a burst of 1 (other requests as usual).</summary>
    public static FakeRateLimits LowCredit { get; } = new() { CreatesPerMinute = 6, CreateBurst = 1 };

    /// <summary>No limits at all.</summary>
    public static FakeRateLimits Unlimited { get; } = new() { CreatesPerMinute = int.MaxValue, OthersPerMinute = int.MaxValue };
}
