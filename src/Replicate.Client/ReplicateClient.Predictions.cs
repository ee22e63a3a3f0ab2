using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Replicate.Client.Predictions;
using Replicate.Client.Serialization;
using Replicate.Client.Waiting;
using Replicate.Generated;

namespace Replicate.Client;

/// <summary>Predictions and trainings as operations: create, wait, run, cancel.</summary>
public sealed partial class ReplicateClient
{
    // Above a Prefer: wait hold, the response still needs time to travel: never let the client race the server.
    private static readonly TimeSpan HoldMargin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Creates a prediction from a model reference (<c>owner/name</c> runs the model's latest version,
    /// <c>owner/name:version</c> a given one) or a bare version id. <paramref name="input"/> is any JSON-serializable
    /// object or a dictionary. Returns an operation to wait on; with <see cref="PredictionCreateOptions.Wait"/> the
    /// server may already have finished it.
    /// </summary>
    public Task<PredictionOperation> CreatePredictionAsync(string modelOrVersion, object input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelOrVersion);
        return modelOrVersion.Contains('/', StringComparison.Ordinal)
            ? CreatePredictionAsync(ModelReference.Parse(modelOrVersion), input, options, cancellationToken)
            : CreateAsync(
                (prefer, cancelAfter, ct) => Predictions.CreateAsync(prefer, cancelAfter, new VersionPredictionRequest { Version = modelOrVersion.Trim(), Input = input, Webhook = options?.Webhook?.AbsoluteUri, Webhook_events_filter = Filter(options) }, ct),
                input,
                options,
                cancellationToken);
    }

    /// <summary>Creates a prediction of a model, pinned to <see cref="ModelReference.Version"/> when it has one.</summary>
    public Task<PredictionOperation> CreatePredictionAsync(ModelReference model, object input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Version is { } version
            ? CreateAsync(
                (prefer, cancelAfter, ct) => Predictions.CreateAsync(prefer, cancelAfter, new VersionPredictionRequest { Version = version, Input = input, Webhook = options?.Webhook?.AbsoluteUri, Webhook_events_filter = Filter(options) }, ct),
                input,
                options,
                cancellationToken)
            : CreateAsync(
                (prefer, cancelAfter, ct) => Models.PredictionsCreateAsync(model.Owner, model.Name, prefer, cancelAfter, Request(input, options), ct),
                input,
                options,
                cancellationToken);
    }

    /// <summary>Creates a prediction on a deployment (<c>owner/name</c> of the deployment).</summary>
    public Task<PredictionOperation> CreateDeploymentPredictionAsync(string deploymentOwner, string deploymentName, object input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentOwner);
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentName);
        return CreateAsync(
            (prefer, cancelAfter, ct) => Deployments.PredictionsCreateAsync(deploymentOwner, deploymentName, prefer, cancelAfter, Request(input, options), ct),
            input,
            options,
            cancellationToken);
    }

    /// <summary>
    /// Runs a model to completion and returns its output: create with <c>Prefer: wait</c>, then poll until the status
    /// is final. Throws as <see cref="ReplicateOperation{T}.WaitForCompletionAsync"/> does when it does not succeed.
    /// </summary>
    public async Task<PredictionOutput> RunAsync(string modelOrVersion, object input, WaitOptions? wait = null, IProgress<ReplicateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var operation = await CreatePredictionAsync(modelOrVersion, input, new PredictionCreateOptions { Wait = Timeout.InfiniteTimeSpan }, cancellationToken).ConfigureAwait(false);
        var prediction = await operation.WaitForCompletionAsync(wait, progress, cancellationToken).ConfigureAwait(false);
        return new PredictionOutput(prediction.Output);
    }

    /// <summary>An operation for an existing prediction (no request is made until it is updated or waited on).</summary>
    public PredictionOperation GetPredictionOperation(string predictionId) => new(this, predictionId, value: null);

    /// <summary>
    /// Starts a training of <paramref name="model"/> at its <see cref="ModelReference.Version"/> (required), writing
    /// the trained version to <paramref name="destination"/> (<c>owner/name</c>).
    /// </summary>
    public async Task<TrainingOperation> CreateTrainingAsync(ModelReference model, string destination, object input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        var startedAt = Options.TimeProvider.GetTimestamp();
        var version = model.Version ?? throw new ArgumentException($"Training needs a version: '{model}' has none (use 'owner/name:version').", nameof(model));
        _ = ModelReference.Parse(destination);
        var training = await Trainings.CreateAsync(
            model.Owner,
            model.Name,
            version,
            new TrainingRequest { Destination = destination, Input = input, Webhook = options?.Webhook?.AbsoluteUri, Webhook_events_filter = Filter(options) },
            cancellationToken).ConfigureAwait(false);
        return new TrainingOperation(this, training.Id ?? throw new InvalidOperationException("The API returned a training without an id."), training, startedAt);
    }

    /// <summary>An operation for an existing training.</summary>
    public TrainingOperation GetTrainingOperation(string trainingId) => new(this, trainingId, value: null);

    /// <summary>GET /predictions/{id} through the pipeline, read with source-generated JSON (the polling path).</summary>
    internal Task<PredictionResponse> GetPredictionCoreAsync(string id, CancellationToken cancellationToken) =>
        GetJsonAsync("predictions/" + Uri.EscapeDataString(id), ReplicateJsonContext.Default.PredictionResponse, cancellationToken);

    /// <summary>GET /trainings/{id} through the pipeline.</summary>
    internal Task<TrainingResponse> GetTrainingCoreAsync(string id, CancellationToken cancellationToken) =>
        GetJsonAsync("trainings/" + Uri.EscapeDataString(id), ReplicateJsonContext.Default.TrainingResponse, cancellationToken);

    private async Task<TResult> GetJsonAsync<TResult>(string path, JsonTypeInfo<TResult> typeInfo, CancellationToken cancellationToken)
        where TResult : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(JsonMediaType);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException($"GET {path} returned null.");
        }
    }

    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private async Task<PredictionOperation> CreateAsync(Func<string?, string?, CancellationToken, Task<PredictionResponse>> create, object input, PredictionCreateOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var prefer = options?.PreferHeader;
        var cancelAfter = options?.CancelAfterHeader;
        var startedAt = Options.TimeProvider.GetTimestamp();
        PredictionResponse prediction;
        if (options?.Hold is { } hold && hold + HoldMargin > Options.NetworkTimeout)
        {
            using (ReplicateRequestOptions.Apply((ReplicateRequestOptions.Current ?? ReplicateRequestOptions.Default) with { NetworkTimeout = hold + HoldMargin }))
            {
                prediction = await create(prefer, cancelAfter, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            prediction = await create(prefer, cancelAfter, cancellationToken).ConfigureAwait(false);
        }

        return new PredictionOperation(this, prediction.Id ?? throw new InvalidOperationException("The API returned a prediction without an id."), prediction, startedAt);
    }

    private static PredictionRequest Request(object input, PredictionCreateOptions? options) =>
        new() { Input = input, Webhook = options?.Webhook?.AbsoluteUri, Webhook_events_filter = Filter(options) };

    private static ICollection<WebhookEventsFilter>? Filter(PredictionCreateOptions? options) =>
        options?.WebhookEventsFilter is { Count: > 0 } events ? [.. events] : null;
}
