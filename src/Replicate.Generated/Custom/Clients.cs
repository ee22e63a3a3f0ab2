using System.Text.Json;

// CUSTOM: NSwag generates one static UpdateJsonSerializerSettings partial per client; each of the ten clients
// routes it to ReplicateJsonDefaults. A test fails when a generated client is missing from this list.
// CUSTOM: each client also exposes its HttpClient to the hand-written library (internal), so pagers follow
// absolute `next` URLs through the same transport pipeline as the generated call that fetched page one.
namespace Replicate.Generated;

/// <summary>Operations on the authenticated account (generated from the spec; this part is hand-written).</summary>
public partial class AccountClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on model collections (generated from the spec; this part is hand-written).</summary>
public partial class CollectionsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on deployments and their predictions (generated from the spec; this part is hand-written).</summary>
public partial class DeploymentsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on uploaded files (generated from the spec; this part is hand-written).</summary>
public partial class FilesClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on the hardware SKUs models can run on (generated from the spec; this part is hand-written).</summary>
public partial class HardwareClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on models, their versions, examples, readme and search (generated from the spec; this part is hand-written).</summary>
public partial class ModelsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on predictions (generated from the spec; this part is hand-written).</summary>
public partial class PredictionsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on searching models, collections and docs (generated from the spec; this part is hand-written).</summary>
public partial class SearchClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on trainings (generated from the spec; this part is hand-written).</summary>
public partial class TrainingsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}

/// <summary>Operations on the default webhook signing secret (generated from the spec; this part is hand-written).</summary>
public partial class WebhooksClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ReplicateJsonDefaults.Apply(settings);

    internal System.Net.Http.HttpClient HttpClient => _httpClient;
}
