using System.Text.Json;

namespace Replicate.Consumer.Tests.Loopback;

/// <summary>Response bodies shaped like the API's; <c>{root}</c> becomes the fake server's root when sent.</summary>
internal static class Bodies
{
    public static string Prediction(string id, string status, string output = "null", string? logs = null, string? error = null, bool stream = false)
    {
        var urls = $$"""{"get":"{root}v1/predictions/{{id}}","cancel":"{root}v1/predictions/{{id}}/cancel","web":"{root}p/{{id}}" """.TrimEnd()
            + (stream ? $$""","stream":"{root}stream/{{id}}" """.TrimEnd() : string.Empty) + "}";
        return $$"""
            {"id":"{{id}}","model":"acme/model","version":"v1","input":{},"output":{{output}},"logs":{{Quote(logs)}},"error":{{Quote(error)}},
             "data_removed":false,"status":"{{status}}","source":"api","created_at":"2026-01-02T03:04:05Z","urls":{{urls}}}
            """;
    }

    public static string Page(string? nextQuery, params string[] ids)
    {
        var next = nextQuery is null ? "null" : $"\"{{root}}v1/predictions?{nextQuery}\"";
        return $$"""{"previous":null,"next":{{next}},"results":[{{string.Join(",", ids.Select(id => Prediction(id, "succeeded")))}}]}""";
    }

    public static string File(string id) =>
        $$$"""
        {"id":"{{{id}}}","name":"photo.png","content_type":"image/png","size":4,"checksums":{"sha256":"x"},"metadata":{},
         "created_at":"2026-01-02T03:04:05Z","expires_at":"2026-01-03T03:04:05Z","urls":{"get":"{root}v1/files/{{{id}}}"}}
        """;

    private static string Quote(string? text) => text is null ? "null" : JsonSerializer.Serialize(text);
}
