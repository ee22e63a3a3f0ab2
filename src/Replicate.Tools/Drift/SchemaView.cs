using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Drift;

/// <summary>
/// What a schema means on the wire, with <c>$ref</c>s, <c>allOf</c> and one-member unions folded in and every
/// spelling of nullability reduced to one flag. Child schemas (properties, items) stay unresolved until visited,
/// so recursive schemas cost nothing here.
/// </summary>
internal sealed class SchemaView
{
    public const string SchemaRefPrefix = "#/components/schemas/";

    private const int MaxReferenceDepth = 64;

    private SchemaView()
    {
    }

    /// <summary>The component the site refers to (in a normalized document: the C# type name), or null when inline.</summary>
    public string? RefName { get; private set; }

    /// <summary>Allowed JSON types without "null"; empty means any.</summary>
    public SortedSet<string> Types { get; } = new(StringComparer.Ordinal);

    public bool Nullable { get; private set; }

    public string? Format { get; private set; }

    /// <summary>Listed values (canonical JSON text): <c>enum</c>, or the normalizer's <c>x-known-values</c> of a response enum.</summary>
    public List<string>? Values { get; private set; }

    public SortedDictionary<string, JsonObject> Properties { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Required { get; } = new(StringComparer.Ordinal);

    public JsonObject? Items { get; private set; }

    public JsonObject? AdditionalProperties { get; private set; }

    public bool ReadOnly { get; private set; }

    public bool WriteOnly { get; private set; }

    public string? Pattern { get; private set; }

    /// <summary>Canonical JSON text of the default value.</summary>
    public string? Default { get; private set; }

    public Dictionary<string, decimal> Bounds { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds the view of <paramref name="schema"/> inside <paramref name="document"/>; null means "no schema" (any value).</summary>
    public static SchemaView Of(JsonObject document, JsonObject? schema)
    {
        var view = new SchemaView();
        if (schema is not null)
        {
            view.RefName = SiteRefName(schema);
            view.Apply(document, schema, depth: 0);
            view.Finish();
        }

        return view;
    }

    /// <summary>The component name a site names directly or through a one-member union, or null.</summary>
    public static string? SiteRefName(JsonObject schema)
    {
        if (schema["$ref"] is JsonValue r && r.TryGetValue<string>(out var reference))
        {
            return ComponentName(reference);
        }

        foreach (var keyword in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (schema[keyword] is JsonArray members
                && members.OfType<JsonObject>().Where(m => !IsNullSchema(m)).ToList() is [var only])
            {
                return SiteRefName(only);
            }
        }

        return null;
    }

    public static string? ComponentName(string reference) =>
        reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal) && reference.IndexOf('/', SchemaRefPrefix.Length) < 0
            ? JsonPointer.Unescape(Uri.UnescapeDataString(reference[SchemaRefPrefix.Length..]))
            : null;

    public static JsonObject? Resolve(JsonObject document, string reference) =>
        reference.StartsWith('#') ? JsonPointer.Evaluate(document, reference[1..]) as JsonObject : null;

    /// <summary>Types and format for messages: <c>string (date-time)</c>, <c>integer or string</c>, <c>any</c>.</summary>
    public string DescribeType()
    {
        var types = Types.Count == 0 ? "any" : string.Join(" or ", Types);
        return Format is null ? types : $"{types} ({Format})";
    }

    private static bool IsNullSchema(JsonObject schema) =>
        schema["type"] is JsonValue v && v.TryGetValue<string>(out var t) && t == "null";

    private void Apply(JsonObject document, JsonObject schema, int depth)
    {
        if (depth > MaxReferenceDepth)
        {
            throw new SpecInputException($"schema references nest deeper than {MaxReferenceDepth} levels (a $ref cycle without content?)");
        }

        // The referenced schema first, then the site's own keywords on top (a 3.1 site may add nullable next to $ref).
        if (schema["$ref"] is JsonValue r && r.TryGetValue<string>(out var reference) && Resolve(document, reference) is { } target)
        {
            Apply(document, target, depth + 1);
        }

        foreach (var member in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Apply(document, member, depth + 1);
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is not JsonArray members)
            {
                continue;
            }

            var kept = members.OfType<JsonObject>().Where(m => !IsNullSchema(m)).ToList();
            Nullable |= kept.Count < members.Count;
            if (kept.Count == 1)
            {
                Apply(document, kept[0], depth + 1);
            }

            // A union of several shapes is read as "any value": the normalizer turns those into free-form values.
        }

        ApplyOwnKeywords(schema);
    }

    private void ApplyOwnKeywords(JsonObject schema)
    {
        switch (schema["type"])
        {
            case JsonValue single when single.TryGetValue<string>(out var type):
                Types.Clear();
                AddType(type);
                break;
            case JsonArray list:
                Types.Clear();
                foreach (var type in list.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>())
                {
                    AddType(type);
                }

                break;
        }

        if (schema["nullable"] is JsonValue n && n.GetValueKind() == JsonValueKind.True)
        {
            Nullable = true;
        }

        Format = Text(schema["format"]) ?? Format;
        Pattern = Text(schema["pattern"]) ?? Pattern;
        if (schema["enum"] is JsonArray values)
        {
            Nullable |= values.Any(v => v is null);
            Values = values.Where(v => v is not null).Select(JsonUtil.Canonical).ToList();
        }
        else if (schema["x-known-values"] is JsonArray known)
        {
            Values = known.Where(v => v is not null).Select(JsonUtil.Canonical).ToList();
        }

        if (schema.TryGetPropertyValue("default", out var defaultValue))
        {
            Default = JsonUtil.Canonical(defaultValue);
        }

        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject p)
            {
                Properties[name] = p;
            }
        }

        foreach (var name in (schema["required"] as JsonArray ?? []).Select(Text).OfType<string>())
        {
            Required.Add(name);
        }

        Items = schema["items"] as JsonObject ?? Items;
        AdditionalProperties = schema["additionalProperties"] as JsonObject ?? AdditionalProperties;
        ReadOnly |= schema["readOnly"] is JsonValue ro && ro.GetValueKind() == JsonValueKind.True;
        WriteOnly |= schema["writeOnly"] is JsonValue wo && wo.GetValueKind() == JsonValueKind.True;
        foreach (var (keyword, bound) in new[]
        {
            ("maxLength", "max-length"), ("maximum", "max"), ("maxItems", "max-items"),
            ("minLength", "min-length"), ("minimum", "min"), ("minItems", "min-items"),
        })
        {
            if (schema[keyword] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
                && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                Bounds[bound] = number;
            }
        }
    }

    private void AddType(string type)
    {
        if (type == "null")
        {
            Nullable = true;
        }
        else
        {
            Types.Add(type);
        }
    }

    // A schema that lists properties or items without saying "object"/"array" still is one; writing the type
    // out later must not read as a type change.
    private void Finish()
    {
        if (Types.Count == 0 && Properties.Count > 0)
        {
            Types.Add("object");
        }
        else if (Types.Count == 0 && Items is not null)
        {
            Types.Add("array");
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
