using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Replicate.Client.Errors;
using Replicate.Client.ModelSchemas;
using Replicate.Mcp.Safety;

namespace Replicate.Mcp.Tools;

/// <summary>
/// Tool results: the API's JSON as <c>structuredContent</c> (a bare array wrapped as <c>{"items": [...]}</c>, as the
/// output schema says) and the same JSON as text for clients that read only text; text and binary bodies as content;
/// failures as <c>isError</c> results whose text names the status and the problem detail.
/// </summary>
internal static class ToolResults
{
    public static CallToolResult Json(JsonElement body)
    {
        var structured = body.ValueKind switch
        {
            JsonValueKind.Object => body,
            JsonValueKind.Array => Wrap("items", body),
            _ => Wrap("value", body),
        };
        return new CallToolResult
        {
            StructuredContent = structured.Clone(),
            Content = [new TextContentBlock { Text = structured.GetRawText() }],
        };
    }

    public static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    public static CallToolResult Binary(ReadOnlyMemory<byte> bytes, string mediaType, string uri) => new()
    {
        Content = [new EmbeddedResourceBlock { Resource = BlobResourceContents.FromBytes(bytes, uri, mediaType) }],
    };

    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    /// <summary>A failure of the library as a tool error: the operation, the status and the problem detail (the messages never carry the token; the redactor is a second line).</summary>
    public static CallToolResult From(ReplicateException exception, Redactor redactor, CallNote note)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception switch
        {
            ReplicateRateLimitException limited => $"{limited.Message} (status {limited.StatusCode}{(limited.RetryAfter is { } delay ? $"; retry after {delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s" : string.Empty)})",
            ReplicateApiException api => $"{api.Message} (status {api.StatusCode}{(api.Detail is { } detail ? "; detail: " + detail : string.Empty)})",
            ReplicateInputValidationException invalid => $"{invalid.Operation}: nothing was created, the input does not match the model's schema: "
                + string.Join("; ", invalid.Errors.Select(e => $"{e.Field}: {e.Rule}: {e.Detail}")),
            _ => exception.Message,
        };
        if (exception is ReplicateApiException failed)
        {
            note.Status = failed.StatusCode;
        }

        return Error(redactor.Text(message));
    }

    private static JsonElement Wrap(string name, JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(name);
            value.WriteTo(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }
}
