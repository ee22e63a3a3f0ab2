using System.Text.Json;

namespace Replicate.Client.Predictions;

/// <summary>
/// The output of a succeeded prediction: any JSON value, with accessors for the common shapes (a string, a list of
/// strings, file URLs).
/// </summary>
public sealed class PredictionOutput
{
    /// <summary>Wraps an output value (any JSON; JSON null or an empty element for no output).</summary>
    public PredictionOutput(JsonElement output)
    {
        Element = output.ValueKind == JsonValueKind.Undefined ? default : output.Clone();
    }

    /// <summary>The raw JSON value (<see cref="JsonValueKind.Undefined"/> when the output is null).</summary>
    public JsonElement Element { get; }

    /// <summary>Whether there is no output (null).</summary>
    public bool IsNull => Element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    /// <summary>The output as one string (a JSON string).</summary>
    public string AsString() => Element.ValueKind == JsonValueKind.String
        ? Element.GetString()!
        : throw new InvalidOperationException($"The output is {Describe()}, not a string.");

    /// <summary>The output as a list of strings (a JSON array of strings; a single string gives a list of one).</summary>
    public IReadOnlyList<string> AsStrings() => Element.ValueKind switch
    {
        JsonValueKind.String => [Element.GetString()!],
        JsonValueKind.Array when Element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => [.. Element.EnumerateArray().Select(e => e.GetString()!)],
        _ => throw new InvalidOperationException($"The output is {Describe()}, not a string or a list of strings."),
    };

    /// <summary>The output as file URLs (https URLs or <c>data:</c> URIs), from a string or a list of strings.</summary>
    public IReadOnlyList<Uri> AsUris() => [.. AsStrings().Select(s => Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "data"
        ? uri
        : throw new InvalidOperationException($"'{(s.Length > 80 ? s[..80] + "…" : s)}' in the output is not a file URL."))];

    /// <summary>The output as one file URL (a string that is an https URL or a <c>data:</c> URI).</summary>
    public Uri AsUri() => AsUris() is [var uri] && Element.ValueKind == JsonValueKind.String
        ? uri
        : throw new InvalidOperationException($"The output is {Describe()}, not one file URL.");

    /// <summary>The concatenation of a list of text tokens (what language models return), or the string itself.</summary>
    public string AsText() => string.Concat(AsStrings());

    /// <inheritdoc />
    public override string ToString() => IsNull ? "null" : Element.GetRawText();

    private string Describe() => IsNull ? "null" : "a JSON " + Element.ValueKind.ToString().ToLowerInvariant();
}
