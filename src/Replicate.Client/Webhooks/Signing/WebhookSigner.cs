using System.Globalization;

namespace Replicate.Client.Webhooks;

/// <summary>
/// Signs deliveries the way Replicate does, for tests of webhook receivers and for replaying captured deliveries.
/// </summary>
public static class WebhookSigner
{
    /// <summary>The <c>webhook-signature</c> value for a delivery: <c>v1,&lt;base64 HMAC-SHA256&gt;</c>.</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="id">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> in Unix seconds.</param>
    /// <param name="body">The exact body bytes that will be sent.</param>
    /// <returns>One <c>v1</c> signature token.</returns>
    public static string Sign(WebhookSecret secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        Span<byte> hash = stackalloc byte[SignedContent.HashSize];
        SignedContent.ComputeHash(secret.Key, id, timestamp.ToString(CultureInfo.InvariantCulture), body, hash);
        return "v1," + Convert.ToBase64String(hash);
    }

    /// <summary>The <c>webhook-signature</c> value for a delivery whose body is text (sent as UTF-8).</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="id">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> in Unix seconds.</param>
    /// <param name="body">The body text that will be sent as UTF-8.</param>
    /// <returns>One <c>v1</c> signature token.</returns>
    public static string Sign(WebhookSecret secret, string id, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        ArgumentNullException.ThrowIfNull(body);
        Span<byte> hash = stackalloc byte[SignedContent.HashSize];
        SignedContent.ComputeHash(secret.Key, id, timestamp.ToString(CultureInfo.InvariantCulture), body.AsSpan(), hash);
        return "v1," + Convert.ToBase64String(hash);
    }

    /// <summary>All three headers of a signed delivery, ready to put on a request.</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="id">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> in Unix seconds.</param>
    /// <param name="body">The exact body bytes that will be sent.</param>
    /// <returns>Id, timestamp and a one-token signature.</returns>
    public static WebhookHeaders CreateHeaders(WebhookSecret secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        new(id, timestamp.ToString(CultureInfo.InvariantCulture), Sign(secret, id, timestamp, body));
}
