using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Replicate.Client.Errors;

/// <summary>What an error response body says: problem-details fields and the server's requested delay.</summary>
internal sealed partial record ErrorBody(string? Title, string? Detail, TimeSpan? RetryAfter)
{
    public static readonly ErrorBody Empty = new(null, null, null);

    // "… resets in ~5s" / "~2.5 s" — the only place some 429s state their delay.
    [GeneratedRegex(@"~\s*(\d+(?:\.\d+)?)\s*s\b", RegexOptions.CultureInvariant)]
    private static partial Regex ApproximateSeconds();

    /// <summary>Reads title, detail and retry_after from a JSON body; anything else yields <see cref="Empty"/>.</summary>
    public static ErrorBody Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.AsSpan().TrimStart()[0] != '{')
        {
            return Empty;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var title = Text(root, "title");
            var detail = Text(root, "detail");
            TimeSpan? delay = null;
            if (root.TryGetProperty("retry_after", out var retry))
            {
                delay = retry.ValueKind switch
                {
                    JsonValueKind.Number when retry.TryGetDouble(out var s) => Retries.ServerDelay.FromSeconds(s),
                    JsonValueKind.String when double.TryParse(retry.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => Retries.ServerDelay.FromSeconds(s),
                    _ => null,
                };
            }

            if (delay is null && detail is not null && ApproximateSeconds().Match(detail) is { Success: true } match)
            {
                delay = Retries.ServerDelay.FromSeconds(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }

            return new ErrorBody(title, detail, delay);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
