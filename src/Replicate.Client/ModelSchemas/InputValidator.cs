using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Replicate.Client.ModelSchemas;

/// <summary>
/// Checks a value against a compiled <see cref="SchemaNode"/>, collecting every error. The list is created at the
/// first error, and a field's JSON pointer is only rendered for an error, so a valid input costs no allocation
/// beyond the strings a few keywords need (pattern, length, format read the string once).
/// </summary>
internal static class InputValidator
{
    private const int QuoteLimit = 60;

    public static void CheckInput(SchemaNode schema, JsonElement input, ref List<ModelInputError>? errors)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            Add(ref errors, default, "type", $"the input is a JSON object, not {Describe(input.ValueKind)}", inItems: false);
            return;
        }

        CheckObject(schema, input, new Location(string.Empty, null, -1), ref errors, inItems: false, topLevel: true);
    }

    private static void Check(SchemaNode node, JsonElement value, Location at, ref List<ModelInputError>? errors, bool inItems)
    {
        if (value.ValueKind == JsonValueKind.Null && node.Nullable)
        {
            return;
        }

        if (node.AllOf is { } allOf)
        {
            foreach (var part in allOf)
            {
                Check(part, value, at, ref errors, inItems);
            }
        }

        if (node.AnyOf is { } anyOf)
        {
            CheckAnyOf(anyOf, value, at, ref errors, inItems);
        }

        var kind = KindOf(value);
        if (node.Types != JsonTypes.None && (node.Types & kind) == 0 && !(kind == JsonTypes.Integer && (node.Types & JsonTypes.Number) != 0))
        {
            Add(ref errors, at, "type", $"expected {Describe(node.Types)}, got {Describe(kind)}", inItems);
            return;   // the other keywords speak of a type the value does not have
        }

        if (node.Enum is { } allowed && !IsOneOf(allowed, node.EnumStrings!, value))
        {
            Add(ref errors, at, "enum", $"{Quote(value)} is not one of {string.Join(", ", allowed.Select(a => a.GetRawText()))}", inItems);
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                CheckNumber(node, value, at, ref errors, inItems);
                break;
            case JsonValueKind.String when node.MinLength is not null || node.MaxLength is not null || node.Pattern is not null || node.FormatUri:
                CheckString(node, value.GetString()!, at, ref errors, inItems);
                break;
            case JsonValueKind.Array when node.Items is { } items:
                var pointer = at.Render();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(items, item, new Location(pointer, null, index++), ref errors, inItems: true);
                }

                break;
            case JsonValueKind.Object when node.Properties is not null || node.Required is not null:
                CheckObject(node, value, at, ref errors, inItems, topLevel: false);
                break;
        }
    }

    private static void CheckObject(SchemaNode node, JsonElement value, Location at, ref List<ModelInputError>? errors, bool inItems, bool topLevel)
    {
        var pointer = topLevel ? string.Empty : at.Render();
        var found = 0;
        foreach (var name in node.PropertyOrder ?? Array.Empty<string>())
        {
            if (value.TryGetProperty(name, out var property))
            {
                found++;
                Check(node.Properties![name], property, new Location(pointer, name, -1), ref errors, inItems);
            }
            else if (node.Required?.Contains(name) == true)
            {
                Add(ref errors, new Location(pointer, name, -1), "required", "missing; the model needs a value", inItems);
            }
        }

        if (node.Required is { } required)
        {
            // A required name with no property schema of its own (rare; Cog never writes one) is still required.
            foreach (var name in required)
            {
                if (node.Properties?.ContainsKey(name) != true && !value.TryGetProperty(name, out _))
                {
                    Add(ref errors, new Location(pointer, name, -1), "required", "missing; the model needs a value", inItems);
                }
            }
        }

        // Only the model's own input names are checked for strangers: Cog drops unknown names silently, so a typo in an
        // optional input would run (and bill) with the default. Nested objects are free-form unless a model says more.
        if (topLevel && found != value.GetPropertyCount())
        {
            foreach (var property in value.EnumerateObject())
            {
                if (node.Properties?.ContainsKey(property.Name) != true)
                {
                    Add(ref errors, new Location(pointer, property.Name, -1), "unknown-input", UnknownDetail(property.Name, node.PropertyOrder ?? []), inItems);
                }
            }
        }
    }

    private static void CheckAnyOf(List<SchemaNode> branches, JsonElement value, Location at, ref List<ModelInputError>? errors, bool inItems)
    {
        List<ModelInputError>? closest = null;
        foreach (var branch in branches)
        {
            List<ModelInputError>? attempt = null;
            Check(branch, value, at, ref attempt, inItems);
            if (attempt is null)
            {
                return;
            }

            if (closest is null || attempt.Count < closest.Count)
            {
                closest = attempt;
            }
        }

        if (closest is not null)
        {
            (errors ??= []).AddRange(closest);
        }
    }

    private static void CheckNumber(SchemaNode node, JsonElement value, Location at, ref List<ModelInputError>? errors, bool inItems)
    {
        var number = value.GetDouble();
        if (node.Minimum is { } minimum && number < minimum)
        {
            Add(ref errors, at, "minimum", $"{value.GetRawText()} < {Format(minimum)}", inItems);
        }

        if (node.Maximum is { } maximum && number > maximum)
        {
            Add(ref errors, at, "maximum", $"{value.GetRawText()} > {Format(maximum)}", inItems);
        }

        if (node.ExclusiveMinimum is { } exclusiveMinimum && number <= exclusiveMinimum)
        {
            Add(ref errors, at, "exclusiveMinimum", $"{value.GetRawText()} <= {Format(exclusiveMinimum)}", inItems);
        }

        if (node.ExclusiveMaximum is { } exclusiveMaximum && number >= exclusiveMaximum)
        {
            Add(ref errors, at, "exclusiveMaximum", $"{value.GetRawText()} >= {Format(exclusiveMaximum)}", inItems);
        }

        if (node.MultipleOfDouble is { } step && !IsMultiple(value, number, node.MultipleOf, step))
        {
            Add(ref errors, at, "multipleOf", $"{value.GetRawText()} is not a multiple of {Format(step)}", inItems);
        }
    }

    // Decimal arithmetic where both fit (0.3 is a multiple of 0.1, which binary floating point denies); a relative
    // tolerance otherwise.
    private static bool IsMultiple(JsonElement value, double number, decimal? step, double stepDouble)
    {
        if (step is { } exact && value.TryGetDecimal(out var d))
        {
            return d % exact == 0;
        }

        var quotient = number / stepDouble;
        return double.IsFinite(quotient) && Math.Abs(quotient - Math.Round(quotient)) <= 1e-9 * Math.Max(1, Math.Abs(quotient));
    }

    private static void CheckString(SchemaNode node, string text, Location at, ref List<ModelInputError>? errors, bool inItems)
    {
        if (node.MinLength is not null || node.MaxLength is not null)
        {
            // Unicode code points, as JSON Schema counts: a surrogate pair (an emoji) is one character, not two.
            var length = text.Length;
            foreach (var c in text)
            {
                if (char.IsLowSurrogate(c))
                {
                    length--;
                }
            }

            if (node.MinLength is { } min && length < min)
            {
                Add(ref errors, at, "minLength", string.Create(CultureInfo.InvariantCulture, $"{length} characters < {min}"), inItems);
            }

            if (node.MaxLength is { } max && length > max)
            {
                Add(ref errors, at, "maxLength", string.Create(CultureInfo.InvariantCulture, $"{length} characters > {max}"), inItems);
            }
        }

        if (node.Pattern is { } pattern && !Matches(pattern, text))
        {
            Add(ref errors, at, "pattern", $"{Quote(text)} does not match {node.PatternText}", inItems);
        }

        if (node.FormatUri && !UriSyntax.IsAbsoluteUri(text))
        {
            Add(ref errors, at, "format", $"{Quote(text)} is not an absolute URI (an https URL or a data: URI; upload a local file first)", inItems);
        }
    }

    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // A loop, not Any(lambda): the closure would be an allocation on every valid enum value.
    private static bool IsOneOf(JsonElement[] allowed, string?[] strings, JsonElement value)
    {
        for (var i = 0; i < allowed.Length; i++)
        {
            if (Same(allowed[i], strings[i], value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(JsonElement allowed, string? text, JsonElement value) => allowed.ValueKind switch
    {
        JsonValueKind.String => value.ValueKind == JsonValueKind.String && value.ValueEquals(text),
        JsonValueKind.Number => value.ValueKind == JsonValueKind.Number && allowed.GetDouble() == value.GetDouble(),
        _ => JsonElement.DeepEquals(allowed, value),
    };

    private static JsonTypes KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonTypes.String,
        JsonValueKind.Number => IsInteger(value) ? JsonTypes.Integer : JsonTypes.Number,
        JsonValueKind.True or JsonValueKind.False => JsonTypes.Boolean,
        JsonValueKind.Array => JsonTypes.Array,
        JsonValueKind.Object => JsonTypes.Object,
        _ => JsonTypes.Null,
    };

    // JSON Schema's integer: a number with no fractional part (1.0 is one); 1.5 and 1e400 are not.
    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.GetDouble() is var d && double.IsFinite(d) && Math.Floor(d) == d);

    private static string UnknownDetail(string name, string[] known)
    {
        var suggestion = DidYouMean.Closest(name, known);
        return suggestion is not null
            ? $"not an input of this model; did you mean '{suggestion}'?"
            : $"not an input of this model (its inputs: {string.Join(", ", known)})";
    }

    private static void Add(ref List<ModelInputError>? errors, Location at, string rule, string detail, bool inItems) =>
        (errors ??= []).Add(inItems ? new ModelInputError(at.Render(), "items", rule + ": " + detail) : new ModelInputError(at.Render(), rule, detail));

    private static string Format(double number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Quote(JsonElement value) => value.ValueKind == JsonValueKind.String ? Quote(value.GetString()!) : Shorten(value.GetRawText());

    private static string Quote(string text) => "\"" + Shorten(text) + "\"";

    private static string Shorten(string text) => text.Length <= QuoteLimit ? text : string.Concat(text.AsSpan(0, QuoteLimit), "…");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "a " + kind.ToString().ToLowerInvariant(),
    };

    private static readonly JsonTypes[] AllTypes = [JsonTypes.String, JsonTypes.Integer, JsonTypes.Number, JsonTypes.Boolean, JsonTypes.Array, JsonTypes.Object, JsonTypes.Null];

    private static string Describe(JsonTypes types) =>
        string.Join(" or ", AllTypes.Where(t => (types & t) != 0).Select(t => t.ToString().ToLowerInvariant()));

    /// <summary>Where a value sits: its parent's JSON pointer and its own name or index, rendered only for an error.</summary>
    private readonly struct Location(string parent, string? name, int index)
    {
        public string Render() =>
            name is not null ? parent + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
            : index >= 0 ? parent + "/" + index.ToString(CultureInfo.InvariantCulture)
            : parent ?? string.Empty;
    }
}
