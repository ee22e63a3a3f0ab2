using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Drift;

/// <summary>
/// One side of a diff: an OpenAPI 3.0 or 3.1 document (JSON or YAML, raw or already normalized) as it was given,
/// and as the generated client sees it — passed through the project's normalizer, which is idempotent, so a raw
/// document and its normalized baseline arrive at the same tree.
/// </summary>
internal sealed partial class SpecDocument
{
    private SpecDocument(string display, JsonObject input, JsonObject normalized)
    {
        Display = display;
        Input = input;
        Normalized = normalized;
    }

    /// <summary>How the document is named in messages (the path as given).</summary>
    public string Display { get; }

    /// <summary>The document as given (used only to tell why a C# type name changed).</summary>
    public JsonObject Input { get; }

    /// <summary>The normalized document: what the comparison walks.</summary>
    public JsonObject Normalized { get; }

    /// <summary>
    /// True when normalizing added or renamed no component — the committed baseline is such a document. Its
    /// references are then the C# types themselves and say nothing about what upstream wrote inline.
    /// </summary>
    public bool InputWasNormalized => _inputWasNormalized ??= ComponentNames(Input).SetEquals(ComponentNames(Normalized));

    private bool? _inputWasNormalized;

    private static HashSet<string> ComponentNames(JsonObject document) =>
        (document["components"]?["schemas"] as JsonObject ?? []).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads and validates a file; every failure is a <see cref="SpecInputException"/>.</summary>
    public static SpecDocument Load(string path, Normalizer normalizer)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecInputException(e is FileNotFoundException or DirectoryNotFoundException
                ? $"{path}: no such file"
                : $"{path}: cannot be read ({e.Message})");
        }

        return Parse(text, path, normalizer);
    }

    /// <summary>Parses and validates document text.</summary>
    public static SpecDocument Parse(string text, string display, Normalizer normalizer)
    {
        var trimmed = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (trimmed.IsEmpty)
        {
            throw new SpecInputException($"{display} is empty");
        }

        if (trimmed[0] == '<')
        {
            throw new SpecInputException($"{display} is HTML or XML, not an OpenAPI document");
        }

        var root = trimmed[0] is '{' or '[' ? ParseJson(text, display) : YamlJson.Parse(text, display);
        if (root is not JsonObject document)
        {
            throw new SpecInputException($"{display} is not an object, so not an OpenAPI document");
        }

        CheckVersion(document, display);
        if (document["paths"] is not JsonObject)
        {
            throw new SpecInputException($"{display} has no 'paths' object");
        }

        CheckReferences(document, document, "", display);
        JsonObject normalized;
        try
        {
            normalized = normalizer.Normalize(document);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException)
        {
            throw new SpecInputException($"{display} cannot be normalized: {e.Message}");
        }

        return new SpecDocument(display, document, normalized);
    }

    private static JsonNode? ParseJson(string text, string display)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false });
        }
        catch (JsonException e) when (e.Message.Contains("uplicate", StringComparison.Ordinal))
        {
            throw new SpecInputException($"{display} has a duplicate key (line {e.LineNumber + 1})");
        }
        catch (JsonException e)
        {
            throw new SpecInputException($"{display} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
    }

    [GeneratedRegex(@"^3\.[01](\.[0-9]+)?(-.+)?$")]
    private static partial Regex SupportedVersion();

    private static void CheckVersion(JsonObject document, string display)
    {
        if (document["swagger"] is not null)
        {
            throw new SpecInputException($"{display} is Swagger 2.0; spec diff reads OpenAPI 3.0 and 3.1");
        }

        var version = document["openapi"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (version is null)
        {
            throw new SpecInputException($"{display} has no 'openapi' version string, so it is not an OpenAPI document");
        }

        if (!SupportedVersion().IsMatch(version))
        {
            throw new SpecInputException($"{display} is OpenAPI {version}; spec diff reads OpenAPI 3.0 and 3.1");
        }
    }

    // A reference that points nowhere would silently compare as an empty schema; refuse it instead.
    private static void CheckReferences(JsonObject document, JsonNode? node, string pointer, string display)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var reference))
                    {
                        if (!reference.StartsWith('#'))
                        {
                            throw new SpecInputException($"{display}: external reference '{reference}' at {pointer}; spec diff reads self-contained documents");
                        }

                        if (JsonPointer.Evaluate(document, reference[1..]) is null)
                        {
                            throw new SpecInputException($"{display}: reference '{reference}' at {pointer} points to nothing");
                        }
                    }
                    else
                    {
                        CheckReferences(document, value, pointer + "/" + JsonPointer.Escape(key), display);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckReferences(document, array[i], pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), display);
                }

                break;
        }
    }
}
