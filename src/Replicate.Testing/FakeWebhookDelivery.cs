namespace Replicate.Testing;

/// <summary>One webhook delivery attempt the fake made (a redelivery is another attempt with the same <see cref="Id"/>).</summary>
public sealed class FakeWebhookDelivery
{
    internal FakeWebhookDelivery(string id, string eventType, Uri url, string body, long timestamp, string signature, int? statusCode, string? error)
    {
        Id = id;
        EventType = eventType;
        Url = url;
        Body = body;
        Timestamp = timestamp;
        Signature = signature;
        StatusCode = statusCode;
        Error = error;
    }

    /// <summary>The <c>webhook-id</c> header: stable across redeliveries, the receiver's idempotency key.</summary>
    public string Id { get; }

    /// <summary>The event that caused it: <c>start</c>, <c>output</c>, <c>logs</c> or <c>completed</c>.</summary>
    public string EventType { get; }

    /// <summary>Where it was POSTed.</summary>
    public Uri Url { get; }

    /// <summary>The body (the prediction or training as <c>GET</c> would return it then).</summary>
    public string Body { get; }

    /// <summary>The <c>webhook-timestamp</c> header (Unix seconds, the fake's clock).</summary>
    public long Timestamp { get; }

    /// <summary>The <c>webhook-signature</c> header (<c>v1,&lt;base64&gt;</c>).</summary>
    public string Signature { get; }

    /// <summary>The receiver's status code, or null when the request failed (see <see cref="Error"/>).</summary>
    public int? StatusCode { get; }

    /// <summary>Why the request failed, or null.</summary>
    public string? Error { get; }
}
