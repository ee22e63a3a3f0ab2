using Replicate.Client.Errors;

namespace Replicate.Client.RateLimiting;

/// <summary>
/// The client's own rate limiter refused a request (its queue was full), so nothing was sent. Raise
/// <see cref="ReplicateRateLimitOptions.QueueLimit"/>, lower the concurrency, or try again later.
/// </summary>
public sealed class ReplicateClientRateLimitException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The request that was refused, as method and path.</param>
    /// <param name="kind">The budget it was counted against.</param>
    public ReplicateClientRateLimitException(string operation, ReplicateRequestKind kind)
        : base($"{operation} was not sent: the client's rate limiter for {(kind == ReplicateRequestKind.Create ? "creates" : "requests")} refused it (its queue is full).", operation)
    {
        Kind = kind;
    }

    /// <summary>The budget the request was counted against.</summary>
    public ReplicateRequestKind Kind { get; }
}
