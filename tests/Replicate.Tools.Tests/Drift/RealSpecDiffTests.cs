using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Drift;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Tests.Drift;

/// <summary>
/// The diff on Replicate's document (the pulled copy, never committed). Because both sides are read through the
/// normalizer, the document, its normalized form and the committed prose-free baseline are one API to the diff:
/// the normalizer's component renames and stringified response enums are the client's view on both sides.
/// </summary>
public class RealSpecDiffTests
{
    private static readonly Normalizer Normalizer = new SpecStore(new RepoPaths(RepoRoot.Path)).CreateNormalizer();

    private static SpecDocument Load(string path) => SpecDocument.Load(path, Normalizer);

    private static SpecDocument Parse(string text, string name) => SpecDocument.Parse(text, name, Normalizer);

    [Test]
    public void The_document_against_itself_has_no_change()
    {
        SpecDiffer.Compare(Load(RepoRoot.CachedSpec), Load(RepoRoot.CachedSpec)).Changes.Should().BeEmpty();
    }

    [Test]
    public void The_document_against_its_normalized_form_has_no_change_either_way()
    {
        var raw = Load(RepoRoot.CachedSpec);
        var normalized = Parse(Normalizer.NormalizeText(File.ReadAllText(RepoRoot.CachedSpec)), "normalized");

        raw.InputWasNormalized.Should().BeFalse();
        normalized.InputWasNormalized.Should().BeTrue();
        SpecDiffer.Compare(raw, normalized).Changes.Should().BeEmpty("renamed components and string enums are what the client sees of both");
        SpecDiffer.Compare(normalized, raw).Changes.Should().BeEmpty();
    }

    [Test]
    public void The_committed_baseline_against_the_document_has_no_change()
    {
        SpecDiffer.Compare(Load(RepoRoot.Combine("openapi", "replicate.baseline.json")), Load(RepoRoot.CachedSpec)).Changes
            .Should().BeEmpty("the baseline was accepted from this document");
    }

    [Test]
    public void Upstream_adding_a_prediction_status_is_a_warning_on_every_operation_that_returns_predictions()
    {
        var changed = JsonNode.Parse(File.ReadAllText(RepoRoot.CachedSpec))!.AsObject();
        var prediction = changed["components"]!["schemas"]!["schemas_prediction_response"]!;
        ((JsonArray)prediction["properties"]!["status"]!["enum"]!).Add("queued");

        var result = SpecDiffer.Compare(Load(RepoRoot.Combine("openapi", "replicate.baseline.json")), Parse(changed.ToJsonString(), "changed"));

        result.Changes.Should().NotBeEmpty().And.OnlyContain(c => c.Id == "response-property-enum-value-added" && c.Level == DriftLevel.Warning);
        result.Changes.Select(c => c.Operation).Should().Contain(["GET /predictions", "GET /predictions/{prediction_id}", "POST /predictions", "POST /predictions/{prediction_id}/cancel"]);
        result.Breaking.Should().Be(0);
    }
}
