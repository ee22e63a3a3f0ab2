namespace Replicate.Client.Tests.Webhooks;

/// <summary>
/// A clock the test moves by hand. Hand-written: Microsoft.Extensions.TimeProvider.Testing is not on the package
/// mirror, and only <see cref="TimeProvider.GetUtcNow"/> is needed here.
/// </summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public ManualClock(long unixSeconds)
        : this(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
