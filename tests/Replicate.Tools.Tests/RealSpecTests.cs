using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Tests;

/// <summary>
/// The normalizer and the baseline on the real API: the committed baseline always (counts and tags come from it, so
/// accepting a new resource changes no test), and Replicate's raw document where a pull exists (its un-normalized names
/// and its prose are what the normalizer and the stripper exist for).
/// </summary>
public class RealSpecTests
{
    private static string BaselineText => File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json"));

    private static Normalizer RepoNormalizer => new(NormalizerOptions.Load(RepoRoot.Combine("openapi", "normalizer.json")));

    [Test]
    public void Normalizing_the_pulled_document_is_deterministic_byte_for_byte()
    {
        var raw = PulledDocument.Text;

        RepoNormalizer.NormalizeText(raw).Should().Be(RepoNormalizer.NormalizeText(raw));
    }

    [Test]
    public void Normalizing_a_normalized_pull_changes_nothing()
    {
        var once = RepoNormalizer.NormalizeText(PulledDocument.Text);

        RepoNormalizer.NormalizeText(once).Should().Be(once);
    }

    [Test]
    public void The_committed_baseline_is_normal_and_the_lock_counts_its_operations()
    {
        var doc = JsonUtil.ParseObject(RepoNormalizer.NormalizeText(BaselineText), "normalized");
        var operations = Operations(doc);

        RepoNormalizer.NormalizeText(BaselineText).Should().Be(BaselineText, "generation normalizes the baseline and must see the same document");
        operations.Should().HaveCount(new SpecStore(new RepoPaths(RepoRoot.Path)).LoadLock()!["operations"]!.GetValue<int>());
        operations.Should().OnlyContain(o => o["tags"]!.AsArray().Count == 1, "each operation lands in exactly one generated client");
        operations.Select(o => o["operationId"]!.GetValue<string>()).Should().OnlyContain(id => id.Contains('_') && !id.Contains('.'))
            .And.OnlyHaveUniqueItems();
        operations.Should().OnlyContain(o => o["operationId"]!.GetValue<string>().StartsWith(o["tags"]![0]!.GetValue<string>() + "_", StringComparison.Ordinal),
            "ids are Tag_Method");
        doc["paths"]!["/models"]!["query"]!["operationId"]!.GetValue<string>().Should().Be("Models_Search", "the QUERY operation is kept");
    }

    [Test]
    public void Normalizing_the_pulled_document_leaves_no_generic_inline_type_names_and_no_response_enums()
    {
        var doc = JsonUtil.ParseObject(RepoNormalizer.NormalizeText(PulledDocument.Text), "normalized");
        var names = doc["components"]!["schemas"]!.AsObject().Select(p => p.Key).ToList();

        // The components the hand-written library is built on.
        names.Should().Contain(["PredictionResponse", "PredictionUrls", "DeploymentCurrentRelease", "WebhookEventsFilter", "FileResponseModel", "ModelsSearchResponse"]);
        names.Should().NotContain(n => n.StartsWith("schemas_", StringComparison.Ordinal) || n.StartsWith("Response", StringComparison.Ordinal) || n.StartsWith("Anonymous", StringComparison.Ordinal));
        doc["components"]!["schemas"]!["PredictionResponse"]!["properties"]!["status"]!["x-known-values"]!.AsArray()
            .Select(v => v!.GetValue<string>()).Should().Contain("aborted");
        doc["components"]!["schemas"]!["PredictionResponse"]!["properties"]!["status"]!["enum"].Should().BeNull();
    }

    [Test]
    public void The_baseline_of_the_pulled_document_has_no_prose_and_is_itself_normal()
    {
        var raw = JsonUtil.ParseObject(PulledDocument.Text, "raw");
        var baseline = SpecStore.BaselineText(RepoNormalizer, raw);

        baseline.Should().NotContain("\"summary\"").And.NotContain("\"example\"").And.NotContain("\"examples\"");
        var doc = JsonUtil.ParseObject(baseline, "baseline");
        CountProseDescriptions(doc).Should().Be(0, "no description text may survive");
        doc["components"]!["schemas"]!["ModelsCreateRequest"]!["properties"]!["description"].Should().NotBeNull("a property named 'description' is structure, not prose");
        RepoNormalizer.NormalizeText(baseline).Should().Be(baseline, "generation normalizes the baseline and must see the same document");
    }

    [Test]
    public void The_committed_baseline_has_no_prose_and_every_response_keeps_the_description_OpenAPI_requires()
    {
        var doc = JsonUtil.ParseObject(BaselineText, "baseline");
        var responses = Operations(doc).SelectMany(o => o["responses"]!.AsObject()).ToList();

        CountProseDescriptions(doc).Should().Be(0);
        responses.Should().NotBeEmpty().And.OnlyContain(r => r.Value!["description"]!.GetValue<string>() == string.Empty,
            "a Response object without a description is not valid OpenAPI; an empty one is no prose");
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
    }

    private static List<JsonObject> Operations(JsonObject doc) =>
        doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Value is JsonObject o && o["operationId"] is not null).Select(m => m.Value!.AsObject()))
            .ToList();

    private static int CountProseDescriptions(JsonNode? node, bool inNameMap = false) => node switch
    {
        JsonObject o => o.Sum(p => (!inNameMap && p.Key is "description" or "summary" && p.Value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? 1 : 0)
            + CountProseDescriptions(p.Value, !inNameMap && p.Key is "properties" or "paths" or "schemas" or "responses" or "content" or "parameters")),
        JsonArray a => a.Sum(n => CountProseDescriptions(n)),
        _ => 0,
    };
}
