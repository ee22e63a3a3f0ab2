using System.Text.Json.Nodes;

namespace Replicate.Tools.Generation;

/// <summary>
/// The documents Kiota generates the Replicate.Kiota client from, both copies of the normalized document (the one NSwag
/// generates from), so both flavours come from the same baseline. Kiota-only rewrites, kept out of the normalizer because
/// NSwag and the drift gate must keep seeing the operation (docs/generation.md, "The Kiota input"):
/// <list type="number">
/// <item><b>Main</b>: every operation whose method Kiota does not read (HTTP <c>QUERY</c>) is removed. Kiota's OpenAPI
/// reader rejects the <c>query</c> key of a 3.1 path item ("query is not a valid property", logged as a failure on every
/// build) and crashes on a document rewritten as 3.2; the hand-written request builder of Replicate.Kiota sends it.</item>
/// <item><b>Query</b>: those operations alone, each as the <c>post</c> of its path, with every component. Kiota then
/// generates the models the hand-written builder reads and writes (<c>ModelsSearchResponse</c>, <c>ModelsSearchResult</c>):
/// they are reachable from no other operation, and Kiota generates only reachable models. Only those model files are
/// compiled; the request builders of this document (which would send POST) are not.</item>
/// <item><b>Both</b>: the member names normalizer rule 6 gives request enums (<c>x-enumNames</c>, PascalCase) are also
/// written as Kiota's <c>x-ms-enum</c> values, so Kiota names them <c>ModelsListSortBy.ModelCreatedAt</c> like NSwag does
/// (Kiota's own names keep the underscores of the wire values: <c>Model_created_at</c>).</item>
/// <item><b>Both</b>: error responses (every status but 2xx) keep their status and lose their body schema. The transport
/// pipeline turns every non-success response into the <c>ReplicateException</c> family before Kiota sees it, so Kiota's
/// error models would be dead public exception types outside that family (it derives them from its own
/// <c>ApiException</c>), and their media types would join every <c>Accept</c> header
/// (<c>application/octet-stream, application/problem+json</c>) where the NSwag flavour sends the success type alone.</item>
/// <item><b>Both</b>: C# names without underscores, as on the NSwag flavour. Path parameters take their camelCase name
/// (normalizer rule 10's <c>x-originalName</c>; the URL is the same), so Kiota's indexers are
/// <c>WithPredictionItemRequestBuilder</c>, not <c>WithPrediction_ItemRequestBuilder</c>; inline object properties of a
/// component (free-form <c>input</c>, <c>metadata</c>) become components named parent + property
/// (<c>PredictionRequestInput</c>, as normalizer rule 2 names hoisted objects), not Kiota's <c>PredictionRequest_input</c>.</item>
/// </list>
/// </summary>
internal static class KiotaInput
{
    /// <summary>The path-item keys Kiota reads as operations.</summary>
    public static readonly IReadOnlySet<string> KiotaMethods =
        new HashSet<string>(["get", "put", "post", "delete", "options", "head", "patch", "trace"], StringComparer.Ordinal);

    /// <summary>Other operation keys of OpenAPI 3.1/3.2 path items (<c>query</c>) that Kiota drops.</summary>
    private static readonly string[] OtherMethods = ["query"];

    /// <summary>The main document and the document of the operations Kiota cannot read (empty <c>paths</c> when none).</summary>
    public static (JsonObject Main, JsonObject Query) Create(JsonObject normalized)
    {
        var main = normalized.DeepClone().AsObject();
        var query = normalized.DeepClone().AsObject();
        var queryPaths = new JsonObject();
        foreach (var (path, item) in main["paths"]?.AsObject() ?? [])
        {
            if (item is not JsonObject pathItem)
            {
                continue;
            }

            foreach (var method in OtherMethods)
            {
                if (pathItem[method] is not JsonObject operation)
                {
                    continue;
                }

                pathItem.Remove(method);
                if (queryPaths.ContainsKey(path))
                {
                    throw new InvalidOperationException($"{path}: more than one operation Kiota cannot read; the Kiota input holds one per path");
                }

                var moved = new JsonObject { ["post"] = operation.DeepClone() };
                if (pathItem["parameters"] is JsonArray shared)
                {
                    moved["parameters"] = shared.DeepClone();
                }

                queryPaths[path] = moved;
            }
        }

        query["paths"] = queryPaths;
        NameEnumMembers(main);
        NameEnumMembers(query);
        DropErrorBodies(main);
        DropErrorBodies(query);
        CamelCasePathParameters(main);
        CamelCasePathParameters(query);
        HoistInlineObjects(main);
        HoistInlineObjects(query);
        return (main, query);
    }

