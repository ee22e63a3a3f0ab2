using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Replicate.Mcp.Catalog;
using Replicate.Mcp.Safety;
using Replicate.Mcp.Tools;

namespace Replicate.Mcp.Hosting;

/// <summary>
/// One server's parts: the tools (every catalog operation and the agent-shaped ones), the policy that decides which are
/// offered, the audit log, and the SDK options that tie them together — offered tools in the tool collection, a
/// fallback that refuses the others by name (so a refused call is answered and audited, and sends nothing), and a
/// call filter that writes the audit line of every <c>tools/call</c>, whatever its end.
/// </summary>
internal sealed class ServerRuntime : IAsyncDisposable
{
    private readonly bool _ownsLoggerFactory;

    public ServerRuntime(ReplicateMcpOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = Environment.GetEnvironmentVariable(ReplicateMcpOptions.TokenVariable)?.Trim();
        Redactor = new Redactor(token);
        _ownsLoggerFactory = loggerFactory is null;
        LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.LoggerFactory.Create(logging => logging
            .SetMinimumLevel(options.LogLevel)
            .AddProvider(new StderrLoggerProvider(options.LogLevel, Redactor)));
        Context = new ToolContext(options, Redactor, !string.IsNullOrEmpty(token), LoggerFactory);
        Tools = CreateTools(Context);
        Policy = ToolPolicy.Create(options, Tools);
        Audit = options.AuditLogPath is { } path ? AuditLog.Open(path) : AuditLog.None;
    }

    public ILoggerFactory LoggerFactory { get; }

    public Redactor Redactor { get; }

    public ToolContext Context { get; }

    /// <summary>Every tool, offered or not, by name.</summary>
    public IReadOnlyList<ReplicateTool> Tools { get; }

    public ToolPolicy Policy { get; }

    public AuditLog Audit { get; }

    public static IReadOnlyList<ReplicateTool> CreateTools(ToolContext context) =>
    [
        .. OperationCatalog.All.Select(operation => (ReplicateTool)new OperationTool(context, operation))
            .Append(new RunModelTool(context))
            .Append(new GetModelSchemaTool(context))
            .Append(new DownloadOutputTool(context))
            .OrderBy(t => t.Name, StringComparer.Ordinal),
    ];

    public McpServerOptions CreateServerOptions()
    {
        var offered = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in Tools.Where(t => Policy.Refusal(t) is null))
        {
            offered.Add(tool);
        }

        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = ServerInfo.Name, Version = ServerInfo.Version, Title = ServerInfo.Title },
            ServerInstructions = ServerInfo.Instructions,
            ToolCollection = offered,
            Handlers = new McpServerHandlers { CallToolHandler = RefuseAsync },
        };
        options.Filters.Request.CallToolFilters.Add(next => (request, cancellationToken) => AuditAsync(next, request, cancellationToken));
        return options;
    }

    // Reached only for names the collection does not offer: a tool the policy refuses, or none at all.
    private ValueTask<CallToolResult> RefuseAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name;
        if (Tools.FirstOrDefault(t => t.Name == name) is { } tool && Policy.Refusal(tool) is { } refusal)
        {
            CallNote.Of(request).Outcome = "refused";
            return ValueTask.FromResult(ToolResults.Error(refusal + "; no request was sent"));
        }

        throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
    }

    private async ValueTask<CallToolResult> AuditAsync(McpRequestHandler<CallToolRequestParams, CallToolResult> next, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var time = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var note = CallNote.Of(request);
        var name = request.Params?.Name ?? string.Empty;
        var arguments = Redactor.Arguments(request.Params?.Arguments);
        try
        {
            var result = await next(request, cancellationToken).ConfigureAwait(false);
            var outcome = note.Outcome ?? (result.IsError == true ? "error" : "success");
            var error = outcome == "success" ? null : result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
            Audit.Write(new ToolCallRecord(time, name, arguments, outcome, Stopwatch.GetElapsedTime(started), note.Status, note.PredictionId, error));
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Audit.Write(new ToolCallRecord(time, name, arguments, "cancelled", Stopwatch.GetElapsedTime(started), note.Status, note.PredictionId, "cancelled by the client"));
            throw;
        }
        catch (Exception e)
        {
            Audit.Write(new ToolCallRecord(time, name, arguments, "error", Stopwatch.GetElapsedTime(started), note.Status, note.PredictionId, Redactor.Text(e.Message)));
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Context.Dispose();
        Audit.Dispose();
        if (_ownsLoggerFactory)
        {
            LoggerFactory.Dispose();
        }
    }
}
