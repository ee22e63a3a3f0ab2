using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Models;

/// <summary>
/// The part of a model version's <c>openapi_schema</c> this repository may commit: <c>components.schemas.Input</c>,
/// <c>Output</c> and the schemas they refer to, with the model author's prose taken out — <c>description</c>,
/// <c>title</c>, examples, and free-text string defaults (a default prompt is the author's words; the structural copy
/// keeps only the fact that a default exists, as <c>x-default-omitted</c>). Defaults that are numbers, booleans, enum
/// values or empty strings are structure and stay. Keys are sorted, so the text (and its sha256, which the lock
/// records) is the same for the same structure.
/// </summary>
internal static class StructuralModelSchema
{
    /// <summary>Marks an input whose default was free text, left out of the structural copy.</summary>
    public const string DefaultOmitted = "x-default-omitted";

    private static readonly HashSet<string> ProseKeys = new(StringComparer.Ordinal) { "description", "title", "example", "examples", "externalDocs" };

    /// <exception cref="InvalidDataException">No <c>components.schemas.Input</c>, or a broken <c>$ref</c>.</exception>
    public static JsonObject From(JsonObject openApiSchema)
    {
        var schemas = openApiSchema["components"]?["schemas"] as JsonObject;
        if (schemas?["Input"] is not JsonObject)
        {
            throw new InvalidDataException("the model schema has no components.schemas.Input");
        }

        var kept = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var pending = new Queue<string>(["Input", "Output"]);
        while (pending.TryDequeue(out var name))
        {
            if (kept.ContainsKey(name) || schemas[name] is not JsonObject schema)
            {
                continue;
            }

            var copy = Strip(schema);
            kept[name] = copy;
            foreach (var reference in References(copy))
            {
                pending.Enqueue(reference);
            }
        }

        // Read once through the facets so that a broken $ref fails here, at add time, not in the build.
        var structural = new JsonObject
        {
            ["openapi"] = openApiSchema["openapi"]?.DeepClone() ?? "3.0.2",
            ["components"] = new JsonObject { ["schemas"] = new JsonObject(kept) },
        };
        _ = ModelFacets.Read(structural);
        return (JsonObject)JsonUtil.SortKeys(structural)!;
    }

    /// <summary>The committed text: sorted keys, two-space indentation, final newline.</summary>
    public static string Text(JsonObject structural) => JsonUtil.ToStableText(structural);

    /// <summary>The sha256 (hex) of <see cref="Text"/>: what the lock records and the build checks.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(JsonUtil.Utf8(text)));

    private static JsonNode? Strip(JsonNode? node) => node switch
    {
        JsonObject obj => StripObject(obj),
        JsonArray array => new JsonArray([.. array.Select(Strip)]),
        _ => node?.DeepClone(),
    };

    private static JsonObject StripObject(JsonObject obj)
    {
        var result = new JsonObject();
        var constrained = obj.ContainsKey("enum") || obj.ContainsKey("allOf") || obj.ContainsKey("$ref") || obj.ContainsKey("const");
        foreach (var (key, value) in obj)
        {
            if (ProseKeys.Contains(key))
            {
                continue;
            }

            if (key == "default" && !constrained && value is JsonValue text && text.TryGetValue<string>(out var s) && s.Length > 0)
            {
                result[DefaultOmitted] = true;
                continue;
            }

            // "properties" maps input names to schemas: a model may well have an input called "description" or "title".
            result[key] = key == "properties" && value is JsonObject properties
                ? new JsonObject(properties.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Strip(p.Value))))
                : Strip(value);
        }

        return result;
    }

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var pointer)
                        && pointer.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        yield return pointer["#/components/schemas/".Length..];
                    }

                    foreach (var inner in References(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                foreach (var inner in array.SelectMany(References))
                {
                    yield return inner;
                }

                break;
        }
    }
}
