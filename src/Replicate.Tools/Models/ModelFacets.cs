using System.Globalization;
using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Models;

/// <summary>
/// What one input (or the output) of a Cog schema admits, with <c>$ref</c> and <c>allOf</c> followed: the view both the
/// model-schema differ and the typed-input generator read, so that the two can never disagree about what a schema says.
/// OpenAPI 3.0 by default (boolean exclusive bounds, <c>nullable</c>); a 3.1 document's numeric exclusive bounds and type
/// lists are read too.
/// </summary>
internal sealed record ModelFacet
{
    /// <summary>JSON types, sorted (<c>integer</c>, <c>string</c> …); empty when the schema says none (any value).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    public bool Nullable { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public bool ExclusiveMinimum { get; init; }

    public bool ExclusiveMaximum { get; init; }

    public double? MultipleOf { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public string? Format { get; init; }

    /// <summary>Allowed values as canonical JSON (<c>"1:1"</c>, <c>4</c>), in the schema's order; null when unconstrained.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>The default as canonical JSON, or null when there is none (or it was not recorded: see <see cref="HasDefault"/>).</summary>
    public string? Default { get; init; }

    /// <summary>A default exists (recorded, or a free-text default a structural schema left out).</summary>
    public bool HasDefault { get; init; }

    public ModelFacet? Items { get; init; }

    /// <summary>Cog's <c>x-cog-array-display: concatenate</c>: a streamed text output read as one string.</summary>
    public bool Concatenate { get; init; }

    public string Type => Types.Count == 1 ? Types[0] : string.Join("|", Types);
}

/// <summary>An input of a model, in <c>x-order</c>.</summary>
internal sealed record ModelInput(string Name, bool Required, ModelFacet Facet);

/// <summary>Reads a Cog document's <c>Input</c> and <c>Output</c> into <see cref="ModelFacet"/>s.</summary>
internal sealed class ModelFacets
{
    private readonly JsonObject _document;
    private readonly bool _openApi31;

    private ModelFacets(JsonObject document)
    {
        _document = document;
        _openApi31 = document["openapi"]?.GetValue<string>().StartsWith("3.1", StringComparison.Ordinal) == true;
    }

    public IReadOnlyList<ModelInput> Inputs { get; private set; } = [];

    public ModelFacet? Output { get; private set; }

    /// <exception cref="InvalidDataException">No <c>components.schemas.Input</c>, or a <c>$ref</c> that leads nowhere.</exception>
    public static ModelFacets Read(JsonObject document)
    {
        var facets = new ModelFacets(document);
        var schemas = document["components"]?["schemas"] as JsonObject;
        if (schemas?["Input"] is not JsonObject input)
        {
            throw new InvalidDataException("the model schema has no components.schemas.Input");
        }

        var resolvedInput = facets.Flatten(input, depth: 0);
        var required = (resolvedInput["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        var properties = resolvedInput["properties"] as JsonObject ?? [];
        facets.Inputs = [.. properties
            .Select((p, index) => (p.Key, Schema: p.Value as JsonObject ?? [], Index: index))
            .OrderBy(p => p.Schema["x-order"] is JsonValue order && order.TryGetValue<double>(out var o) ? o : double.MaxValue)
            .ThenBy(p => p.Index)
            .Select(p =>
            {
                var facet = facets.Facet(p.Schema, 0);
                return new ModelInput(p.Key, required.Contains(p.Key) && !facet.HasDefault, facet);
            })];
        facets.Output = schemas["Output"] is JsonObject output ? facets.Facet(output, 0) : null;
        return facets;
    }

    private ModelFacet Facet(JsonObject schema, int depth)
    {
        var flat = Flatten(schema, depth);
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var nullable = false;
        switch (flat["type"])
        {
            case JsonValue value when value.TryGetValue<string>(out var type):
                types.Add(type);
                break;
            case JsonArray list:
                foreach (var t in list.Select(t => t?.GetValue<string>()).OfType<string>())
                {
                    if (t == "null") { nullable = true; } else { types.Add(t); }
                }

                break;
        }

        nullable |= !_openApi31 && flat["nullable"] is JsonValue n && n.TryGetValue<bool>(out var isNullable) && isNullable;
        var (minimum, exclusiveMinimum) = Bound(flat, "minimum", "exclusiveMinimum");
        var (maximum, exclusiveMaximum) = Bound(flat, "maximum", "exclusiveMaximum");
        var enumValues = flat["enum"] is JsonArray values ? values.Select(JsonUtil.Canonical).ToList()
            : _openApi31 && flat.ContainsKey("const") ? [JsonUtil.Canonical(flat["const"])] : null;
        return new ModelFacet
        {
            Types = [.. types],
            Nullable = nullable,
            Minimum = minimum,
            Maximum = maximum,
            ExclusiveMinimum = exclusiveMinimum,
            ExclusiveMaximum = exclusiveMaximum,
            MultipleOf = Number(flat["multipleOf"]),
            MinLength = (int?)Number(flat["minLength"]),
            MaxLength = (int?)Number(flat["maxLength"]),
            Pattern = flat["pattern"] is JsonValue p && p.TryGetValue<string>(out var pattern) ? pattern : null,
            Format = flat["format"] is JsonValue f && f.TryGetValue<string>(out var format) ? format : null,
            Enum = enumValues,
            Default = flat.ContainsKey("default") ? JsonUtil.Canonical(flat["default"]) : null,
            HasDefault = flat.ContainsKey("default") || flat.ContainsKey(StructuralModelSchema.DefaultOmitted),
            Items = flat["items"] is JsonObject items && depth < 16 ? Facet(items, depth + 1) : null,
            Concatenate = flat["x-cog-array-display"] is JsonValue d && d.TryGetValue<string>(out var display) && display == "concatenate",
        };
    }

    // A schema with its $ref and allOf parts merged into one object: the schema's own keywords win over a part's
    // (Cog writes the default beside allOf [{$ref: enum}]); in 3.0 a $ref's siblings are ignored.
    private JsonObject Flatten(JsonObject schema, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidDataException("the model schema's $refs nest more than 32 deep (a cycle?)");
        }

        var merged = new JsonObject();
        if (schema["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var pointer))
        {
            Merge(merged, Flatten(Resolve(pointer), depth + 1));
            if (!_openApi31)
            {
                return merged;
            }
        }

        if (schema["allOf"] is JsonArray parts)
        {
            foreach (var part in parts.OfType<JsonObject>())
            {
                Merge(merged, Flatten(part, depth + 1));
            }
        }

        foreach (var (key, value) in schema)
        {
            if (key is not ("$ref" or "allOf"))
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged;
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            into[key] = value?.DeepClone();
        }
    }

    private JsonObject Resolve(string pointer)
    {
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the model schema refers outside itself ({pointer}); only #/… references are read");
        }

        JsonNode? node = _document;
        foreach (var segment in pointer[2..].Split('/'))
        {
            node = (node as JsonObject)?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return node as JsonObject ?? throw new InvalidDataException($"the model schema's $ref {pointer} leads nowhere");
    }

    private (double? Value, bool Exclusive) Bound(JsonObject schema, string inclusive, string exclusive)
    {
        var value = Number(schema[inclusive]);
        return schema[exclusive] switch
        {
            JsonValue flag when flag.TryGetValue<bool>(out var isExclusive) => (value, isExclusive && value is not null),
            JsonValue number when Number(number) is { } bound => value is { } v && (inclusive == "minimum" ? v > bound : v < bound) ? (v, false) : (bound, true),
            _ => (value, false),
        };
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
