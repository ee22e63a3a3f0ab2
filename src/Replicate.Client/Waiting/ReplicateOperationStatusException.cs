using Replicate.Generated;

namespace Replicate.Client.Waiting;

/// <summary>
/// The prediction or training reached a status this client does not know (Replicate added <c>aborted</c> in 2025;
/// there may be more). The wait ended; the raw status is kept in <see cref="ReplicateOperationException.Status"/>.
/// </summary>
public sealed class ReplicateOperationStatusException : ReplicateOperationException
{
    /// <summary>Creates the exception for the final <paramref name="prediction"/> or <paramref name="training"/>.</summary>
    public ReplicateOperationStatusException(string kind, string id, string status, string? error, string? logs, PredictionResponse? prediction, TrainingResponse? training)
        : base($"The {kind} {id} ended with status '{status}', which this client does not know.", kind, id, status, error, logs, prediction, training)
    {
    }
}
