using System.Diagnostics;
using System.Text.Json.Nodes;
using Replicate.Testing;

namespace Replicate.Tools.Tests.EndToEnd;

/// <summary>
/// The drift pipeline end to end in a scratch copy of the repository (its sources, settings and committed baseline):
/// upstream changes the way Replicate's document has changed, then the gate, accept, generate, a real build of the
/// shipped projects and the API gate run there. Breaking changes stop at the gate and never reach the compiler;
/// additive ones are accepted, compile, and show up in the public API listing. The "upstream" document is the
/// committed baseline with the changes applied, so the test needs no pulled document and no network.
/// </summary>
[NonParallelizable]
public class DriftPipelineTests
{
    // What the shipped projects need to build: sources, settings, the committed spec artifacts and the release record.
    private static readonly string[] Copied =
    [
        "src/Replicate.Tools", "src/Replicate.Generated", "src/Replicate.Client", "src/Replicate.Testing", "src/Replicate.Client.Redis", "openapi", "eng", "api",
        "Directory.Build.props", "Directory.Packages.props", "nuget.config", "global.json", "version.json", ".editorconfig",
        "Replicate.Generated.sln", "package.json",
    ];

    private string _root = null!;
    private string _unchangedCode = null!;

    [OneTimeSetUp]
    public async Task CopyTheRepository()
    {
        _root = Directory.CreateTempSubdirectory("replicate-drift-e2e-").FullName;
        var tracked = RepoRoot.TrackedFiles();
        foreach (var file in tracked.Where(f => Copied.Any(c => f == c || f.StartsWith(c + "/", StringComparison.Ordinal))))
        {
            var target = Path.Combine(_root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(RepoRoot.Combine(file), target);
        }

        _unchangedCode = await GenerateAsync();
    }

    [OneTimeTearDown]
    public void RemoveTheCopy()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Baseline => Path.Combine(_root, "openapi", "replicate.baseline.json");

    // A new resource's GET as the normalizer leaves it (Tag_Method id, one tag), answering one object.
    private static JsonObject NewResourceGet(string id, string tag)
    {
        var item = JsonNode.Parse("""
            {"get":{"responses":{"200":{"description":"",
              "content":{"application/json":{"schema":{"type":"object","properties":{"id":{"type":"string"}}}}}}}}}
            """)!.AsObject();
        item["get"]!["operationId"] = id;
        item["get"]!["tags"] = new JsonArray(tag);
        return item;
    }

    private static IEnumerable<TestCaseData> BreakingChanges()
    {
        var first = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json")))!["paths"]!.AsObject()
            .First(p => p.Value!["get"] is not null).Key;
        yield return new TestCaseData(
            (Action<JsonObject>)(doc => doc["paths"]!.AsObject().Remove(first)), "api-path-removed", "GET " + first).SetName("A removed operation is red at the gate and never reaches the compiler");
        yield return new TestCaseData(
            (Action<JsonObject>)(doc => doc["components"]!["schemas"]!["PredictionResponse"]!["properties"]!["id"] = JsonNode.Parse("""{"type":["string","null"]}""")),
            "response-property-became-nullable", "GET /predictions/{prediction_id}").SetName("A response property made nullable is red at the gate and never reaches the compiler");
        yield return new TestCaseData(
            (Action<JsonObject>)(doc =>
            {
                var request = doc["components"]!["schemas"]!["PredictionRequest"]!.AsObject();
                request["properties"]!["priority"] = JsonNode.Parse("""{"type":"integer"}""");
                request["required"]!.AsArray().Add("priority");
            }),
            "new-required-request-property", "POST /models/{model_owner}/{model_name}/predictions").SetName("A new required request field is red at the gate and never reaches the compiler");
    }

    [TestCaseSource(nameof(BreakingChanges))]
    [Order(1)]
    public async Task Breaking_drift(Action<JsonObject> change, string rule, string operation)
    {
        await PullChangedAsync(change);

        var drift = await ToolAsync("spec", "drift", "--markdown-out", Path.Combine(_root, "artifacts", "drift", "spec-drift.md"));
        var input = await ToolAsync("spec", "input");

        drift.Exit.Should().Be(1, "breaking drift fails the main job at the drift step: " + drift.Out + drift.Err);
        drift.Out.Should().Contain(rule).And.Contain(operation);
        drift.Err.Should().Contain("BREAKING drift");
        (await File.ReadAllTextAsync(Path.Combine(_root, "artifacts", "drift", "spec-drift.md"))).Should().Contain($"`{rule}`");
        input.Out.Should().Contain("compiled openapi/replicate.baseline.json").And.Contain("differs structurally from the baseline");
        (await GenerateAsync()).Should().Be(_unchangedCode, "the build compiles the committed baseline, whatever upstream did");
    }

    [Test]
    [Order(2)]
    public async Task Additive_drift_is_green_named_in_the_report_and_once_accepted_compiles_into_the_public_api()
    {
        await PullChangedAsync(doc =>
        {
            // A new resource with one GET, a new optional query parameter, a new optional response field, a new status
            // ("probe" names: nothing upstream adds for real, and a nightly run accepts, can collide with them).
            doc["paths"]!.AsObject().Add("/probe-widgets", NewResourceGet("ProbeWidgets_List", "ProbeWidgets"));
            doc["paths"]!["/predictions"]!["get"]!["parameters"]!.AsArray().Add(JsonNode.Parse("""
                {"in":"query","name":"probe_deployment","required":false,"schema":{"type":"string"}}
                """));
            var prediction = doc["components"]!["schemas"]!["PredictionResponse"]!;
            prediction["properties"]!["probe_queue_position"] = JsonNode.Parse("""{"type":"integer"}""");
            prediction["properties"]!["status"]!["x-known-values"]!.AsArray().Add("probe_queued");
        });

        var drift = await ToolAsync("spec", "drift");
        var beforeAccept = await GenerateAsync();

        drift.Exit.Should().Be(0, drift.Out + drift.Err);
        drift.Out.Should().Contain("api-path-added").And.Contain("GET /probe-widgets")
            .And.Contain("new-optional-request-parameter").And.Contain("probe_deployment")
            .And.Contain("response-optional-property-added").And.Contain("probe_queue_position")
            .And.Contain("response-property-enum-value-added").And.Contain("\"probe_queued\"")
            .And.Contain("non-breaking drift").And.Contain("make accept-spec accept-api");
        beforeAccept.Should().Be(_unchangedCode, "not accepted yet: the build still compiles the committed baseline");

        (await ToolAsync("spec", "accept")).Exit.Should().Be(0);
        var build = await RunAsync("dotnet", "build", "eng/Packages.slnf", "-c", "Debug", "--nologo", "-v", "q", "-clp:NoSummary");
        build.Exit.Should().Be(0, "accepted additive drift compiles (nullable on, warnings as errors): " + build.Out + build.Err);

        var apiCheck = await ToolAsync("api", "check", "--configuration", "Debug");
        apiCheck.Exit.Should().NotBe(0, "the public API grew, so the listings must be accepted with it");
        apiCheck.Err.Should().Contain("the public API of Replicate.Generated differs")
            .And.Contain("+public class ProbeWidgetsClient")
            .And.Contain("+    public virtual Replicate.Generated.ProbeWidgetsClient ProbeWidgets { get; }")
            .And.Contain("ProbeQueuePosition")
            .And.Contain("+    public string? ProbeDeployment { get; set; }")
            .And.Contain("ProbeQueued");
        apiCheck.Err.Split('\n').Where(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal))
            .Should().BeEmpty("additive drift removes nothing from the public API");
        (await ToolAsync("api", "accept", "--configuration", "Debug")).Exit.Should().Be(0);
        (await ToolAsync("api", "check", "--configuration", "Debug")).Exit.Should().Be(0);
        (await ToolAsync("spec", "drift")).Out.Should().EndWith("spec drift: none\n", "the accepted pull is the new baseline");

        var pack = await PackAsync();
        pack.Exit.Should().Be(0, "additive drift passes package validation against the last release: " + pack.Out + pack.Err);
        pack.Out.Should().Contain("-dev.spec-", "a build of another spec than the release's is a pre-release");
    }

