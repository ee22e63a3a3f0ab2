using System.Text.Json.Nodes;

namespace Replicate.Tools.Normalization;

/// <summary>
/// Removes the document's prose — descriptions, summaries, examples, sentence-like titles — and keeps its
/// structure. Keys of name maps (<c>properties</c>, <c>paths</c>, <c>schemas</c>…) are names, not prose: a
/// property called <c>description</c> survives.
/// </summary>
internal static class ProseStripper
{
    // Objects whose keys are user-chosen names (never keywords).
    private static readonly HashSet<string> NameMaps = new(StringComparer.Ordinal)
    {
        "paths", "properties", "patternProperties", "$defs", "definitions", "schemas", "parameters", "responses",
        "content", "headers", "encoding", "securitySchemes", "requestBodies", "links", "callbacks", "variables",
        "webhooks", "dependentSchemas", "mapping", "pathItems",
    };

    private static readonly HashSet<string> AlwaysRemoved = new(StringComparer.Ordinal)
    {
        "example", "examples", "externalDocs",
    };

    private static readonly HashSet<string> TextRemoved = new(StringComparer.Ordinal)
    {
        "description", "summary",
    };

    /// <summary>Returns a stripped deep copy of an OpenAPI document.</summary>
    public static JsonObject StripDocument(JsonObject document)
    {
        var copy = (JsonObject)Strip(document, isNameMap: false)!;
        if (document["info"] is JsonObject info)
        {
            // The info block is upstream's publishing metadata; keep only what identifies the API.
            var kept = new JsonObject();
            foreach (var key in new[] { "title", "version" })
            {
                if (info[key] is { } value)
                {
                    kept[key] = value.DeepClone();
                }
            }

            copy["info"] = kept;
        }

        KeepRequiredResponseDescriptions(copy);
        return copy;
    }

    // OpenAPI requires a description on every Response object; without one a validator (the pact-vs-spec check)
    // rejects the whole document. An empty one carries no prose and keeps the baseline a valid document.
    private static void KeepRequiredResponseDescriptions(JsonObject document)
    {
        var responseMaps = (document["paths"] as JsonObject ?? [])
            .SelectMany(path => path.Value as JsonObject ?? [])
            .Select(operation => (operation.Value as JsonObject)?["responses"] as JsonObject)
            .Append(document["components"]?["responses"] as JsonObject);
        foreach (var responses in responseMaps.OfType<JsonObject>())
        {
            foreach (var (_, response) in responses)
            {
                if (response is JsonObject r && r["$ref"] is null && r["description"] is null)
                {
                    r["description"] = string.Empty;
                }
            }
        }
    }

    /// <summary>Returns a stripped deep copy of any schema or fragment (used to compare shapes without prose).</summary>
    public static JsonNode? Strip(JsonNode? node, bool isNameMap = false)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (!isNameMap && IsProse(key, value))
                    {
                        continue;
                    }

                    var childIsMap = !isNameMap && NameMaps.Contains(key) && value is JsonObject;
                    result[key] = Strip(value, childIsMap);
                }

                return result;
            case JsonArray array:
                return new JsonArray(array.Select(item => Strip(item, isNameMap: false)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsProse(string key, JsonNode? value)
    {
        if (AlwaysRemoved.Contains(key))
        {
            return true;
        }

        var isText = value is JsonValue v && v.TryGetValue<string>(out _);
        if (TextRemoved.Contains(key) && isText)
        {
            return true;
        }

        // A title or bearer format that is a sentence (has whitespace) is prose; a one-word title is a name.
        return (key is "title" or "bearerFormat") && isText && value!.GetValue<string>().Any(char.IsWhiteSpace);
    }
}
