using System.Reflection;
using System.Text.Json;

namespace Replicate.Mcp;

/// <summary>
/// The server's name, title, instructions and version, as <c>initialize</c> reports them. Title and instructions come
/// from <c>Hosting/server-info.json</c>, which scripts/replicate-mcp-bridge.mjs also reads to answer <c>initialize</c>
/// while a cold checkout builds: one source, so the two answers cannot drift apart (a launch test compares them).
/// </summary>
internal static class ServerInfo
{
    public const string Name = "replicate-mcp";

    private static readonly JsonElement Shared = Load();

    public static string Title { get; } = Shared.GetProperty("serverInfo").GetProperty("title").GetString()!;

    public static string Instructions { get; } = Shared.GetProperty("instructions").GetString()!;

    public static string Version { get; } =
        typeof(ServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ServerInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    private static JsonElement Load()
    {
        using var stream = typeof(ServerInfo).Assembly.GetManifestResourceStream("Replicate.Mcp.server-info.json")
            ?? throw new InvalidOperationException("Replicate.Mcp.server-info.json is not embedded in the server.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }
}