    [Test]
    [Order(3)]
    public async Task A_breaking_CSharp_change_fails_package_validation_until_the_major_is_bumped()
    {
        // A generator setting renamed a public type: WebhookEventType becomes WebhookEventKind.
        var overlayPath = Path.Combine(_root, "openapi", "generation.json");
        var overlay = JsonNode.Parse(await File.ReadAllTextAsync(overlayPath))!;
        overlay["enumNames"]!["WebhookEventsFilter"] = "WebhookEventKind";
        await File.WriteAllTextAsync(overlayPath, overlay.ToJsonString());
        var build = await RunAsync("dotnet", "build", "src/Replicate.Generated/Replicate.Generated.csproj", "-c", "Debug", "--nologo", "-v", "q", "-clp:NoSummary");
        build.Exit.Should().Be(0, build.Out + build.Err);

        var refused = await PackAsync("src/Replicate.Generated/Replicate.Generated.csproj");
        var versionPath = Path.Combine(_root, "version.json");
        var version = JsonNode.Parse(await File.ReadAllTextAsync(versionPath))!;
        version["pending_bump"] = "major";
        await File.WriteAllTextAsync(versionPath, version.ToJsonString());
        var bumped = await PackAsync("src/Replicate.Generated/Replicate.Generated.csproj");

        refused.Exit.Should().NotBe(0, "a removed public type breaks callers of the released package");
        (refused.Out + refused.Err).Should().Contain("WebhookEventType").And.Contain("CP0001");
        bumped.Exit.Should().Be(0, "a major bump allows the break: " + bumped.Out + bumped.Err);
        bumped.Out.Should().MatchRegex(@"Replicate\.Generated\.3\.0\.0-dev\.spec-[0-9a-f]{12}\.nupkg", "the pending major bump is in the version");
    }

