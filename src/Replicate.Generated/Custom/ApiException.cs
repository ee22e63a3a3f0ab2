using Replicate.Client.Errors;

namespace Replicate.Generated;

/// <summary>
/// A generated call that failed on its own (used without Replicate.Client's pipeline, which maps failures to
/// <c>ReplicateApiException</c> before they get here): an unexpected status or a body that does not read.
/// </summary>
public class ApiException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="operation">The operation, as method and path template.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="response">The response body (at most 64 KiB), when read.</param>
    /// <param name="headers">The response headers.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ApiException(string message, string operation, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : base(message, operation, innerException)
    {
        StatusCode = statusCode;
        Response = response;
        Headers = headers;
        Detail = DetailOf(response);
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>The response body (at most 64 KiB), when read.</summary>
    public string? Response { get; }

    /// <summary>The response headers.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <summary>The <c>detail</c> of a problem-details (or other JSON) error body, when there is one.</summary>
    public string? Detail { get; }

    private static string? DetailOf(string? body)
    {
        if (string.IsNullOrEmpty(body) || body[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == System.Text.Json.JsonValueKind.String
                ? detail.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
