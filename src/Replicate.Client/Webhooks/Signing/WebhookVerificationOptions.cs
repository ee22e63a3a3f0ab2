namespace Replicate.Client.Webhooks;

/// <summary>How strictly deliveries are checked against the clock.</summary>
public sealed class WebhookVerificationOptions
{
    /// <summary>The default tolerance: 300 seconds either side of now, as Standard Webhooks recommends.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(300);

    private readonly TimeSpan _tolerance = DefaultTolerance;
    private readonly TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Options with the defaults (300 s, the system clock).</summary>
    internal static WebhookVerificationOptions Default { get; } = new();

    /// <summary>
    /// How far the delivery's timestamp may lie from now, in either direction; the boundary is accepted.
    /// Compared in whole seconds, the header's resolution.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan Tolerance
    {
        get => _tolerance;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _tolerance = value;
        }
    }

    /// <summary>The clock that "now" comes from; replace it in tests.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        init => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }
}
