using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Drift;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Tests.Drift;

/// <summary>
/// The diff on the real API. Because both sides are read through the normalizer, Replicate's document, its normalized
/// form and the committed prose-free baseline are one API to the diff: the normalizer's component renames and
/// stringified response enums are the client's view on both sides. Whether today's pull equals the baseline is not a
/// test: that is the drift gate's judgement (`make drift`).
/// </summary>
public class RealSpecDiffTests
{
    private static readonly Normalizer Normalizer = new SpecStore(new RepoPaths(RepoRoot.Path)).CreateNormalizer();

    private static string BaselinePath => RepoRoot.Combine("openapi", "replicate.baseline.json");

    private static SpecDocument Load(string path) => SpecDocument.Load(path, Normalizer);

    private static SpecDocument Parse(string text, string name) => SpecDocument.Parse(text, name, Normalizer);

    [Test]
    public void The_baseline_against_itself_has_no_change()
    {
        SpecDiffer.Compare(Load(BaselinePath), Load(BaselinePath)).Changes.Should().BeEmpty();
    }

    [Test]
    public void The_pulled_document_against_its_normalized_form_has_no_change_either_way()
    {
        var raw = Load(PulledDocument.Path);
        var normalized = Parse(Normalizer.NormalizeText(PulledDocument.Text), "normalized");

        raw.InputWasNormalized.Should().BeFalse();
        normalized.InputWasNormalized.Should().BeTrue();
        SpecDiffer.Compare(raw, normalized).Changes.Should().BeEmpty("renamed components and string enums are what the client sees of both");
        SpecDiffer.Compare(normalized, raw).Changes.Should().BeEmpty();
    }

    [Test]
    public void The_pulled_document_against_its_own_baseline_has_no_change()
    {
        var baseline = SpecStore.BaselineText(Normalizer, JsonUtil.ParseObject(PulledDocument.Text, "pull"));

        SpecDiffer.Compare(Parse(baseline, "baseline of the pull"), Load(PulledDocument.Path)).Changes
            .Should().BeEmpty("stripping prose changes no structure the diff sees");
    }

    [Test]
    public void Upstream_adding_a_prediction_status_is_a_warning_on_every_operation_that_returns_predictions()
    {
        var changed = JsonNode.Parse(File.ReadAllText(BaselinePath))!.AsObject();
        var prediction = changed["components"]!["schemas"]!["PredictionResponse"]!;
        ((JsonArray)prediction["properties"]!["status"]!["x-known-values"]!).Add("probe_queued");

        var result = SpecDiffer.Compare(Load(BaselinePath), Parse(changed.ToJsonString(), "changed"));

        result.Changes.Should().NotBeEmpty().And.OnlyContain(c => c.Id == "response-property-enum-value-added" && c.Level == DriftLevel.Warning);
        result.Changes.Select(c => c.Operation).Should().Contain(["GET /predictions", "GET /predictions/{prediction_id}", "POST /predictions", "POST /predictions/{prediction_id}/cancel"]);
        result.Breaking.Should().Be(0);
    }
}
