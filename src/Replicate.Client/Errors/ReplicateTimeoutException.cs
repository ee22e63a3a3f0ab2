namespace Replicate.Client.Errors;

/// <summary>
/// An attempt took longer than the network timeout. Distinct from caller cancellation, which surfaces as
/// <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class ReplicateTimeoutException : ReplicateNetworkException
{
    /// <summary>Creates the exception.</summary>
    public ReplicateTimeoutException(string operation, TimeSpan timeout, Exception? innerException = null)
        : base($"{operation} timed out after {timeout.TotalSeconds:0.###} s without a response.", operation, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The per-attempt timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
