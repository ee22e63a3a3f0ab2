using Replicate.Testing.Engine;

namespace Replicate.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when told, so no test sleeps for real: Microsoft's
/// <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> (timers, timestamps, <c>Advance</c>), plus what
/// these suites need on top of it. Timers due within <see cref="AutoAdvanceBelow"/> fire on their own
/// (asynchronously, moving the clock by their due time) and are recorded in <see cref="AutoAdvanced"/> — that is how
/// retry and polling delays pass instantly yet stay measurable. Longer timers (network timeouts) fire only through
/// <see cref="Advance"/>.
/// </summary>
public sealed class FakeTimeProvider : Microsoft.Extensions.Time.Testing.FakeTimeProvider, ITimerTracker
{
    private readonly object _gate = new();
    private readonly object _advancing = new();
    private readonly List<TimeSpan> _autoAdvanced = [];
    private readonly HashSet<TrackedTimer> _active = [];

    /// <summary>Creates a clock starting at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    public FakeTimeProvider(DateTimeOffset? start = null)
        : base(start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

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
                return _active.Count;
            }
        }
    }

    /// <summary>Moves the clock forward and fires every timer that falls due, in order.</summary>
    public new void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        return TrackedTimer.Create(this, callback, dueTime, period, wrapped => base.CreateTimer(wrapped, state, dueTime, period));
    }

    // Never backwards: a timer that fired by itself may already have moved the clock past target. One advance at a
    // time (callbacks run inside it, as in the base class), so two advances never add up.
    private void AdvanceTo(DateTimeOffset target)
    {
        lock (_advancing)
        {
            var now = GetUtcNow();
            if (target > now)
            {
                base.Advance(target - now);
            }
        }
    }

    void ITimerTracker.Track(TrackedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        DateTimeOffset? autoFireAt = null;
        lock (_gate)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _active.Remove(timer);
                return;
            }

            _active.Add(timer);
            if (dueTime < AutoAdvanceBelow && period == Timeout.InfiniteTimeSpan)
            {
                autoFireAt = GetUtcNow() + dueTime;
                _autoAdvanced.Add(dueTime);
            }
        }

        if (autoFireAt is { } at)
        {
            // Later, on the thread pool: callers such as Task.Delay finish wiring the timer after CreateTimer returns.
            ThreadPool.QueueUserWorkItem(_ => AdvanceTo(at));
        }
    }

    void ITimerTracker.Forget(TrackedTimer timer)
    {
        lock (_gate)
        {
            _active.Remove(timer);
        }
    }
}
