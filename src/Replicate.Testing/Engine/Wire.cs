using System.Text;
using System.Text.Json.Nodes;

namespace Replicate.Testing.Engine;

/// <summary>A request as the engine sees it, whichever host (in-process handler or Kestrel) received it.</summary>
internal sealed record WireRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query);
        return parsed.TryGetValue(name, out var values) ? values.ToString() : null;
    }
}

/// <summary>
/// A response: status, headers and either a body or a writer (streams, slow bodies). <see cref="Reset"/> asks the host
/// to drop the connection instead of answering.
/// </summary>
internal sealed class WireResponse
{
    public int Status { get; init; } = 200;

    public string? ContentType { get; init; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; init; } = [];

    /// <summary>Writes the body itself (flushing as it goes); it may throw <see cref="ConnectionResetException"/> to cut the connection mid-body.</summary>
    public Func<Stream, CancellationToken, Task>? Writer { get; set; }

    public bool Reset { get; init; }

    public static WireResponse Json(int status, JsonNode body) => new()
    {
        Status = status,
        ContentType = "application/json",
        Body = Encoding.UTF8.GetBytes(body.ToJsonString()),
    };

    public static WireResponse Problem(int status, string title, string detail) => new()
    {
        Status = status,
        ContentType = "application/problem+json",
        Body = Encoding.UTF8.GetBytes(new JsonObject { ["title"] = title, ["detail"] = detail, ["status"] = status }.ToJsonString()),
    };

    public static WireResponse Empty(int status) => new() { Status = status };

    public static WireResponse Text(int status, string contentType, string text) => new()
    {
        Status = status,
        ContentType = contentType,
        Body = Encoding.UTF8.GetBytes(text),
    };
}

/// <summary>Thrown by a body writer to make the host drop the connection.</summary>
internal sealed class ConnectionResetException : IOException
{
    public ConnectionResetException()
        : base("The fake Replicate dropped the connection (an injected fault).")
    {
    }
}
