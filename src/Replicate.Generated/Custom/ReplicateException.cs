// CUSTOM: the root of the one exception family lives in the package every other depends on, so the generated clients'
// ApiException derives from it too; it keeps the namespace callers catch it by (Replicate.Client.Errors).
namespace Replicate.Client.Errors;

/// <summary>
/// Base of every exception the Replicate packages throw (the generated clients' <c>ApiException</c>
/// and every Replicate.Client exception). Each names the operation; messages never contain the API token.
/// </summary>
public abstract class ReplicateException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ReplicateException(string message, string operation, Exception? innerException = null)
        : base(message, innerException)
    {
        Operation = operation;
    }

    /// <summary>The operation that failed, as method and path: <c>GET /v1/predictions/abc</c>.</summary>
    public string Operation { get; }
}
