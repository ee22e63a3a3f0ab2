using System.Text.Json;
using Replicate.Client.Errors;

namespace Replicate.Client.Outputs;

/// <summary>The files in a prediction's output, their names, and which failures to save one may pass.</summary>
internal static class OutputFiles
{
    // Media types of data: URIs that models return, to name their files; anything else is ".bin".
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/png"] = ".png", ["image/jpeg"] = ".jpg", ["image/webp"] = ".webp", ["image/gif"] = ".gif", ["image/svg+xml"] = ".svg",
        ["audio/wav"] = ".wav", ["audio/x-wav"] = ".wav", ["audio/mpeg"] = ".mp3", ["audio/ogg"] = ".ogg", ["audio/flac"] = ".flac",
        ["video/mp4"] = ".mp4", ["video/webm"] = ".webm", ["text/plain"] = ".txt", ["application/json"] = ".json",
        ["application/zip"] = ".zip", ["application/pdf"] = ".pdf", ["model/gltf-binary"] = ".glb",
    };

    /// <summary>Every string in the output (depth first) that is an absolute https/http URL or a <c>data:</c> URI.</summary>
    public static List<Uri> Find(JsonElement output)
    {
        var found = new List<Uri>();
        Walk(output, found);
        return found;

        static void Walk(JsonElement element, List<Uri> found)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    if (element.GetString() is { } text && (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                        && Uri.TryCreate(text, UriKind.Absolute, out var uri))
                    {
                        found.Add(uri);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item, found);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Walk(property.Value, found);
                    }

                    break;
            }
        }
    }

    /// <summary><c>key.ext</c> for one file, <c>key-i.ext</c> for several.</summary>
    public static string Name(string key, int index, int count, Uri source) =>
        (count == 1 ? key : $"{key}-{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}") + Extension(source);

    public static string? MediaType(Uri source)
    {
        if (source.Scheme != "data")
        {
            return null;
        }

        var text = source.OriginalString;
        var end = text.IndexOfAny([';', ','], 5);
        return end > 5 ? text[5..end] : null;
    }

    /// <summary>A failure another attempt may get past: the connection, a timeout, 408/429/5xx, a store's I/O error.</summary>
    public static bool MayPass(Exception e) => e switch
    {
        ReplicateApiException api => api.StatusCode is 408 or 429 or >= 500,
        ReplicateNetworkException or ReplicateTimeoutException or IOException or HttpRequestException => true,
        OperationCanceledException => true, // not the caller's: a timeout inside the download
        _ => false,
    };

    private static string Extension(Uri source)
    {
        if (source.Scheme == "data")
        {
            return MediaType(source) is { } type && Extensions.TryGetValue(type, out var known) ? known : ".bin";
        }

        var extension = Path.GetExtension(source.AbsolutePath);
        return extension.Length is > 1 and <= 10 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension.ToLowerInvariant() : string.Empty;
    }
}
