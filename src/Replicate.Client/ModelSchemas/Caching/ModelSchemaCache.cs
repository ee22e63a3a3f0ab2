using System.Collections.Concurrent;
using System.Text.Json;
using Replicate.Client.Errors;
using Replicate.Client.Predictions;
using Replicate.Generated;

namespace Replicate.Client.ModelSchemas.Caching;

// This folder holds what needs the generated clients; the files one level up are compiled into Replicate.Tools as well
// and must stay free of them (see Replicate.Tools.csproj).

/// <summary>
/// The schemas a client has fetched. A version's schema never changes, so it is kept for the client's life; the latest
/// version of an <c>owner/name</c> is re-resolved once its lifetime has passed. Concurrent callers asking for the same
/// schema share one request (single flight); a failed fetch is forgotten, so the next call tries again.
/// </summary>
internal sealed class ModelSchemaCache(ModelsClient models, TimeProvider time, TimeSpan latestLifetime)
{
    // Lazy values: ConcurrentDictionary may run a GetOrAdd factory twice under contention, a Lazy is evaluated once.
    private readonly ConcurrentDictionary<string, Lazy<Task<ModelSchema>>> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Latest> _latest = new(StringComparer.Ordinal);

    /// <summary>The schema of a pinned version, when one has been fetched; never a request.</summary>
    public ModelSchema? TryGetVersion(string versionId) =>
        _versions.TryGetValue(versionId, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully ? entry.Value.Result : null;

    /// <summary>Keeps a version's schema known without a request (a pinned model carries its own).</summary>
    public void AddVersion(string versionId, ModelSchema schema) =>
        _versions.TryAdd(versionId, new Lazy<Task<ModelSchema>>(Task.FromResult(schema)));

    /// <summary>
    /// The schema of <paramref name="model"/>'s version, or of its latest version. The shared fetch runs without any
    /// one caller's token, so a caller that gives up does not fail the others; each caller's wait honours its own.
    /// </summary>
    public Task<ModelSchema> GetAsync(ModelReference model, CancellationToken cancellationToken) =>
        (model.Version is { } version ? GetVersionAsync(model, version) : GetLatestAsync(model)).WaitAsync(cancellationToken);

    private Task<ModelSchema> GetVersionAsync(ModelReference model, string version)
    {
        Lazy<Task<ModelSchema>>? candidate = null;
        candidate = new Lazy<Task<ModelSchema>>(() => FetchVersionAsync(model, version, candidate!));
        return _versions.GetOrAdd(version, candidate).Value;
    }

    private Task<ModelSchema> GetLatestAsync(ModelReference model)
    {
        var key = model.Owner + "/" + model.Name;
        while (true)
        {
            var now = time.GetUtcNow();
            if (_latest.TryGetValue(key, out var entry) && !entry.IsExpired(now))
            {
                return entry.Schema;
            }

            Latest? fresh = null;
            fresh = new Latest(new Lazy<Task<ModelSchema>>(() => FetchLatestAsync(model, key, fresh!)), now + latestLifetime);
            if (entry is null ? _latest.TryAdd(key, fresh) : _latest.TryUpdate(key, fresh, entry))
            {
                return fresh.Schema;
            }
        }
    }

    private async Task<ModelSchema> FetchVersionAsync(ModelReference model, string version, Lazy<Task<ModelSchema>> self)
    {
        try
        {
            var response = await models.VersionsGetAsync(model.Owner, model.Name, version, CancellationToken.None).ConfigureAwait(false);
            return Read(response, $"GET /v1/models/{model.Owner}/{model.Name}/versions/{version}", version);
        }
        catch
        {
            _versions.TryRemove(new KeyValuePair<string, Lazy<Task<ModelSchema>>>(version, self));   // forget a failure: the next call asks again
            throw;
        }
    }

    private async Task<ModelSchema> FetchLatestAsync(ModelReference model, string key, Latest self)
    {
        var operation = $"GET /v1/models/{model.Owner}/{model.Name}";
        try
        {
            var response = await models.GetAsync(model.Owner, model.Name, CancellationToken.None).ConfigureAwait(false);
            var latest = response.LatestVersion ?? throw new ReplicateResponseException($"The model {key} has no version yet, so there is no schema to check its input against.", operation, 200);
            var schema = Read(latest, operation, latest.Id);
            if (latest.Id is { Length: > 0 } id)
            {
                _versions.TryAdd(id, new Lazy<Task<ModelSchema>>(Task.FromResult(schema)));   // the same version pinned later costs nothing
            }

            return schema;
        }
        catch
        {
            _latest.TryRemove(new KeyValuePair<string, Latest>(key, self));
            throw;
        }
    }

    private static ModelSchema Read(VersionResponse version, string operation, string? versionId)
    {
        if (version.OpenapiSchema is not { ValueKind: JsonValueKind.Object } document)
        {
            throw new ReplicateResponseException($"The API returned version {versionId} without an openapi_schema, so there is no schema to check the input against.", operation, 200);
        }

        try
        {
            return ModelSchema.Parse(document, versionId);
        }
        catch (FormatException e)
        {
            throw new ReplicateResponseException($"The version's openapi_schema cannot be read: {e.Message}", operation, 200, e);
        }
    }

    private sealed class Latest(Lazy<Task<ModelSchema>> schema, DateTimeOffset expiresAt)
    {
        public Task<ModelSchema> Schema => schema.Value;

        public bool IsExpired(DateTimeOffset now) => now >= expiresAt;
    }
}
