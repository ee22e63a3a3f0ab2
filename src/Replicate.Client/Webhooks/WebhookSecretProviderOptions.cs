namespace Replicate.Client.Webhooks;

/// <summary>How long <see cref="WebhookSecretProvider"/> keeps a fetched secret, and how often it may refetch.</summary>
public sealed class WebhookSecretProviderOptions
{
    private readonly TimeSpan _cacheLifetime = TimeSpan.FromHours(1);
    private readonly TimeSpan _minimumRefreshInterval = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>How long a fetched secret is used before it is fetched again (default one hour).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan CacheLifetime
    {
        get => _cacheLifetime;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _cacheLifetime = value;
        }
    }

    /// <summary>
    /// The least time between two fetches forced by <see cref="WebhookSecretProvider.RefreshAsync"/> (default 30 s).
    /// Receivers refresh when a signature does not match; without this floor anyone could make them call the API
    /// once per forged request.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MinimumRefreshInterval
    {
        get => _minimumRefreshInterval;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _minimumRefreshInterval = value;
        }
    }

    /// <summary>The clock for expiry; replace it in tests.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        init => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }
}
