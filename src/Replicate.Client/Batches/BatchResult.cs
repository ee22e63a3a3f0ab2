using Replicate.Client.Errors;
using Replicate.Client.Predictions;
using Replicate.Generated;

namespace Replicate.Client.Batches;

/// <summary>The outcome of one item of a batch: its key, its prediction, and its output or its error.</summary>
public sealed class BatchResult
{
    internal BatchResult(string key, PredictionResponse? prediction, ReplicateException? error, IReadOnlyList<string> storedOutputs, bool resumed)
    {
        Key = key;
        Prediction = prediction;
        Error = error;
        StoredOutputs = storedOutputs;
        Resumed = resumed;
        Output = error is null && prediction is not null ? new PredictionOutput(prediction.Output) : null;
    }

    /// <summary>The item's key.</summary>
    public string Key { get; }

    /// <summary>The prediction as last seen (null when it was never created).</summary>
    public PredictionResponse? Prediction { get; }

    /// <summary>The prediction id (null when it was never created).</summary>
    public string? PredictionId => Prediction?.Id;

    /// <summary>The output, when the item succeeded.</summary>
    public PredictionOutput? Output { get; }

    /// <summary>
    /// Why the item did not succeed: the create failed (<see cref="ReplicateApiException"/> …), the prediction failed,
    /// was canceled or aborted (<see cref="Waiting.ReplicateOperationException"/>), the wait stopped, or the outputs
    /// could not be saved (<see cref="Outputs.ReplicateOutputSaveException"/>). Null on success.
    /// </summary>
    public ReplicateException? Error { get; }

    /// <summary>Whether the item succeeded (and its outputs, when a store was given, were saved).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Where the outputs were saved (empty without a store, or when they were saved by an earlier run).</summary>
    public IReadOnlyList<string> StoredOutputs { get; }

    /// <summary>Whether the prediction was created by an earlier run of the batch (found in the journal), not by this one.</summary>
    public bool Resumed { get; }

    /// <inheritdoc />
    public override string ToString() => Succeeded ? $"{Key}: succeeded ({PredictionId})" : $"{Key}: {Error!.Message}";
}
