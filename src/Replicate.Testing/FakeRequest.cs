namespace Replicate.Testing;

/// <summary>A request the fake received, as recorded in <see cref="FakeReplicate.Requests"/>.</summary>
public sealed class FakeRequest
{
    internal FakeRequest(string method, string path, string query, IReadOnlyDictionary<string, string> headers, byte[] body, string? operationId, DateTimeOffset receivedAt)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        OperationId = operationId;
        ReceivedAt = receivedAt;
    }

    /// <summary>The HTTP method (<c>GET</c>, <c>POST</c>, <c>QUERY</c>, …).</summary>
    public string Method { get; }

    /// <summary>The path, e.g. <c>/v1/predictions</c>.</summary>
    public string Path { get; }

    /// <summary>The query string with its leading <c>?</c>, or empty.</summary>
    public string Query { get; }

    /// <summary>The headers (names case-insensitive; repeated values joined with commas).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as received.</summary>
    public IReadOnlyList<byte> Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => System.Text.Encoding.UTF8.GetString([.. Body]);

    /// <summary>The baseline operation the request matched (e.g. <c>Predictions_Get</c>), or null (a fake output, a stream, no route).</summary>
    public string? OperationId { get; }

    /// <summary>When it arrived, on the fake's clock.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>
    /// The status the fake answered with (429 when it throttled the request), or null while it is being handled or when
    /// the connection was reset instead.
    /// </summary>
    public int? StatusCode
    {
        get => Volatile.Read(ref _statusCode) is var status and > 0 ? status : null;
        internal set => Volatile.Write(ref _statusCode, value ?? 0);
    }

    private int _statusCode;

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary><c>METHOD path?query</c>.</summary>
    public override string ToString() => $"{Method} {Path}{Query}";
}
