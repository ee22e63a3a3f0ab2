using System.Threading.RateLimiting;

namespace Replicate.Client.RateLimiting;

/// <summary>
/// One budget of an <see cref="AdaptiveRateLimiter"/>: a token bucket implementing System.Threading.RateLimiting's
/// <see cref="RateLimiter"/> (leases, <see cref="MetadataName.RetryAfter"/>, statistics, a first-come first-served queue
/// with cancellation), so it composes with anything built on that abstraction. Written here rather than taken from the
/// package because its <see cref="TokenBucketRateLimiter"/> adds tokens by the <see cref="System.Diagnostics.Stopwatch"/>
/// — even through <c>TryReplenish</c> — and at a rate fixed when it is built: it can neither follow the client's
/// <see cref="TimeProvider"/> (tests, the fake's clock) nor slow down on 429. Tokens are added lazily on every acquire,
/// and by a one-shot timer only while some request waits, so a client under its limits runs no timer at all.
/// </summary>
internal sealed class AdaptiveBudget : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);

    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeProvider _time;
    private readonly int _burst;
    private readonly int _queueLimit;
    private readonly double _maxPerSecond;
    private readonly double _minPerSecond;
    private readonly double _decreaseFactor;
    private readonly double _probe;
    private readonly double _plateau;
    private double _peak; // the rate the last 429 answered (the limit found), per second
    private long _lastDecrease;
    private bool _decreased;
    private double _tokens;
    private long _last;
    private long _pausedUntil;
    private long _granted;
    private long _refused;
    private ITimer? _timer;
    private bool _disposed;

    // Requests the server took (granted, less those answered 429) per second of the last minute: what it
    // accepts, measured, rather than what it lets through while a burst allowance lasts.
    private const int Window = 60; // the API states its limits per minute
    private const int MinimumMeasured = 10;
    private readonly long[] _acceptedSecond = new long[Window];
    private readonly int[] _accepted = new int[Window];
    private long _firstUse = -1;

    private readonly bool _delayBoundsRate;

    /// <param name="perMinute">The limit.</param>
    /// <param name="burst">The tokens saved up at most.</param>
    /// <param name="options">The adaptation settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="delayBoundsRate">
    /// Whether a server delay of d seconds caps the rate at one per d: true of the create budget, whose low-credit limit
    /// (6 a minute, burst 1) answers exactly the wait for its next token; not of the others, where a long delay may be a
    /// window resetting.
    /// </param>
    public AdaptiveBudget(int perMinute, int burst, ReplicateRateLimitOptions options, TimeProvider time, bool delayBoundsRate)
    {
        _delayBoundsRate = delayBoundsRate;
        _time = time;
        _burst = burst;
        _queueLimit = options.QueueLimit;
        _maxPerSecond = perMinute / 60.0;
        _minPerSecond = _maxPerSecond * options.MinimumFraction;
        _decreaseFactor = options.DecreaseFactor;
        _probe = options.ProbeRate;
        _plateau = Math.Cbrt((1 - _decreaseFactor) / _probe);
        _tokens = burst;
        _last = time.GetTimestamp();
        _pausedUntil = _last;
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

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill(_time.GetTimestamp());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)_tokens,
                CurrentQueuedCount = _queue.Count,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = _refused,
            };
        }
    }

    /// <summary>A 429: hold every request back for the server's delay, drop the tokens saved up, and slow down (once per reaction window).</summary>
    public void Throttled(TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Refill(now);
            var window = retryAfter is { } delay && delay > TimeSpan.FromSeconds(1) ? delay : TimeSpan.FromSeconds(1);
            if (!_decreased || _time.GetElapsedTime(_lastDecrease, now) >= window)
            {
                // The limit found: the rate that got the 429 — less, when it came before the rate was back at the last
                // peak (the limit is lower than that peak: CUBIC's fast convergence), never more than the server was
                // seen to accept over the last seconds (a burst allowance hides a limit for a while) — or lower when the server's
                // delay says so (waiting d seconds for the next request means at most one per d; delays under 2 s are
                // whole-second roundings and say nothing).
                var rate = RateAt(now);
                var peak = Math.Min(_decreased && rate < _peak * 0.999 ? rate * (1 + _decreaseFactor) / 2 : rate, AcceptedRate(now));
                if (_delayBoundsRate && retryAfter is { } d && d >= TimeSpan.FromSeconds(2))
                {
                    peak = Math.Min(peak, 1 / d.TotalSeconds);
                }

                _peak = Math.Max(_minPerSecond, peak);
                _lastDecrease = now;
                _decreased = true;
            }

            Note(now, -1); // a request granted earlier that the server did not take
            var pause = retryAfter ?? TimeSpan.Zero; // without a delay the retries' own backoff is the wait
            _pausedUntil = Math.Max(_pausedUntil, now + (long)(pause.TotalSeconds * _time.TimestampFrequency));
            _last = Math.Max(_last, _pausedUntil);
            _tokens = Math.Min(_tokens, 0) + 1; // one request may go the moment the pause ends: the retry the server asked for
            ArmLocked(now);
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckCount(permitCount);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Refill(now);
            if (TryTake(permitCount, now))
            {
                return Granted;
            }

            _refused++;
            return Refusal(permitCount, now);
        }
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckCount(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Refill(now);
            if (TryTake(permitCount, now))
            {
                return ValueTask.FromResult(Granted);
            }

            if (_disposed || _queue.Count >= _queueLimit)
            {
                _refused++;
                return ValueTask.FromResult(Refusal(permitCount, now));
            }

            var waiter = new Waiter(permitCount);
            var node = _queue.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((AdaptiveBudget)((object[])state!)[0]).Cancel((LinkedListNode<Waiter>)((object[])state)[1], token), new object[] { this, node });
            }

            ArmLocked(now);
            return new ValueTask<RateLimitLease>(waiter.Completion.Task);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _disposed = true;
                _timer?.Dispose();
                _timer = null;
                foreach (var waiter in _queue)
                {
                    waiter.Registration.Unregister();
                    waiter.Completion.TrySetResult(new Lease(false, null));
                }

                _queue.Clear();
            }
        }

        base.Dispose(disposing);
    }

    private void CheckCount(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _burst);
    }

    // First come, first served: nobody takes tokens while others wait.
    private bool TryTake(int permitCount, long now)
    {
        if (_queue.Count > 0 || _tokens < permitCount || now < _pausedUntil)
        {
            return false;
        }

        _tokens -= permitCount;
        _granted++;
        Note(now, permitCount);
        return true;
    }

    private RateLimitLease Refusal(int permitCount, long now)
    {
        var rate = RateAt(now);
        var wait = _time.GetElapsedTime(now, Math.Max(now, _pausedUntil)) + TimeSpan.FromSeconds(Math.Max(0, permitCount - _tokens) / rate);
        return new Lease(false, wait);
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken token)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return; // already granted
            }

            _queue.Remove(node);
        }

        node.Value.Completion.TrySetCanceled(token);
    }

    // Adds the tokens earned since the last look (none during a pause; at most the burst), then serves waiters in order.
    private void Refill(long now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_burst, _tokens + (RateAt(now) * _time.GetElapsedTime(_last, now).TotalSeconds));
            _last = now;
        }

        while (_queue.First is { } first && _tokens >= first.Value.Count && now >= _pausedUntil)
        {
            _tokens -= first.Value.Count;
            _granted++;
            Note(now, first.Value.Count);
            _queue.RemoveFirst();
            first.Value.Registration.Unregister();
            first.Value.Completion.TrySetResult(Granted);
        }
    }

    private void Note(long now, int count)
    {
        if (_firstUse < 0)
        {
            _firstUse = now;
        }

        var second = now / _time.TimestampFrequency;
        var slot = (int)(second % Window);
        if (_acceptedSecond[slot] != second)
        {
            _acceptedSecond[slot] = second;
            _accepted[slot] = 0;
        }

        _accepted[slot] += count;
    }

    private double AcceptedRate(long now)
    {
        var second = now / _time.TimestampFrequency;
        var sum = 0;
        for (var i = 0; i < Window; i++)
        {
            if (second - _acceptedSecond[i] < Window)
            {
                sum += _accepted[i];
            }
        }

        // Too few to measure anything (a quiet client, a slow budget): no cap from here.
        if (sum < MinimumMeasured)
        {
            return double.PositiveInfinity;
        }

        var span = Math.Clamp(_time.GetElapsedTime(_firstUse, now).TotalSeconds, 1, Window);
        return sum / span;
    }

    // The plateau sits a little under the limit found: arrivals jitter (the network, the server's own clock), and at a
    // limit with a burst of one, a request a few percent early is a 429.
    private const double Headroom = 0.97;

    // After a 429 the rate follows a cubic, as TCP CUBIC's window does, counted in requests at the limit found (so a
    // budget of 6 a minute probes as gently, request for request, as one of 600): it starts at DecreaseFactor × the
    // peak, climbs back to the peak, stays near it for a while — where a limit the server did not announce lies — and
    // only then probes above it, faster and faster, up to the configured limit when nothing stops it.
    private double RateAt(long now)
    {
        if (!_decreased)
        {
            return _maxPerSecond;
        }

        var requests = _time.GetElapsedTime(_lastDecrease, now).TotalSeconds * _peak;
        var offset = requests - _plateau;
        var rate = _peak * Headroom * (1 + (_probe * offset * offset * offset));
        return Math.Clamp(rate, _minPerSecond, _maxPerSecond);
    }

    // While requests wait, a one-shot timer fires when the first of them can go (then re-arms while any still wait).
    private void ArmLocked(long now)
    {
        if (_disposed || _timer is not null || _queue.First is not { } first)
        {
            return;
        }

        var due = _time.GetElapsedTime(now, Math.Max(now, _pausedUntil)) + TimeSpan.FromSeconds(Math.Max(0, first.Value.Count - _tokens) / RateAt(now));
        _timer = _time.CreateTimer(static state => ((AdaptiveBudget)state!).Tick(), this, due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due, Timeout.InfiniteTimeSpan);
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

            var now = _time.GetTimestamp();
            Refill(now);
            ArmLocked(now);
        }
    }

    private sealed class Waiter(int count)
    {
        public int Count { get; } = count;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
