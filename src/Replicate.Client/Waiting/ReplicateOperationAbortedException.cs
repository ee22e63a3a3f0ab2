using Replicate.Generated;

namespace Replicate.Client.Waiting;

/// <summary>The prediction or training was aborted (status <c>aborted</c>): it never started, e.g. its <c>Cancel-After</c> deadline passed first.</summary>
public sealed class ReplicateOperationAbortedException : ReplicateOperationException
{
    /// <summary>Creates the exception for the final <paramref name="prediction"/> or <paramref name="training"/>.</summary>
    public ReplicateOperationAbortedException(string kind, string id, string status, string? error, string? logs, PredictionResponse? prediction, TrainingResponse? training)
        : base($"The {kind} {id} was aborted before it started" + (error is null ? "." : ": " + error), kind, id, status, error, logs, prediction, training)
    {
    }
}
