using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Generation;

/// <summary>
/// The small naming overlay of <c>openapi/generation.json</c>. Everything in it is optional: without an entry a name is
/// derived (see docs/generation.md), so a new operation or resource upstream never needs a line here.
/// </summary>
internal sealed class GenerationOptions
{
    /// <summary>
    /// C# names for server-owned string sets, keyed <c>Schema.property</c> (a property's inline set) or <c>Schema</c>
    /// (an enum component). Two keys may name one type when their values are the same: it is then shared.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnumNames { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>C# parameter names of request bodies by operation id (default <c>request</c>).</summary>
    public IReadOnlyDictionary<string, string> BodyNames { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Doc summaries of the resource properties (<c>ReplicateResources.Models</c>) by tag; a default otherwise.</summary>
    public IReadOnlyDictionary<string, string> ResourceSummaries { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Loads the overlay; a missing file means no overrides.</summary>
    public static GenerationOptions Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return new GenerationOptions();
        }

        var root = JsonUtil.ParseObject(File.ReadAllText(path), path);
        return new GenerationOptions
        {
            EnumNames = Map(root["enumNames"], path, "enumNames"),
            BodyNames = Map(root["bodyNames"], path, "bodyNames"),
            ResourceSummaries = Map(root["resourceSummaries"], path, "resourceSummaries", identifiers: false),
        };
    }

    private static Dictionary<string, string> Map(JsonNode? node, string path, string key, bool identifiers = true)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return map;
        }

        if (node is not JsonObject obj)
        {
            throw new InvalidDataException($"{path}: '{key}' must be an object of names");
        }

        foreach (var (name, value) in obj)
        {
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (string.IsNullOrWhiteSpace(text) || (identifiers && !CSharpNames.IsIdentifier(text)))
            {
                throw new InvalidDataException(identifiers
                    ? $"{path}: '{key}.{name}' must be a C# identifier, not '{value?.ToJsonString()}'"
                    : $"{path}: '{key}.{name}' must be a non-empty string, not '{value?.ToJsonString()}'");
            }

            map[name] = text;
        }

        return map;
    }
}
