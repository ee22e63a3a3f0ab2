using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Replicate.Tools.Normalization;

/// <summary>
/// Turns Replicate's OpenAPI document into one NSwag generates good C# from. Each rule fixes a naming problem
/// or a silent runtime bug measured with NSwag 14 (see docs/normalizer.md). The result is deterministic
/// (sorted keys) and idempotent (normalizing a normalized document changes nothing).
/// </summary>
internal sealed partial class Normalizer
{
    /// <summary>Version of the rule set; recorded in the lock so a rule change is visible in review.</summary>
    public const string Version = "1.2.1";

    private const string SchemaRefPrefix = "#/components/schemas/";
    private const string PlaceholderPrefix = SchemaRefPrefix + "\u0001hoisted-";
    private const string KnownValuesKey = "x-known-values";

    private static readonly string[] HttpMethods =
        ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    private readonly NormalizerOptions _options;

    public Normalizer(NormalizerOptions? options = null) => _options = options ?? new NormalizerOptions();

    /// <summary>Normalizes a parsed document and returns a new one with sorted keys (the input is not changed).</summary>
    public JsonObject Normalize(JsonObject source)
    {
        var doc = (JsonObject)source.DeepClone();
        ForEachSchemaRoot(doc, (_, schema) => VisitSchemaTree(schema, FixJsonSchema2020Forms));
        AssignTagsAndOperationIds(doc);
        MapTextMediaTypesToPlain(doc);
        MakeOptionalMultipartFieldsNullable(doc);
        RenameComponents(doc);
        TurnResponseEnumsIntoStrings(doc);
        ForEachSchemaRoot(doc, (_, schema) => VisitSchemaTree(schema, NameEnumMembers));
        HoistInlineSchemas(doc);
        NameParameterVariables(doc);
        TypeLooseProperties(doc);
        return (JsonObject)JsonUtil.SortKeys(doc)!;
    }

    /// <summary>Normalizes JSON text and returns the stable serialized form.</summary>
    public string NormalizeText(string json) => JsonUtil.ToStableText(Normalize(JsonUtil.ParseObject(json, "document")));

    // ---- Rule 9: OpenAPI 3.1 / JSON Schema 2020 forms NSwag reads badly -------------------------------------

