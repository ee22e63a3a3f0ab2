using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Replicate.Client.Predictions;
using Replicate.Client.Waiting;
using Replicate.Generated;

namespace Replicate.Client;

/// <summary>Predictions and trainings as operations: create, wait, run, cancel.</summary>
public partial class ReplicateClient
{
    // Above a Prefer: wait hold, the response still needs time to travel: never let the client race the server.
    private static readonly TimeSpan HoldMargin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Creates a prediction from a model reference (<c>owner/name</c> runs the model's latest version,
    /// <c>owner/name:version</c> a given one) or a bare version id. <paramref name="input"/> is the model's input as a
    /// JSON object. Returns an operation to wait on; with <see cref="PredictionCreateOptions.Wait"/> the server may
    /// already have finished it.
    /// </summary>
    public virtual Task<PredictionOperation> CreatePredictionAsync(string modelOrVersion, JsonElement input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelOrVersion);
        return modelOrVersion.Contains('/', StringComparison.Ordinal)
            ? CreatePredictionAsync(ModelReference.Parse(modelOrVersion), input, options, cancellationToken)
            : CreateAsync(
                (prefer, cancelAfter, ct) => Predictions.CreateAsync(
                    new VersionPredictionRequest { Version = modelOrVersion.Trim(), Input = input, Webhook = options?.Webhook?.AbsoluteUri, WebhookEventsFilter = Filter(options) },
                    new PredictionsCreateOptions { Prefer = prefer, CancelAfter = cancelAfter },
                    ct),
                input,
                options,
                cancellationToken,
                new Validation(null, modelOrVersion.Trim(), "POST /v1/predictions"));
    }

    /// <inheritdoc cref="CreatePredictionAsync(string, JsonElement, PredictionCreateOptions?, CancellationToken)"/>
    /// <remarks><paramref name="input"/> is any value System.Text.Json serializes to an object by reflection (an anonymous object, a record, a dictionary).</remarks>
    /// <typeparam name="TInput">The input's type.</typeparam>
    [RequiresUnreferencedCode(PredictionInput.ReflectionWarning)]
    [RequiresDynamicCode(PredictionInput.ReflectionWarning)]
    public virtual Task<PredictionOperation> CreatePredictionAsync<TInput>(string modelOrVersion, TInput input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default) =>
        CreatePredictionAsync(modelOrVersion, PredictionInput.ToElement(input), options, cancellationToken);

    /// <summary>Creates a prediction of a model, pinned to <see cref="ModelReference.Version"/> when it has one.</summary>
    public virtual Task<PredictionOperation> CreatePredictionAsync(ModelReference model, JsonElement input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Version is { } version
            ? CreateAsync(
                (prefer, cancelAfter, ct) => Predictions.CreateAsync(
                    new VersionPredictionRequest { Version = version, Input = input, Webhook = options?.Webhook?.AbsoluteUri, WebhookEventsFilter = Filter(options) },
                    new PredictionsCreateOptions { Prefer = prefer, CancelAfter = cancelAfter },
                    ct),
                input,
                options,
                cancellationToken,
                new Validation(model, version, "POST /v1/predictions"))
            : CreateAsync(
                (prefer, cancelAfter, ct) => Models.PredictionsCreateAsync(model.Owner, model.Name, Request(input, options), new ModelsPredictionsCreateOptions { Prefer = prefer, CancelAfter = cancelAfter }, ct),
                input,
                options,
                cancellationToken,
                new Validation(model, null, $"POST /v1/models/{model.Owner}/{model.Name}/predictions"));
    }

    /// <inheritdoc cref="CreatePredictionAsync(ModelReference, JsonElement, PredictionCreateOptions?, CancellationToken)"/>
    /// <remarks><paramref name="input"/> is any value System.Text.Json serializes to an object by reflection (an anonymous object, a record, a dictionary).</remarks>
    /// <typeparam name="TInput">The input's type.</typeparam>
    [RequiresUnreferencedCode(PredictionInput.ReflectionWarning)]
    [RequiresDynamicCode(PredictionInput.ReflectionWarning)]
    public virtual Task<PredictionOperation> CreatePredictionAsync<TInput>(ModelReference model, TInput input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default) =>
        CreatePredictionAsync(model, PredictionInput.ToElement(input), options, cancellationToken);

