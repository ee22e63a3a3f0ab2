using System.Globalization;
using System.Text.Json.Nodes;

namespace Replicate.Tools.Drift;

/// <summary>RFC 6901 JSON pointers: building them for report locations and following <c>$ref</c> fragments.</summary>
internal static class JsonPointer
{
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>Appends one unescaped token.</summary>
    public static string Append(string pointer, string token) => pointer + "/" + Escape(token);

    /// <summary>Splits a pointer into unescaped tokens.</summary>
    public static IEnumerable<string> Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(Unescape);

    /// <summary>
    /// The node a pointer names, or null. <paramref name="pointer"/> may be a URI fragment without its '#'
    /// (<c>/components/schemas/a%20b</c>), which is percent-decoded first.
    /// </summary>
    public static JsonNode? Evaluate(JsonNode root, string pointer)
    {
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            return null;
        }

        JsonNode? node = root;
        foreach (var token in Tokens(Uri.UnescapeDataString(pointer)))
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : null,
                JsonArray array => int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count ? array[index] : null,
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
