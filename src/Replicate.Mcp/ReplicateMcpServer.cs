using ModelContextProtocol.Server;
using Replicate.Mcp.Hosting;

namespace Replicate.Mcp;

/// <summary>
/// The Replicate MCP server (what <c>replicate-mcp</c> runs): one tool per API operation, generated from the spec, and
/// <c>run_model</c>, <c>get_model_schema</c>, <c>download_output</c>. It ends when its input ends (the client closed
/// stdin) or its cancellation token fires, after giving pending prediction cancels a moment to go out.
/// </summary>
public static class ReplicateMcpServer
{
    /// <summary>Serves MCP on this process's standard input and output (JSON-RPC only on stdout; logs on stderr).</summary>
    /// <exception cref="ArgumentException">The options are invalid (an allow or deny entry that names nothing, an audit log that cannot be written).</exception>
    public static async Task RunStdioAsync(ReplicateMcpOptions options, CancellationToken cancellationToken = default)
    {
        var runtime = new ServerRuntime(options);
        await using (runtime.ConfigureAwait(false))
        {
            var serverOptions = runtime.CreateServerOptions();
            var transport = new StdioServerTransport(serverOptions, runtime.LoggerFactory);
            await using (transport.ConfigureAwait(false))
            {
                await RunAsync(McpServer.Create(transport, serverOptions, runtime.LoggerFactory), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Serves MCP over the given streams (newline-delimited JSON-RPC, as on stdio): an in-process pipe, a socket.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static async Task RunAsync(ReplicateMcpOptions options, Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var runtime = new ServerRuntime(options);
        await using (runtime.ConfigureAwait(false))
        {
            var transport = new StreamServerTransport(input, output, ServerInfo.Name, runtime.LoggerFactory);
            await using (transport.ConfigureAwait(false))
            {
                await RunAsync(McpServer.Create(transport, runtime.CreateServerOptions(), runtime.LoggerFactory), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every tool the server has (before read-only mode and allow or deny lists), one a line, as <c>api/Replicate.Mcp.tools.txt</c> lists them.</summary>
    public static string ListTools()
    {
        var runtime = new ServerRuntime(new ReplicateMcpOptions(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        return ToolListing.Format(runtime.Tools);
    }

    private static async Task RunAsync(McpServer server, CancellationToken cancellationToken)
    {
        await using (server.ConfigureAwait(false))
        {
            await server.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
