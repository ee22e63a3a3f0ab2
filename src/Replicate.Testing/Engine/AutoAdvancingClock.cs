using Microsoft.Extensions.Time.Testing;

namespace Replicate.Testing.Engine;

/// <summary>
/// The fake's own clock when the test gives none and auto-advance is on: a <see cref="FakeTimeProvider"/> that, while
/// no request is being handled, jumps to the earliest pending short timer (under a minute: poll intervals, retry
/// delays) so code under test that waits on this clock never waits for real. Longer timers (network timeouts, overall
/// wait timeouts) fire only when the test advances the clock. Timers created by the fake's own background work (the
/// webhook loops) are not followed, so they never move time by themselves.
/// </summary>
internal sealed class AutoAdvancingClock : FakeTimeProvider, ITimerTracker, IDisposable
{
    private static readonly TimeSpan Below = TimeSpan.FromSeconds(61);
    private static readonly AsyncLocal<bool> NotFollowed = new();
    private readonly object _gate = new();
    private readonly List<TrackedTimer> _pending = [];
    private readonly CancellationTokenSource _stop = new();
    private Func<bool> _busy = () => false;

    public AutoAdvancingClock(DateTimeOffset start)
        : base(start)
    {
        _ = Task.Run(PumpAsync);
    }

    /// <summary>How far past the earliest pending timer a jump goes, so timers due close together fire in one jump (zero: exactly to it).</summary>
    public TimeSpan Resolution { get; init; }

    /// <summary>While this returns true (a request is being handled), the clock does not jump.</summary>
    public Func<bool> Busy
    {
        set => _busy = value;
    }

    /// <summary>Timers created in the current async flow from now on are not followed.</summary>
    public static void DoNotFollowTimersHere() => NotFollowed.Value = true;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (NotFollowed.Value)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        return TrackedTimer.Create(this, callback, dueTime, period, wrapped => base.CreateTimer(wrapped, state, dueTime, period));
    }

    void ITimerTracker.Track(TrackedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
            if (dueTime > TimeSpan.Zero && dueTime < Below && period == Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = GetUtcNow() + dueTime;
                _pending.Add(timer);
            }
        }
    }

    void ITimerTracker.Forget(TrackedTimer timer)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
        }
    }

    /// <summary>Moves the clock to <paramref name="at"/> unless it is already there or later.</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        lock (_gate)
        {
            var now = GetUtcNow();
            if (at > now)
            {
                Advance(at - now);
            }
        }
    }

    private async Task PumpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(2), System, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            DateTimeOffset? next;
            lock (_gate)
            {
                next = _pending.Count == 0 ? null : _pending.Min(e => e.DueAt);
            }

            // Twice, a moment apart: a request that just finished may still be disposing its own timeout timer.
            if (next is not null && !_busy())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), System).ConfigureAwait(false);
                lock (_gate)
                {
                    next = _pending.Count == 0 ? null : _pending.Min(e => e.DueAt);
                }

                if (next is { } at && !_busy())
                {
                    AdvanceTo(at + Resolution);
                }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
