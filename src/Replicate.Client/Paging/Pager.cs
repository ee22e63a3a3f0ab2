using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Replicate.Client.Errors;
using Replicate.Client.Transport;

namespace Replicate.Client.Paging;

/// <summary>
/// Follows the API's <c>next</c> URLs exactly as given (absolute, opaque cursor) through the client's pipeline,
/// one page at a time. A <c>next</c> URL or token on another origin is refused before any request is made,
/// so the token never leaves the API host.
/// </summary>
internal sealed class Pager<TPage, T>(
    HttpClient http,
    Func<CancellationToken, Task<TPage>> firstPage,
    Func<TPage, (IReadOnlyList<T>? Items, string? Next, string? Previous)> read,
    JsonTypeInfo<TPage> typeInfo,
    Func<Uri, HttpRequestMessage>? nextRequest = null) : AsyncPageable<T>
    where TPage : class
{
    public override async IAsyncEnumerable<ReplicatePage<T>> AsPages(string? continuationToken = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = continuationToken is null
            ? await firstPage(cancellationToken).ConfigureAwait(false)
            : await FetchAsync(Resolve(continuationToken), cancellationToken).ConfigureAwait(false);
        // A server that links a page to itself, or pages to each other, would be followed forever at full speed.
        var visited = new HashSet<Uri>();
        if (continuationToken is not null)
        {
            visited.Add(Resolve(continuationToken));
        }

        while (true)
        {
            var (items, next, previous) = read(page);
            var url = string.IsNullOrEmpty(next) ? null : next;
            yield return new ReplicatePage<T>(items ?? [], url, previous);
            if (url is null)
            {
                yield break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var uri = Resolve(url);
            if (!visited.Add(uri))
            {
                throw new ReplicatePagingException(
                    $"The list repeats itself: its next page {uri.PathAndQuery} was already read ({visited.Count} pages), so paging stops here.",
                    "GET " + uri.AbsolutePath);
            }

            page = await FetchAsync(uri, cancellationToken).ConfigureAwait(false);
        }
    }

    private Uri Resolve(string url)
    {
        var api = http.BaseAddress ?? throw new InvalidOperationException("The client's HttpClient has no BaseAddress.");
        if (!Uri.TryCreate(api, url, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ReplicatePagingException($"'{url}' is not a usable page URL.", "GET " + url);
        }

        if (Uri.Compare(uri, api, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new ReplicatePagingException(
                $"Refusing to follow a page URL on {uri.GetLeftPart(UriPartial.Authority)}: only {api.GetLeftPart(UriPartial.Authority)} may receive the API token.",
                "GET " + uri.AbsolutePath);
        }

        return uri;
    }

    private async Task<TPage> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = nextRequest?.Invoke(uri) ?? new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // Normally raised by the pipeline already; kept for HttpClients assembled without it.
            throw await ErrorMappingHandler.CreateAsync(LogPath.Operation(request), response, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var operation = LogPath.Operation(request);
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new ReplicateResponseException($"{operation} returned null instead of a page.", operation, (int)response.StatusCode);
            }
            catch (JsonException e)
            {
                throw new ReplicateResponseException($"{operation} returned a body that is not a page: {e.Message}", operation, (int)response.StatusCode, e);
            }
        }
    }
}
