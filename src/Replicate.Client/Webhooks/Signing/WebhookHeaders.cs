namespace Replicate.Client.Webhooks;

/// <summary>
/// The three Standard Webhooks headers of one delivery, as received (values are used exactly; nothing is trimmed).
/// </summary>
/// <param name="Id">The <c>webhook-id</c> value: the delivery's idempotency key, stable across redeliveries.</param>
/// <param name="Timestamp">The <c>webhook-timestamp</c> value: Unix seconds, as text.</param>
/// <param name="Signature">The <c>webhook-signature</c> value: space-separated <c>version,base64</c> tokens.</param>
public readonly record struct WebhookHeaders(string? Id, string? Timestamp, string? Signature)
{
    /// <summary>Header name of the delivery id.</summary>
    public const string IdName = "webhook-id";

    /// <summary>Header name of the delivery timestamp.</summary>
    public const string TimestampName = "webhook-timestamp";

    /// <summary>Header name of the signature list.</summary>
    public const string SignatureName = "webhook-signature";

    /// <summary>
    /// Reads the three headers through a lookup, for collections that already match names case-insensitively
    /// (ASP.NET Core: <c>WebhookHeaders.FromLookup(name =&gt; request.Headers[name])</c>). A signature header sent
    /// more than once arrives there joined with commas; the verifier reads such a value as a list of pairs.
    /// </summary>
    /// <param name="lookup">Returns a header's value by name, or null when absent.</param>
    /// <returns>The headers; absent ones are null.</returns>
    public static WebhookHeaders FromLookup(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return new WebhookHeaders(lookup(IdName), lookup(TimestampName), lookup(SignatureName));
    }

    /// <summary>
    /// Picks the three headers out of name/value pairs, matching names in any case. When a name occurs more than
    /// once, the first id and timestamp win and the signature values are joined with a space (each is a token list).
    /// </summary>
    /// <param name="headers">Header pairs, e.g. a dictionary built by a framework.</param>
    /// <returns>The headers; absent ones are null.</returns>
    public static WebhookHeaders From(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? id = null, timestamp = null, signature = null;
        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, IdName, StringComparison.OrdinalIgnoreCase))
            {
                id ??= value;
            }
            else if (string.Equals(name, TimestampName, StringComparison.OrdinalIgnoreCase))
            {
                timestamp ??= value;
            }
            else if (string.Equals(name, SignatureName, StringComparison.OrdinalIgnoreCase))
            {
                signature = signature is null ? value : signature + " " + value;
            }
        }

        return new WebhookHeaders(id, timestamp, signature);
    }
}
