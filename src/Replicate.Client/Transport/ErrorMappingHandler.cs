using Polly.Timeout;
using Replicate.Client.Errors;
using Replicate.Client.Retries;

namespace Replicate.Client.Transport;

/// <summary>
/// The outermost handler: turns every non-success response into a <see cref="ReplicateApiException"/> (429 into
/// <see cref="ReplicateRateLimitException"/>), and failures without a response into
/// <see cref="ReplicateNetworkException"/> / <see cref="ReplicateTimeoutException"/>, naming the operation.
/// Caller cancellation passes through as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ErrorMappingHandler(TimeProvider time) : DelegatingHandler
{
    private const int BodyLimit = 64 * 1024;

    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id", "Replicate-Request-Id", "X-Amzn-RequestId"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException e)
        {
            throw new ReplicateTimeoutException(LogPath.Operation(request), e.Timeout, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var operation = LogPath.Operation(request);
            throw new ReplicateNetworkException($"{operation} failed without a response: {ExceptionText.Flatten(e)}", operation, e);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("redirect", StringComparison.OrdinalIgnoreCase))
        {
            // Kiota's redirect handler gives up this way on a redirect without Location and on a redirect loop.
            var operation = LogPath.Operation(request);
            throw new ReplicateResponseException($"{operation} was redirected where it cannot be followed: {e.Message}", operation, 0, e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await CreateAsync(LogPath.Operation(request), response, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Builds the exception for a non-success response (its body is read, up to 64 KiB).</summary>
    internal static async Task<ReplicateApiException> CreateAsync(string operation, HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        string? body;
        try
        {
            body = await ServerDelay.ReadBodyAsync(response, BodyLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            body = null;
        }

        var parsed = ErrorBody.Parse(body);
        var headers = response.Headers.Concat(response.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(h => h.Value).ToList(), StringComparer.OrdinalIgnoreCase);
        var requestId = RequestIdHeaders.Select(h => headers.TryGetValue(h, out var v) ? v.FirstOrDefault() : null).FirstOrDefault(v => v is not null);
        var contentType = response.Content?.Headers.ContentType?.MediaType;
        var status = (int)response.StatusCode;
        return status == 429
            ? new ReplicateRateLimitException(operation, parsed.Title, parsed.Detail, body, contentType, requestId, headers, ServerDelay.From(response, parsed, time))
            : new ReplicateApiException(operation, status, parsed.Title, parsed.Detail, body, contentType, requestId, headers);
    }
}
