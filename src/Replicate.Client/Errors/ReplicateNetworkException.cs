namespace Replicate.Client.Errors;

/// <summary>No HTTP response arrived: the connection could not be made or broke. Retries, if allowed, were used up.</summary>
public class ReplicateNetworkException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    public ReplicateNetworkException(string message, string operation, Exception? innerException = null)
        : base(message, operation, innerException)
    {
    }
}
