using Replicate.Generated;

namespace Replicate.Client.Waiting;

/// <summary>The prediction or training was canceled (status <c>canceled</c>) — by a caller, or by <c>Cancel-After</c> while it ran.</summary>
public sealed class ReplicateOperationCanceledException : ReplicateOperationException
{
    /// <summary>Creates the exception for the final <paramref name="prediction"/> or <paramref name="training"/>.</summary>
    public ReplicateOperationCanceledException(string kind, string id, string status, string? error, string? logs, PredictionResponse? prediction, TrainingResponse? training)
        : base($"The {kind} {id} was canceled" + (error is null ? "." : ": " + error), kind, id, status, error, logs, prediction, training)
    {
    }
}
