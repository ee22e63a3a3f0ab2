using System.Threading.RateLimiting;

namespace Replicate.Client.RateLimiting;

/// <summary>
/// One budget of an <see cref="AdaptiveRateLimiter"/>: a System.Threading.RateLimiting token bucket (permits, the
/// queue of waiters, cancellation) whose tokens this class adds on a <see cref="TimeProvider"/> at a rate that moves.
/// The library's own replenishment cannot do that part — it runs on real time at a fixed rate — so the bucket's
/// auto-replenishment is off and each token is added here with <see cref="TokenBucketRateLimiter.TryReplenish"/>:
/// lazily on every acquire (no timer while requests get through), and by a one-shot timer only while some wait.
/// </summary>
internal sealed class AdaptiveBudget : IDisposable
{
    private readonly object _gate = new();
    private readonly TokenBucketRateLimiter _bucket;
    private readonly TimeProvider _time;
    private readonly int _burst;
    private readonly double _maxPerSecond;
    private readonly double _minPerSecond;
    private readonly double _decreaseFactor;
    private readonly double _recoveryPerSecond; // tokens/s gained per second since the last decrease
    private double _rateAtDecrease;
    private long _lastDecrease;
    private bool _decreased;
    private double _credit;
    private long _last;
    private long _pausedUntil;
    private ITimer? _timer;
    private bool _disposed;

    public AdaptiveBudget(int perMinute, int burst, ReplicateRateLimitOptions options, TimeProvider time)
    {
        _time = time;
        _burst = burst;
        _maxPerSecond = perMinute / 60.0;
        _minPerSecond = _maxPerSecond * options.MinimumFraction;
        _decreaseFactor = options.DecreaseFactor;
        _recoveryPerSecond = _maxPerSecond / options.RecoveryTime.TotalSeconds;
        _last = time.GetTimestamp();
        _pausedUntil = _last;
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(1), // unused: replenished by hand
            AutoReplenishment = false,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>The rate in force now, per minute.</summary>
    public double CurrentPerMinute
    {
        get
        {
            lock (_gate)
            {
                return RateAt(_time.GetTimestamp()) * 60;
            }
        }
    }

    /// <summary>Requests waiting for a permit now.</summary>
    public long Waiting => _bucket.GetStatistics()?.CurrentQueuedCount ?? 0;

    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        CatchUp();
        var lease = _bucket.AttemptAcquire(1);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        var waiting = _bucket.AcquireAsync(1, cancellationToken);
        if (!waiting.IsCompleted)
        {
            Arm();
        }

        return await waiting.ConfigureAwait(false);
    }

    /// <summary>A 429: hold every request back for the server's delay, drop the tokens saved up, and slow down (once per reaction window).</summary>
    public void Throttled(TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            CatchUpLocked(now);
            var window = retryAfter is { } delay && delay > TimeSpan.FromSeconds(1) ? delay : TimeSpan.FromSeconds(1);
            if (!_decreased || _time.GetElapsedTime(_lastDecrease, now) >= window)
            {
                _rateAtDecrease = Math.Max(_minPerSecond, RateAt(now) * _decreaseFactor);
                _lastDecrease = now;
                _decreased = true;
            }

            var pause = retryAfter ?? TimeSpan.FromSeconds(1 / RateAt(now));
            var until = now + (long)(pause.TotalSeconds * _time.TimestampFrequency);
            _pausedUntil = Math.Max(_pausedUntil, until);
            _last = Math.Max(_last, _pausedUntil);
            _credit = 1; // one request may go the moment the pause ends (the retry the server asked for)
            var available = (int)Math.Min(int.MaxValue, _bucket.GetStatistics()?.CurrentAvailablePermits ?? 0);
            if (available > 0)
            {
                _bucket.AttemptAcquire(available).Dispose(); // a token bucket's permits are spent, not returned
            }
        }

        Arm();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }

        _bucket.Dispose();
    }

    // Additive increase: the rate climbs linearly from where the last decrease left it, back to the limit.
    private double RateAt(long now) => !_decreased
        ? _maxPerSecond
        : Math.Min(_maxPerSecond, _rateAtDecrease + (_recoveryPerSecond * _time.GetElapsedTime(_lastDecrease, now).TotalSeconds));

    private void CatchUp()
    {
        lock (_gate)
        {
            CatchUpLocked(_time.GetTimestamp());
        }
    }

    private void CatchUpLocked(long now)
    {
        if (now < _last)
        {
            return;
        }

        _credit += RateAt(now) * _time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        var whole = Math.Floor(_credit);
        if (whole < 1)
        {
            return;
        }

        _credit -= whole;
        var statistics = _bucket.GetStatistics();
        var room = _burst - (statistics?.CurrentAvailablePermits ?? 0) + (statistics?.CurrentQueuedCount ?? 0);
        for (var i = 0; i < Math.Min(whole, room); i++)
        {
            _bucket.TryReplenish();
        }
    }

    // While requests wait, a one-shot timer adds the next token when it is due (then re-arms while any still wait).
    private void Arm()
    {
        lock (_gate)
        {
            if (_disposed || _timer is not null || Waiting == 0)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var rate = RateAt(now);
            var start = Math.Max(now, _pausedUntil);
            var due = _time.GetElapsedTime(now, start) + TimeSpan.FromSeconds(Math.Max(0, 1 - _credit) / rate);
            _timer = _time.CreateTimer(static state => ((AdaptiveBudget)state!).Tick(), this, due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due, Timeout.InfiniteTimeSpan);
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_disposed)
            {
                return;
            }

            CatchUpLocked(_time.GetTimestamp());
        }

        Arm();
    }
}
