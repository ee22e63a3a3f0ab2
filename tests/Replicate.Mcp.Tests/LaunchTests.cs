using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace Replicate.Mcp.Tests;

/// <summary>
/// The launch contract: <c>scripts/replicate-mcp</c>, run with <c>bash -c</c> from any directory, starts the stdio
/// server; stdout carries only JSON-RPC; it answers <c>initialize</c> (within 40 s) and exits when stdin closes.
/// </summary>
public class LaunchTests
{
    private static readonly string Script = RepoRoot.Combine("scripts", "replicate-mcp");

    [Test]
    public async Task The_script_started_with_bash_from_another_directory_serves_the_sdk_client()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { ApiToken = McpHarness.Token });
        await fake.StartServerAsync();
        fake.AddModel("acme", "painter");
        var elsewhere = Directory.CreateTempSubdirectory("replicate-mcp-cwd-").FullName;
        try
        {
            var transport = new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = "replicate-mcp",
                Command = "bash",
                Arguments = ["-c", Script],
                WorkingDirectory = elsewhere,
                EnvironmentVariables = new Dictionary<string, string?>
                {
                    ["REPLICATE_API_TOKEN"] = McpHarness.Token,
                    ["REPLICATE_BASE_URL"] = fake.BaseAddress.AbsoluteUri,
                    ["CONFIGURATION"] = McpHarness.Configuration,
                },
            });
            await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { InitializationTimeout = TimeSpan.FromSeconds(40) });

            var tools = await client.ListToolsAsync();
            var model = await client.CallToolAsync("models_get", new Dictionary<string, object?> { ["model"] = "acme/painter" });

            client.ServerInfo!.Name.Should().Be("replicate-mcp");
            tools.Should().HaveCount(Baseline.Operations.Count + 3, "one tool per baseline operation and the three agent tools");
            model.IsError.Should().NotBe(true);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Test]
    public async Task Stdout_is_only_json_rpc_and_the_server_exits_when_stdin_closes()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script + " --log-level Debug");
        start.Environment["CONFIGURATION"] = McpHarness.Configuration;
        start.Environment["REPLICATE_API_TOKEN"] = McpHarness.Token;
        start.Environment.Remove("REPLICATE_MCP_AUDIT_LOG");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var started = Stopwatch.StartNew();

        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        await process.StandardInput.FlushAsync();
        using var answer = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var first = await process.StandardOutput.ReadLineAsync(answer.Token);
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(40), "initialize is answered within 40 s");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        await process.StandardInput.FlushAsync();
        var second = await process.StandardOutput.ReadLineAsync(answer.Token);
        process.StandardInput.Close();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(exit.Token);
        var rest = await process.StandardOutput.ReadToEndAsync();

        process.ExitCode.Should().Be(0, "closing stdin ends the server normally");
        foreach (var line in new[] { first!, second! }.Concat(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)))
        {
            using var message = JsonDocument.Parse(line);
            message.RootElement.GetProperty("jsonrpc").GetString().Should().Be("2.0", $"every stdout line is a JSON-RPC message: {line}");
        }

        JsonDocument.Parse(first!).RootElement.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString().Should().Be("replicate-mcp");
        JsonDocument.Parse(second!).RootElement.GetProperty("result").GetProperty("tools").GetArrayLength().Should().Be(Baseline.Operations.Count + 3);
        (await stderr).Should().NotContain(McpHarness.Token);
    }

    [Test]
    public async Task A_cold_start_answers_initialize_at_once_while_the_server_builds_then_hands_over()
    {
        // The build stands in for a fresh clone's (about a minute): the bridge must not make the client wait for it.
        using var process = StartScript(buildCommand: "sleep 8");
        var started = Stopwatch.StartNew();
        await Send(process, """{"jsonrpc":"2.0","id":"init-1","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        await Send(process, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await Send(process, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        using var answer = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var first = await process.StandardOutput.ReadLineAsync(answer.Token);
        var answeredAfter = started.Elapsed;
        var second = await process.StandardOutput.ReadLineAsync(answer.Token);
        var listedAfter = started.Elapsed;
        process.StandardInput.Close();
        await process.WaitForExitAsync(answer.Token);
        var rest = await process.StandardOutput.ReadToEndAsync();

        answeredAfter.Should().BeLessThan(TimeSpan.FromSeconds(6), "initialize is answered before the build ends");
        using (var init = JsonDocument.Parse(first!))
        {
            init.RootElement.GetProperty("id").GetString().Should().Be("init-1");
            init.RootElement.GetProperty("result").GetProperty("protocolVersion").GetString().Should().Be("2025-06-18");
        }

        listedAfter.Should().BeGreaterThan(TimeSpan.FromSeconds(7), "the tool list comes from the server, once built");
        JsonDocument.Parse(second!).RootElement.GetProperty("result").GetProperty("tools").GetArrayLength().Should().Be(Baseline.Operations.Count + 3);
        rest.Should().BeEmpty("the server's own answer to the replayed initialize is dropped: the client has one");
        process.ExitCode.Should().Be(0);
    }

    [TestCase("2024-11-05")]
    [TestCase("2025-03-26")]
    [TestCase("2025-06-18")]
    [TestCase("2025-11-25")]
    [TestCase("1999-01-01")]
    public async Task The_bridge_answers_initialize_exactly_as_the_server_does(string protocolVersion)
    {
        var request = """{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"VERSION","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"""
            .Replace("VERSION", protocolVersion, StringComparison.Ordinal);

        var fromServer = await FirstAnswer(StartScript(buildCommand: null), request);
        var fromBridge = await FirstAnswer(StartScript(buildCommand: "true"), request);

        // Everything but the version number, which a cold checkout cannot know before it is built.
        fromBridge.Remove("version");
        fromServer.Remove("version");
        fromBridge.Keys.Should().BeEquivalentTo(fromServer.Keys);
        foreach (var (key, value) in fromServer)
        {
            System.Text.Json.Nodes.JsonNode.DeepEquals(fromBridge[key], value).Should().BeTrue($"{key}: the bridge says {fromBridge[key]?.ToJsonString()}, the server {value?.ToJsonString()}");
        }
    }

    private static Process StartScript(string? buildCommand)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.Environment["CONFIGURATION"] = McpHarness.Configuration;
        start.Environment["REPLICATE_API_TOKEN"] = McpHarness.Token;
        start.Environment.Remove("REPLICATE_MCP_AUDIT_LOG");
        start.Environment.Remove("REPLICATE_MCP_BUILD_COMMAND");
        if (buildCommand is not null)
        {
            start.Environment["REPLICATE_MCP_BUILD_COMMAND"] = buildCommand;
        }

        return Process.Start(start)!;
    }

    private static async Task Send(Process process, string line)
    {
        await process.StandardInput.WriteLineAsync(line);
        await process.StandardInput.FlushAsync();
    }

    // The initialize result flattened to path -> JSON text, for a comparison that names what differs.
    private static async Task<Dictionary<string, System.Text.Json.Nodes.JsonNode?>> FirstAnswer(Process process, string request)
    {
        using (process)
        {
            await Send(process, request);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            using var document = JsonDocument.Parse(line!);
            var result = document.RootElement.GetProperty("result");
            var flat = result.EnumerateObject().Where(p => p.Name != "serverInfo").ToDictionary(p => p.Name, p => System.Text.Json.Nodes.JsonNode.Parse(p.Value.GetRawText()));
            foreach (var property in result.GetProperty("serverInfo").EnumerateObject())
            {
                flat[property.Name == "version" ? "version" : "serverInfo." + property.Name] = System.Text.Json.Nodes.JsonNode.Parse(property.Value.GetRawText());
            }

            return flat;
        }
    }
}
