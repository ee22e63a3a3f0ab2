namespace Replicate.Client.Errors;

/// <summary>
/// A response arrived but cannot be used: its body is larger than
/// <see cref="ReplicateClientOptions.MaxResponseBodySize"/>, it does not read as what the operation returns, it
/// redirects where it cannot be followed (no <c>Location</c>, a loop), or an output <c>data:</c> URI is malformed.
/// </summary>
public sealed class ReplicateResponseException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the response.</param>
    /// <param name="operation">The operation, as method and path.</param>
    /// <param name="statusCode">The response's HTTP status.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ReplicateResponseException(string message, string operation, int statusCode, Exception? innerException = null)
        : base(message, operation, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The response's HTTP status (0 when the failure is not tied to one response: a redirect chain, a <c>data:</c> URI).</summary>
    public int StatusCode { get; }
}
