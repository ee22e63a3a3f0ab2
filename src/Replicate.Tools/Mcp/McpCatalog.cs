using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Replicate.Tools.Generation;

namespace Replicate.Tools.Mcp;

/// <summary>
/// The MCP server's operation catalog, built from the normalized document: one tool per operation with its name,
/// HTTP method and path, arguments (the spec's parameter and body-field names) as a JSON Schema 2020-12 input schema
/// with every spec-required field in <c>required</c>, an output schema where the spec has one, read / write /
/// destructive / idempotent, the rate class, and a short description of our own (the document is prose-free).
/// <c>replicate-tools generate mcp-catalog</c> writes it for the Replicate.Mcp build; the drift gate compares the
/// tool names of two documents with it.
/// </summary>
internal static partial class McpCatalog
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    /// <summary>The argument a paged tool takes to continue: the previous page's <c>next</c> URL, or its cursor.</summary>
    public const string CursorArgument = "cursor";

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordBoundary();

    /// <summary>The tool name of an operation id: <c>Models_VersionsGet</c> → <c>models_versions_get</c>; a repeated resource word is said once (<c>Search_Search</c> → <c>search</c>).</summary>
    public static string ToolName(string operationId)
    {
        var words = operationId.Split('_').SelectMany(part => WordBoundary().Split(part)).Where(w => w.Length > 0)
            .Select(w => w.ToLowerInvariant()).ToList();
        if (words.Count == 2 && words[0] == words[1])
        {
            words.RemoveAt(1);
        }

        return string.Join('_', words);
    }

    /// <summary>Tool names by operation (<c>GET /predictions/{}</c>, parameter names blanked), for the drift gate.</summary>
    public static SortedDictionary<string, string> ToolNames(JsonObject normalized)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in Operations(normalized))
        {
            if (operation["operationId"]?.GetValue<string>() is { } id)
            {
                names[method.ToUpperInvariant() + " " + PathParameter().Replace(path, "{}")] = ToolName(id);
            }
        }

        return names;
    }

    /// <summary>Builds the catalog document (<c>{"tools": [...]}</c>, sorted by name).</summary>
    public static JsonObject Build(JsonObject normalized, GenerationOptions options)
    {
        var tools = new List<JsonObject>();
        foreach (var (path, method, operation) in Operations(normalized))
        {
            tools.Add(Tool(normalized, options, path, method, operation));
        }

        var duplicate = tools.GroupBy(t => t["name"]!.GetValue<string>()).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"two operations would be the MCP tool '{duplicate.Key}'");
        }

        return new JsonObject
        {
            ["tools"] = new JsonArray([.. tools.OrderBy(t => t["name"]!.GetValue<string>(), StringComparer.Ordinal)]),
        };
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject normalized)
    {
        foreach (var (path, item) in normalized["paths"] as JsonObject ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation)
                {
                    yield return (path, method, operation);
                }
            }
        }
    }

    private static JsonObject Tool(JsonObject doc, GenerationOptions options, string path, string method, JsonObject operation)
    {
        var id = operation["operationId"]?.GetValue<string>() ?? throw new InvalidDataException($"{method.ToUpperInvariant()} {path} has no operationId");
        var name = ToolName(id);
        var verb = method.ToUpperInvariant();
        var tag = id.Split('_')[0];
        var readOnly = verb is "GET" or "QUERY" or "HEAD";
        var properties = new JsonObject();
        var required = new List<string>();
        var parameters = new JsonArray();

        void AddArgument(string argument, JsonObject schema, bool isRequired)
        {
            if (properties.ContainsKey(argument))
            {
                throw new InvalidDataException($"{id}: two inputs are named '{argument}'; the MCP tool cannot take both");
            }

            properties[argument] = schema;
            if (isRequired)
            {
                required.Add(argument);
            }
        }

        foreach (var parameter in (operation["parameters"] as JsonArray ?? []).Select(p => McpJsonSchema.Deref(doc, p)).OfType<JsonObject>())
        {
            var parameterName = parameter["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var isRequired = location == "path" || parameter["required"]?.GetValue<bool>() == true;
            var schema = McpJsonSchema.Translate(doc, parameter["schema"]);
            if (location == "path")
            {
                schema["minLength"] = 1;
            }

            AddArgument(parameterName, schema, isRequired);
            parameters.Add(new JsonObject { ["name"] = parameterName, ["in"] = location, ["required"] = isRequired });
        }

        // owner + name pairs (model_owner, model_name) may also be given as one "owner/name" argument (model).
        var shorthands = new JsonArray();
        var pathNames = PathParameter().Matches(path).Select(m => m.Groups[1].Value).ToList();
        foreach (var owner in pathNames.Where(p => p.EndsWith("_owner", StringComparison.Ordinal)))
        {
            var stem = owner[..^"_owner".Length];
            if (pathNames.Contains(stem + "_name") && !properties.ContainsKey(stem))
            {
                AddArgument(stem, new JsonObject { ["type"] = "string", ["pattern"] = "^[^/]+/[^/]+$" }, isRequired: false);
                shorthands.Add(new JsonObject { ["argument"] = stem, ["owner"] = owner, ["name"] = stem + "_name" });
            }
        }

        var body = Body(doc, options, id, operation, AddArgument);
        var (status, responseMedia, outputSchema, paged) = Response(doc, operation);
        if (paged)
        {
            AddArgument(CursorArgument, new JsonObject { ["type"] = "string", ["minLength"] = 1 }, isRequired: false);
        }

        var input = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        if (required.Count > 0)
        {
            input["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        var isCreate = verb == "POST" && path.TrimEnd('/').Split('/')[^1] is "predictions" or "trainings";
        var tool = new JsonObject
        {
            ["name"] = name,
            ["operation_id"] = id,
            ["resource"] = tag.ToLowerInvariant(),
            ["method"] = verb,
            ["path"] = path,
            ["title"] = Phrase(id, tag),
            ["description"] = Describe(options, id, tag, verb, path, paged, isCreate, responseMedia, body),
            ["read_only"] = readOnly,
            ["destructive"] = verb == "DELETE",
            ["idempotent"] = verb is "GET" or "QUERY" or "HEAD" or "PUT" or "DELETE" or "OPTIONS",
            ["rate_class"] = isCreate ? "create" : "other",
            ["paged"] = paged,
            ["parameters"] = parameters,
            ["shorthands"] = shorthands,
            ["body"] = body,
            ["success_status"] = status,
            ["response_media_type"] = responseMedia,
            ["input_schema"] = input,
        };
        if (outputSchema is not null)
        {
            tool["output_schema"] = outputSchema;
        }

        return tool;
    }

    private static JsonObject? Body(JsonObject doc, GenerationOptions options, string id, JsonObject operation, Action<string, JsonObject, bool> addArgument)
    {
        if (McpJsonSchema.Deref(doc, operation["requestBody"]) is not { } requestBody || requestBody["content"] is not JsonObject content || content.Count == 0)
        {
            return null;
        }

        var (mediaType, media) = content.First();
        var bodyRequired = requestBody["required"]?.GetValue<bool>() == true;
        var schema = McpJsonSchema.Translate(doc, media?["schema"]);
        var isFields = mediaType is "application/json" or "multipart/form-data" && schema["properties"] is JsonObject;
        if (!isFields)
        {
            // A text (or other non-object) body is one argument: the operation's body name from openapi/generation.json
            // in snake case (Models_Search: search_text), else "body".
            var argument = options.BodyNames.TryGetValue(id, out var bodyName) ? SnakeCase(bodyName) : "body";
            addArgument(argument, schema, bodyRequired);
            return new JsonObject { ["media_type"] = mediaType, ["kind"] = "value", ["argument"] = argument, ["required"] = bodyRequired };
        }

        var fields = new JsonArray();
        var requiredFields = (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, fieldSchema) in (JsonObject)schema["properties"]!)
        {
            addArgument(field, (JsonObject)fieldSchema!.DeepClone(), requiredFields.Contains(field));
            fields.Add(field);
        }

        return new JsonObject { ["media_type"] = mediaType, ["kind"] = "fields", ["fields"] = fields, ["required"] = bodyRequired };
    }

    // The first success status, its media type, an output schema (JSON objects; a bare array wrapped as the server wraps
    // it, under "items"), and whether it is a page (the list envelope's next and results).
    private static (int Status, string? MediaType, JsonObject? OutputSchema, bool Paged) Response(JsonObject doc, JsonObject operation)
    {
        foreach (var (code, response) in (operation["responses"] as JsonObject ?? []).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!int.TryParse(code, out var status) || status is < 200 or > 299)
            {
                continue;
            }

            if (McpJsonSchema.Deref(doc, response)?["content"] is not JsonObject content || content.Count == 0)
            {
                return (status, null, null, false);
            }

            var (mediaType, media) = content.First();
            if (mediaType != "application/json")
            {
                return (status, mediaType, null, false);
            }

            var schema = McpJsonSchema.Translate(doc, media?["schema"], keepRequired: false);
            var type = schema["type"]?.GetValue<string>();
            var paged = type == "object" && schema["properties"] is JsonObject p && p.ContainsKey("next") && p.ContainsKey("results");
            var output = type switch
            {
                "object" => schema,
                "array" => new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["items"] = schema } },
                _ => null,
            };
            return (status, mediaType, output, paged);
        }

        return (200, null, null, false);
    }

    // ---- Descriptions: our own words, from the operation id and the document's structure ----------------------------

    /// <summary>A short phrase: <c>Models_VersionsGet</c> → "Get a version of a model".</summary>
    private static string Phrase(string id, string tag)
    {
        var action = id.Split('_', 2) is [_, var rest] ? rest : id;
        var words = WordBoundary().Split(action).Where(w => w.Length > 0).ToList();
        var verb = words[^1];
        var objects = words.Take(words.Count - 1).Select(w => w.ToLowerInvariant()).ToList();
        var resource = Words(tag);
        if (objects.Count == 0)
        {
            return verb switch
            {
                _ when verb == tag => verb,
                "List" or "Search" => $"{verb} {resource}",
                _ when !resource.EndsWith('s') => $"{verb} the {resource}",
                _ => $"{verb} a {Singular(resource)}",
            };
        }

        var thing = string.Join(' ', objects);
        var parent = resource.EndsWith('s') ? "a " + Singular(resource) : "the " + resource;
        return verb is "List" or "Search"
            ? $"{verb} the {thing} of {parent}"
            : thing.EndsWith('s') ? $"{verb} a {Singular(thing)} of {parent}" : $"{verb} the {thing} of {parent}";
    }

    private static string Describe(GenerationOptions options, string id, string tag, string verb, string path, bool paged, bool isCreate, string? responseMedia, JsonObject? body)
    {
        var text = new StringBuilder($"{Phrase(id, tag)} ({verb} /v1{path}).");
        if (options.ResourceSummaries.TryGetValue(tag, out var summary))
        {
            text.Append(' ').Append(tag).Append(": ").Append(summary);
        }

        if (paged)
        {
            text.Append(" Returns one page; pass its `next` as `cursor` for the following one.");
        }

        if (isCreate)
        {
            text.Append(" Returns as soon as the API answers, possibly still `starting`; `run_model` waits for the final output.");
        }

        if (verb == "DELETE")
        {
            text.Append(" Destructive: it cannot be undone.");
        }

        if (body?["media_type"]?.GetValue<string>() == "multipart/form-data")
        {
            text.Append(" Binary fields are base64 text.");
        }

        if (responseMedia is not null && responseMedia != "application/json")
        {
            text.Append(responseMedia.StartsWith("text/", StringComparison.Ordinal) ? " Answers text." : " Answers the bytes, base64 encoded.");
        }

        return text.ToString();
    }

    private static string Words(string pascal) => string.Join(' ', WordBoundary().Split(pascal).Select(w => w.ToLowerInvariant()));

    private static string Singular(string noun) => noun.EndsWith('s') ? noun[..^1] : noun;

    private static string SnakeCase(string camel) => string.Join('_', WordBoundary().Split(camel).Select(w => w.ToLowerInvariant()));
}
