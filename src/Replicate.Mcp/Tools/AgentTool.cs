using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Mcp.Tools;

/// <summary>
/// What describes a hand-written, agent-shaped tool (never destructive): its arguments as the JSON text of a schema's
/// <c>properties</c>, and the required ones.
/// </summary>
internal sealed record AgentToolInfo(string Name, string Resource, string Operation, string Title, string Description, bool ReadOnly, bool Idempotent, string Arguments, IReadOnlyList<string> Required);

/// <summary>The agent-shaped tools (<c>run_model</c>, <c>get_model_schema</c>, <c>download_output</c>): what they send is their own code, not one operation.</summary>
internal abstract class AgentTool : ReplicateTool
{
    private readonly AgentToolInfo _info;
    private readonly JsonElement _schema;

    protected AgentTool(ToolContext context, AgentToolInfo info)
        : base(context)
    {
        _info = info;
        // The same shape as the generated tools' schemas: a 2020-12 object that takes nothing it does not name.
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["properties"] = JsonNode.Parse(info.Arguments),
            ["required"] = new JsonArray([.. info.Required.Select(r => (JsonNode)r)]),
            ["additionalProperties"] = false,
        };
        using var document = JsonDocument.Parse(schema.ToJsonString());
        _schema = document.RootElement.Clone();
    }

    public override string Name => _info.Name;

    public override string Resource => _info.Resource;

    public override string Operation => "agent: " + _info.Operation;

    public override string Title => _info.Title;

    public override string Description => _info.Description;

    public override bool ReadOnly => _info.ReadOnly;

    public override bool Destructive => false;

    public override bool Idempotent => _info.Idempotent;

    public override JsonElement InputSchema => _schema;
}
