using Replicate.Generated;

namespace Replicate.Client.Webhooks;

/// <summary>
/// The account's webhook signing secret, fetched from <c>GET /webhooks/default/secret</c> and cached. Thread-safe:
/// concurrent callers share one fetch. Nothing is logged, and the secret never appears in messages.
/// </summary>
/// <remarks>
/// When Replicate rotates the key, deliveries signed with the new one fail with
/// <see cref="WebhookFailureReason.NoMatchingSignature"/>; call <see cref="RefreshAsync"/> then and verify again.
/// </remarks>
public sealed class WebhookSecretProvider : IDisposable
{
    private readonly WebhooksClient _client;
    private readonly WebhookSecretProviderOptions _options;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile Entry? _entry;

    /// <summary>Creates a provider over the generated webhooks client.</summary>
    /// <param name="client">The client that calls Replicate (authenticated by its <see cref="HttpClient"/>).</param>
    /// <param name="options">Cache lifetime, refresh floor and clock; null for the defaults.</param>
    public WebhookSecretProvider(WebhooksClient client, WebhookSecretProviderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new WebhookSecretProviderOptions();
    }

    /// <summary>The cached secret, fetched first when there is none or it has expired.</summary>
    /// <param name="cancellationToken">Cancels waiting for and making the fetch.</param>
    /// <returns>The signing secret.</returns>
    /// <exception cref="WebhookVerificationException">Replicate returned no valid secret (reason <see cref="WebhookFailureReason.InvalidSecret"/>).</exception>
    public async ValueTask<WebhookSecret> GetSecretAsync(CancellationToken cancellationToken = default)
    {
        var entry = _entry;
        if (entry is not null && Now < entry.ExpiresAt)
        {
            return entry.Secret;
        }

        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have fetched while this one waited.
            entry = _entry;
            return entry is not null && Now < entry.ExpiresAt
                ? entry.Secret
                : await FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <summary>
    /// Fetches the secret again (after a key rotation), unless the current one was fetched less than
    /// <see cref="WebhookSecretProviderOptions.MinimumRefreshInterval"/> ago, or a concurrent refresh already
    /// replaced it; then that secret is returned without a call.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for and making the fetch.</param>
    /// <returns>The signing secret, freshly fetched unless one of the conditions above held.</returns>
    /// <exception cref="WebhookVerificationException">Replicate returned no valid secret (reason <see cref="WebhookFailureReason.InvalidSecret"/>).</exception>
    public async ValueTask<WebhookSecret> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var seen = _entry;
        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = _entry;
            if (entry is not null && (!ReferenceEquals(entry, seen) || Now - entry.FetchedAt < _options.MinimumRefreshInterval))
            {
                return entry.Secret;
            }

            return await FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _fetch.Dispose();

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    private async Task<WebhookSecret> FetchAsync(CancellationToken cancellationToken)
    {
        var response = await _client.DefaultSecretGetAsync(cancellationToken).ConfigureAwait(false);
        if (!WebhookSecret.TryParse(response?.Key, out var secret))
        {
            // Deliberately without the value: it may be a real secret in an unexpected form.
            throw new WebhookVerificationException(WebhookFailureReason.InvalidSecret, "GET /webhooks/default/secret returned no valid key");
        }

        // A lifetime of TimeSpan.MaxValue means "until refreshed"; saturate instead of overflowing.
        var now = Now;
        var expiresAt = _options.CacheLifetime < DateTimeOffset.MaxValue - now ? now + _options.CacheLifetime : DateTimeOffset.MaxValue;
        _entry = new Entry(secret, now, expiresAt);
        return secret;
    }

    private sealed record Entry(WebhookSecret Secret, DateTimeOffset FetchedAt, DateTimeOffset ExpiresAt);
}
