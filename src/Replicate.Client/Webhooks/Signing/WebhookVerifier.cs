using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Replicate.Client.Webhooks;

/// <summary>
/// Verifies Standard Webhooks deliveries as Replicate sends them: HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>,
/// accepted when any <c>v1</c> signature matches (compared in constant time), with replay protection on by
/// default (300 s either side, inclusive). Other signature versions and malformed tokens are skipped, never
/// accepted and never fatal to the search.
/// </summary>
/// <remarks>
/// Pass the body exactly as received: re-serialized JSON has different bytes and will not verify. Checks run in
/// this order and the first failure is reported: secret, headers, timestamp format, timestamp window, signature.
/// </remarks>
public static class WebhookVerifier
{
    // Later timestamps cannot be represented as a DateTimeOffset, whatever the tolerance.
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Verifies a delivery whose body is given as bytes; allocates nothing that grows with the body.</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic or not fresh.</exception>
    public static void Verify(WebhookSecret secret, WebhookHeaders headers, ReadOnlySpan<byte> body, WebhookVerificationOptions? options = null)
    {
        if (!TryVerify(secret, headers, body, out var reason, options))
        {
            throw new WebhookVerificationException(reason);
        }
    }

    /// <summary>Verifies a delivery whose body is given as text (its UTF-8 encoding is what was signed).</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body as text.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic or not fresh.</exception>
    public static void Verify(WebhookSecret secret, WebhookHeaders headers, string body, WebhookVerificationOptions? options = null)
    {
        if (!TryVerify(secret, headers, body, out var reason, options))
        {
            throw new WebhookVerificationException(reason);
        }
    }

    /// <summary>Verifies a delivery with the secret as text (<c>whsec_…</c>); a bad secret is reason <see cref="WebhookFailureReason.InvalidSecret"/>.</summary>
    /// <param name="secret">The signing secret, <c>whsec_</c> prefix optional.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <exception cref="WebhookVerificationException">The secret is invalid, or the delivery is not authentic or not fresh.</exception>
    public static void Verify(string secret, WebhookHeaders headers, ReadOnlySpan<byte> body, WebhookVerificationOptions? options = null)
    {
        if (!TryVerify(secret, headers, body, out var reason, options))
        {
            throw new WebhookVerificationException(reason);
        }
    }

    /// <summary>Verifies a text body with the secret as text (<c>whsec_…</c>).</summary>
    /// <param name="secret">The signing secret, <c>whsec_</c> prefix optional.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body as text.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <exception cref="WebhookVerificationException">The secret is invalid, or the delivery is not authentic or not fresh.</exception>
    public static void Verify(string secret, WebhookHeaders headers, string body, WebhookVerificationOptions? options = null)
    {
        if (!TryVerify(secret, headers, body, out var reason, options))
        {
            throw new WebhookVerificationException(reason);
        }
    }

