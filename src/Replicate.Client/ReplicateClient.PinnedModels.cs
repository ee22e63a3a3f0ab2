using Replicate.Client.Predictions;
using Replicate.Client.Waiting;

namespace Replicate.Client;

/// <summary>Pinned models: typed inputs and outputs, checked against the version's own schema before a create.</summary>
public partial class ReplicateClient
{
    /// <summary>
    /// Creates a prediction of a pinned model's version with a typed input. The input is checked against the schema the
    /// pinned model carries (no request) unless <see cref="PredictionCreateOptions.ValidateInput"/> is false: an invalid
    /// input throws <see cref="ModelSchemas.ReplicateInputValidationException"/> and nothing is sent.
    /// </summary>
    /// <typeparam name="TInput">The model's generated input class.</typeparam>
    /// <typeparam name="TOutput">The model's output type.</typeparam>
    public virtual Task<PredictionOperation> CreatePredictionAsync<TInput, TOutput>(PinnedModel<TInput, TOutput> model, TInput input, PredictionCreateOptions? options = null, CancellationToken cancellationToken = default)
        where TInput : class
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        // Checking is on by default here, unlike for untyped creates: the schema is already in hand, so it costs ~10 µs
        // rather than a request, and the version is pinned, so the schema cannot be stale.
        var validate = options?.ValidateInput ?? true;
        if (validate)
        {
            Schemas.AddVersion(model.VersionId, model.Schema);
        }

        var effective = (options ?? new PredictionCreateOptions()) with { ValidateInput = validate };
        return CreatePredictionAsync(model.Model, model.ToJson(input), effective, cancellationToken);
    }

    /// <summary>
    /// Runs a pinned model to completion with a typed input and returns its typed output (create with <c>Prefer: wait</c>,
    /// then poll until final). The input is checked first, as <see cref="CreatePredictionAsync{TInput, TOutput}"/> does.
    /// Throws as <see cref="ReplicateOperation{T}.WaitForCompletionAsync"/> does when the prediction does not succeed.
    /// </summary>
    /// <typeparam name="TInput">The model's generated input class.</typeparam>
    /// <typeparam name="TOutput">The model's output type.</typeparam>
    public virtual async Task<TOutput> RunAsync<TInput, TOutput>(PinnedModel<TInput, TOutput> model, TInput input, WaitOptions? wait = null, IProgress<ReplicateProgress>? progress = null, CancellationToken cancellationToken = default)
        where TInput : class
    {
        ArgumentNullException.ThrowIfNull(model);
        var operation = await CreatePredictionAsync(model, input, new PredictionCreateOptions { Wait = Timeout.InfiniteTimeSpan }, cancellationToken).ConfigureAwait(false);
        var prediction = await operation.WaitForCompletionAsync(wait, progress, cancellationToken).ConfigureAwait(false);
        return model.ReadOutput(new PredictionOutput(prediction.Output));
    }
}
