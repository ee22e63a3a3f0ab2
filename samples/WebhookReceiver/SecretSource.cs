using System.Net.Http.Headers;
using Replicate.Client.Webhooks;
using Replicate.Generated;

namespace Replicate.Samples.WebhookReceiver;

/// <summary>
/// Where the signing secret comes from: <c>REPLICATE_WEBHOOK_SECRET</c> when set (fixed), else fetched with
/// <c>REPLICATE_API_TOKEN</c> from <c>GET /webhooks/default/secret</c>, cached and refreshable after a rotation.
/// </summary>
internal sealed class SecretSource : IDisposable
{
    private readonly WebhookSecret? _fixed;
    private readonly WebhookSecretProvider? _provider;
    private readonly HttpClient? _http;

    private SecretSource(WebhookSecret? fixedSecret, WebhookSecretProvider? provider, HttpClient? http)
    {
        _fixed = fixedSecret;
        _provider = provider;
        _http = http;
    }

    public bool CanRefresh => _provider is not null;

    public static SecretSource FromEnvironment(IConfiguration configuration)
    {
        if (configuration["REPLICATE_WEBHOOK_SECRET"] is { Length: > 0 } secret)
        {
            return new SecretSource(WebhookSecret.Parse(secret), null, null);
        }

        var token = configuration["REPLICATE_API_TOKEN"];
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidOperationException("Set REPLICATE_WEBHOOK_SECRET, or REPLICATE_API_TOKEN to fetch the secret from Replicate.");
        }

        // The token goes into the Authorization header only; neither it nor the secret is ever logged.
        var http = new HttpClient { BaseAddress = new Uri(configuration["REPLICATE_API_BASE_URL"] ?? "https://api.replicate.com/v1/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new SecretSource(null, new WebhookSecretProvider(new WebhooksClient(http)), http);
    }

    public ValueTask<WebhookSecret> GetAsync(CancellationToken cancellationToken) =>
        _fixed is not null ? ValueTask.FromResult(_fixed) : _provider!.GetSecretAsync(cancellationToken);

    public ValueTask<WebhookSecret> RefreshAsync(CancellationToken cancellationToken) =>
        _fixed is not null ? ValueTask.FromResult(_fixed) : _provider!.RefreshAsync(cancellationToken);

    public void Dispose()
    {
        _provider?.Dispose();
        _http?.Dispose();
    }
}
