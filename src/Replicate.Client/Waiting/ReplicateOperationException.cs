using Replicate.Client.Errors;
using Replicate.Generated;

namespace Replicate.Client.Waiting;

/// <summary>A prediction or training ended without succeeding. Carries the whole final object.</summary>
public abstract class ReplicateOperationException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    protected ReplicateOperationException(string message, string kind, string id, string status, string? error, string? logs, PredictionResponse? prediction, TrainingResponse? training)
        : base(message, $"{kind} {id}")
    {
        Kind = kind;
        Id = id;
        Status = status;
        Error = error;
        Logs = logs;
        Prediction = prediction;
        Training = training;
    }

    /// <summary><c>prediction</c> or <c>training</c>.</summary>
    public string Kind { get; }

    /// <summary>The prediction or training id.</summary>
    public string Id { get; }

    /// <summary>The final status as the server sent it.</summary>
    public string Status { get; }

    /// <summary>The server's error message, if any.</summary>
    public string? Error { get; }

    /// <summary>The logs at the end.</summary>
    public string? Logs { get; }

    /// <summary>The final prediction, when this is about a prediction.</summary>
    public PredictionResponse? Prediction { get; }

    /// <summary>The final training, when this is about a training.</summary>
    public TrainingResponse? Training { get; }
}
