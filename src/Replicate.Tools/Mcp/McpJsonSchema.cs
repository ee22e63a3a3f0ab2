using System.Text.Json.Nodes;

namespace Replicate.Tools.Mcp;

/// <summary>
/// Turns a schema of the normalized OpenAPI document into a self-contained JSON Schema 2020-12 schema, as MCP tool
/// input and output schemas must be: references inlined (a tool schema has no components to point into), 3.0's
/// <c>nullable</c> as a type list with <c>null</c>, binary strings as base64 text, and OpenAPI's own keywords
/// (<c>x-…</c>, <c>discriminator</c>, <c>xml</c>, examples) dropped.
/// </summary>
internal static class McpJsonSchema
{
    // Keywords both dialects define the same way (2020-12 validation and annotation vocabularies).
    private static readonly HashSet<string> Kept = new(StringComparer.Ordinal)
    {
        "type", "enum", "const", "default", "format", "pattern", "minLength", "maxLength", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties",
        "maxProperties", "readOnly", "writeOnly", "deprecated", "title",
    };

    /// <summary>The schema <paramref name="schema"/> of <paramref name="document"/>, translated.</summary>
    /// <param name="document">The normalized document (its <c>components</c> resolve references).</param>
    /// <param name="schema">The OpenAPI schema.</param>
    /// <param name="keepRequired">False for output schemas: they describe what may come back, not what must.</param>
    public static JsonObject Translate(JsonObject document, JsonNode? schema, bool keepRequired = true) =>
        Translate(document, schema, keepRequired, []);

    private static JsonObject Translate(JsonObject document, JsonNode? node, bool keepRequired, HashSet<string> resolving)
    {
        if (node is not JsonObject schema)
        {
            return [];
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            // A reference cycle (none in Replicate's document today) becomes "any value" rather than endless output.
            if (!resolving.Add(reference))
            {
                return [];
            }

            var target = Resolve(document, reference);
            var resolved = Translate(document, target, keepRequired, resolving);
            resolving.Remove(reference);
            return resolved;
        }

        var result = new JsonObject();
        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "properties" when value is JsonObject properties:
                    result["properties"] = new JsonObject(properties.Select(p =>
                        KeyValuePair.Create(p.Key, (JsonNode?)Translate(document, p.Value, keepRequired, resolving))));
                    break;
                case "items":
                    result["items"] = Translate(document, value, keepRequired, resolving);
                    break;
                case "additionalProperties":
                    result["additionalProperties"] = value is JsonObject ? Translate(document, value, keepRequired, resolving) : value?.DeepClone();
                    break;
                case "allOf" or "anyOf" or "oneOf" when value is JsonArray parts:
                    result[key] = new JsonArray(parts.Select(p => (JsonNode?)Translate(document, p, keepRequired, resolving)).ToArray());
                    break;
                case "required" when keepRequired && value is JsonArray { Count: > 0 }:
                    result["required"] = value.DeepClone();
                    break;
                case var kept when Kept.Contains(kept):
                    result[key] = value?.DeepClone();
                    break;
            }
        }

        // Binary content is sent as base64 text: JSON has no bytes.
        if (result["format"]?.GetValue<string>() == "binary")
        {
            result.Remove("format");
            result["contentEncoding"] = "base64";
        }

        if (schema["nullable"] is JsonValue nullable && nullable.TryGetValue<bool>(out var isNullable) && isNullable)
        {
            AdmitNull(result);
        }

        return result;
    }

    private static void AdmitNull(JsonObject schema)
    {
        switch (schema["type"])
        {
            case JsonValue single when single.GetValue<string>() is var type && type != "null":
                schema["type"] = new JsonArray(type, "null");
                break;
            case JsonArray types when !types.Any(t => t?.GetValue<string>() == "null"):
                types.Add("null");
                break;
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
        {
            values.Add(null);
        }
    }

    private static JsonNode? Resolve(JsonObject document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the reference '{reference}' points outside the document");
        }

        JsonNode? node = document;
        foreach (var segment in reference[2..].Split('/'))
        {
            node = node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return node ?? throw new InvalidDataException($"the reference '{reference}' points nowhere");
    }

    /// <summary>Resolves a parameter or request body given as a <c>$ref</c> (once; the normalized document never chains them).</summary>
    public static JsonObject? Deref(JsonObject document, JsonNode? node) =>
        (node is JsonObject obj && obj["$ref"]?.GetValue<string>() is { } reference ? Resolve(document, reference) : node) as JsonObject;
}
