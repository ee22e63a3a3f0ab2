namespace Replicate.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when told, so no test sleeps for real.
/// Hand-written: Microsoft.Extensions.TimeProvider.Testing is not on the package mirror here.
/// Timers due within <see cref="AutoAdvanceBelow"/> fire on their own (asynchronously, moving the clock by their
/// due time) and are recorded in <see cref="AutoAdvanced"/> — that is how retry and polling delays pass
/// instantly yet stay measurable. Longer timers (network timeouts) fire only through <see cref="Advance"/>.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly List<TimeSpan> _autoAdvanced = [];
    private DateTimeOffset _now;

    /// <summary>Creates a clock starting at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    public FakeTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Creates a clock reading <paramref name="unixSeconds"/> (as webhook timestamps are given).</summary>
    public static FakeTimeProvider AtUnixSeconds(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    /// <summary>Timers due in less than this fire by themselves; set to <see cref="TimeSpan.Zero"/> to drive every timer by hand.</summary>
    public TimeSpan AutoAdvanceBelow { get; set; } = TimeSpan.FromSeconds(61);

    /// <summary>The due times of the timers that fired by themselves, in order.</summary>
    public IReadOnlyList<TimeSpan> AutoAdvanced
    {
        get
        {
            lock (_gate)
            {
                return [.. _autoAdvanced];
            }
        }
    }

    /// <summary>Timers created and not yet fired or disposed.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward and fires every timer that falls due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        AdvanceTo(target);
    }

    // Fires every timer due up to target (auto-fired ones included), moving the clock to each in turn.
    private void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt!.Value;
                }

                next.Reschedule();
            }

            next.Fire();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        DateTimeOffset? autoFireAt = null;
        lock (_gate)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = null;
                _timers.Remove(timer);
                return;
            }

            timer.DueAt = _now + dueTime;
            timer.Period = period;
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }

            if (dueTime < AutoAdvanceBelow && period == Timeout.InfiniteTimeSpan)
            {
                autoFireAt = timer.DueAt;
                _autoAdvanced.Add(dueTime);
            }
        }

        if (autoFireAt is { } at)
        {
            // Later, on the thread pool: callers such as Task.Delay finish wiring the timer after CreateTimer returns.
            // Moving the clock this way also fires longer timers that fall due meanwhile (a wait's overall timeout).
            ThreadPool.QueueUserWorkItem(_ => AdvanceTo(at));
        }
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            timer.DueAt = null;
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; set; } = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            owner.Schedule(this, dueTime, period);
            return true;
        }

        // Called under the owner's lock when the timer fires during Advance.
        public void Reschedule()
        {
            if (Period == Timeout.InfiniteTimeSpan || Period <= TimeSpan.Zero)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
            else
            {
                DueAt += Period;
            }
        }

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