    private static void FixJsonSchema2020Forms(JsonObject schema)
    {
        // type: [x, "null"] → type: x + nullable; several non-null types → free-form.
        if (schema["type"] is JsonArray types)
        {
            var names = types.Select(t => t?.GetValue<string>()).OfType<string>().ToList();
            var nonNull = names.Where(n => n != "null").Distinct(StringComparer.Ordinal).ToList();
            schema.Remove("type");
            if (names.Contains("null"))
            {
                schema["nullable"] = true;
            }

            if (nonNull.Count == 1)
            {
                schema["type"] = nonNull[0];
            }
        }

        // const: v → a one-value enum.
        if (schema["const"] is { } constant)
        {
            schema.Remove("const");
            schema["enum"] ??= new JsonArray(constant.DeepClone());
            if (schema["type"] is null && TypeOfValue(constant) is { } inferred)
            {
                schema["type"] = inferred;
            }
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is not JsonArray members)
            {
                continue;
            }

            var kept = members.OfType<JsonObject>().Where(m => !IsNullSchema(m)).ToList();
            if (kept.Count < members.Count)
            {
                schema["nullable"] = true;
            }

            schema.Remove(keyword);
            if (kept.Count == 1)
            {
                var only = kept[0];
                if (only["$ref"] is not null)
                {
                    // NJsonSchema's own spelling of a nullable reference.
                    schema["oneOf"] = new JsonArray(only.DeepClone());
                }
                else
                {
                    foreach (var (key, value) in only)
                    {
                        if (schema[key] is null)
                        {
                            schema[key] = value?.DeepClone();
                        }
                    }
                }
            }
            else if (kept.Count > 1 && SharedPrimitiveType(kept) is { } primitive)
            {
                // e.g. version: oneOf [string, enum ["hidden"]] is just a string.
                schema["type"] = primitive;
                var formats = kept.Select(k => k["format"]?.GetValue<string>()).Distinct().ToList();
                if (formats.Count == 1 && formats[0] is { } format)
                {
                    schema["format"] = format;
                }
            }

            // Otherwise a mixed union: left free-form (a JsonElement in C#), read by hand-written accessors.
        }
    }

    private static bool IsNullSchema(JsonObject schema) =>
        schema.Count == 1 && schema["type"] is JsonValue v && v.TryGetValue<string>(out var t) && t == "null";

    private static string? SharedPrimitiveType(List<JsonObject> members)
    {
        var types = members.Select(m => m["$ref"] is null ? m["type"] as JsonValue : null)
            .Select(v => v is not null && v.TryGetValue<string>(out var t) ? t : null)
            .Distinct()
            .ToList();
        return types is [{ } only] && only is "string" or "integer" or "number" or "boolean" ? types[0] : null;
    }

    private static string? TypeOfValue(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => null,
    };

    // ---- Rule 1: tags and Tag_Method operation ids from dotted ids ---------------------------------------

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*_[A-Z][A-Za-z0-9]*$")]
    private static partial Regex NormalizedOperationId();

    private static void AssignTagsAndOperationIds(JsonObject doc)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, method, op) in Operations(doc))
        {
            var id = op["operationId"]?.GetValue<string>();
            if (id is not null && op["tags"] is JsonArray { Count: > 0 } && NormalizedOperationId().IsMatch(id))
            {
                Remember(seen, id, method, path);
                continue;
            }

            var parts = (id ?? DeriveId(method, path)).Split('.', StringSplitOptions.RemoveEmptyEntries);
            var tag = Naming.Pascal(parts[0]);
            var action = string.Concat(parts.Skip(1).Select(Naming.Pascal));
            if (action.Length == 0)
            {
                action = tag;
            }

            var normalized = $"{tag}_{action}";
            op["tags"] = new JsonArray(tag);
            op["operationId"] = normalized;
            Remember(seen, normalized, method, path);
        }

        static void Remember(Dictionary<string, string> seen, string id, string method, string path)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            if (!seen.TryAdd(id, where))
            {
                throw new InvalidDataException($"operationId {id} is used by both {seen[id]} and {where}");
            }
        }
    }

    // An operation without an id gets one from its path: GET /models/{owner}/versions → models.versions.get.
    private static string DeriveId(string method, string path) =>
        string.Join('.', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => !s.StartsWith('{')).Append(method));

    // ---- Rule 10: C# parameter names from wire names ------------------------------------------------------

    // NSwag names a method parameter after x-originalName when present, else after the wire name with '-' turned
    // into '_' (`cancel_After`, `deployment_owner`); the wire name itself is what it sends either way.
    private const string VariableNameKey = "x-originalName";

    private static void NameParameterVariables(JsonObject doc)
    {
        // Parameters live on operations, on path items (shared by their operations) and in components.
        var pathItems = doc["paths"] is JsonObject paths ? paths.Select(p => p.Value).OfType<JsonObject>() : [];
        var lists = Operations(doc).Select(o => o.Op["parameters"]).Concat(pathItems.Select(item => item["parameters"]));
        var components = doc["components"]?["parameters"] is JsonObject shared ? shared.Select(p => p.Value) : [];

        foreach (var parameter in lists.OfType<JsonArray>().SelectMany(list => list).Concat(components).OfType<JsonObject>())
        {
            if (parameter["name"] is JsonValue name && name.TryGetValue<string>(out var wire))
            {
                var variable = Naming.Camel(wire);
                if (variable == wire)
                {
                    parameter.Remove(VariableNameKey);
                }
                else
                {
                    parameter[VariableNameKey] = variable;
                }
            }
        }
    }

    // ---- Rule 11: typed where the spec is loose and the API is not ------------------------------------------

    // A model's latest_version is a version and its default_example a prediction, but the spec says only "object":
    // the overlay (openapi/normalizer.json, typedProperties) points them at the component the API actually sends.
    // It applies only while the property is still free-form, so the day upstream types it the overlay does nothing.
    private void TypeLooseProperties(JsonObject doc)
    {
        var schemas = doc["components"]?["schemas"] as JsonObject;
        foreach (var (site, target) in _options.TypedProperties)
        {
            var dot = site.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || schemas?[site[..dot]]?["properties"]?[site[(dot + 1)..]] is not JsonObject property || schemas[target] is null
                || property["properties"] is not null || property["$ref"] is not null
                || property["oneOf"] is not null || property["anyOf"] is not null || property["allOf"] is not null
                || (property["type"] is { } type && type.GetValue<string>() != "object"))
            {
                continue;
            }

            var nullable = property["nullable"]?.GetValue<bool>() == true;
            foreach (var key in property.Select(p => p.Key).Where(k => k is not ("description" or "title")).ToList())
            {
                property.Remove(key);
            }

            if (nullable)
            {
                property["nullable"] = true;
                property["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = SchemaRefPrefix + target });
            }
            else
            {
                property["$ref"] = SchemaRefPrefix + target;
            }
        }
    }

    // ---- Rule 8: text/* other than text/plain is parsed as JSON by NSwag ------------------------------------

    private static void MapTextMediaTypesToPlain(JsonObject doc)
    {
        foreach (var content in ContentMaps(doc))
        {
            foreach (var mediaType in content.Select(p => p.Key).ToList())
            {
                var bare = mediaType.Split(';')[0].Trim().ToLowerInvariant();
                if (!bare.StartsWith("text/", StringComparison.Ordinal) || mediaType == "text/plain")
                {
                    continue;
                }

                var value = content[mediaType];
                content.Remove(mediaType);
                if (!content.ContainsKey("text/plain"))
                {
                    content["text/plain"] = value;
                }
            }
        }
    }

    // ---- Rule 7: optional multipart fields must accept null --------------------------------------------

    private static void MakeOptionalMultipartFieldsNullable(JsonObject doc)
    {
        foreach (var (_, _, op) in Operations(doc))
        {
            if (op["requestBody"]?["content"]?["multipart/form-data"]?["schema"] is not JsonObject schema)
            {
                continue;
            }

            var target = Resolve(doc, schema);
            if (target?["properties"] is not JsonObject properties)
            {
                continue;
            }

            var required = RequiredSet(target);
            foreach (var (name, property) in properties)
            {
                if (!required.Contains(name) && property is JsonObject p)
                {
                    p["nullable"] = true;
                }
            }
        }
    }

    // ---- Rules 2 and 3: meaningful component names, clear of NSwag's own type names ------------------------

    private HashSet<string> ReservedNames(JsonObject doc)
    {
        var reserved = new HashSet<string>(_options.ReservedNames, StringComparer.Ordinal);
        foreach (var (_, _, op) in Operations(doc))
        {
            if (op["tags"] is JsonArray tags)
            {
                foreach (var tag in tags.Select(t => t!.GetValue<string>()))
                {
                    reserved.Add($"{tag}Client");
                    reserved.Add($"I{tag}Client");
                }
            }
        }

        return reserved;
    }

    private void RenameComponents(JsonObject doc)
    {
        if (doc["components"]?["schemas"] is not JsonObject schemas)
        {
            return;
        }

        var reserved = ReservedNames(doc);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var oldName in schemas.Select(p => p.Key).Order(StringComparer.Ordinal))
        {
            var stripped = _options.StripComponentPrefixes.FirstOrDefault(p => oldName.StartsWith(p, StringComparison.Ordinal)) is { } prefix
                ? oldName[prefix.Length..]
                : oldName;
            renames[oldName] = Unique(Naming.Pascal(stripped), reserved, taken);
        }

        var renamed = new JsonObject();
        foreach (var (oldName, schema) in schemas.ToList())
        {
            schemas.Remove(oldName);
            renamed[renames[oldName]] = schema;
        }

        doc["components"]!["schemas"] = renamed;
        RewriteRefs(doc, reference => reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal)
            && renames.TryGetValue(reference[SchemaRefPrefix.Length..], out var newName)
                ? SchemaRefPrefix + newName
                : reference);
    }

    private string Unique(string name, HashSet<string> reserved, HashSet<string> taken)
    {
        var candidate = reserved.Contains(name) ? name + _options.ReservedSuffix : name;
        var result = candidate;
        for (var n = 2; taken.Contains(result) || reserved.Contains(result); n++)
        {
            result = candidate + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        taken.Add(result);
        return result;
    }

    // ---- Rule 6: enums reachable from a response become strings -------------------------------------------

    private static void TurnResponseEnumsIntoStrings(JsonObject doc)
    {
        var schemas = doc["components"]?["schemas"] as JsonObject;
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonObject>();
        foreach (var schema in ResponseSchemas(doc))
        {
            pending.Push(schema);
        }

        while (pending.TryPop(out var root))
        {
            VisitSchemaTree(root, node =>
            {
                StringifyEnum(node);
                if (node["$ref"] is JsonValue r && r.GetValue<string>() is var reference
                    && reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal)
                    && reachable.Add(reference[SchemaRefPrefix.Length..])
                    && schemas?[reference[SchemaRefPrefix.Length..]] is JsonObject target)
                {
                    pending.Push(target);
                }
            });
        }
    }

    // A server-owned value set: unknown values must deserialize, so the C# type is string; the known values
    // stay in the document as x-known-values (documentation, drift detection, hand-written constants).
    private static void StringifyEnum(JsonObject schema)
    {
        if (schema["enum"] is not JsonArray values)
        {
            return;
        }

        schema.Remove("enum");
        var nonNull = values.Where(v => v is not null).ToList();
        schema[KnownValuesKey] = new JsonArray(nonNull.Select(v => v!.DeepClone()).ToArray());
        if (nonNull.Count < values.Count)
        {
            schema["nullable"] = true;
        }

        if (schema["type"] is null && nonNull.Select(v => TypeOfValue(v!)).Distinct().ToList() is [{ } type])
        {
            schema["type"] = type;
        }
    }

    // Request enums keep C# enums; NJsonSchema's x-enumNames gives their members PascalCase names
    // (ModelCreatedAt rather than Model_created_at) while the wire values stay as the spec says.
    private static void NameEnumMembers(JsonObject schema)
    {
        if (schema["enum"] is not JsonArray values || schema["x-enumNames"] is not null
            || !values.All(v => v is JsonValue j && j.TryGetValue<string>(out _)))
        {
            return;
        }

        schema["x-enumNames"] = new JsonArray(values.Select(v => (JsonNode)Naming.Pascal(v!.GetValue<string>())).ToArray());
    }

    // ---- Rule 2: inline objects and enums become named components -----------------------------------------

    private sealed record HoistGroup(int Id, JsonObject Schema, string MergeKey, SortedSet<string> Candidates);

    private sealed class HoistState
    {
        public Dictionary<string, HoistGroup> ByKey { get; } = new(StringComparer.Ordinal);

        public List<HoistGroup> Groups { get; } = [];
    }

    private void HoistInlineSchemas(JsonObject doc)
    {
        var state = new HoistState();
        var components = doc["components"] as JsonObject ?? [];
        doc["components"] = components;
        var schemas = components["schemas"] as JsonObject ?? [];
        components["schemas"] = schemas;

        foreach (var name in schemas.Select(p => p.Key).Order(StringComparer.Ordinal).ToList())
        {
            if (schemas[name] is JsonObject schema)
            {
                HoistChildren(schema, Naming.NestingBase(name, _options.ReservedSuffix), state);
            }
        }

        foreach (var op in Operations(doc).Select(o => o.Op).OrderBy(o => o["operationId"]?.GetValue<string>(), StringComparer.Ordinal))
        {
            var opName = OperationTypeName(op);
            foreach (var parameter in (op["parameters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (parameter["schema"] is JsonObject ps && parameter["name"]?.GetValue<string>() is { } pname)
                {
                    HoistSlot(parameter, "schema", ps, opName + Naming.Pascal(pname), role: null, state);
                }
            }

            if (op["requestBody"]?["content"] is JsonObject requestContent)
            {
                foreach (var (mediaType, media) in requestContent)
                {
                    // Multipart bodies become method parameters in NSwag, not a type: leave them inline.
                    if (mediaType != "multipart/form-data" && media?["schema"] is JsonObject rs)
                    {
                        HoistSlot((JsonObject)media, "schema", rs, opName + "Request", role: null, state);
                    }
                }
            }

            foreach (var (status, response) in (op["responses"] as JsonObject ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var isError = !status.StartsWith('2');
                foreach (var (_, media) in response?["content"] as JsonObject ?? [])
                {
                    if (media?["schema"] is not JsonObject schema)
                    {
                        continue;
                    }

                    if (isError)
                    {
                        HoistSlot((JsonObject)media, "schema", schema, opName + "Problem", role: "ProblemDetails", state);
                    }
                    else if (schema["items"] is JsonObject items && schema["properties"] is null)
                    {
                        HoistSlot(schema, "items", items, opName + "Item", role: null, state);
                    }
                    else
                    {
                        HoistSlot((JsonObject)media, "schema", schema, opName + "Response", role: null, state);
                    }
                }
            }
        }

        foreach (var (name, parameter) in (components["parameters"] as JsonObject ?? []).ToList())
        {
            if (parameter?["schema"] is JsonObject ps)
            {
                HoistSlot((JsonObject)parameter, "schema", ps, Naming.Pascal(name), role: null, state);
            }
        }

        if (state.Groups.Count == 0)
        {
            return;
        }

        var reserved = ReservedNames(doc);
        var taken = new HashSet<string>(schemas.Select(p => p.Key), StringComparer.Ordinal);
        var finalNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in state.Groups.OrderBy(g => PreferredName(g), StringComparer.Ordinal).ThenBy(g => g.Id))
        {
            finalNames[PlaceholderPrefix + group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                SchemaRefPrefix + Unique(PreferredName(group), reserved, taken);
        }

        foreach (var group in state.Groups)
        {
            var reference = finalNames[PlaceholderPrefix + group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            schemas[reference[SchemaRefPrefix.Length..]] = group.Schema;
        }

        RewriteRefs(doc, reference => finalNames.TryGetValue(reference, out var final) ? final : reference);
    }

    // One site keeps its own name; identical shapes met under several parents share the role's name
    // (the webhook events filter of three request types becomes one WebhookEventsFilter).
    private static string PreferredName(HoistGroup group) =>
        group.Candidates.Count == 1 || !group.MergeKey.StartsWith("role:", StringComparison.Ordinal)
            ? group.Candidates.Min!
            : group.MergeKey["role:".Length..];

    private void HoistChildren(JsonObject schema, string nestingBase, HoistState state)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
            {
                if (value is not JsonObject property)
                {
                    continue;
                }

                var pascal = Naming.Pascal(name);
                if (property["items"] is JsonObject items && IsHoistable(items))
                {
                    var singular = Naming.Singular(pascal);
                    HoistSlot(property, "items", items, nestingBase + singular, role: singular, state);
                }
                else
                {
                    HoistSlot(properties, name, property, nestingBase + pascal, role: pascal, state);
                }
            }
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            HoistSlot(schema, "additionalProperties", additional, nestingBase + "Value", role: null, state);
        }

        if (schema["items"] is JsonObject arrayItems)
        {
            HoistSlot(schema, "items", arrayItems, nestingBase + "Item", role: null, state);
        }
    }

    private static bool IsHoistable(JsonObject schema) =>
        schema["$ref"] is null
        && (schema["enum"] is JsonArray { Count: > 0 } || schema["properties"] is JsonObject { Count: > 0 });

    private void HoistSlot(JsonObject container, string key, JsonObject schema, string candidate, string? role, HoistState state)
    {
        if (!IsHoistable(schema))
        {
            // Not a type of its own, but it may hold one (an array of inline objects, a map of them).
            HoistChildren(schema, candidate, state);
            return;
        }

        HoistChildren(schema, Naming.NestingBase(candidate, _options.ReservedSuffix), state);

        // Shape without prose: the raw document and the prose-free baseline must hoist identically.
        var mergeKey = role is null ? "name:" + candidate : "role:" + role;
        var shapeKey = mergeKey + "|" + JsonUtil.Canonical(ProseStripper.Strip(schema));
        if (!state.ByKey.TryGetValue(shapeKey, out var group))
        {
            group = new HoistGroup(state.Groups.Count, schema, mergeKey, new SortedSet<string>(StringComparer.Ordinal));
            state.ByKey[shapeKey] = group;
            state.Groups.Add(group);
        }

        group.Candidates.Add(candidate);
        var replacement = new JsonObject
        {
            ["$ref"] = PlaceholderPrefix + group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        // Keep nullability and prose at the use site; the shape moves to components.
        foreach (var siteKey in new[] { "nullable", "description" })
        {
            if (schema[siteKey] is { } siteValue && key != "items")
            {
                replacement[siteKey] = siteValue.DeepClone();
            }
        }

        if (container is JsonObject)
        {
            container[key] = replacement;
        }
    }

    private static string OperationTypeName(JsonObject op)
    {
        var id = op["operationId"]!.GetValue<string>();
        var parts = id.Split('_', 2);
        return parts[0] == parts[1] ? parts[0] : parts[0] + parts[1];
    }

    // ---- Walking the document ------------------------------------------------------------------------------

    internal static IEnumerable<(string Path, string Method, JsonObject Op)> Operations(JsonObject doc)
    {
        if (doc["paths"] is not JsonObject paths)
        {
            yield break;
        }

        foreach (var (path, item) in paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            if (item is not JsonObject pathItem)
            {
                continue;
            }

            foreach (var method in HttpMethods)
            {
                if (pathItem[method] is JsonObject op)
                {
                    yield return (path, method, op);
                }
            }
        }
    }

    private static IEnumerable<JsonObject> ContentMaps(JsonObject doc)
    {
        foreach (var (_, _, op) in Operations(doc))
        {
            if (op["requestBody"]?["content"] is JsonObject request)
            {
                yield return request;
            }

            foreach (var (_, response) in op["responses"] as JsonObject ?? [])
            {
                if (response?["content"] is JsonObject content)
                {
                    yield return content;
                }
            }
        }

        foreach (var section in new[] { "requestBodies", "responses" })
        {
            foreach (var (_, item) in doc["components"]?[section] as JsonObject ?? [])
            {
                if (item?["content"] is JsonObject content)
                {
                    yield return content;
                }
            }
        }
    }

    internal static IEnumerable<JsonObject> ResponseSchemas(JsonObject doc)
    {
        var responses = Operations(doc).SelectMany(o => (o.Op["responses"] as JsonObject ?? []).Select(p => p.Value))
            .Concat((doc["components"]?["responses"] as JsonObject ?? []).Select(p => p.Value));
        foreach (var response in responses.OfType<JsonObject>())
        {
            foreach (var (_, media) in response["content"] as JsonObject ?? [])
            {
                if (media?["schema"] is JsonObject schema)
                {
                    yield return schema;
                }
            }

            foreach (var (_, header) in response["headers"] as JsonObject ?? [])
            {
                if (header?["schema"] is JsonObject schema)
                {
                    yield return schema;
                }
            }
        }
    }

    /// <summary>Calls <paramref name="visit"/> for every schema root: components, parameters, bodies, responses.</summary>
    private static void ForEachSchemaRoot(JsonObject doc, Action<string, JsonObject> visit)
    {
        foreach (var (name, schema) in (doc["components"]?["schemas"] as JsonObject ?? []).ToList())
        {
            if (schema is JsonObject s)
            {
                visit(name, s);
            }
        }

        var parameterLists = new List<JsonArray>();
        foreach (var (_, item) in doc["paths"] as JsonObject ?? [])
        {
            if (item?["parameters"] is JsonArray shared)
            {
                parameterLists.Add(shared);
            }
        }

        foreach (var (_, _, op) in Operations(doc))
        {
            if (op["parameters"] is JsonArray list)
            {
                parameterLists.Add(list);
            }
        }

        var parameters = parameterLists.SelectMany(l => l.OfType<JsonObject>())
            .Concat((doc["components"]?["parameters"] as JsonObject ?? []).Select(p => p.Value).OfType<JsonObject>());
        foreach (var parameter in parameters)
        {
            if (parameter["schema"] is JsonObject s)
            {
                visit("parameter", s);
            }
        }

        foreach (var content in ContentMaps(doc))
        {
            foreach (var (_, media) in content)
            {
                if (media?["schema"] is JsonObject s)
                {
                    visit("content", s);
                }
            }
        }

        foreach (var schema in ResponseSchemas(doc))
        {
            visit("response", schema);
        }
    }

    /// <summary>Visits a schema and every subschema, children first.</summary>
    internal static void VisitSchemaTree(JsonObject schema, Action<JsonObject> visit)
    {
        foreach (var child in SubSchemas(schema).ToList())
        {
            VisitSchemaTree(child, visit);
        }

        visit(schema);
    }

    private static IEnumerable<JsonObject> SubSchemas(JsonObject schema)
    {
        foreach (var mapKey in new[] { "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" })
        {
            foreach (var (_, value) in schema[mapKey] as JsonObject ?? [])
            {
                if (value is JsonObject child)
                {
                    yield return child;
                }
            }
        }

        foreach (var single in new[] { "items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else" })
        {
            if (schema[single] is JsonObject child)
            {
                yield return child;
            }
        }

        foreach (var listKey in new[] { "allOf", "anyOf", "oneOf", "prefixItems" })
        {
            foreach (var child in (schema[listKey] as JsonArray ?? []).OfType<JsonObject>())
            {
                yield return child;
            }
        }
    }

    internal static void RewriteRefs(JsonNode? node, Func<string, string> rewrite)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var reference))
                    {
                        var updated = rewrite(reference);
                        if (!ReferenceEquals(updated, reference) && updated != reference)
                        {
                            obj[key] = updated;
                        }
                    }
                    else
                    {
                        RewriteRefs(value, rewrite);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    RewriteRefs(item, rewrite);
                }

                break;
        }
    }

    private static JsonObject? Resolve(JsonObject doc, JsonObject schema)
    {
        var seen = 0;
        while (schema["$ref"] is JsonValue r && r.GetValue<string>() is var reference
            && reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal) && seen++ < 32)
        {
            if (doc["components"]?["schemas"]?[reference[SchemaRefPrefix.Length..]] is not JsonObject target)
            {
                return null;
            }

            schema = target;
        }

        return schema;
    }

    private static HashSet<string> RequiredSet(JsonObject schema) =>
        new((schema["required"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>(), StringComparer.Ordinal);
}
