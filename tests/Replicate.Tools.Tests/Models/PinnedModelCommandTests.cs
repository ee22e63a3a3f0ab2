using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Cli;
using Replicate.Tools.Models;

namespace Replicate.Tools.Tests.Models;

/// <summary>`model add|update|drift|generate` on a scratch repository, against an in-process stand-in for the API.</summary>
public sealed class PinnedModelCommandTests
{
    private const string V1 = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string V2 = "2222222222222222222222222222222222222222222222222222222222222222";

    private string _root = null!;
    private StubModelsApi _api = null!;

    [SetUp]
    public void Start()
    {
        _root = Directory.CreateTempSubdirectory("replicate-models-").FullName;
        File.WriteAllText(Path.Combine(_root, "Replicate.Generated.sln"), "");
        _api = new StubModelsApi();
        _api.Publish("acme/flux", V1, CogSchemas.FluxSchnellLike);
    }

    [TearDown]
    public void Stop()
    {
        _api.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string LockPath => Path.Combine(_root, "models", "models.lock.json");

    private async Task<(int Exit, string Out, string Err)> Run(params string[] argv)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero));
        var commands = new ModelCommands(stdout, stderr, _api, name => _api.Environment.GetValueOrDefault(name), time);
        int exit;
        try
        {
            exit = await commands.RunAsync(argv[0], new Args(argv.Skip(1).Append("--root").Append(_root), new HashSet<string> { "accept" }), CancellationToken.None);
        }
        catch (UsageException e)
        {
            stderr.WriteLine(e.Message);
            exit = 2;
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException)
        {
            stderr.WriteLine(e.Message);
            exit = 2;
        }

        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Add_pins_the_latest_version_with_a_prose_free_schema_and_its_hash()
    {
        var (exit, stdout, _) = await Run("add", "acme/flux");

        exit.Should().Be(0);
        stdout.Should().Contain("pinned acme/flux at " + V1 + " as Flux");
        var entry = JsonNode.Parse(File.ReadAllText(LockPath))!["models"]![0]!;
        entry["model"]!.GetValue<string>().Should().Be("acme/flux");
        entry["version"]!.GetValue<string>().Should().Be(V1);
        entry["type_name"]!.GetValue<string>().Should().Be("Flux");
        entry["retrieved_at"]!.GetValue<string>().Should().Be("2026-12-02T09:30:00Z");
        entry["source"]!.GetValue<string>().Should().Be("api");
        var schemaFile = Path.Combine(_root, "models", entry["schema"]!.GetValue<string>());
        StructuralModelSchema.Sha256(File.ReadAllText(schemaFile)).Should().Be(entry["schema_sha256"]!.GetValue<string>());
        File.ReadAllText(schemaFile).Should().NotContain("\"title\"");
        _api.Requests.Should().ContainSingle().Which.RequestUri!.AbsoluteUri.Should().Be(StubModelsApi.BaseUrl + "models/acme/flux");
    }

    [Test]
    public async Task Add_pins_a_named_version_or_a_recorded_schema_file()
    {
        _api.Publish("acme/flux", V2, CogSchemas.SdxlLike);
        (await Run("add", "acme/flux:" + V1)).Exit.Should().Be(0);
        _api.Requests.Single().RequestUri!.AbsolutePath.Should().EndWith("/versions/" + V1);

        var recorded = Path.Combine(_root, "recorded.json");
        File.WriteAllText(recorded, CogSchemas.SdxlLike);
        var (exit, _, _) = await Run("add", "acme/sdxl", "--schema-file", recorded, "--version-id", V2, "--type-name", "Sdxl");
        exit.Should().Be(0);
        var models = JsonNode.Parse(File.ReadAllText(LockPath))!["models"]!.AsArray();
        models.Select(m => m!["model"]!.GetValue<string>()).Should().Equal("acme/flux", "acme/sdxl");
        models[1]!["source"]!.GetValue<string>().Should().Be("recorded");
    }

    [Test]
    public async Task Bad_input_is_refused_with_a_clear_error_and_changes_nothing()
    {
        (await Run("add", "acme/flux")).Exit.Should().Be(0);
        var before = File.ReadAllText(LockPath);

        (await Run("add", "acme/flux")).Err.Should().Contain("already pinned").And.Contain("model update");
        (await Run("add", "not a model")).Err.Should().Contain("is not owner/name");
        (await Run("add", "acme/other", "--type-name", "Flux")).Err.Should().Contain("--type-name Flux");
        var (exit, _, err) = await Run("add", "acme/missing");
        exit.Should().Be(2);
        err.Should().Contain("404").And.Contain("Not found");
        var notJson = Path.Combine(_root, "bad.json");
        File.WriteAllText(notJson, "{ nope");
        (await Run("add", "acme/x", "--schema-file", notJson, "--version-id", V2)).Err.Should().Contain("not JSON");

        File.ReadAllText(LockPath).Should().Be(before);
        Directory.GetFiles(Path.Combine(_root, "models"), "*", SearchOption.AllDirectories).Should().HaveCount(2, "the lock and one schema, no stray files");
    }

    [Test]
    public async Task The_token_comes_from_the_environment_goes_only_to_the_api_root_and_is_never_printed()
    {
        _api.Environment["REPLICATE_API_TOKEN"] = null;
        var (exit, _, err) = await Run("add", "acme/flux");
        exit.Should().Be(2);
        err.Should().Contain("REPLICATE_API_TOKEN is not set");

        _api.Environment["REPLICATE_API_TOKEN"] = "r8_wrong";
        (exit, var stdout, err) = await Run("add", "acme/flux");
        exit.Should().Be(2);
        (stdout + err).Should().Contain("401").And.NotContain("r8_wrong");

        _api.Environment["REPLICATE_API_TOKEN"] = StubModelsApi.Token;
        (exit, stdout, err) = await Run("add", "acme/flux");
        exit.Should().Be(0);
        (stdout + err + File.ReadAllText(LockPath)).Should().NotContain(StubModelsApi.Token);
        _api.Requests.Should().OnlyContain(r => r.RequestUri!.AbsoluteUri.StartsWith(StubModelsApi.BaseUrl, StringComparison.Ordinal));
    }

    [Test]
    public async Task Drift_fails_on_a_breaking_new_version_with_a_report_and_keeps_the_pin()
    {
        (await Run("add", "acme/flux")).Exit.Should().Be(0);
        var before = File.ReadAllText(LockPath);
        _api.Publish("acme/flux", V2, CogSchemaEdits.Edit(d => { d.Properties().Remove("seed"); d.Input("num_outputs")["maximum"] = 2; }).ToJsonString());
        var report = Path.Combine(_root, "model-drift.md");

        var (exit, stdout, _) = await Run("drift", "--markdown-out", report, "--accept");

        exit.Should().Be(1);
        stdout.Should().Contain("model-input-removed").And.Contain("model-input-range-narrowed").And.Contain("2 breaking");
        File.ReadAllText(report).Should().Contain("Model-schema drift").And.Contain("| **breaking** | `model-input-removed` | `acme/flux` |");
        File.ReadAllText(LockPath).Should().Be(before, "breaking drift is never accepted automatically");
    }

    [Test]
    public async Task Drift_passes_on_additive_change_and_accept_moves_the_pin()
    {
        (await Run("add", "acme/flux")).Exit.Should().Be(0);
        var oldSchema = Directory.GetFiles(Path.Combine(_root, "models", "schemas"), "*.json", SearchOption.AllDirectories).Single();
        _api.Publish("acme/flux", V2, CogSchemaEdits.Edit(d => d.Properties()["style"] = new JsonObject { ["type"] = "string", ["default"] = "" }).ToJsonString());

        (await Run("drift")).Exit.Should().Be(0);
        JsonNode.Parse(File.ReadAllText(LockPath))!["models"]![0]!["version"]!.GetValue<string>().Should().Be(V1, "without --accept the lock stays");

        var (exit, stdout, _) = await Run("drift", "--accept");
        exit.Should().Be(0);
        stdout.Should().Contain("model-optional-input-added").And.Contain("accepted acme/flux at " + V2);
        JsonNode.Parse(File.ReadAllText(LockPath))!["models"]![0]!["version"]!.GetValue<string>().Should().Be(V2);
        File.Exists(oldSchema).Should().BeFalse("the old version's schema goes once the lock names the new one");
        (await Run("drift")).Out.Should().Contain("no structural change");
    }

    [Test]
    public async Task Update_moves_even_on_breaking_drift_and_says_what_broke()
    {
        (await Run("add", "acme/flux")).Exit.Should().Be(0);
        _api.Publish("acme/flux", V2, CogSchemaEdits.Edit(d => d.Required().Add("seed")).ToJsonString());

        var (exit, stdout, _) = await Run("update");

        exit.Should().Be(0);
        stdout.Should().Contain($"acme/flux: {V1} -> {V2}").And.Contain("breaking model-input-became-required /seed");
        (await Run("update", "acme/flux")).Out.Should().Contain("already at " + V2);
    }

    [Test]
    public async Task Generate_refuses_a_schema_edited_by_hand()
    {
        (await Run("add", "acme/flux")).Exit.Should().Be(0);
        var schema = Directory.GetFiles(Path.Combine(_root, "models", "schemas"), "*.json", SearchOption.AllDirectories).Single();
        File.WriteAllText(schema, File.ReadAllText(schema).Replace("\"maximum\": 4", "\"maximum\": 40", StringComparison.Ordinal));
        var output = Path.Combine(_root, "out", "PinnedModels.g.cs");

        var (exit, _, err) = await Run("generate", "--out", output);

        exit.Should().Be(2);
        err.Should().Contain("sha256").And.Contain("model add|update");
        File.Exists(output).Should().BeFalse();
    }

    [Test]
    public async Task Generate_writes_the_typed_classes_and_does_not_touch_an_unchanged_file()
    {
        (await Run("add", "acme/flux")).Exit.Should().Be(0);
        var output = Path.Combine(_root, "out", "PinnedModels.g.cs");

        (await Run("generate", "--out", output)).Exit.Should().Be(0);
        var code = File.ReadAllText(output);
        code.Should().Contain("public sealed class FluxInput").And.Contain("public required string Prompt { get; set; }")
            .And.Contain("public static PinnedModel<FluxInput, IReadOnlyList<Uri>> Flux { get; }")
            .And.Contain("public static FluxAspectRatio Ratio16By9 { get; }");
        var written = File.GetLastWriteTimeUtc(output);
        File.SetLastWriteTimeUtc(output, written.AddMinutes(-5));
        (await Run("generate", "--out", output)).Exit.Should().Be(0);
        File.GetLastWriteTimeUtc(output).Should().Be(written.AddMinutes(-5), "the same code is not rewritten");
    }
}
