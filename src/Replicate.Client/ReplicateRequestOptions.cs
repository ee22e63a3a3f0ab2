namespace Replicate.Client;

/// <summary>
/// Per-request settings. Attach them to calls made in the current async flow with <see cref="Apply"/>:
/// <code>
/// using (ReplicateRequestOptions.Apply(new() { RetryNonIdempotent = true }))
/// {
///     await client.Predictions.CreateAsync(body: request);
/// }
/// </code>
/// or to one <see cref="HttpRequestMessage"/> with <see cref="Key"/>.
/// </summary>
public sealed record ReplicateRequestOptions
{
    private static readonly AsyncLocal<ReplicateRequestOptions?> Ambient = new();

    /// <summary>The key under which a request carries its options in <see cref="HttpRequestMessage.Options"/>.</summary>
    public static readonly HttpRequestOptionsKey<ReplicateRequestOptions> Key = new("Replicate.RequestOptions");

    /// <summary>
    /// Retry POST and PATCH like idempotent methods (after 5xx, 408, connection failures and timeouts), not only
    /// after 429. Opt in only when a duplicate is harmless for this call.
    /// </summary>
    public bool RetryNonIdempotent { get; init; }

    /// <summary>Send this request once, whatever the client's retry settings.</summary>
    public bool DisableRetries { get; init; }

    /// <summary>A per-attempt timeout for this request, e.g. longer than a <c>Prefer: wait</c> hold.</summary>
    public TimeSpan? NetworkTimeout { get; init; }

    /// <summary>
    /// Cancels the request only while it waits for a rate permit, never once it is sent: a batch stopping stops its
    /// creates that have not gone out, and lets those already sent finish, so their ids are journaled.
    /// </summary>
    internal CancellationToken CancelWhileQueued { get; init; }

    /// <summary>The options in effect for the current async flow, if any.</summary>
    public static ReplicateRequestOptions? Current => Ambient.Value;

    /// <summary>Applies <paramref name="options"/> to every request started in this async flow until disposed.</summary>
    public static IDisposable Apply(ReplicateRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var previous = Ambient.Value;
        Ambient.Value = options;
        return new Restore(previous);
    }

    /// <summary>The options of a request: its own, else the ambient ones, else the defaults.</summary>
    internal static ReplicateRequestOptions For(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var own) ? own : Ambient.Value ?? Default;

    internal static readonly ReplicateRequestOptions Default = new();

    private sealed class Restore(ReplicateRequestOptions? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
