namespace Replicate.Client.Errors;

/// <summary>Base of every exception the Replicate client throws. Messages never contain the API token.</summary>
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
