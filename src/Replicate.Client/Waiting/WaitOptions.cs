namespace Replicate.Client.Waiting;

/// <summary>
/// How an operation is polled while it is <c>starting</c> or <c>processing</c>. The default starts fast and backs
/// off: each wait is <see cref="IntervalGrowth"/> of the time waited so far, within
/// [<see cref="MinInterval"/>, <see cref="MaxInterval"/>] — completion is noticed within about a tenth of the run
/// time (at least within <see cref="MinInterval"/>), at a small fraction of the requests of fixed polling.
/// </summary>
public sealed record WaitOptions
{
    /// <summary>The defaults: 0.5 s to 20 s, growing at 8 % of the elapsed time, no overall timeout.</summary>
    public static WaitOptions Default { get; } = new();

    /// <summary>Shortest wait between polls (0.5 s).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Longest wait between polls (20 s).</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Each wait as a fraction of the time waited so far (0.08); 0 polls at <see cref="MinInterval"/>.</summary>
    public double IntervalGrowth { get; init; } = 0.08;

    /// <summary>Give up waiting after this long with <see cref="ReplicateWaitTimeoutException"/> (none by default).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>When the caller cancels the wait, also cancel the prediction or training on the server first.</summary>
    public bool CancelRemotelyOnCancellation { get; init; }

    /// <summary>
    /// How many polls in a row may fail (a network failure, a timeout, a 5xx or 429 after the pipeline's own retries)
    /// before the wait stops with <see cref="ReplicateWaitInterruptedException"/> (5 by default). A failed poll in
    /// between is simply tried again at the next interval, inside <see cref="Timeout"/>.
    /// </summary>
    public int MaxConsecutivePollFailures
    {
        get => _maxConsecutivePollFailures;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxConsecutivePollFailures = value;
        }
    }

    private readonly int _maxConsecutivePollFailures = 5;

    /// <summary>The wait before the next poll, after <paramref name="elapsed"/> of waiting.</summary>
    public TimeSpan NextInterval(TimeSpan elapsed)
    {
        var grown = TimeSpan.FromTicks((long)(elapsed.Ticks * Math.Max(0, IntervalGrowth)));
        return grown < MinInterval ? MinInterval : grown > MaxInterval ? MaxInterval : grown;
    }
}
