using System.Text.Json.Nodes;

namespace Replicate.Tools.Normalization;

/// <summary>Settings of the normalizer, read from <c>openapi/normalizer.json</c>.</summary>
internal sealed class NormalizerOptions
{
    /// <summary>Names the NSwag output defines itself; a component with one of these names would not compile (CS0579).</summary>
    public static readonly IReadOnlyList<string> DefaultReservedNames =
    [
        "ApiException", "ApiResponse", "FileParameter", "FileResponse", "SwaggerException", "SwaggerResponse",
        "JsonInheritanceAttribute", "JsonInheritanceConverter", "DateFormatConverter",
    ];

    /// <summary>Component names that must not be used as-is (client names <c>{Tag}Client</c> are added automatically).</summary>
    public IReadOnlyList<string> ReservedNames { get; init; } = DefaultReservedNames;

    /// <summary>Suffix appended to a component name that collides with a reserved name.</summary>
    public string ReservedSuffix { get; init; } = "Model";

    /// <summary>Prefixes removed from component names before PascalCasing (<c>schemas_prediction_response</c> → <c>PredictionResponse</c>).</summary>
    public IReadOnlyList<string> StripComponentPrefixes { get; init; } = ["schemas_"];

    /// <summary>
    /// Rule 11: free-form properties the API fills with a known component, <c>Schema.property</c> → component
    /// (<c>ModelResponse.latest_version</c> → <c>VersionResponse</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> TypedProperties { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Loads options from a JSON file; missing keys keep their defaults.</summary>
    public static NormalizerOptions Load(string? path)
    {
        if (path is null)
        {
            return new NormalizerOptions();
        }

        var root = JsonUtil.ParseObject(File.ReadAllText(path), path);
        var defaults = new NormalizerOptions();
        return new NormalizerOptions
        {
            ReservedNames = Strings(root["reservedNames"]) ?? defaults.ReservedNames,
            ReservedSuffix = root["reservedSuffix"]?.GetValue<string>() ?? defaults.ReservedSuffix,
            StripComponentPrefixes = Strings(root["stripComponentPrefixes"]) ?? defaults.StripComponentPrefixes,
            TypedProperties = root["typedProperties"] is JsonObject typed
                ? typed.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
                : defaults.TypedProperties,
        };
    }

    private static string[]? Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToArray() : null;
}
