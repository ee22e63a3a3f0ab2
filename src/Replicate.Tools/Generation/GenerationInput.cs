using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Generation;

/// <summary>
/// What the C# renderer needs beyond NSwag's models, and the generation-only rewrites of the normalized document that
/// give it: named extensible enums for server-owned string sets, one list shape per item type, body parameter names,
/// and which models only the server writes. The normalized document itself (what drift compares) is not changed.
/// </summary>
internal sealed class GenerationInput
{
    private const string SchemaRef = "#/components/schemas/";
    private static readonly string[] StemSuffixes = ["GetResponse", "Response", "Request", "Result"];

    private GenerationInput(
        JsonObject document, GenerationOptions options, IReadOnlySet<string> enumTypes, IReadOnlySet<string> requestTypes, IReadOnlySet<string> responseTypes)
    {
        Document = document;
        Options = options;
        EnumTypes = enumTypes;
        RequestTypes = requestTypes;
        ResponseTypes = responseTypes;
    }

    /// <summary>The document NSwag reads.</summary>
    public JsonObject Document { get; }

    /// <summary>The naming overlay (openapi/generation.json).</summary>
    public GenerationOptions Options { get; }

    /// <summary>Components rendered as extensible enums (<c>readonly struct</c>).</summary>
    public IReadOnlySet<string> EnumTypes { get; }

    /// <summary>Components reachable from a request (body, form field or parameter): these stay settable.</summary>
    public IReadOnlySet<string> RequestTypes { get; }

    /// <summary>Components reachable from a response.</summary>
    public IReadOnlySet<string> ResponseTypes { get; }

    /// <summary>True for a model only the server writes: init-only properties, read-only collections.</summary>
    public bool IsResponseOnly(string typeName) => ResponseTypes.Contains(typeName) && !RequestTypes.Contains(typeName);

    /// <summary>Applies the generation rewrites to a copy of <paramref name="normalized"/>.</summary>
    public static GenerationInput Create(JsonObject normalized, GenerationOptions options)
    {
        var doc = (JsonObject)normalized.DeepClone();
        var schemas = doc["components"]?["schemas"] as JsonObject ?? throw new InvalidDataException("the document has no components.schemas");
        var enums = NameEnums(doc, schemas, options);
        MergeListShapes(doc, schemas);
        NameBodies(doc, options);
        var request = Reachable(schemas, RequestRoots(doc));
        var response = Reachable(schemas, Normalizer.ResponseSchemas(doc));
        return new GenerationInput(doc, options, enums, request, response);
    }

