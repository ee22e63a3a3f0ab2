using System.Text.Json;
using Replicate.Client.ModelSchemas;
using Replicate.Client.ModelSchemas.Caching;
using Replicate.Client.Predictions;

namespace Replicate.Client;

/// <summary>Model schemas: fetched once per version, and inputs checked against them before a create.</summary>
public partial class ReplicateClient
{
    private ModelSchemaCache? _schemas;

    private ModelSchemaCache Schemas =>
        LazyInitializer.EnsureInitialized(ref _schemas, () => new ModelSchemaCache(Models, Options.TimeProvider, Options.LatestModelSchemaLifetime));

    /// <summary>
    /// The input schema of a model version: <c>owner/name:version</c> fetches that version once and keeps it for the
    /// client's life (a version never changes); <c>owner/name</c> resolves the latest version, reused for
    /// <see cref="ReplicateClientOptions.LatestModelSchemaLifetime"/>. Concurrent calls for the same schema share one
    /// request; a failed fetch is not cached.
    /// </summary>
    /// <exception cref="Errors.ReplicateResponseException">The version has no readable <c>openapi_schema</c>.</exception>
    public virtual Task<ModelSchema> GetModelSchemaAsync(ModelReference model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Schemas.GetAsync(model, cancellationToken);
    }

    /// <inheritdoc cref="GetModelSchemaAsync(ModelReference, CancellationToken)"/>
    /// <exception cref="FormatException"><paramref name="model"/> is not <c>owner/name</c> or <c>owner/name:version</c>.</exception>
    public virtual Task<ModelSchema> GetModelSchemaAsync(string model, CancellationToken cancellationToken = default) =>
        GetModelSchemaAsync(ModelReference.Parse(model), cancellationToken);

    // Runs before a create when validation is on for it; throws with every error, so nothing is sent.
    private async Task ValidateInputAsync(ModelReference? model, string? versionId, JsonElement input, string operation, CancellationToken cancellationToken)
    {
        var schema = model is not null
            ? await Schemas.GetAsync(model, cancellationToken).ConfigureAwait(false)
            : Schemas.TryGetVersion(versionId!) ?? throw new ArgumentException(
                $"Input validation is on, but no schema of version '{versionId}' is cached, and a bare version id cannot be fetched: "
                + "create with 'owner/name:version', or call GetModelSchemaAsync with it first.",
                nameof(versionId));
        var errors = schema.Validate(input);
        if (errors.Count > 0)
        {
            throw new ReplicateInputValidationException(operation, errors);
        }
    }
}
