using System.Text;
using System.Text.Json;
using Replicate.Mcp.Tools;

namespace Replicate.Mcp.Hosting;

/// <summary>
/// The tool catalog as text, one tool a line — name, what it sends, hints, arguments (<c>*</c> required) — committed as
/// <c>api/Replicate.Mcp.tools.txt</c> and compared with the build's by the API gate: agents call tools by these names.
/// </summary>
internal static class ToolListing
{
    public const string Header = """
        # The MCP tools replicate-mcp offers (every one, before read-only mode and allow or deny lists), one a line:
        # name | what it sends | hints | arguments (* required). The build writes it beside Replicate.Mcp.dll; `make accept-api`
        # copies it here. Removing or renaming a tool breaks the agents that call it; a new tool is an addition.
        """;

    public static string Format(IEnumerable<ReplicateTool> tools)
    {
        var text = new StringBuilder(Header.ReplaceLineEndings("\n")).Append('\n');
        foreach (var tool in tools.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var hints = new List<string> { tool.ReadOnly ? "read-only" : "write" };
            if (tool.Destructive)
            {
                hints.Add("destructive");
            }

            if (tool.Idempotent)
            {
                hints.Add("idempotent");
            }

            var required = tool.InputSchema.TryGetProperty("required", out var list)
                ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet(StringComparer.Ordinal)
                : [];
            var arguments = tool.InputSchema.GetProperty("properties").EnumerateObject().Select(p => required.Contains(p.Name) ? p.Name + "*" : p.Name).ToList();
            text.Append($"{tool.Name} | {tool.Operation} | {string.Join(", ", hints)} | {(arguments.Count == 0 ? "-" : string.Join(", ", arguments))}\n");
        }

        return text.ToString();
    }
}
