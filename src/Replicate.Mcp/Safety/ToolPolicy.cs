using Replicate.Mcp.Tools;

namespace Replicate.Mcp.Safety;

/// <summary>
/// Which tools the server offers: read-only mode, then the allow list (when set), then the deny list. An entry names a
/// tool (<c>predictions_get</c>, <c>run_model</c>), an operation id (<c>Predictions_Get</c>) or a resource
/// (<c>predictions</c>), in any case. A Replicate token has no scopes — the token that lists models also runs paid
/// predictions and deletes models — so this is where scope is enforced.
/// </summary>
internal sealed class ToolPolicy
{
    private readonly HashSet<string> _allow;
    private readonly HashSet<string> _deny;
    private readonly bool _readOnly;

    private ToolPolicy(bool readOnly, HashSet<string> allow, HashSet<string> deny)
    {
        _readOnly = readOnly;
        _allow = allow;
        _deny = deny;
    }

    /// <summary>Builds the policy, refusing entries that name nothing (a typo must not silently allow or deny nothing).</summary>
    /// <exception cref="ArgumentException">An entry is no tool, operation id or resource.</exception>
    public static ToolPolicy Create(ReplicateMcpOptions options, IReadOnlyCollection<ReplicateTool> tools)
    {
        var known = tools.SelectMany(t => t.Identifiers).ToHashSet(StringComparer.OrdinalIgnoreCase);
        HashSet<string> Check(IReadOnlyList<string> entries, string what)
        {
            var unknown = entries.Where(e => !known.Contains(e)).ToList();
            if (unknown.Count > 0)
            {
                var resources = tools.Select(t => t.Resource).Distinct().Order(StringComparer.Ordinal);
                throw new ArgumentException(
                    $"{what}: '{string.Join("', '", unknown)}' names no tool, operation id or resource (resources: {string.Join(", ", resources)}; `replicate-mcp --list-tools` lists the tools).",
                    nameof(options));
            }

            return entries.ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        return new ToolPolicy(options.ReadOnly, Check(options.Allow, "allow list"), Check(options.Deny, "deny list"));
    }

    /// <summary>Null when the tool is offered, else why not (the refusal an agent sees when it calls it anyway).</summary>
    public string? Refusal(ReplicateTool tool)
    {
        if (_readOnly && !tool.ReadOnly)
        {
            return $"{tool.Name} is refused: the server is read-only ({ReplicateMcpOptions.ReadOnlyVariable}), and {tool.Name} writes";
        }

        if (_allow.Count > 0 && !tool.Identifiers.Any(_allow.Contains))
        {
            return $"{tool.Name} is refused: it is not on the allow list ({ReplicateMcpOptions.AllowVariable})";
        }

        return _deny.FirstOrDefault(entry => tool.Identifiers.Contains(entry, StringComparer.OrdinalIgnoreCase)) is { } entry
            ? $"{tool.Name} is refused: the deny list ({ReplicateMcpOptions.DenyVariable}) names '{entry}'"
            : null;
    }
}
