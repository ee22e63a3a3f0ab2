using Replicate.Generated;

namespace Replicate.Client.Waiting;

/// <summary>A prediction being run: create one with <see cref="ReplicateClient.CreatePredictionAsync(string, System.Text.Json.JsonElement, Predictions.PredictionCreateOptions?, CancellationToken)"/> or rehydrate one with <see cref="ReplicateClient.GetPredictionOperation"/>.</summary>
public sealed class PredictionOperation : ReplicateOperation<PredictionResponse>
{
    private readonly ReplicateClient _client;

    internal PredictionOperation(ReplicateClient client, string id, PredictionResponse? value, long? startedAt = null)
        : base(id, value, client.Options.TimeProvider, startedAt)
    {
        _client = client;
    }

    private protected override string Kind => "prediction";

    private protected override PredictionStatus StatusOf(PredictionResponse value) => value.Status;

    private protected override string? LogsOf(PredictionResponse value) => value.Logs;

    private protected override string? ErrorOf(PredictionResponse value) => value.Error;

    private protected override Task<PredictionResponse> FetchAsync(CancellationToken cancellationToken) => _client.GetPredictionCoreAsync(Id, cancellationToken);

    private protected override Task<PredictionResponse> CancelCoreAsync(CancellationToken cancellationToken) => _client.Predictions.CancelAsync(Id, cancellationToken);
}
