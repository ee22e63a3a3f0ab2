using Replicate.Generated;

namespace Replicate.Client.Waiting;

/// <summary>A training being run: create one with <see cref="ReplicateClient.CreateTrainingAsync(Predictions.ModelReference, string, System.Text.Json.JsonElement, Predictions.PredictionCreateOptions?, CancellationToken)"/> or rehydrate one with <see cref="ReplicateClient.GetTrainingOperation"/>.</summary>
public sealed class TrainingOperation : ReplicateOperation<TrainingResponse>
{
    private readonly ReplicateClient _client;

    internal TrainingOperation(ReplicateClient client, string id, TrainingResponse? value, long? startedAt = null)
        : base(id, value, client.Options.TimeProvider, startedAt)
    {
        _client = client;
    }

    private protected override string Kind => "training";

    private protected override PredictionStatus StatusOf(TrainingResponse value) => value.Status ?? default;

    private protected override string? LogsOf(TrainingResponse value) => value.Logs;

    private protected override string? ErrorOf(TrainingResponse value) => value.Error;

    private protected override Task<TrainingResponse> FetchAsync(CancellationToken cancellationToken) => _client.GetTrainingCoreAsync(Id, cancellationToken);

    private protected override Task<TrainingResponse> CancelCoreAsync(CancellationToken cancellationToken) => _client.Trainings.CancelAsync(Id, cancellationToken);
}
