using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Replicate.Tools.Drift;

/// <summary>
/// Reads a YAML document into the same <see cref="JsonNode"/> tree a JSON document gives, so the rest of the diff
/// never knows which syntax it came from. Plain scalars are typed by the YAML 1.2 core schema (what OpenAPI
/// documents assume: <c>true</c>, <c>3</c>, <c>null</c> are not strings); quoted scalars are always strings.
/// </summary>
internal static partial class YamlJson
{
    private const int MaxDepth = 256;

    // Aliases share one node: a YAML "billion laughs" expands exponentially when converted. Far more nodes than any
    // OpenAPI document has, and bounded by the text so expansion is what trips it.
    private const int MaxNodes = 2_000_000;

    public static JsonNode? Parse(string text, string display)
    {
        // YamlDotNet parses flow collections recursively: 100,000 nested '[' overflow the stack before any depth check.
        if (FlowDepth(text) > MaxDepth)
        {
            throw new SpecInputException($"{display} nests flow collections deeper than {MaxDepth} levels");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SpecInputException($"{display} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {FirstLine(e.Message)}");
        }

        return stream.Documents.Count switch
        {
            0 => throw new SpecInputException($"{display} is empty"),
            1 => Convert(stream.Documents[0].RootNode, display, depth: 0, new NodeBudget()),
            _ => throw new SpecInputException($"{display} holds {stream.Documents.Count} YAML documents; an OpenAPI file holds one"),
        };
    }

    private static JsonNode? Convert(YamlNode node, string display, int depth, NodeBudget budget)
    {
        // Aliases can make a YAML graph cyclic; JSON cannot be, so a depth limit turns that into a clear error.
        if (depth > MaxDepth)
        {
            throw new SpecInputException($"{display} nests deeper than {MaxDepth} levels (a cyclic YAML alias?)");
        }

        if (++budget.Nodes > MaxNodes)
        {
            throw new SpecInputException($"{display} expands to more than {MaxNodes:N0} nodes (YAML aliases repeated into a bomb?)");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalar ? scalar.Value ?? string.Empty
                        : throw new SpecInputException($"{display} line {key.Start.Line}: a mapping key that is not a scalar cannot be a JSON member name");
                    if (!obj.TryAdd(name, Convert(value, display, depth + 1, budget)))
                    {
                        throw new SpecInputException($"{display} line {key.Start.Line}: duplicate key '{name}'");
                    }
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(child => Convert(child, display, depth + 1, budget)).ToArray());
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new SpecInputException($"{display} line {node.Start.Line}: unsupported YAML node");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || (tag is null && scalar.Style is not ScalarStyle.Plain))
        {
            return JsonValue.Create(value);
        }

        if (tag is "tag:yaml.org,2002:null" || (tag is null && NullScalar().IsMatch(value)))
        {
            return null;
        }

        if (BoolScalar().IsMatch(value) && tag is null or "tag:yaml.org,2002:bool")
        {
            return JsonValue.Create(value[0] is 't' or 'T');
        }

        if (tag is null or "tag:yaml.org,2002:int" && IntScalar().IsMatch(value))
        {
            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                ? JsonValue.Create(integer)
                : JsonValue.Create(decimal.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        if (tag is null or "tag:yaml.org,2002:float" && FloatScalar().IsMatch(value))
        {
            return decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        // Anything else (hex, octal, .inf, .nan, dates) stays text: JSON has no spelling for most of them.
        return JsonValue.Create(value);
    }

    // The deepest nesting of '[' and '{' outside quoted scalars and comments (a cheap over-estimate is fine: it only
    // has to stay under the limit for real documents).
    private static int FlowDepth(string text)
    {
        int depth = 0, max = 0;
        char quote = '\0';
        var comment = false;
        foreach (var c in text)
        {
            if (comment)
            {
                comment = c != '\n';
                continue;
            }

            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '#':
                    comment = true;
                    break;
                case '[' or '{':
                    max = Math.Max(max, ++depth);
                    break;
                case ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '\n':
                    quote = '\0';
                    break;
            }
        }

        return max;
    }

    private sealed class NodeBudget
    {
        public int Nodes { get; set; }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    [GeneratedRegex("^(~|null|Null|NULL|)$")]
    private static partial Regex NullScalar();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BoolScalar();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntScalar();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatScalar();
}
