using System.Globalization;
using System.Net;

namespace Replicate.Client.Errors;

/// <summary>
/// The API answered with a non-success status. Carries the status, the problem-details <c>title</c> and
/// <c>detail</c> when the body has them, the raw body (JSON or not), the request id and the response headers.
/// </summary>
public class ReplicateApiException : ReplicateException
{
    /// <summary>Creates the exception (public so tests of your code can build one).</summary>
    public ReplicateApiException(
        string operation,
        int statusCode,
        string? title,
        string? detail,
        string? rawBody,
        string? contentType,
        string? requestId,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers,
        Exception? innerException = null)
        : base(Describe(operation, statusCode, title, detail, rawBody, contentType), operation, innerException)
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        RawBody = rawBody;
        ContentType = contentType;
        RequestId = requestId;
        Headers = headers ?? new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status => (HttpStatusCode)StatusCode;

    /// <summary>The problem-details <c>title</c>, when the body is problem details.</summary>
    public string? Title { get; }

    /// <summary>The problem-details <c>detail</c> (or a plain JSON <c>detail</c>), when present.</summary>
    public string? Detail { get; }

    /// <summary>The response body as received (truncated beyond 64 KiB), whatever its type.</summary>
    public string? RawBody { get; }

    /// <summary>The response's media type.</summary>
    public string? ContentType { get; }

    /// <summary>The request id the server returned, if any (quote it when you contact Replicate).</summary>
    public string? RequestId { get; }

    /// <summary>The response headers (never the request's, so never the token).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    private static string Describe(string operation, int status, string? title, string? detail, string? body, string? contentType)
    {
        var reason = ((HttpStatusCode)status).ToString();
        var text = $"{operation} failed: {status.ToString(CultureInfo.InvariantCulture)}"
            + (int.TryParse(reason, out _) ? string.Empty : " " + reason);
        if (title is not null && !string.Equals(title, reason, StringComparison.OrdinalIgnoreCase))
        {
            text += $" ({title})";
        }

        if (detail is not null)
        {
            return text + ": " + detail;
        }

        if (string.IsNullOrEmpty(body))
        {
            return text + " with an empty body.";
        }

        return contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
            ? text + ": " + Shorten(body)
            : text + $" with a {contentType ?? "untyped"} body of {body.Length.ToString(CultureInfo.InvariantCulture)} characters.";
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
