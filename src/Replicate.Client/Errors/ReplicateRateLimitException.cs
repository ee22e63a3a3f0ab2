namespace Replicate.Client.Errors;

/// <summary>
/// The API answered 429 and retries did not get past it (retries off, attempts or time exhausted, or a
/// requested wait longer than <see cref="Retries.ReplicateRetryOptions.MaxServerDelay"/>).
/// </summary>
public sealed class ReplicateRateLimitException : ReplicateApiException
{
    /// <summary>Creates the exception.</summary>
    public ReplicateRateLimitException(
        string operation,
        string? title,
        string? detail,
        string? rawBody,
        string? contentType,
        string? requestId,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers,
        TimeSpan? retryAfter)
        : base(operation, 429, title, detail, rawBody, contentType, requestId, headers)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked to wait (from <c>Retry-After</c>, a body <c>retry_after</c>, or the detail text).</summary>
    public TimeSpan? RetryAfter { get; }
}