    // `dotnet pack` of what was built (package validation runs in it), into the scratch copy's own feed.
    private Task<(int Exit, string Out, string Err)> PackAsync(string project = "eng/Packages.slnf") =>
        RunAsync("dotnet", "pack", project, "-c", "Debug", "--no-build", "--nologo", "-clp:NoSummary",
            "-p:PackageOutputPath=" + Path.Combine(_root, "artifacts", "packages") + Path.DirectorySeparatorChar);

    // `spec pull` of the changed document, as `make pull SPEC_SOURCE=<file>` runs it.
    private async Task PullChangedAsync(Action<JsonObject> change)
    {
        var changed = JsonNode.Parse(await File.ReadAllTextAsync(RepoRoot.Combine("openapi", "replicate.baseline.json")))!.AsObject();
        change(changed);
        var source = Path.Combine(_root, "upstream.json");
        await File.WriteAllTextAsync(source, changed.ToJsonString());
        var pull = await ToolAsync("spec", "pull", "--source", source);
        pull.Exit.Should().Be(0, pull.Err);
    }

    // What the build's generation step writes, with the build's arguments (the cached pull lends prose if it may).
    private async Task<string> GenerateAsync()
    {
        var output = Path.Combine(_root, "artifacts", "generated.g.cs");
        var cache = Path.Combine(_root, "openapi", ".cache", "replicate.openapi.json");
        var result = File.Exists(cache)
            ? await ToolAsync("generate", "csharp", "--prose", cache, "--out", output)
            : await ToolAsync("generate", "csharp", "--out", output);
        result.Exit.Should().Be(0, result.Err);
        return await File.ReadAllTextAsync(output);
    }

    private Task<(int Exit, string Out, string Err)> ToolAsync(params string[] args) => ToolRun.InProcessAsync([.. args, "--root", _root]);

    private async Task<(int Exit, string Out, string Err)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} took over 8 minutes");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
