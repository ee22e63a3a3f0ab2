using System.Reflection;

namespace Replicate.Mcp;

/// <summary>The server's name and version, as <c>initialize</c> reports them.</summary>
internal static class ServerInfo
{
    public const string Name = "replicate-mcp";

    public static string Version { get; } =
        typeof(ServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ServerInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
