using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Drift;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Tests.Drift;

/// <summary>What the nightly pull request says people still owe, since the last release.</summary>
public class ChecklistTests
{
    private static readonly Normalization.Normalizer Normalizer = new SpecStore(new RepoPaths(RepoRoot.Path)).CreateNormalizer();

    private static string BaselineText => File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json"));

    private static SpecDocument Accepted(Action<JsonObject> change)
    {
        var doc = JsonNode.Parse(BaselineText)!.AsObject();
        change(doc);
        return SpecDocument.Parse(doc.ToJsonString(), "accepted", Normalizer);
    }

    [Test]
    public void A_new_resource_its_missing_contract_and_a_new_status_are_owed()
    {
        var released = SpecDocument.Parse(BaselineText, "released", Normalizer);
        var current = Accepted(doc =>
        {
            doc["paths"]!.AsObject().Add("/probe-widgets", JsonNode.Parse("""
                {"get":{"operationId":"ProbeWidgets_List","tags":["ProbeWidgets"],"responses":{"200":{"description":"",
                  "content":{"application/json":{"schema":{"type":"object","properties":{"id":{"type":"string"}}}}}}}}}
                """));
            doc["components"]!["schemas"]!["PredictionResponse"]!["properties"]!["status"]!["x-known-values"]!.AsArray().Add("probe_queued");
        });
        var coverage = JsonNode.Parse("""{"owed":["ProbeWidgets_List"]}""")!.AsObject();

        var text = Checklist.Markdown(released, current, coverage, "1.0.0");

        text.Should().StartWith("### Still owed since 1.0.0")
            .And.Contain("- [ ] Consumer contract for `ProbeWidgets_List` (GET /probe-widgets)")
            .And.Contain("- [ ] New resource `ProbeWidgets` (1 operation): generated and reachable as `replicate.ProbeWidgets`")
            .And.Contain("\"probe_queued\"");
        text.Split('\n').Count(l => l.StartsWith("- [ ] New value", StringComparison.Ordinal)).Should().Be(1, "one value is one item, however many operations return it");
    }

    [Test]
    public void A_new_operation_with_a_contract_is_not_owed_and_nothing_new_says_so()
    {
        var released = SpecDocument.Parse(BaselineText, "released", Normalizer);
        var covered = JsonNode.Parse("""{"owed":[]}""")!.AsObject();
        var current = Accepted(doc => doc["paths"]!.AsObject().Add("/probe-widgets", JsonNode.Parse("""
            {"get":{"operationId":"ProbeWidgets_List","tags":["Predictions"],"responses":{"200":{"description":""}}}}
            """)));

        Checklist.Markdown(released, current, covered, "1.0.0").Should().NotContain("Consumer contract").And.NotContain("New resource");
        Checklist.Markdown(released, released, covered, "1.0.0").Should().Contain("Nothing:");
    }
}
