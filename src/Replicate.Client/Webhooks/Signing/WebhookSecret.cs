using System.Diagnostics.CodeAnalysis;

namespace Replicate.Client.Webhooks;

/// <summary>
/// A webhook signing key: the bytes behind a <c>whsec_…</c> secret. Parse it once and reuse it; the key never
/// appears in <see cref="ToString"/> or in exception messages.
/// </summary>
public sealed class WebhookSecret
{
    /// <summary>The prefix Replicate (and Standard Webhooks) put before the base64 key.</summary>
    public const string Prefix = "whsec_";

    private readonly byte[] _key;

    private WebhookSecret(byte[] key) => _key = key;

    /// <summary>The HMAC key.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>Parses <c>whsec_&lt;base64&gt;</c> (or the bare base64), padded or not.</summary>
    /// <param name="secret">The secret as Replicate returns it from <c>GET /webhooks/default/secret</c>.</param>
    /// <exception cref="WebhookVerificationException">Reason <see cref="WebhookFailureReason.InvalidSecret"/>.</exception>
    public static WebhookSecret Parse(string? secret) =>
        TryParse(secret, out var parsed)
            ? parsed
            : throw new WebhookVerificationException(WebhookFailureReason.InvalidSecret, "expected whsec_ followed by a non-empty base64 key");

    /// <summary>Parses <c>whsec_&lt;base64&gt;</c> (or the bare base64), padded or not, without throwing.</summary>
    /// <param name="secret">The secret text.</param>
    /// <param name="result">The key when the text is valid.</param>
    /// <returns>Whether the text is a valid, non-empty key.</returns>
    public static bool TryParse([NotNullWhen(true)] string? secret, [NotNullWhen(true)] out WebhookSecret? result)
    {
        result = null;
        if (secret is null)
        {
            return false;
        }

        // Secrets often arrive from environment variables or files with a trailing newline.
        var text = secret.AsSpan().Trim();
        if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            text = text[Prefix.Length..];
        }

        // Padding is optional: drop whatever is there and add back exactly what the length calls for, so padded
        // and unpadded forms decode alike. The key length is never assumed.
        text = text.TrimEnd('=');
        if (text.IsEmpty || text.Length % 4 == 1)
        {
            return false;
        }

        var padded = string.Concat(text, "==".AsSpan(0, (4 - (text.Length % 4)) % 4));
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written) || written == 0)
        {
            return false;
        }

        result = new WebhookSecret(buffer.AsSpan(0, written).ToArray());
        return true;
    }

    /// <summary>Wraps raw key bytes (already decoded). The bytes are copied.</summary>
    /// <param name="key">The HMAC-SHA256 key; must not be empty.</param>
    /// <exception cref="WebhookVerificationException">Reason <see cref="WebhookFailureReason.InvalidSecret"/> when empty.</exception>
    public static WebhookSecret FromKey(ReadOnlySpan<byte> key) =>
        key.IsEmpty
            ? throw new WebhookVerificationException(WebhookFailureReason.InvalidSecret, "the key is empty")
            : new WebhookSecret(key.ToArray());

    /// <summary>A redacted placeholder: secrets must not reach logs.</summary>
    /// <returns><c>whsec_[redacted]</c>.</returns>
    public override string ToString() => Prefix + "[redacted]";
}
