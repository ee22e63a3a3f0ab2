namespace Replicate.Testing;

/// <summary>The webhook side of a <see cref="FakeReplicate"/>: its signing secret, the deliveries made, redelivery.</summary>
public sealed class FakeWebhooks
{
    private readonly Engine.FakeApi _api;

    internal FakeWebhooks(Engine.FakeApi api) => _api = api;

    /// <summary>The signing secret (<c>whsec_…</c>), as <c>GET /webhooks/default/secret</c> returns it.</summary>
    public string Secret => _api.Options.WebhookSecret;

    /// <summary>Every delivery attempt so far, in the order made.</summary>
    public IReadOnlyList<FakeWebhookDelivery> Deliveries => _api.Webhooks.Deliveries;

    /// <summary>Completes when every prediction and training with a webhook has ended and its deliveries were sent.</summary>
    public Task WhenIdleAsync() => _api.Webhooks.WhenIdleAsync();

    /// <summary>Sends a delivery again: the same <c>webhook-id</c> and body, a fresh timestamp and signature.</summary>
    public Task<FakeWebhookDelivery> RedeliverAsync(FakeWebhookDelivery delivery, CancellationToken cancellationToken = default) =>
        _api.Webhooks.RedeliverAsync(delivery, cancellationToken);
}
