using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Tests;

/// <summary>The normalizer and the baseline on Replicate's real document (the cached pull).</summary>
public class RealSpecTests
{
    private static readonly string[] ExpectedClients =
        ["Account", "Collections", "Deployments", "Files", "Hardware", "Models", "Predictions", "Search", "Trainings", "Webhooks"];

    private static string Raw => File.ReadAllText(RepoRoot.CachedSpec);

    private static Normalizer RepoNormalizer => new(NormalizerOptions.Load(RepoRoot.Combine("openapi", "normalizer.json")));

    [Test]
    public void Normalizing_is_deterministic_byte_for_byte()
    {
        RepoNormalizer.NormalizeText(Raw).Should().Be(RepoNormalizer.NormalizeText(Raw));
    }

    [Test]
    public void Normalizing_a_normalized_document_changes_nothing()
    {
        var once = RepoNormalizer.NormalizeText(Raw);

        RepoNormalizer.NormalizeText(once).Should().Be(once);
    }

    [Test]
    public void Normalized_spec_has_all_37_operations_in_ten_tags_with_Tag_Method_ids()
    {
        var doc = JsonUtil.ParseObject(RepoNormalizer.NormalizeText(Raw), "normalized");
        var operations = doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Value is JsonObject o && o["operationId"] is not null).Select(m => m.Value!.AsObject()))
            .ToList();

        operations.Should().HaveCount(37);
        operations.Select(o => o["tags"]![0]!.GetValue<string>()).Distinct().Order().Should().Equal(ExpectedClients);
        operations.Select(o => o["operationId"]!.GetValue<string>()).Should().OnlyContain(id => id.Contains('_') && !id.Contains('.'));
        doc["paths"]!["/models"]!["query"]!["operationId"]!.GetValue<string>().Should().Be("Models_Search", "the QUERY operation is kept");
    }

    [Test]
    public void Normalized_spec_has_no_generic_inline_type_names_and_no_response_enums()
    {
        var text = RepoNormalizer.NormalizeText(Raw);
        var doc = JsonUtil.ParseObject(text, "normalized");
        var names = doc["components"]!["schemas"]!.AsObject().Select(p => p.Key).ToList();

        names.Should().Contain(["PredictionResponse", "PredictionUrls", "DeploymentCurrentRelease", "WebhookEventsFilter", "FileResponseModel", "ModelsSearchResponse"]);
        names.Should().NotContain(n => n.StartsWith("schemas_", StringComparison.Ordinal) || n.StartsWith("Response", StringComparison.Ordinal) || n.StartsWith("Anonymous", StringComparison.Ordinal));
        doc["components"]!["schemas"]!["PredictionResponse"]!["properties"]!["status"]!["x-known-values"]!.AsArray()
            .Select(v => v!.GetValue<string>()).Should().Contain("aborted");
        doc["components"]!["schemas"]!["PredictionResponse"]!["properties"]!["status"]!["enum"].Should().BeNull();
    }

    [Test]
    public void Baseline_is_the_normalized_document_without_prose_and_is_itself_normal()
    {
        var raw = JsonUtil.ParseObject(Raw, "raw");
        var baseline = SpecStore.BaselineText(RepoNormalizer, raw);

        baseline.Should().NotContain("\"summary\"").And.NotContain("\"example\"").And.NotContain("\"examples\"");
        var doc = JsonUtil.ParseObject(baseline, "baseline");
        CountProseDescriptions(doc).Should().Be(0, "no description text may survive");
        doc["components"]!["schemas"]!["ModelsCreateRequest"]!["properties"]!["description"].Should().NotBeNull("a property named 'description' is structure, not prose");
        RepoNormalizer.NormalizeText(baseline).Should().Be(baseline, "generation may fall back to the baseline and must see the same document");
    }

    [Test]
    public void Committed_baseline_matches_the_committed_lock()
    {
        var store = new SpecStore(new RepoPaths(RepoRoot.Path));
        var lockNode = store.LoadLock()!;

        SpecPuller.Sha256Hex(File.ReadAllBytes(store.Paths.Baseline)).Should().Be(lockNode["baseline_sha256"]!.GetValue<string>(),
            "the baseline must not be edited by hand; 'make accept-spec' rewrites both");
        lockNode["nswag_version"]!.GetValue<string>().Should().Be(store.NSwagVersion());
        lockNode["normalizer_version"]!.GetValue<string>().Should().Be(Normalizer.Version, "a rule change must be accepted with 'make accept-spec'");
        lockNode["operations"]!.GetValue<int>().Should().Be(37);
    }

    private static int CountProseDescriptions(JsonNode? node, bool inNameMap = false) => node switch
    {
        JsonObject o => o.Sum(p => (!inNameMap && p.Key is "description" or "summary" && p.Value is JsonValue ? 1 : 0)
            + CountProseDescriptions(p.Value, !inNameMap && p.Key is "properties" or "paths" or "schemas" or "responses" or "content" or "parameters")),
        JsonArray a => a.Sum(n => CountProseDescriptions(n)),
        _ => 0,
    };
}
