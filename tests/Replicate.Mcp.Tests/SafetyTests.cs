using System.Diagnostics;
using ModelContextProtocol;

namespace Replicate.Mcp.Tests;

/// <summary>
/// Safe by default: read-only mode lists no write tool and refuses one called by name without a request; allow and deny
/// lists by tool, operation id or resource, from the environment and the command line; one audit line per tool call,
/// whatever its end, without secrets; and the token in nothing the server writes.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class SafetyTests
{
    [Test]
    public async Task Read_only_lists_only_read_only_tools_and_refuses_a_write_called_by_name()
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels, new Dictionary<string, string> { ["REPLICATE_MCP_READ_ONLY"] = "true" });
        var tools = await server.Client.ListToolsAsync();
        var before = server.Fake.Requests.Count;

        var refused = await server.CallAsync("models_predictions_create", new { model = "acme/fake-model", input = new { prompt = "x" } });
        var run = await server.CallAsync("run_model", new { model = "acme/fake-model", input = new { prompt = "x" } });
        var read = await server.CallAsync("models_get", new { model = "acme/fake-model" });

        tools.Should().NotBeEmpty().And.OnlyContain(t => t.ProtocolTool.Annotations!.ReadOnlyHint == true, "read-only mode lists no write tool");
        tools.Select(t => t.Name).Should().Contain(["models_get", "predictions_list", "models_search", "get_model_schema"]);
        refused.IsError.Should().BeTrue();
        refused.Text().Should().Contain("read-only");
        run.IsError.Should().BeTrue();
        server.Fake.Requests.Count.Should().Be(before + 1, "the refused calls sent nothing; the read did");
        read.IsError.Should().NotBe(true);
        server.AuditLines().Select(l => l.GetProperty("outcome").GetString()).Should().Equal("refused", "refused", "success");
    }

    [Test]
    public async Task The_read_only_switch_on_the_command_line_does_the_same()
    {
        await using var server = await McpHarness.StartAsync(arguments: ["--read-only"]);

        (await server.Client.ListToolsAsync()).Should().OnlyContain(t => t.ProtocolTool.Annotations!.ReadOnlyHint == true);
    }

    [Test]
    public async Task Allow_and_deny_lists_name_resources_tools_and_operation_ids_from_the_environment_and_the_command_line()
    {
        await using var server = await McpHarness.StartAsync(
            Seeds.AddModels,
            new Dictionary<string, string> { ["REPLICATE_MCP_ALLOW"] = "predictions, models_get, Models_VersionsList", ["REPLICATE_MCP_DENY"] = "Predictions_Cancel" },
            ["--deny", "run_model"]);
        var names = (await server.Client.ListToolsAsync()).Select(t => t.Name).ToList();
        var before = server.Fake.Requests.Count;

        var notAllowed = await server.CallAsync("models_list");
        var denied = await server.CallAsync("predictions_cancel", new { prediction_id = "abc" });

        names.Should().BeEquivalentTo(["predictions_create", "predictions_get", "predictions_list", "download_output", "models_get", "models_versions_list"],
            "the predictions resource, minus what the deny lists name, plus the tools named");
        notAllowed.IsError.Should().BeTrue();
        notAllowed.Text().Should().Contain("allow list");
        denied.IsError.Should().BeTrue();
        denied.Text().Should().Contain("deny list").And.Contain("Predictions_Cancel");
        server.Fake.Requests.Count.Should().Be(before, "refused calls send nothing");
    }

    [TestCase("REPLICATE_MCP_DENY", "predictons", "predictons")]
    [TestCase("REPLICATE_MCP_ALLOW", "models_gte", "models_gte")]
    [TestCase("REPLICATE_MCP_READ_ONLY", "maybe", "REPLICATE_MCP_READ_ONLY")]
    [TestCase("REPLICATE_BASE_URL", "ftp://example.test", "REPLICATE_BASE_URL")]
    public async Task A_setting_that_names_nothing_or_is_malformed_stops_the_server_at_start_saying_which(string variable, string value, string named)
    {
        var start = McpHarness.StartInfo(new Uri("http://127.0.0.1:9/v1/"), Path.GetTempPath(), null, new Dictionary<string, string> { [variable] = value }, null);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(limit.Token);

        process.ExitCode.Should().Be(2);
        (await stderr).Should().Contain(named);
        (await stdout).Should().BeEmpty("stdout carries only JSON-RPC");
    }

    [Test]
    public async Task Every_tool_call_is_one_audit_line_with_its_outcome_and_no_secret()
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels, new Dictionary<string, string> { ["REPLICATE_MCP_DENY"] = "models_delete" });
        var seeds = await Seeds.CreateAsync(server.Fake);
        var download = seeds.MinimalArguments((await server.Client.ListToolsAsync()).Single(t => t.Name == "files_download").ProtocolTool.InputSchema);
        var signature = download["signature"]!.GetValue<string>();

        await server.CallAsync("models_get", new { model = "acme/fake-model" });
        await server.CallAsync("predictions_get", new { prediction_id = "missing" });
        await server.CallAsync("predictions_get", new { });
        await server.CallAsync("models_delete", new { model = "acme/fake-model" });
        await server.CallAsync("files_download", download);
        await server.Invoking(s => s.CallAsync("no_such_tool")).Should().ThrowAsync<McpException>();

        var lines = server.AuditLines();
        lines.Select(l => (l.GetProperty("tool").GetString(), l.GetProperty("outcome").GetString())).Should().Equal(
            [("models_get", "success"), ("predictions_get", "error"), ("predictions_get", "error"), ("models_delete", "refused"), ("files_download", "success"), ("no_such_tool", "error")]);
        lines.Select(l => l.EnumerateObject().Select(p => p.Name).ToList()).Should().OnlyContain(names => names.Contains("time") && names.Contains("duration_ms") && names.Contains("arguments"));
        lines[0].GetProperty("arguments").GetProperty("model").GetString().Should().Be("acme/fake-model", "arguments are recorded");
        lines[1].GetProperty("status").GetInt32().Should().Be(404);
        lines[1].GetProperty("error").GetString().Should().Contain("404");
        lines[2].GetProperty("error").GetString().Should().Contain("prediction_id");
        lines[4].GetProperty("arguments").GetProperty("signature").GetString().Should().Be("[redacted]", "a secret argument is not logged");
        server.AuditLog.Should().NotContain(signature);
    }

    [Test]
    public async Task The_token_is_in_nothing_the_server_writes_and_goes_to_the_api_origin_only()
    {
        await using var foreign = await LoopbackServer.StartAsync(200, "image/png", "elsewhere");
        await using var server = await McpHarness.StartAsync(
            fake => fake.AddModel("acme", "painter", new FakeRunScript { Logs = ["loading"], ProgressSteps = 3, Outputs = [FakeOutput.FromFile("out.png", "png"u8.ToArray(), "image/png")] }),
            new Dictionary<string, string> { ["REPLICATE_MCP_LOG_LEVEL"] = "Trace" });
        var results = new List<ModelContextProtocol.Protocol.CallToolResult>
        {
            await server.CallAsync("models_get", new { model = "acme/painter" }),
            await server.CallAsync("predictions_get", new { prediction_id = "missing" }),
            await server.CallAsync("models_list", new { cursor = foreign.BaseAddress + "v1/models?cursor=x" }),
            await server.CallAsync("account_get"),
        };
        var run = await server.CallAsync("run_model", new { model = "acme/painter", input = new { prompt = "x" } }, new Collected<ProgressNotificationValue>());
        results.Add(run);
        results.Add(await server.CallAsync("download_output", new { url = run.Structured().GetProperty("output").GetString() }));
        results.Add(await server.CallAsync("download_output", new { url = foreign.BaseAddress + "elsewhere.png" }));
        await server.StopAsync();

        results.Select(r => r.IsError == true).Should().Equal([false, true, true, false, false, false, false],
            "the calls reached the API with the token (the fake requires it); the missing prediction and the foreign cursor fail");
        foreach (var text in new[] { server.Stdout, server.Stderr, server.AuditLog }.Concat(results.Select(r => r.Text() + r.StructuredContent?.GetRawText())))
        {
            text.Should().NotContain(McpHarness.Token, "the token never appears in a result, an error, a notification or a log line");
        }

        server.Stderr.Should().NotBeEmpty("trace logging wrote to stderr, without the token");
        foreign.Requests.Should().ContainSingle("only the download reached the other origin; the foreign cursor was refused")
            .Which.Headers.Should().NotContainKey("Authorization", "an output URL on another origin is fetched without the token");
    }

    [Test]
    public async Task Without_a_token_the_server_starts_and_lists_its_tools_and_a_call_says_which_variable_to_set()
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels, new Dictionary<string, string> { ["REPLICATE_API_TOKEN"] = string.Empty });

        var tools = await server.Client.ListToolsAsync();
        var call = await server.CallAsync("models_get", new { model = "acme/fake-model" });

        tools.Should().NotBeEmpty();
        call.IsError.Should().BeTrue();
        call.Text().Should().Contain("REPLICATE_API_TOKEN");
        server.Fake.Requests.Should().BeEmpty("nothing is sent without a token");
    }

    [Test]
    public async Task Twenty_concurrent_calls_all_succeed()
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels);
        var seeds = await Seeds.CreateAsync(server.Fake);
        var tools = (await server.Client.ListToolsAsync()).Where(t => t.ProtocolTool.Annotations!.ReadOnlyHint == true && t.ProtocolTool.Meta?["replicate/operationId"] is not null).ToList();
        var before = server.Fake.Requests.Count;

        var calls = Enumerable.Range(0, 20).Select(i => tools[i % tools.Count]).Select(t => server.CallAsync(t.Name, seeds.MinimalArguments(t.ProtocolTool.InputSchema))).ToList();
        var results = await Task.WhenAll(calls);

        results.Should().OnlyContain(r => r.IsError != true);
        server.Fake.Requests.Count.Should().BeGreaterThanOrEqualTo(before + 20);
        server.AuditLines().Should().HaveCount(20, "every call is audited, and no line is torn by another");
    }
}
