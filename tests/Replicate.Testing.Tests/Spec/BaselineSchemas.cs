using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Replicate.Testing.Tests.Spec;

/// <summary>One operation of the committed baseline, as the conformance walk reads it.</summary>
public sealed record BaselineOperation(string Id, string Method, string Path, JsonObject Node)
{
    public override string ToString() => Id;
}

/// <summary>
/// The committed baseline (openapi/replicate.baseline.json) read at test time: its operations, and its response
/// schemas translated for JsonSchema.Net (draft 2020-12). The translation: component <c>$ref</c>s point into
/// <c>$defs</c>, and OpenAPI 3.0's <c>nullable: true</c> (which JsonSchema.Net ignores) becomes a union with
/// <c>null</c>; <c>x-*</c> extensions are dropped.
/// </summary>
public static class BaselineSchemas
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "query", "head", "options", "trace"];
    private static readonly Lazy<JsonObject> LazyDocument = new(() =>
        JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json")))!.AsObject());

    public static JsonObject Document => LazyDocument.Value;

    /// <summary>
    /// Whether the last release (openapi/released/replicate.baseline.json) had this endpoint. One it lacks was accepted
    /// from upstream drift since: the fake may owe it (the nightly pull request's checklist says so) without failing.
    /// </summary>
    public static bool WasReleased(BaselineOperation operation)
    {
        var released = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "released", "replicate.baseline.json")))!;
        return released["paths"]?[operation.Path]?[operation.Method.ToLowerInvariant()] is JsonObject;
    }

    public static IEnumerable<BaselineOperation> Operations()
    {
        foreach (var (path, item) in Document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is JsonObject operation)
                {
                    yield return new BaselineOperation(operation["operationId"]!.GetValue<string>(), method.ToUpperInvariant(), path, operation);
                }
            }
        }
    }

    /// <summary>A schema in the baseline's dialect, resolved against the baseline's components.</summary>
    public static JsonObject Resolve(JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? Resolve(Document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!)
            : schema.AsObject();

    /// <summary>The JSON Schema (2020-12) of one response body, with every component schema under <c>$defs</c>.</summary>
    public static JsonSchema For(JsonNode responseSchema, string name)
    {
        var root = Translate(responseSchema)!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = new JsonObject(Document["components"]!["schemas"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, Translate(p.Value))));
        return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://replicate.fake/schemas/{Uri.EscapeDataString(name)}"));
    }

    /// <summary>The problems of <paramref name="body"/> against <paramref name="schema"/>, one line each (none when valid).</summary>
    public static IReadOnlyList<string> Problems(JsonSchema schema, JsonElement body)
    {
        var results = schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private static JsonNode? Translate(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key.StartsWith("x-", StringComparison.Ordinal) || key == "nullable")
                    {
                        continue;
                    }

                    copy[key] = key == "$ref" && value!.GetValue<string>().StartsWith("#/components/schemas/", StringComparison.Ordinal)
                        ? "#/$defs/" + value.GetValue<string>()["#/components/schemas/".Length..]
                        : key is "properties" or "patternProperties"
                            ? new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, Translate(p.Value))))
                            : Translate(value);
                }

                if (obj["nullable"]?.GetValue<bool>() == true)
                {
                    if (copy["type"] is JsonValue type)
                    {
                        copy["type"] = new JsonArray(type.GetValue<string>(), "null");
                        return copy;
                    }

                    return new JsonObject { ["anyOf"] = new JsonArray(copy, new JsonObject { ["type"] = "null" }) };
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(Translate)]);
            default:
                return node?.DeepClone();
        }
    }
}
