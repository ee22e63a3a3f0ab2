using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Tests;

/// <summary>The other spec verbs and the tool's usage errors.</summary>
public class SpecCommandTests
{
    [Test]
    public async Task Accept_writes_baseline_and_lock_from_the_cached_pull()
    {
        using var repo = new TempRepo(withBaseline: false);

        var (exit, stdout, _) = await repo.RunAsync("spec", "accept");

        exit.Should().Be(0);
        stdout.Should().Contain("baseline").And.Contain("earlier-good-pull.json");
        var lockNode = JsonUtil.ParseObject(await File.ReadAllTextAsync(Path.Combine(repo.OpenApi, "replicate.lock.json")), "lock");
        var raw = await File.ReadAllBytesAsync(repo.CachedSpec);
        lockNode["sha256"]!.GetValue<string>().Should().Be(SpecPuller.Sha256Hex(raw));
        lockNode["source"]!.GetValue<string>().Should().Be("earlier-good-pull.json");
        lockNode["retrieved_at"]!.GetValue<string>().Should().Be("2026-01-02T03:04:05Z");
        lockNode["nswag_version"]!.GetValue<string>().Should().Be(Replicate.Tools.Generation.ClientGenerator.NSwagVersion, "the lock records the NSwag library generation runs on");
        lockNode["normalizer_version"]!.GetValue<string>().Should().Be(Normalizer.Version);
        var baseline = await File.ReadAllBytesAsync(Path.Combine(repo.OpenApi, "replicate.baseline.json"));
        lockNode["baseline_sha256"]!.GetValue<string>().Should().Be(SpecPuller.Sha256Hex(baseline));
    }

    [Test]
    public async Task Accept_without_a_cached_pull_fails_and_writes_nothing()
    {
        using var repo = new TempRepo(withCache: false);
        var before = repo.Snapshot();

        var (exit, _, stderr) = await repo.RunAsync("spec", "accept");

        exit.Should().Be(2);
        stderr.Should().Contain("no valid cached pull");
        repo.Snapshot().Should().BeEquivalentTo(before);
    }

    [Test]
    public async Task Normalize_writes_the_same_bytes_as_the_library()
    {
        using var repo = new TempRepo();
        var output = Path.Combine(repo.Root, "out", "normalized.json");

        var (exit, _, _) = await repo.RunAsync("spec", "normalize", "--in", repo.CachedSpec, "--out", output);

        exit.Should().Be(0);
        (await File.ReadAllTextAsync(output)).Should().Be(new Normalizer(NormalizerOptions.Load(Path.Combine(repo.OpenApi, "normalizer.json")))
            .NormalizeText(await File.ReadAllTextAsync(repo.CachedSpec)));
    }

    [Test]
    public async Task Input_is_always_the_baseline_with_prose_only_from_a_pull_that_is_structurally_the_baseline()
    {
        using var repo = new TempRepo();
        var pull = JsonNode.Parse(await File.ReadAllTextAsync(repo.CachedSpec))!.AsObject();
        pull["paths"]!["/account"]!["get"]!["description"] = "Prose the pull carries and the baseline does not.";
        await File.WriteAllTextAsync(repo.CachedSpec, pull.ToJsonString());

        var proseOnly = await repo.RunAsync("spec", "input");
        var locked = await repo.RunAsync("spec", "input", "--prose-rule", "locked");
        pull["paths"]!.AsObject().Add("/new-resource", JsonNode.Parse("""{"get":{"operationId":"newResource.list","responses":{"200":{"description":"ok"}}}}"""));
        await File.WriteAllTextAsync(repo.CachedSpec, pull.ToJsonString());
        var structural = await repo.RunAsync("spec", "input");

        proseOnly.Exit.Should().Be(0);
        proseOnly.Out.Should().StartWith("spec input: compiled openapi/replicate.baseline.json")
            .And.Contain("doc comments from openapi/.cache/replicate.openapi.json").And.Contain("structurally the baseline");
        locked.Out.Should().Contain("no doc comments").And.Contain("not the document the lock names");
        structural.Out.Should().StartWith("spec input: compiled openapi/replicate.baseline.json")
            .And.Contain("no doc comments").And.Contain("differs structurally from the baseline").And.Contain("make drift");
        new[] { proseOnly.Out, locked.Out, structural.Out }.Should().OnlyContain(o => o.TrimEnd('\n').Split('\n').Length == 1, "one line says what was compiled");
    }

    [Test]
    public async Task Input_is_the_baseline_without_doc_comments_when_nothing_was_pulled()
    {
        using var repo = new TempRepo(withCache: false);

        var (_, stdout, _) = await repo.RunAsync("spec", "input");

        stdout.Should().StartWith("spec input: compiled openapi/replicate.baseline.json").And.Contain("no doc comments: no pulled document");
    }

    [TestCase(new[] { "spec", "pull", "--sourc", "x" }, "unknown option: --sourc")]
    [TestCase(new[] { "spec", "pull", "--source" }, "--source needs a value")]
    [TestCase(new[] { "spec", "frobnicate" }, "unknown spec command 'frobnicate'")]
    [TestCase(new[] { "spec", "normalize", "--in", "a.json" }, "--out is required")]
    [TestCase(new[] { "spec", "pull", "--timeout", "-3" }, "--timeout must be a positive number")]
    public async Task Bad_usage_exits_2_and_says_what_is_wrong(string[] args, string message)
    {
        using var repo = new TempRepo();

        var (exit, _, stderr) = await repo.RunAsync(args);

        exit.Should().Be(2);
        stderr.Should().Contain(message).And.Contain("usage:");
    }
}
