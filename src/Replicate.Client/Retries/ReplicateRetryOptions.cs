namespace Replicate.Client.Retries;

/// <summary>
/// When and how failed requests are retried. Idempotent methods (GET, HEAD, OPTIONS, DELETE, QUERY) are retried
/// on 408, 429, 5xx (but 501), connection failures and timeouts; POST and PATCH only on 429, unless a request opts
/// in with <see cref="ReplicateRequestOptions.RetryNonIdempotent"/> — Replicate has no idempotency key, so
/// re-sending a create after a 5xx or a timeout could run (and bill) it twice.
/// </summary>
public sealed class ReplicateRetryOptions
{
    private bool _enabled = true;
    private int _maxAttempts = 4;
    private TimeSpan _baseDelay = TimeSpan.FromSeconds(0.8);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(30);
    private TimeSpan _maxServerDelay = TimeSpan.FromSeconds(30);
    private TimeSpan _maxTotalTime = TimeSpan.FromMinutes(5);
    private bool _frozen;

    /// <summary>The off switch: when false every request is sent exactly once.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => Set(ref _enabled, value);
    }

    /// <summary>Attempts per request, the first included (4 by default: up to 3 retries).</summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Set(ref _maxAttempts, value);
        }
    }

    /// <summary>First backoff delay when the server names none; doubles per retry, with jitter (0.8 s by default).</summary>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Set(ref _baseDelay, value);
        }
    }

    /// <summary>Longest backoff wait when the server names no delay (30 s by default).</summary>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Set(ref _maxDelay, value);
        }
    }

    /// <summary>
    /// Longest wait the server may ask for (30 s by default). A server that asks for a longer wait is not retried: the
    /// <see cref="Errors.ReplicateRateLimitException"/> carries its delay (clamped to a day) for the caller to decide.
    /// A delay of zero, a date already past or one that does not parse counts as none: ordinary backoff applies.
    /// </summary>
    public TimeSpan MaxServerDelay
    {
        get => _maxServerDelay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Set(ref _maxServerDelay, value);
        }
    }

    /// <summary>No retry starts when it would end later than this after the first attempt began (5 min by default, so a timed-out attempt can still be retried).</summary>
    public TimeSpan MaxTotalTime
    {
        get => _maxTotalTime;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Set(ref _maxTotalTime, value);
        }
    }

    /// <summary>Source of jitter in [0, 1); replaceable so tests can pin delays.</summary>
    internal Func<double> Random { get; set; } = System.Random.Shared.NextDouble;

    /// <inheritdoc />
    public override string ToString() =>
        $"{{ Enabled = {Enabled}, MaxAttempts = {MaxAttempts}, BaseDelay = {BaseDelay}, MaxDelay = {MaxDelay}, MaxServerDelay = {MaxServerDelay}, MaxTotalTime = {MaxTotalTime} }}";

    internal void Freeze() => _frozen = true;

    private void Set<T>(ref T field, T value)
    {
        if (_frozen)
        {
            throw new InvalidOperationException("These retry options belong to a ReplicateClient that has been built.");
        }

        field = value;
    }
}
