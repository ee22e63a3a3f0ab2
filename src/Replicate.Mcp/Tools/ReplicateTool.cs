using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Replicate.Client.ModelSchemas;

namespace Replicate.Mcp.Tools;

/// <summary>
/// A tool of the server (an MCP SDK tool defined at run time): its protocol description, the identifiers the allow and
/// deny lists match, and one invocation path that checks the arguments against the input schema first — a missing
/// required argument, a wrong type or an unknown name is a tool error naming the argument, and nothing is sent.
/// </summary>
internal abstract class ReplicateTool : McpServerTool
{
    private readonly Lazy<Tool> _protocolTool;
    private readonly Lazy<ModelSchema> _arguments;

    protected ReplicateTool(ToolContext context)
    {
        Context = context;
        _protocolTool = new Lazy<Tool>(Describe);
        _arguments = new Lazy<ModelSchema>(() => ArgumentChecker.Compile(InputSchema));
    }

    protected ToolContext Context { get; }

    public abstract string Name { get; }

    /// <summary>The resource the tool belongs to (<c>predictions</c>, <c>models</c>, …).</summary>
    public abstract string Resource { get; }

    /// <summary>The operation id for a tool that is one operation; null for the agent-shaped tools.</summary>
    public virtual string? OperationId => null;

    /// <summary>How the listing names what the tool sends: <c>GET /v1/predictions/{prediction_id}</c>, or <c>agent</c>.</summary>
    public abstract string Operation { get; }

    public abstract string Title { get; }

    public abstract string Description { get; }

    /// <summary>True exactly when the tool changes nothing (GET and QUERY operations, <c>get_model_schema</c>).</summary>
    public abstract bool ReadOnly { get; }

    public abstract bool Destructive { get; }

    public abstract bool Idempotent { get; }

    public abstract JsonElement InputSchema { get; }

    public virtual JsonElement? OutputSchema => null;

    /// <summary>What the tool's <c>_meta</c> tells a client or gateway (the operation it sends, its rate class).</summary>
    protected virtual JsonObject Meta => [];

    /// <summary>What the allow and deny lists can name this tool by.</summary>
    public IEnumerable<string> Identifiers => OperationId is { } id ? [Name, id, Resource] : [Name, Resource];

    public override Tool ProtocolTool => _protocolTool.Value;

    public override IReadOnlyList<object> Metadata { get; } = [];

    public sealed override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var note = CallNote.Of(request);
        try
        {
            var arguments = Prepare(request.Params?.Arguments);
            ArgumentChecker.Check(Name, _arguments.Value, arguments);
            return await ExecuteAsync(new ToolCall(request, arguments, note), cancellationToken).ConfigureAwait(false);
        }
        catch (ToolArgumentException e)
        {
            return ToolResults.Error(Context.Redactor.Text(e.Message));
        }
    }

    /// <summary>The arguments as one object, after shorthands are expanded (before the schema check).</summary>
    protected virtual JsonObject Prepare(IDictionary<string, JsonElement>? arguments)
    {
        var result = new JsonObject();
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            result[name] = JsonNode.Parse(value.GetRawText());
        }

        return result;
    }

    protected abstract Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken);

    private Tool Describe() => new()
    {
        Name = Name,
        Title = Title,
        Description = Description,
        InputSchema = InputSchema,
        OutputSchema = OutputSchema,
        Meta = Meta.Count > 0 ? Meta : null,
        Annotations = new ToolAnnotations
        {
            Title = Title,
            ReadOnlyHint = ReadOnly,
            DestructiveHint = Destructive,
            IdempotentHint = Idempotent,
            OpenWorldHint = true,
        },
    };
}

/// <summary>One call: the request, its checked arguments, and the note the audit log reads.</summary>
internal sealed record ToolCall(RequestContext<CallToolRequestParams> Request, JsonObject Arguments, CallNote Note)
{
    public string? Text(string name) => Arguments[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
