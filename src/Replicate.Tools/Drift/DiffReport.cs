using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Tools.Drift;

/// <summary>Writes a <see cref="DiffResult"/> as text (people), JSON (machines) or markdown (CI job summaries).</summary>
internal static class DiffReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Level(DriftLevel level) => level switch
    {
        DriftLevel.Breaking => "breaking",
        DriftLevel.Warning => "warning",
        _ => "info",
    };

    public static string Bump(VersionBump bump) => bump switch
    {
        VersionBump.Major => "major",
        VersionBump.Minor => "minor",
        _ => "patch",
    };

    public static string Summary(DiffResult result) =>
        $"{result.Breaking} breaking, {result.Warnings} warning{(result.Warnings == 1 ? "" : "s")}, {result.Infos} info";

    /// <summary><c>{"changes":[{"id","level","operation","location","message"}],"summary":{"breaking","warning","info"}}</c>.</summary>
    public static string Json(DiffResult result)
    {
        var root = new JsonObject
        {
            ["changes"] = new JsonArray(result.Changes.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["level"] = Level(c.Level),
                ["operation"] = c.Operation,
                ["location"] = c.Location,
                ["message"] = c.Message,
            }).ToArray()),
            ["summary"] = new JsonObject
            {
                ["breaking"] = result.Breaking,
                ["warning"] = result.Warnings,
                ["info"] = result.Infos,
            },
        };
        return root.ToJsonString(JsonOptions).ReplaceLineEndings("\n") + "\n";
    }

    public static string Text(DiffResult result, string oldName, string newName, string kind = "spec diff")
    {
        var text = new StringBuilder();
        text.Append(kind).Append(": ").Append(oldName).Append(" -> ").Append(newName).Append('\n');
        if (result.Changes.Count == 0)
        {
            text.Append("no structural change\n");
        }

        var width = result.Changes.Count == 0 ? 0 : result.Changes.Max(c => c.Id.Length);
        foreach (var change in result.Changes)
        {
            text.Append(Level(change.Level).PadRight(9)).Append(change.Id.PadRight(width + 2)).Append(change.Operation).Append('\n')
                .Append("         ").Append(change.Message).Append('\n')
                .Append("         at ").Append(change.Location).Append('\n');
        }

        text.Append(Summary(result)).Append('\n');
        return text.ToString();
    }

    public static string Markdown(DiffResult result, string oldName, string newName, string heading = "Spec drift")
    {
        var md = new StringBuilder();
        md.Append("### ").Append(heading).Append(": `").Append(oldName).Append("` → `").Append(newName).Append("`\n\n");
        if (result.Changes.Count == 0)
        {
            md.Append("No structural change.\n");
            return md.ToString();
        }

        md.Append(result.Breaking > 0 ? $"**{result.Breaking} breaking**" : "0 breaking")
            .Append($", {result.Warnings} warning{(result.Warnings == 1 ? "" : "s")}, {result.Infos} info")
            .Append($" — suggested version bump: **{Bump(result.SuggestedBump)}**\n\n");
        md.Append(heading == "Spec drift" ? "| Level | Rule | Operation | Change | Location |\n" : "| Level | Rule | Model | Change | Input |\n").Append("|---|---|---|---|---|\n");
        foreach (var change in result.Changes)
        {
            var level = change.Level == DriftLevel.Breaking ? "**breaking**" : Level(change.Level);
            md.Append($"| {level} | `{change.Id}` | `{Cell(change.Operation)}` | {Cell(change.Message)} | `{Cell(change.Location)}` |\n");
        }

        return md.ToString();
    }

    // A table cell: pipes would end the cell, line breaks the row.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
