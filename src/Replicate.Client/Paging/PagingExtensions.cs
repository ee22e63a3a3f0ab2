using System.Text;
using Replicate.Client.Paging;
using Replicate.Generated;

namespace Replicate.Client;

/// <summary>
/// Lazily paged versions of the nine list operations. The generated <c>ListAsync</c> methods return page one;
/// these follow every <c>next</c> URL after it through the same client.
/// </summary>
public static class PagingExtensions
{
    private static ReplicateJsonSerializerContext Json => ReplicateJsonSerializerContext.Default;

    /// <summary>All predictions (newest first), optionally filtered, page by page.</summary>
    public static AsyncPageable<PredictionResponse> ListAllAsync(this PredictionsClient client, PredictionsListOptions? options = null) =>
        new Pager<PaginatedPredictionResponse, PredictionResponse>(Http(client), ct => client.ListAsync(options ?? new PredictionsListOptions(), ct), p => (p.Results, p.Next, p.Previous), Json.PaginatedPredictionResponse);

    /// <summary>All trainings, page by page.</summary>
    public static AsyncPageable<TrainingResponse> ListAllAsync(this TrainingsClient client) =>
        new Pager<TrainingsListResponse, TrainingResponse>(Http(client), client.ListAsync, p => (p.Results, p.Next, p.Previous), Json.TrainingsListResponse);

    /// <summary>All public models, page by page.</summary>
    public static AsyncPageable<ModelResponse> ListAllAsync(this ModelsClient client, ModelsListOptions? options = null) =>
        new Pager<PaginatedModelResponse, ModelResponse>(Http(client), ct => client.ListAsync(options ?? new ModelsListOptions(), ct), p => (p.Results, p.Next, p.Previous), Json.PaginatedModelResponse);

    /// <summary>All models matching <paramref name="searchText"/> (HTTP QUERY with a plain-text body), page by page.</summary>
    public static AsyncPageable<ModelsSearchResult> SearchAllAsync(this ModelsClient client, string searchText)
    {
        ArgumentNullException.ThrowIfNull(searchText);

        // Later pages repeat the search: the cursor URL addresses a page of this query's results.
        return new Pager<ModelsSearchResponse, ModelsSearchResult>(
            Http(client),
            ct => client.SearchAsync(searchText, ct),
            p => (p.Results, p.Next, p.Previous),
            Json.ModelsSearchResponse,
            uri => new HttpRequestMessage(new HttpMethod("QUERY"), uri) { Content = new StringContent(searchText, Encoding.UTF8, "text/plain") });
    }

    /// <summary>All versions of a model, page by page.</summary>
    public static AsyncPageable<VersionResponse> VersionsListAllAsync(this ModelsClient client, string modelOwner, string modelName) =>
        new Pager<PaginatedVersionResponse, VersionResponse>(Http(client), ct => client.VersionsListAsync(modelOwner, modelName, ct), p => (p.Results, p.Next, p.Previous), Json.PaginatedVersionResponse);

    /// <summary>All example predictions of a model, page by page.</summary>
    public static AsyncPageable<PredictionResponse> ExamplesListAllAsync(this ModelsClient client, string modelOwner, string modelName) =>
        new Pager<PaginatedPredictionResponse, PredictionResponse>(Http(client), ct => client.ExamplesListAsync(modelOwner, modelName, ct), p => (p.Results, p.Next, p.Previous), Json.PaginatedPredictionResponse);

    /// <summary>All collections, page by page.</summary>
    public static AsyncPageable<CollectionListItem> ListAllAsync(this CollectionsClient client) =>
        new Pager<PaginatedCollectionResponse, CollectionListItem>(Http(client), client.ListAsync, p => (p.Results, p.Next, p.Previous), Json.PaginatedCollectionResponse);

    /// <summary>All deployments of the account, page by page.</summary>
    public static AsyncPageable<DeploymentResponse> ListAllAsync(this DeploymentsClient client) =>
        new Pager<DeploymentsListResponse, DeploymentResponse>(Http(client), client.ListAsync, p => (p.Results, p.Next, p.Previous), Json.DeploymentsListResponse);

    /// <summary>All uploaded files, page by page.</summary>
    public static AsyncPageable<FileResponseModel> ListAllAsync(this FilesClient client) =>
        new Pager<FilesListResponse, FileResponseModel>(Http(client), client.ListAsync, p => (p.Results, p.Next, p.Previous), Json.FilesListResponse);

    private static HttpClient Http(PredictionsClient client) => NotNull(client).HttpClient;

    private static HttpClient Http(TrainingsClient client) => NotNull(client).HttpClient;

    private static HttpClient Http(ModelsClient client) => NotNull(client).HttpClient;

    private static HttpClient Http(CollectionsClient client) => NotNull(client).HttpClient;

    private static HttpClient Http(DeploymentsClient client) => NotNull(client).HttpClient;

    private static HttpClient Http(FilesClient client) => NotNull(client).HttpClient;

    private static TClient NotNull<TClient>(TClient client)
        where TClient : class => client ?? throw new ArgumentNullException(nameof(client));
}