    /// <summary>Creates a prediction on a deployment (<c>owner/name</c> of the deployment).</summary>
    public virtual Task<PredictionOperation> CreateDeploymentPredictionAsync(string deploymentOwner, string deploymentName, JsonElement input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentOwner);
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentName);
        return CreateAsync(
            (prefer, cancelAfter, ct) => Deployments.PredictionsCreateAsync(deploymentOwner, deploymentName, Request(input, options), new DeploymentsPredictionsCreateOptions { Prefer = prefer, CancelAfter = cancelAfter }, ct),
            input,
            options,
            cancellationToken);
    }

    /// <inheritdoc cref="CreateDeploymentPredictionAsync(string, string, JsonElement, PredictionCreateOptions?, CancellationToken)"/>
    /// <remarks><paramref name="input"/> is any value System.Text.Json serializes to an object by reflection (an anonymous object, a record, a dictionary).</remarks>
    /// <typeparam name="TInput">The input's type.</typeparam>
    [RequiresUnreferencedCode(PredictionInput.ReflectionWarning)]
    [RequiresDynamicCode(PredictionInput.ReflectionWarning)]
    public virtual Task<PredictionOperation> CreateDeploymentPredictionAsync<TInput>(string deploymentOwner, string deploymentName, TInput input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateDeploymentPredictionAsync(deploymentOwner, deploymentName, PredictionInput.ToElement(input), options, cancellationToken);

    /// <summary>
    /// Runs a model to completion and returns its output: create with <c>Prefer: wait</c>, then poll until the status
    /// is final. Throws as <see cref="ReplicateOperation{T}.WaitForCompletionAsync"/> does when it does not succeed.
    /// </summary>
    public virtual async Task<PredictionOutput> RunAsync(string modelOrVersion, JsonElement input, WaitOptions? wait = null, IProgress<ReplicateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var operation = await CreatePredictionAsync(modelOrVersion, input, new PredictionCreateOptions { Wait = Timeout.InfiniteTimeSpan }, cancellationToken).ConfigureAwait(false);
        var prediction = await operation.WaitForCompletionAsync(wait, progress, cancellationToken).ConfigureAwait(false);
        return new PredictionOutput(prediction.Output);
    }

    /// <inheritdoc cref="RunAsync(string, JsonElement, WaitOptions?, IProgress{ReplicateProgress}?, CancellationToken)"/>
    /// <remarks><paramref name="input"/> is any value System.Text.Json serializes to an object by reflection (an anonymous object, a record, a dictionary).</remarks>
    /// <typeparam name="TInput">The input's type.</typeparam>
    [RequiresUnreferencedCode(PredictionInput.ReflectionWarning)]
    [RequiresDynamicCode(PredictionInput.ReflectionWarning)]
    public virtual Task<PredictionOutput> RunAsync<TInput>(string modelOrVersion, TInput input, WaitOptions? wait = null, IProgress<ReplicateProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(modelOrVersion, PredictionInput.ToElement(input), wait, progress, cancellationToken);

    /// <summary>An operation for an existing prediction (no request is made until it is updated or waited on).</summary>
    /// <exception cref="ArgumentException">The id is empty, <c>.</c> or <c>..</c>.</exception>
    public virtual PredictionOperation GetPredictionOperation(string predictionId) =>
        new(this, CheckedId(predictionId, nameof(predictionId)), value: null);

    /// <summary>
    /// Starts a training of <paramref name="model"/> at its <see cref="ModelReference.Version"/> (required), writing
    /// the trained version to <paramref name="destination"/> (<c>owner/name</c>).
    /// </summary>
    public virtual async Task<TrainingOperation> CreateTrainingAsync(ModelReference model, string destination, JsonElement input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        PredictionInput.Check(input);
        var startedAt = Options.TimeProvider.GetTimestamp();
        var version = model.Version ?? throw new ArgumentException($"Training needs a version: '{model}' has none (use 'owner/name:version').", nameof(model));
        _ = ModelReference.Parse(destination);
        var training = await Trainings.CreateAsync(
            model.Owner,
            model.Name,
            version,
            new TrainingRequest { Destination = destination, Input = input, Webhook = options?.Webhook?.AbsoluteUri, WebhookEventsFilter = Filter(options) },
            cancellationToken).ConfigureAwait(false);
        return new TrainingOperation(this, training.Id is { Length: > 0 } trainingId ? trainingId : throw new Errors.ReplicateResponseException("The API created a training but returned no id.", "POST /v1/models/" + model.Owner + "/" + model.Name + "/versions/" + version + "/trainings", 201), training, startedAt);
    }

    /// <inheritdoc cref="CreateTrainingAsync(ModelReference, string, JsonElement, PredictionCreateOptions?, CancellationToken)"/>
    /// <remarks><paramref name="input"/> is any value System.Text.Json serializes to an object by reflection (an anonymous object, a record, a dictionary).</remarks>
    /// <typeparam name="TInput">The input's type.</typeparam>
    [RequiresUnreferencedCode(PredictionInput.ReflectionWarning)]
    [RequiresDynamicCode(PredictionInput.ReflectionWarning)]
    public virtual Task<TrainingOperation> CreateTrainingAsync<TInput>(ModelReference model, string destination, TInput input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateTrainingAsync(model, destination, PredictionInput.ToElement(input), options, cancellationToken);

    /// <summary>An operation for an existing training.</summary>
    /// <exception cref="ArgumentException">The id is empty, <c>.</c> or <c>..</c>.</exception>
    public virtual TrainingOperation GetTrainingOperation(string trainingId) =>
        new(this, CheckedId(trainingId, nameof(trainingId)), value: null);

    // The same rule as every generated call's path segments, applied when the operation is built, not at its first poll.
    private static string CheckedId(string id, string parameterName)
    {
        _ = GeneratedCore.PathSegment(id, parameterName);
        return id;
    }

    /// <summary>GET /predictions/{id}: the polling path is the generated call (source-generated JSON, one state machine; a substituted <see cref="Predictions"/> serves it too).</summary>
    internal Task<PredictionResponse> GetPredictionCoreAsync(string id, CancellationToken cancellationToken) => Predictions.GetAsync(id, cancellationToken);

    /// <summary>GET /trainings/{id}, the same way.</summary>
    internal Task<TrainingResponse> GetTrainingCoreAsync(string id, CancellationToken cancellationToken) => Trainings.GetAsync(id, cancellationToken);

    private async Task<PredictionOperation> CreateAsync(Func<string?, string?, CancellationToken, Task<PredictionResponse>> create, JsonElement input, PredictionCreateOptions? options, CancellationToken cancellationToken, Validation? validation = null)
    {
        PredictionInput.Check(input);
        if (validation is { } v && (options?.ValidateInput ?? Options.ValidateInputs))
        {
            await ValidateInputAsync(v.Model, v.VersionId, input, v.Operation, cancellationToken).ConfigureAwait(false);
        }

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

        return new PredictionOperation(this, prediction.Id is { Length: > 0 } predictionId ? predictionId : throw new Errors.ReplicateResponseException("The API created a prediction but returned no id.", "POST predictions", 201), prediction, startedAt);
    }

    // What a create's input is checked against when validation is on: a model (its version or latest) or a bare version id.
    private sealed record Validation(ModelReference? Model, string? VersionId, string Operation);

    private static PredictionRequest Request(JsonElement input, PredictionCreateOptions? options) =>
        new() { Input = input, Webhook = options?.Webhook?.AbsoluteUri, WebhookEventsFilter = Filter(options) };

    private static IReadOnlyList<WebhookEventType>? Filter(PredictionCreateOptions? options) =>
        options?.WebhookEventsFilter is { Count: > 0 } events ? [.. events] : null;
}