    /// <summary>Verifies a delivery whose body is given as bytes, without throwing.</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body.</param>
    /// <param name="reason">Why the delivery was rejected; meaningless when the result is true.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <returns>Whether the delivery is authentic and fresh.</returns>
    public static bool TryVerify(WebhookSecret secret, WebhookHeaders headers, ReadOnlySpan<byte> body, out WebhookFailureReason reason, WebhookVerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!TryCheckHeaders(headers, options ?? WebhookVerificationOptions.Default, out reason, out _))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SignedContent.HashSize];
        SignedContent.ComputeHash(secret.Key, headers.Id!, headers.Timestamp!, body, hash);
        return Matches(headers.Signature!, hash, out reason);
    }

    /// <summary>Verifies a delivery whose body is given as text, without throwing.</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body as text.</param>
    /// <param name="reason">Why the delivery was rejected; meaningless when the result is true.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <returns>Whether the delivery is authentic and fresh.</returns>
    public static bool TryVerify(WebhookSecret secret, WebhookHeaders headers, string body, out WebhookFailureReason reason, WebhookVerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        if (!TryCheckHeaders(headers, options ?? WebhookVerificationOptions.Default, out reason, out _))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SignedContent.HashSize];
        SignedContent.ComputeHash(secret.Key, headers.Id!, headers.Timestamp!, body.AsSpan(), hash);
        return Matches(headers.Signature!, hash, out reason);
    }

    /// <summary>Verifies a delivery with the secret as text, without throwing.</summary>
    /// <param name="secret">The signing secret, <c>whsec_</c> prefix optional.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body.</param>
    /// <param name="reason">Why the delivery was rejected; meaningless when the result is true.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <returns>Whether the secret is valid and the delivery authentic and fresh.</returns>
    public static bool TryVerify(string secret, WebhookHeaders headers, ReadOnlySpan<byte> body, out WebhookFailureReason reason, WebhookVerificationOptions? options = null)
    {
        if (!WebhookSecret.TryParse(secret, out var parsed))
        {
            reason = WebhookFailureReason.InvalidSecret;
            return false;
        }

        return TryVerify(parsed, headers, body, out reason, options);
    }

    /// <summary>Verifies a text body with the secret as text, without throwing.</summary>
    /// <param name="secret">The signing secret, <c>whsec_</c> prefix optional.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body as text.</param>
    /// <param name="reason">Why the delivery was rejected; meaningless when the result is true.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <returns>Whether the secret is valid and the delivery authentic and fresh.</returns>
    public static bool TryVerify(string secret, WebhookHeaders headers, string body, out WebhookFailureReason reason, WebhookVerificationOptions? options = null)
    {
        if (!WebhookSecret.TryParse(secret, out var parsed))
        {
            reason = WebhookFailureReason.InvalidSecret;
            return false;
        }

        return TryVerify(parsed, headers, body, out reason, options);
    }

    /// <summary>Byte-body verification that also hands back the timestamp, for callers that keep the delivery.</summary>
    internal static bool TryVerify(WebhookSecret secret, WebhookHeaders headers, ReadOnlySpan<byte> body, WebhookVerificationOptions? options, out WebhookFailureReason reason, out long timestamp)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!TryCheckHeaders(headers, options ?? WebhookVerificationOptions.Default, out reason, out timestamp))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SignedContent.HashSize];
        SignedContent.ComputeHash(secret.Key, headers.Id!, headers.Timestamp!, body, hash);
        return Matches(headers.Signature!, hash, out reason);
    }

    private static bool TryCheckHeaders(WebhookHeaders headers, WebhookVerificationOptions options, out WebhookFailureReason reason, out long timestamp)
    {
        timestamp = 0;
        if (string.IsNullOrEmpty(headers.Id) || string.IsNullOrEmpty(headers.Timestamp) || string.IsNullOrEmpty(headers.Signature))
        {
            reason = WebhookFailureReason.MissingHeader;
            return false;
        }

        // Digits only: no sign, no whitespace, no fraction. Whatever the text is, it is signed verbatim.
        if (!long.TryParse(headers.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp) || timestamp > MaxUnixSeconds)
        {
            reason = WebhookFailureReason.InvalidTimestamp;
            return false;
        }

        // Bounds are computed around now so that no subtraction involving the (attacker-chosen) timestamp can overflow.
        var now = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = options.Tolerance.Ticks / TimeSpan.TicksPerSecond;
        if (timestamp < now - tolerance)
        {
            reason = WebhookFailureReason.TimestampTooOld;
            return false;
        }

        if (timestamp > now + tolerance)
        {
            reason = WebhookFailureReason.TimestampTooNew;
            return false;
        }

        reason = default;
        return true;
    }

    private static bool Matches(string signatureHeader, ReadOnlySpan<byte> hash, out WebhookFailureReason reason)
    {
        // Compare base64 text rather than decoded bytes: decoding tolerates variants (non-zero padding bits,
        // embedded whitespace) that would let a visibly different signature pass. The text is compared as its
        // 44 ASCII bytes, not 88 UTF-16 ones: FixedTimeEquals runs unoptimized by design, so every byte counts.
        Span<byte> expected = stackalloc byte[SignedContent.SignatureChars];
        Base64.EncodeToUtf8(hash, expected, out _, out _);
        Span<byte> candidateBytes = stackalloc byte[SignedContent.SignatureChars];

        // Tokens are `version,signature`, separated by spaces. A header sent more than once arrives from most frameworks
        // (ASP.NET Core's StringValues among them) as its values joined with commas, so a space-separated part is read
        // as a comma-separated run of version/signature pairs: "v1,a" as one pair, "v1,a,v1,b" as two. Base64 never
        // contains a comma or a space, so no valid token is split or joined wrongly.
        var header = signatureHeader.AsSpan();
        foreach (var part in header.Split(' '))
        {
            var items = header[part];
            var version = ReadOnlySpan<char>.Empty;
            var expectVersion = true;
            foreach (var itemRange in items.Split(','))
            {
                var item = items[itemRange];
                if (expectVersion)
                {
                    version = item;
                    expectVersion = false;
                    continue;
                }

                expectVersion = true;
                if (!version.SequenceEqual("v1"))
                {
                    continue;
                }

                // Narrowing fails only on non-ASCII text, which cannot equal base64; the candidate is public, so
                // only the comparison with the expected value needs to be constant-time.
                if (item.Length == SignedContent.SignatureChars
                    && Ascii.FromUtf16(item, candidateBytes, out _) == OperationStatus.Done
                    && CryptographicOperations.FixedTimeEquals(candidateBytes, expected))
                {
                    reason = default;
                    return true;
                }
            }
        }

        reason = WebhookFailureReason.NoMatchingSignature;
        return false;
    }
}
