using System.Text;
using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Drift;

/// <summary>
/// What people still owe after drift was accepted, since the last release: a consumer contract for each new operation
/// that has none, a decision on hand-written conveniences for each new resource, a look at the hand-written code for
/// each new value of a server-owned string set. The nightly pull request carries it as a checklist.
/// </summary>
internal static partial class Checklist
{
    [System.Text.RegularExpressions.GeneratedRegex("property (?<path>[^ ]+) .*can now be (?<value>\"[^\"]*\")")]
    private static partial System.Text.RegularExpressions.Regex NewValue();

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    /// <summary>The checklist as markdown.</summary>
    /// <param name="released">The last release's baseline.</param>
    /// <param name="current">The baseline as accepted now.</param>
    /// <param name="coverage">The pact-vs-spec coverage file (<c>owed</c>: operation ids without a contract), or null when not measured.</param>
    /// <param name="releaseName">How to name the last release ("1.0.0").</param>
    public static string Markdown(SpecDocument released, SpecDocument current, JsonObject? coverage, string releaseName)
    {
        var items = new List<string>();
        var operations = Operations(current.Normalized);
        var owed = coverage?["owed"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var releasedEndpoints = Operations(released.Normalized).Select(o => o.Endpoint).ToHashSet(StringComparer.Ordinal);
        foreach (var op in operations.Where(o => !releasedEndpoints.Contains(o.Endpoint)))
        {
            var contract = owed is null ? " (contract coverage was not measured: `make contract`)"
                : owed.Contains(op.Id) ? string.Empty
                : null;
            if (contract is not null)
            {
                items.Add($"- [ ] Consumer contract for `{op.Id}` ({op.Endpoint}), new since {releaseName}: an interaction in contract-tests{contract}");
            }
        }

        var releasedTags = Operations(released.Normalized).Select(o => o.Tag).ToHashSet(StringComparer.Ordinal);
        foreach (var tag in operations.Select(o => o.Tag).Where(t => !releasedTags.Contains(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var count = operations.Count(o => o.Tag == tag);
            items.Add($"- [ ] New resource `{tag}` ({count} operation{(count == 1 ? "" : "s")}): generated and reachable as `replicate.{tag}`; decide on hand-written "
                + "conveniences (paging helpers for its lists, a README example) and a summary in openapi/generation.json; Replicate.Testing's fake "
                + "answers its operations 501 until it implements them");
        }

        // One item per new value of one property, however many operations return it (a prediction status shows up in 17).
        var added = SpecDiffer.Compare(released, current).Changes
            .Where(c => c.Id.EndsWith("-enum-value-added", StringComparison.Ordinal))
            .Select(c => (Match: NewValue().Match(c.Message), c.Operation))
            .Where(c => c.Match.Success)
            .GroupBy(c => (Property: c.Match.Groups["path"].Value.Split('.', '[')[^1], Value: c.Match.Groups["value"].Value), c => c.Operation)
            .OrderBy(g => g.Key.Property, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Value, StringComparer.Ordinal);
        foreach (var group in added)
        {
            var ops = group.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            items.Add($"- [ ] New value {group.Key.Value} of `{group.Key.Property}` ({ops.Count} operation{(ops.Count == 1 ? "" : "s")}, e.g. {ops[0]}): "
                + "check hand-written code that decides on these values (terminal statuses in waiting, webhook event filters)");
        }

        var text = new StringBuilder();
        text.AppendLine($"### Still owed since {releaseName}");
        text.AppendLine();
        if (items.Count == 0)
        {
            text.AppendLine("Nothing: every operation has a contract, and no resource or server-owned value is new.");
        }
        else
        {
            items.ForEach(i => text.AppendLine(i));
        }

        return text.ToString();
    }

    private static List<(string Id, string Tag, string Endpoint)> Operations(JsonObject normalized) =>
        (normalized["paths"] as JsonObject ?? [])
            .SelectMany(path => Methods
                .Where(m => path.Value?[m] is JsonObject)
                .Select(m => (Path: path.Key, Method: m, Operation: path.Value![m]!.AsObject())))
            .Select(o => (
                Id: o.Operation["operationId"]?.GetValue<string>() ?? $"{o.Method.ToUpperInvariant()} {o.Path}",
                Tag: o.Operation["tags"]?[0]?.GetValue<string>() ?? "(untagged)",
                Endpoint: $"{o.Method.ToUpperInvariant()} {o.Path}"))
            .ToList();
}
