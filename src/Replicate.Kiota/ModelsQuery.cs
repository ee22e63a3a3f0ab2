using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Replicate.Kiota.Models;

namespace Replicate.Kiota.ModelsRequests;

// CUSTOM: Kiota drops the HTTP QUERY operation of /models (Models_Search), so its request builder method is written here,
// shaped as Kiota would generate it (QueryAsync / ToQueryRequestInformation beside GetAsync and PostAsync). Its models,
// ModelsSearchResponse and ModelsSearchResult, are generated from the same baseline (the Kiota QUERY document, see
// src/Replicate.Tools/Generation/KiotaInput.cs).

/// <summary>The hand-written <c>QUERY /models</c> of the generated builder.</summary>
public partial class ModelsRequestBuilder
{
    /// <summary>
    /// Searches public models with plain text: <c>QUERY /v1/models</c> with a <c>text/plain</c> body, answered with a page
    /// of matches (follow <see cref="ModelsSearchResponse.Next"/> with <c>WithUrl</c> for more).
    /// </summary>
    /// <param name="body">The search text.</param>
    /// <param name="requestConfiguration">Headers and options of this request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The first page of matches.</returns>
    public async Task<ModelsSearchResponse?> QueryAsync(
        string body, Action<RequestConfiguration<DefaultQueryParameters>>? requestConfiguration = default, CancellationToken cancellationToken = default)
    {
        var requestInfo = ToQueryRequestInformation(body, requestConfiguration);
        if (RequestAdapter is not ReplicateRequestAdapter)
        {
            throw new InvalidOperationException("QUERY /v1/models needs the request adapter of ReplicateKiotaClient.Create, which sends the QUERY method.");
        }

        return await RequestAdapter.SendAsync(requestInfo, ModelsSearchResponse.CreateFromDiscriminatorValue, default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request <see cref="QueryAsync"/> sends: the search text as <c>text/plain</c>, method <c>QUERY</c>.</summary>
    /// <param name="body">The search text.</param>
    /// <param name="requestConfiguration">Headers and options of this request.</param>
    /// <returns>The request information (built as POST, sent as QUERY by the client's pipeline).</returns>
    public RequestInformation ToQueryRequestInformation(string body, Action<RequestConfiguration<DefaultQueryParameters>>? requestConfiguration = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var requestInfo = new RequestInformation(Method.POST, UrlTemplate, PathParameters);
        requestInfo.Configure(requestConfiguration);
        requestInfo.Headers.TryAdd("Accept", "application/json");
        requestInfo.SetContentFromScalar(RequestAdapter, "text/plain", body);
        requestInfo.AddRequestOptions([new WireMethodOption("QUERY")]);
        return requestInfo;
    }
}
