using Replicate.Generated;

namespace Replicate.Client.Waiting;

/// <summary>The prediction or training failed (status <c>failed</c>): see <see cref="ReplicateOperationException.Error"/> and <see cref="ReplicateOperationException.Logs"/>.</summary>
public sealed class ReplicateOperationFailedException : ReplicateOperationException
{
    /// <summary>Creates the exception for the final <paramref name="prediction"/> or <paramref name="training"/>.</summary>
    public ReplicateOperationFailedException(string kind, string id, string status, string? error, string? logs, PredictionResponse? prediction, TrainingResponse? training)
        : base($"The {kind} {id} failed" + (error is null ? "." : ": " + error), kind, id, status, error, logs, prediction, training)
    {
    }
}