    private static void CamelCasePathParameters(JsonObject document)
    {
        if (document["paths"] is not JsonObject paths)
        {
            return;
        }

        foreach (var (path, item) in paths.ToList())
        {
            if (item is not JsonObject pathItem)
            {
                continue;
            }

            var renamed = path;
            foreach (var parameters in pathItem.Select(p => p.Value?["parameters"]).Append(pathItem["parameters"]).OfType<JsonArray>())
            {
                foreach (var parameter in parameters.OfType<JsonObject>().Where(p => p["in"]?.GetValue<string>() == "path"))
                {
                    var name = parameter["name"]!.GetValue<string>();
                    var camel = parameter["x-originalName"]?.GetValue<string>() ?? name;
                    if (camel != name)
                    {
                        parameter["name"] = camel;
                        renamed = renamed.Replace("{" + name + "}", "{" + camel + "}", StringComparison.Ordinal);
                    }
                }
            }

            if (renamed != path)
            {
                paths.Remove(path);
                paths[renamed] = pathItem;
            }
        }
    }

    private static void HoistInlineObjects(JsonObject document)
    {
        if (document["components"]?["schemas"] is not JsonObject schemas)
        {
            return;
        }

        var pending = new Queue<string>(schemas.Select(s => s.Key));
        while (pending.TryDequeue(out var owner))
        {
            if (schemas[owner]?["properties"] is not JsonObject properties)
            {
                continue;
            }

            foreach (var (property, schema) in properties.ToList())
            {
                if (schema is JsonObject inline && !inline.ContainsKey("$ref") && inline["type"]?.GetValue<string>() == "object")
                {
                    var name = owner + string.Concat(property.Split('_', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
                    if (schemas.ContainsKey(name))
                    {
                        continue;
                    }

                    properties[property] = new JsonObject { ["$ref"] = "#/components/schemas/" + name };
                    schemas[name] = inline;
                    pending.Enqueue(name);
                }
            }
        }
    }

    private static void DropErrorBodies(JsonObject document)
    {
        foreach (var (_, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var (_, operation) in item?.AsObject() ?? [])
            {
                if (operation is JsonObject { } op && op["responses"] is JsonObject responses)
                {
                    foreach (var (status, response) in responses)
                    {
                        if (!status.StartsWith('2') && response is JsonObject body)
                        {
                            body.Remove("content");
                        }
                    }
                }
            }
        }
    }

    // x-enumNames (NSwag's names, from normalizer rule 6) -> x-ms-enum values (the names Kiota reads), on every schema.
    private static void NameEnumMembers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["enum"] is JsonArray values && schema["x-enumNames"] is JsonArray names && names.Count == values.Count && !schema.ContainsKey("x-ms-enum"))
                {
                    var members = new JsonArray();
                    for (var i = 0; i < values.Count; i++)
                    {
                        members.Add(new JsonObject { ["name"] = names[i]?.DeepClone(), ["value"] = values[i]?.DeepClone() });
                    }

                    schema["x-ms-enum"] = new JsonObject { ["modelAsString"] = false, ["values"] = members };
                }

                foreach (var (_, child) in schema.ToList())
                {
                    NameEnumMembers(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    NameEnumMembers(child);
                }

                break;
        }
    }
}
