using Replicate.Client.Errors;

namespace Replicate.Client.Waiting;

/// <summary>
/// The local wait gave up after <see cref="WaitOptions.Timeout"/>; the prediction or training goes on on the server.
/// Distinct from caller cancellation, which is an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class ReplicateWaitTimeoutException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    public ReplicateWaitTimeoutException(string kind, string id, string? lastStatus, TimeSpan timeout)
        : base($"Stopped waiting for {kind} {id} after {timeout.TotalSeconds:0.###} s; its last status was '{lastStatus ?? "unknown"}'.", $"{kind} {id}")
    {
        Id = id;
        LastStatus = lastStatus;
        Timeout = timeout;
    }

    /// <summary>The prediction or training id (rehydrate it to keep waiting).</summary>
    public string Id { get; }

    /// <summary>The status seen last.</summary>
    public string? LastStatus { get; }

    /// <summary>The wait timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
