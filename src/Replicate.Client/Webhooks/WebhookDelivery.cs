using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Replicate.Generated;

namespace Replicate.Client.Webhooks;

/// <summary>
/// A webhook delivery whose signature and timestamp have been verified: its id (the idempotency key), when it was
/// sent, the raw body, and the payload parsed as a prediction or a training.
/// </summary>
/// <remarks>Obtain one from <see cref="Verify(WebhookSecret, WebhookHeaders, ReadOnlyMemory{byte}, WebhookVerificationOptions?)"/>,
/// <see cref="TryVerify"/> or <see cref="VerifyAsync"/>; there is no way to build one from an unverified body.</remarks>
public sealed class WebhookDelivery
{
    private WebhookPayloadKind? _kind;

    private WebhookDelivery(string id, long timestamp, ReadOnlyMemory<byte> body)
    {
        Id = id;
        Timestamp = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        Body = body;
    }

    /// <summary>The <c>webhook-id</c>: stable across redeliveries of the same event, so use it to deduplicate.</summary>
    public string Id { get; }

    /// <summary>When Replicate signed this attempt (the <c>webhook-timestamp</c>).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The body exactly as received and verified.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Whether the payload is a prediction or a training, from its <c>urls.get</c> link.</summary>
    public WebhookPayloadKind Kind => _kind ??= DetectKind(Body.Span);

    /// <summary>Verifies a delivery and keeps its body (not copied) for parsing.</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body; the delivery refers to it, so do not reuse the buffer.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <returns>The verified delivery.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic or not fresh.</exception>
    public static WebhookDelivery Verify(WebhookSecret secret, WebhookHeaders headers, ReadOnlyMemory<byte> body, WebhookVerificationOptions? options = null) =>
        TryVerify(secret, headers, body, out var delivery, out var reason, options)
            ? delivery
            : throw new WebhookVerificationException(reason);

    /// <summary>Verifies a delivery whose body is text (its UTF-8 encoding is what was signed).</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body as text.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <returns>The verified delivery.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic or not fresh.</exception>
    public static WebhookDelivery Verify(WebhookSecret secret, WebhookHeaders headers, string body, WebhookVerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Verify(secret, headers, Encoding.UTF8.GetBytes(body), options);
    }

    /// <summary>Verifies a delivery without throwing.</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The raw request body; the delivery refers to it, so do not reuse the buffer.</param>
    /// <param name="delivery">The verified delivery, or null.</param>
    /// <param name="reason">Why the delivery was rejected; meaningless when the result is true.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <returns>Whether the delivery is authentic and fresh.</returns>
    public static bool TryVerify(
        WebhookSecret secret,
        WebhookHeaders headers,
        ReadOnlyMemory<byte> body,
        [NotNullWhen(true)] out WebhookDelivery? delivery,
        out WebhookFailureReason reason,
        WebhookVerificationOptions? options = null)
    {
        if (!WebhookVerifier.TryVerify(secret, headers, body.Span, options, out reason, out var timestamp))
        {
            delivery = null;
            return false;
        }

        delivery = new WebhookDelivery(headers.Id!, timestamp, body);
        return true;
    }

    /// <summary>
    /// Reads a request body once, to its end, then verifies it; for bodies that arrive as a stream (ASP.NET Core's
    /// <c>Request.Body</c>). The stream is not disposed.
    /// </summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="headers">The delivery's <c>webhook-*</c> headers.</param>
    /// <param name="body">The request body stream, read once; it need not be seekable.</param>
    /// <param name="options">Tolerance and clock; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The verified delivery.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic or not fresh.</exception>
    public static async Task<WebhookDelivery> VerifyAsync(
        WebhookSecret secret,
        WebhookHeaders headers,
        Stream body,
        WebhookVerificationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);

        // Missing headers fail before the body is read: no need to buffer what cannot be verified.
        if (string.IsNullOrEmpty(headers.Id) || string.IsNullOrEmpty(headers.Timestamp) || string.IsNullOrEmpty(headers.Signature))
        {
            throw new WebhookVerificationException(WebhookFailureReason.MissingHeader);
        }

        var buffer = new MemoryStream(body.CanSeek ? (int)Math.Min(int.MaxValue, Math.Max(0, body.Length - body.Position)) : 0);
        await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Verify(secret, headers, new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), options);
    }

    /// <summary>The payload parsed as a prediction (Replicate posts the prediction object as it stands).</summary>
    /// <returns>The prediction.</returns>
    /// <exception cref="JsonException">The body is not a JSON object of a prediction's shape.</exception>
    public PredictionResponse ParsePrediction() =>
        JsonSerializer.Deserialize(Body.Span, WebhookJsonContext.Default.PredictionResponse)
        ?? throw new JsonException("The webhook body is JSON null, not a prediction.");

    /// <summary>The payload parsed as a training (Replicate posts the training object as it stands).</summary>
    /// <returns>The training.</returns>
    /// <exception cref="JsonException">The body is not a JSON object of a training's shape.</exception>
    public TrainingResponse ParseTraining() =>
        JsonSerializer.Deserialize(Body.Span, WebhookJsonContext.Default.TrainingResponse)
        ?? throw new JsonException("The webhook body is JSON null, not a training.");

    private static WebhookPayloadKind DetectKind(ReadOnlySpan<byte> body)
    {
        // Both objects share most fields (id, status, input, output, urls); the resource path in urls.get is
        // the one thing that tells them apart reliably.
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return WebhookPayloadKind.Unknown;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUrls = reader.ValueTextEquals("urls"u8);
                reader.Read();
                if (isUrls && reader.TokenType == JsonTokenType.StartObject)
                {
                    return KindFromUrls(ref reader);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A body that verified but is not JSON is still a verified delivery; it just has no known kind.
        }

        return WebhookPayloadKind.Unknown;
    }

    private static WebhookPayloadKind KindFromUrls(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isGet = reader.ValueTextEquals("get"u8);
            reader.Read();
            if (isGet && reader.TokenType == JsonTokenType.String
                && Uri.TryCreate(reader.GetString(), UriKind.Absolute, out var uri))
            {
                var path = uri.AbsolutePath;
                return path.Contains("/predictions/", StringComparison.Ordinal) ? WebhookPayloadKind.Prediction
                    : path.Contains("/trainings/", StringComparison.Ordinal) ? WebhookPayloadKind.Training
                    : WebhookPayloadKind.Unknown;
            }

            reader.Skip();
        }

        return WebhookPayloadKind.Unknown;
    }
}
