namespace Replicate.Testing.Engine;

/// <summary>A clock that follows the timers it hands out (to move time to them by itself).</summary>
internal interface ITimerTracker
{
    /// <summary>The timer was created or changed: due in <paramref name="dueTime"/>, repeating every <paramref name="period"/>.</summary>
    void Track(TrackedTimer timer, TimeSpan dueTime, TimeSpan period);

    /// <summary>The timer fired (once) or was disposed.</summary>
    void Forget(TrackedTimer timer);
}

/// <summary>
/// A timer of <c>FakeTimeProvider</c> wrapped so its clock knows when it is due and when it is gone. Compiled into
/// Replicate.Testing (the fake's auto-advancing clock) and into tests/Replicate.TestSupport (the suites' clock), which
/// cannot reference each other's internals.
/// </summary>
internal sealed class TrackedTimer(ITimerTracker owner) : ITimer
{
    public ITimer Inner { get; private set; } = null!;

    /// <summary>When it is next due, as its clock recorded it.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Whether it repeats (it then stays followed after firing).</summary>
    public bool IsPeriodic { get; private set; }

    /// <summary>Wraps <paramref name="create"/>'s timer (given the callback to use) and reports it to the clock.</summary>
    public static TrackedTimer Create(ITimerTracker owner, TimerCallback callback, TimeSpan dueTime, TimeSpan period, Func<TimerCallback, ITimer> create)
    {
        var timer = new TrackedTimer(owner);
        timer.Inner = create(state =>
        {
            if (!timer.IsPeriodic)
            {
                owner.Forget(timer);
            }

            callback(state);
        });
        timer.Track(dueTime, period);
        return timer;
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Track(dueTime, period);
        return Inner.Change(dueTime, period);
    }

    public void Dispose()
    {
        owner.Forget(this);
        Inner.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        owner.Forget(this);
        return Inner.DisposeAsync();
    }

    private void Track(TimeSpan dueTime, TimeSpan period)
    {
        IsPeriodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
        owner.Track(this, dueTime, period);
    }
}