    // ---- Server-owned string sets become named enum components -------------------------------------------------
    // The normalizer turns response enums into strings with x-known-values (so no generator throws on a new value);
    // here each set gets a component of its own again, which the renderer emits as an extensible enum.
    private static HashSet<string> NameEnums(JsonObject doc, JsonObject schemas, GenerationOptions options)
    {
        var enums = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, node) in schemas.ToList())
        {
            if (node is JsonObject schema && schema["enum"] is JsonArray values)
            {
                var target = options.EnumNames.GetValueOrDefault(name, name);
                schemas.Remove(name);
                schema.Remove("x-enumNames");
                Define(schemas, target, StringValues(values), name);
                enums.Add(target);
                if (target != name)
                {
                    Normalizer.RewriteRefs(doc, r => r == SchemaRef + name ? SchemaRef + target : r);
                }
            }
        }

        foreach (var (owner, node) in schemas.ToList())
        {
            if (node is not JsonObject schema || enums.Contains(owner))
            {
                continue;
            }

            foreach (var (property, value) in schema["properties"] as JsonObject ?? [])
            {
                if (value is not JsonObject propertySchema)
                {
                    continue;
                }

                var site = propertySchema["items"] is JsonObject items && items["x-known-values"] is not null ? items : propertySchema;
                if (site["x-known-values"] is not JsonArray known)
                {
                    continue;
                }

                var key = owner + "." + property;
                var target = options.EnumNames.GetValueOrDefault(key) ?? Stem(owner) + CSharpNames.Pascal(property);
                Define(schemas, target, StringValues(known), key);
                enums.Add(target);
                var nullable = site["nullable"]?.GetValue<bool>() == true;
                site.Remove("x-known-values");
                site.Remove("type");
                site.Remove("nullable");
                if (nullable)
                {
                    site["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = SchemaRef + target });
                    site["nullable"] = true;
                }
                else
                {
                    site["$ref"] = SchemaRef + target;
                }
            }
        }

        return enums;
    }

    // Sites that share a name share a type whose known values are the union: when upstream adds a value to one of
    // them (a new prediction status) the shared type gains it and nothing else changes.
    private static void Define(JsonObject schemas, string name, List<string> values, string source)
    {
        if (schemas[name] is JsonObject existing)
        {
            if (existing["enum"] is not JsonArray known)
            {
                throw new InvalidDataException(
                    $"generation: '{source}' is named {name}, but {name} is a model, not a string set; give it another name in openapi/generation.json (enumNames)");
            }

            var have = StringValues(known).ToHashSet(StringComparer.Ordinal);
            foreach (var value in values.Where(v => !have.Contains(v)))
            {
                known.Add(value);
            }

            return;
        }

        schemas[name] = new JsonObject
        {
            ["type"] = "string",
            ["enum"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()),
        };
    }

    private static List<string> StringValues(JsonArray values) =>
        values.Where(v => v is JsonValue j && j.TryGetValue<string>(out _)).Select(v => v!.GetValue<string>()).ToList();

    private static string Stem(string owner)
    {
        foreach (var suffix in StemSuffixes)
        {
            if (owner.Length > suffix.Length && owner.EndsWith(suffix, StringComparison.Ordinal))
            {
                return owner[..^suffix.Length];
            }
        }

        return owner;
    }

    // ---- One list shape per item type ---------------------------------------------------------------------------
    // Two list operations of one resource (GET /predictions, GET /models/{m}/examples) declare the same page twice,
    // once with `next` as a URI and once as a string. The pages become one type, with string cursors everywhere
    // (the hand-written pager follows them as given, absolute or relative).
    private static void MergeListShapes(JsonObject doc, JsonObject schemas)
    {
        var byItem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in schemas.OrderBy(p => p.Key.StartsWith("Paginated", StringComparison.Ordinal) ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            if (node is not JsonObject schema || ListItem(schema) is not { } item)
            {
                continue;
            }

            foreach (var cursor in new[] { "next", "previous" })
            {
                (schema["properties"]![cursor] as JsonObject)?.Remove("format");
            }

            if (byItem.TryGetValue(item, out var keep))
            {
                schemas.Remove(name);
                Normalizer.RewriteRefs(doc, r => r == SchemaRef + name ? SchemaRef + keep : r);
            }
            else
            {
                byItem[item] = name;
            }
        }
    }

    private static string? ListItem(JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties || properties.Count != 3
            || !properties.ContainsKey("next") || !properties.ContainsKey("previous")
            || properties["results"]?["items"]?["$ref"] is not JsonValue reference)
        {
            return null;
        }

        return reference.GetValue<string>();
    }

    // ---- Request body parameter names ---------------------------------------------------------------------------
    private static void NameBodies(JsonObject doc, GenerationOptions options)
    {
        foreach (var (_, _, op) in Normalizer.Operations(doc))
        {
            if (op["requestBody"] is not JsonObject body || op["operationId"]?.GetValue<string>() is not { } id)
            {
                continue;
            }

            var media = (body["content"] as JsonObject)?.Select(p => p.Key).FirstOrDefault() ?? "application/json";
            body["x-name"] = options.BodyNames.GetValueOrDefault(id) ?? (media.StartsWith("text/", StringComparison.Ordinal) ? "text" : "request");
        }
    }

    // ---- Who writes each model ----------------------------------------------------------------------------------
    private static IEnumerable<JsonObject> RequestRoots(JsonObject doc)
    {
        foreach (var (_, _, op) in Normalizer.Operations(doc))
        {
            foreach (var (_, media) in op["requestBody"]?["content"] as JsonObject ?? [])
            {
                if (media?["schema"] is JsonObject schema)
                {
                    yield return schema;
                }
            }

            foreach (var parameter in (op["parameters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var resolved = parameter["$ref"] is JsonValue r && r.GetValue<string>() is var reference
                    && reference.StartsWith("#/components/parameters/", StringComparison.Ordinal)
                    ? doc["components"]?["parameters"]?[reference["#/components/parameters/".Length..]] as JsonObject
                    : parameter;
                if (resolved?["schema"] is JsonObject schema)
                {
                    yield return schema;
                }
            }
        }
    }

    private static HashSet<string> Reachable(JsonObject schemas, IEnumerable<JsonObject> roots)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonObject>(roots);
        while (pending.TryPop(out var root))
        {
            Normalizer.VisitSchemaTree(root, node =>
            {
                if (node["$ref"] is JsonValue r && r.GetValue<string>() is var reference && reference.StartsWith(SchemaRef, StringComparison.Ordinal)
                    && seen.Add(reference[SchemaRef.Length..]) && schemas[reference[SchemaRef.Length..]] is JsonObject target)
                {
                    pending.Push(target);
                }
            });
        }

        return seen;
    }
}
