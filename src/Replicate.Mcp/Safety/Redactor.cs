using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Replicate.Mcp.Safety;

/// <summary>
/// Keeps secrets out of what the server writes: the API token itself wherever it might appear (the client never puts it
/// in a message; this is the second line), and argument values that are secrets by name or by form in the audit log.
/// </summary>
internal sealed partial class Redactor(string? token)
{
    public const string Mark = "[redacted]";

    // Long values (a base64 file) are summarized: the audit log records that they were sent, not what they were.
    private const int LongValue = 512;

    [GeneratedRegex("token|secret|password|passwd|api[_-]?key|authorization|signature|credential", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    // Replicate tokens (r8_…) and webhook signing secrets (whsec_…).
    [GeneratedRegex(@"\b(r8_|whsec_)[A-Za-z0-9+/=_-]{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex SecretValue();

    /// <summary><paramref name="text"/> without the token or anything shaped like a Replicate secret.</summary>
    public string Text(string text)
    {
        if (token is { Length: > 0 } && text.Contains(token, StringComparison.Ordinal))
        {
            text = text.Replace(token, Mark, StringComparison.Ordinal);
        }

        return SecretValue().Replace(text, Mark);
    }

    /// <summary>The arguments as the audit log records them.</summary>
    public JsonObject Arguments(IDictionary<string, JsonElement>? arguments)
    {
        var result = new JsonObject();
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            result[name] = SecretName().IsMatch(name) ? Mark : Value(value);
        }

        return result;
    }

    private JsonNode? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString() is { } text => text.Length > LongValue ? $"[{text.Length} characters]" : Text(text),
        JsonValueKind.Object => new JsonObject(value.EnumerateObject().Select(p =>
            KeyValuePair.Create(p.Name, SecretName().IsMatch(p.Name) ? Mark : Value(p.Value)))),
        JsonValueKind.Array => new JsonArray([.. value.EnumerateArray().Select(Value)]),
        _ => JsonSerializer.SerializeToNode(value),
    };
}
