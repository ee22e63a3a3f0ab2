using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Replicate.Client.ModelSchemas;

/// <summary>
/// Reads the schemas of a Cog-written document into <see cref="SchemaNode"/>s: OpenAPI 3.0 semantics (boolean
/// <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>, <c>nullable</c>, <c>$ref</c> siblings ignored), or JSON Schema
/// 2020-12 when the document declares OpenAPI 3.1 (numeric exclusive bounds, type lists, <c>const</c>, <c>$ref</c>
/// beside other keywords). Keywords neither defines are ignored.
/// </summary>
internal sealed class SchemaCompiler
{
    // Patterns come from model authors: bound their run time so that one pathological pattern cannot hang a create.
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    private readonly JsonElement _document;
    private readonly bool _jsonSchema2020;
    private readonly Dictionary<string, SchemaNode> _references = new(StringComparer.Ordinal);

    public SchemaCompiler(JsonElement document, bool jsonSchema2020)
    {
        _document = document;
        _jsonSchema2020 = jsonSchema2020;
    }

    public SchemaNode Compile(JsonElement schema)
    {
        var node = new SchemaNode();
        Fill(node, schema);
        return node;
    }

    private void Fill(SchemaNode node, JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;   // true, or anything that is not a schema object: admits every value
        }

        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            var target = Resolve(reference.GetString()!);
            (node.AllOf ??= []).Add(target);
            if (!_jsonSchema2020)
            {
                return;   // OpenAPI 3.0: "sibling elements of a $ref are ignored"
            }
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    node.Types |= value.ValueKind == JsonValueKind.Array
                        ? value.EnumerateArray().Aggregate(JsonTypes.None, (types, t) => types | TypeOf(t))
                        : TypeOf(value);
                    break;
                case "nullable" when !_jsonSchema2020 && value.ValueKind == JsonValueKind.True:
                    node.Nullable = true;
                    break;
                case "minimum" when value.ValueKind == JsonValueKind.Number:
                    node.Minimum = value.GetDouble();
                    break;
                case "maximum" when value.ValueKind == JsonValueKind.Number:
                    node.Maximum = value.GetDouble();
                    break;
                case "exclusiveMinimum" when value.ValueKind == JsonValueKind.Number:
                    node.ExclusiveMinimum = value.GetDouble();
                    break;
                case "exclusiveMaximum" when value.ValueKind == JsonValueKind.Number:
                    node.ExclusiveMaximum = value.GetDouble();
                    break;
                case "multipleOf" when value.ValueKind == JsonValueKind.Number && value.GetDouble() > 0:
                    node.MultipleOfDouble = value.GetDouble();
                    node.MultipleOf = value.TryGetDecimal(out var m) ? m : null;
                    break;
                case "minLength" when value.TryGetInt32(out var min):
                    node.MinLength = min;
                    break;
                case "maxLength" when value.TryGetInt32(out var max):
                    node.MaxLength = max;
                    break;
                case "pattern" when value.ValueKind == JsonValueKind.String:
                    node.PatternText = value.GetString()!;
                    node.Pattern = Pattern(node.PatternText);
                    break;
                case "format" when value.ValueEquals("uri"):
                    node.FormatUri = true;
                    break;
                case "enum" when value.ValueKind == JsonValueKind.Array:
                    node.Enum = [.. value.EnumerateArray().Select(e => e.Clone())];
                    break;
                case "const" when _jsonSchema2020:
                    node.Enum = [value.Clone()];
                    break;
                case "items" when value.ValueKind is JsonValueKind.Object or JsonValueKind.True:
                    node.Items = Compile(value);
                    break;
                case "allOf" when value.ValueKind == JsonValueKind.Array:
                    (node.AllOf ??= []).AddRange(value.EnumerateArray().Select(Compile));
                    break;
                case "anyOf" or "oneOf" when value.ValueKind == JsonValueKind.Array:
                    (node.AnyOf ??= []).AddRange(value.EnumerateArray().Select(Compile));
                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    FillProperties(node, value, schema);
                    break;
            }
        }

        // 3.0's boolean exclusive bounds modify minimum/maximum; 3.1's are numbers of their own (read above).
        if (!_jsonSchema2020)
        {
            if (schema.TryGetProperty("exclusiveMinimum", out var exMin) && exMin.ValueKind == JsonValueKind.True && node.Minimum is { } lower)
            {
                node.ExclusiveMinimum = lower;
                node.Minimum = null;
            }

            if (schema.TryGetProperty("exclusiveMaximum", out var exMax) && exMax.ValueKind == JsonValueKind.True && node.Maximum is { } upper)
            {
                node.ExclusiveMaximum = upper;
                node.Maximum = null;
            }
        }

        node.EnumStrings = node.Enum?.Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToArray();
        if ((node.Types & JsonTypes.Null) != 0)
        {
            node.Nullable = true;
        }
    }

    private void FillProperties(SchemaNode node, JsonElement properties, JsonElement schema)
    {
        var ordered = new List<(string Name, double Order, int Index, JsonElement Schema)>();
        foreach (var property in properties.EnumerateObject())
        {
            var order = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("x-order", out var x) && x.ValueKind == JsonValueKind.Number
                ? x.GetDouble()
                : double.MaxValue;
            ordered.Add((property.Name, order, ordered.Count, property.Value));
        }

        ordered.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.Index.CompareTo(b.Index));
        node.Properties = new Dictionary<string, SchemaNode>(ordered.Count, StringComparer.Ordinal);
        foreach (var (name, _, _, propertySchema) in ordered)
        {
            node.Properties[name] = Compile(propertySchema);
        }

        node.PropertyOrder = [.. ordered.Select(p => p.Name)];
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            node.Required = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!))
            {
                // A default is never required: the model fills it in.
                var hasDefault = properties.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("default", out _);
                if (!hasDefault)
                {
                    node.Required.Add(name);
                }
            }
        }
    }

    private SchemaNode Resolve(string reference)
    {
        if (_references.TryGetValue(reference, out var known))
        {
            return known;
        }

        if (!reference.StartsWith('#'))
        {
            throw new FormatException($"The schema refers outside its document ('{reference}'); only '#/…' references are resolved.");
        }

        var target = _document;
        foreach (var segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
            {
                throw new FormatException($"The schema's reference '{reference}' points at nothing in the document.");
            }
        }

        // Registered before it is filled, so that a schema referring to itself resolves to the node being built.
        var node = new SchemaNode();
        _references[reference] = node;
        Fill(node, target);
        return node;
    }

    private static JsonTypes TypeOf(JsonElement type) => type.ValueKind != JsonValueKind.String ? JsonTypes.None : type.GetString() switch
    {
        "string" => JsonTypes.String,
        "integer" => JsonTypes.Integer,
        "number" => JsonTypes.Number,
        "boolean" => JsonTypes.Boolean,
        "array" => JsonTypes.Array,
        "object" => JsonTypes.Object,
        "null" => JsonTypes.Null,
        _ => JsonTypes.None,
    };

    private static Regex Pattern(string pattern)
    {
        // ECMA-262 semantics where .NET has them (RegexOptions.ECMAScript: ASCII \w \d \s, ECMAScript
        // backreferences); a pattern using what that mode refuses (lookbehind, Unicode classes) falls back to .NET's
        // default dialect, which reads the common subset the same way. Never anchored: pattern is a search.
        try
        {
            return new Regex(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException)
        {
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException e)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"The schema's pattern '{pattern}' is not a regular expression: {e.Message}"), e);
            }
        }
    }
}
