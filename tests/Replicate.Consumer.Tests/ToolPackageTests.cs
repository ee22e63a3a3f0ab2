using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;

namespace Replicate.Consumer.Tests;

/// <summary>
/// The MCP server as a team gets it: the dotnet tool package Replicate.Mcp from the local feed, installed with
/// <c>dotnet tool install</c>, starts the same server as scripts/replicate-mcp (same tools, same answers).
/// </summary>
public partial class PackageTests
{
    [Test]
    public void The_mcp_package_is_a_dotnet_tool_named_replicate_mcp_with_its_readme()
    {
        using var package = Open("Replicate.Mcp", "nupkg");

        Nuspec(package).Descendants("packageType").Select(t => t.Attribute("name")!.Value).Should().Contain("DotnetTool");
        var settings = XDocument.Parse(Read(package, "tools/net10.0/any/DotnetToolSettings.xml"));
        settings.Descendants("Command").Single().Attribute("Name")!.Value.Should().Be("replicate-mcp");
        settings.Descendants("Command").Single().Attribute("EntryPoint")!.Value.Should().Be("Replicate.Mcp.dll");
        Read(package, "README.md").Should().StartWith("# Replicate.Mcp").And.Contain("\"mcpServers\"", "the README shows an MCP client's configuration");
        Nuspec(package).Descendants("dependency").Should().BeEmpty("a tool package carries what it runs");
    }

    [Test]
    public async Task The_installed_tool_lists_the_committed_tools_and_answers_initialize()
    {
        var home = Directory.CreateTempSubdirectory("replicate-mcp-tool-").FullName;
        try
        {
            var toolPath = Path.Combine(home, "tools");
            // From the repository's folder, so its nuget.config maps Replicate.* to the local feed; with a packages folder of
            // its own, so a re-pack under the same version is installed afresh.
            var install = await RunAsync("dotnet", ["tool", "install", "Replicate.Mcp", "--version", Version, "--tool-path", toolPath],
                new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(home, "packages") });
            install.Exit.Should().Be(0, install.Out + install.Err);
            var command = Path.Combine(toolPath, "replicate-mcp");

            var listing = await RunAsync(command, ["--list-tools"], new Dictionary<string, string>());
            var answer = await InitializeAsync(command);

            listing.Exit.Should().Be(0, listing.Err);
            listing.Out.Should().Be(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "api", "Replicate.Mcp.tools.txt")), "the packed tool is the same server");
            answer.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString().Should().Be("replicate-mcp");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<JsonElement> InitializeAsync(string command)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("REPLICATE_MCP_AUDIT_LOG");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"consumer","version":"1"}}}""");
        await process.StandardInput.FlushAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var line = await process.StandardOutput.ReadLineAsync(limit.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(limit.Token);
        using var document = JsonDocument.Parse(line!);
        return document.RootElement.Clone();
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await error);
    }

    // The feed is <root>/artifacts/packages.
    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Feed, "..", ".."));
}
