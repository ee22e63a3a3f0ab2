using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Tools.Normalization;

/// <summary>JSON helpers shared by the normalizer, the baseline writer and the lock.</summary>
internal static class JsonUtil
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Keep '<', '&', '+' and non-ASCII readable: the output is a diffable artifact, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Returns a deep copy whose object keys are sorted ordinally at every level (arrays keep their order).</summary>
    public static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, JsonNode?>(p.Key, SortKeys(p.Value)))),
        JsonArray arr => new JsonArray(arr.Select(SortKeys).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>Serializes with sorted keys, two-space indentation and a final newline: byte-stable output.</summary>
    public static string ToStableText(JsonNode node)
    {
        var text = SortKeys(node)!.ToJsonString(Indented);
        return text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>Compact canonical form (sorted keys) used to compare schemas by shape.</summary>
    public static string Canonical(JsonNode? node) => SortKeys(node)?.ToJsonString(Compact) ?? "null";

    /// <summary>Parses JSON that must be an object, with a clear error otherwise.</summary>
    public static JsonObject ParseObject(string text, string what)
    {
        // Duplicate keys are refused (JSON leaves them undefined; JsonObject would throw on first access).
        var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false });
        return node as JsonObject ?? throw new InvalidDataException($"{what} is not a JSON object");
    }

    public static byte[] Utf8(string text) => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
}
