using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.PactFfi.Native;

/// <summary>Turns the engine's mismatch JSON into <see cref="PactMismatch"/> records and a readable failure message.</summary>
internal static class MismatchReport
{
    private const int LogLinesShown = 40;

    /// <summary>The mismatches in <paramref name="json"/> (an array of the engine's match results).</summary>
    internal static IReadOnlyList<PactMismatch> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonArray results)
        {
            return [];
        }

        var mismatches = new List<PactMismatch>();
        foreach (var result in results.OfType<JsonObject>())
        {
            var type = Text(result["type"]) ?? "unknown";
            var method = Text(result["method"]) ?? "?";
            var path = Text(result["path"]) ?? "?";
            switch (type)
            {
                case "request-mismatch":
                    foreach (var detail in (result["mismatches"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        mismatches.Add(new PactMismatch(
                            Text(detail["type"]) ?? "Mismatch",
                            method,
                            path,
                            Text(detail["key"]) ?? Text(detail["parameter"]) ?? Text(detail["path"]),
                            Text(detail["expected"]),
                            Text(detail["actual"]),
                            Text(detail["mismatch"]) ?? "the request differs from its interaction"));
                    }

                    break;
                case "request-not-found":
                    mismatches.Add(new PactMismatch(type, method, path, null, null, null,
                        "no interaction describes this request: " + Compact(result["request"])));
                    break;
                case "missing-request":
                    mismatches.Add(new PactMismatch(type, method, path, null, null, null,
                        "the interaction was never requested: " + Compact(result["request"])));
                    break;
                default:
                    mismatches.Add(new PactMismatch(type, method, path, null, null, null, Compact(result)));
                    break;
            }
        }

        return mismatches;
    }

    /// <summary>The failure message: a headline, one line per mismatch, the code under test's exception, the log tail.</summary>
    internal static string Format(string consumer, string provider, IReadOnlyList<PactMismatch> mismatches, Exception? thrown, string? logs)
    {
        var text = new StringBuilder();
        text.Append("Pact verification failed (").Append(consumer).Append(" -> ").Append(provider).Append("): ");
        text.Append(mismatches.Count == 0
            ? "the mock server reported a failure without details."
            : $"{mismatches.Count} mismatch(es).");
        for (var i = 0; i < mismatches.Count; i++)
        {
            text.AppendLine().Append("  ").Append(i + 1).Append(". ").Append(mismatches[i]);
        }

        if (thrown is not null)
        {
            text.AppendLine().Append("The code under test threw meanwhile: ").Append(thrown.GetType().Name).Append(": ").Append(FirstLine(thrown.Message));
        }

        if (!string.IsNullOrWhiteSpace(logs))
        {
            var lines = logs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            text.AppendLine().Append("Mock server log (last ").Append(Math.Min(lines.Length, LogLinesShown)).Append(" lines):");
            foreach (var line in lines.TakeLast(LogLinesShown))
            {
                text.AppendLine().Append("    ").Append(line.TrimEnd());
            }
        }

        return text.ToString();
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string Compact(JsonNode? node) => node?.ToJsonString() ?? "{}";

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
